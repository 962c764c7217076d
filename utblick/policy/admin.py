from django.contrib import admin

from utblick.core.admin_site import register_with_history
from utblick.policy.models import (
    Commitment,
    Goal,
    Indicator,
    PriorityArea,
    ProfileVersion,
    ReportingPeriod,
    Responsibility,
    Routine,
)


@admin.register(ProfileVersion)
class ProfileVersionAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "number", "is_current", "loaded_at")
    list_filter = ("municipality", "is_current")
    readonly_fields = [f.name for f in ProfileVersion._meta.fields]


for model in (PriorityArea, Commitment, Goal, Indicator, Responsibility, ReportingPeriod, Routine):
    register_with_history(
        model,
        list_display=("__str__", "key", "municipality", "retired_at"),
        list_filter=("municipality",),
    )
