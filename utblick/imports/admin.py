from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from utblick.imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(SimpleHistoryAdmin):
    """Read-only: an import run is a record of what happened."""

    list_display = ("created_at", "municipality", "register", "file_name", "user", "status")
    list_filter = ("municipality", "register", "status")
    search_fields = ("file_name", "sha256")
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
