from django.contrib import admin

from utblick.core.admin_site import register_with_history
from utblick.reporting.models import PublishedReport, ReportRun

register_with_history(
    PublishedReport,
    list_display=("year", "municipality", "published_at", "archived_at"),
    list_filter=("municipality", "year"),
)


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ("year", "format", "status", "progress", "municipality", "created_at")
    list_filter = ("municipality", "status", "format")
    readonly_fields = [f.name for f in ReportRun._meta.fields]
