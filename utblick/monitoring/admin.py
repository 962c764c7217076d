from utblick.core.admin_site import register_with_history
from utblick.monitoring.models import (
    CallAssessment,
    FundingCall,
    MonitoringItem,
    SharedOpportunity,
)

register_with_history(
    MonitoringItem,
    list_display=("title", "kind", "status", "due_on", "municipality"),
    list_filter=("municipality", "kind", "status"),
    search=("title",),
)
register_with_history(
    FundingCall,
    list_display=("identifier", "title", "status", "deadline", "programme"),
    list_filter=("status", "programme"),
    search=("identifier", "title", "call_identifier"),
)
register_with_history(
    CallAssessment,
    list_display=("call", "verdict", "routed_to", "municipality"),
    list_filter=("municipality", "verdict"),
)
register_with_history(
    SharedOpportunity,
    list_display=("title", "kind", "network", "shared_by", "created_at"),
    list_filter=("network", "kind"),
    search=("title",),
)
