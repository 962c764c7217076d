from utblick.core.admin_site import register_with_history
from utblick.monitoring.models import MonitoringItem

register_with_history(
    MonitoringItem,
    list_display=("title", "kind", "status", "due_on", "municipality"),
    list_filter=("municipality", "kind", "status"),
    search=("title",),
)
