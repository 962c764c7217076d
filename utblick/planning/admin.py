from utblick.core.admin_site import register_with_history
from utblick.planning.models import Activity

register_with_history(
    Activity,
    list_display=("title", "unit", "year", "status", "municipality"),
    list_filter=("municipality", "year", "status"),
    search=("title",),
)
