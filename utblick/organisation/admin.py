from django.contrib import admin

from utblick.core.admin_site import register_with_history
from utblick.organisation.models import (
    ContactPerson,
    Municipality,
    Person,
    RegionalNetwork,
    RoleAssignment,
    Unit,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "county_name", "is_tenant")
    list_filter = ("is_tenant", "county_name")
    search_fields = ("code", "name")


register_with_history(RegionalNetwork, search=("name",))
register_with_history(
    Unit,
    list_display=("name", "kind", "municipality"),
    list_filter=("municipality", "kind"),
    search=("name",),
)
register_with_history(
    Person,
    list_display=("name", "kind", "unit", "municipality"),
    list_filter=("municipality", "kind"),
    search=("name",),
)
register_with_history(
    ContactPerson, list_display=("person", "unit", "municipality"), list_filter=("municipality",)
)
register_with_history(
    RoleAssignment,
    list_display=("user", "municipality", "role", "unit"),
    list_filter=("municipality", "role"),
)
