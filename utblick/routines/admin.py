from utblick.core.admin_site import register_with_history
from utblick.routines.models import Notification, NotificationPreference, Obligation

register_with_history(
    Obligation,
    list_display=("title", "kind", "status", "due_on", "requirement", "municipality"),
    list_filter=("municipality", "kind", "status", "requirement"),
    search=("title", "dedupe_key", "record_label"),
)
register_with_history(
    Notification,
    list_display=("subject", "recipient", "municipality", "created_at", "read_at", "emailed_at"),
    list_filter=("municipality",),
    search=("subject",),
)
register_with_history(
    NotificationPreference,
    list_display=("user", "municipality", "daily_digest"),
    list_filter=("municipality", "daily_digest"),
)
