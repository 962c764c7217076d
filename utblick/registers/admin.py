from utblick.core.admin_site import register_with_history
from utblick.registers.models import (
    FundingApplication,
    Matter,
    NetworkMembership,
    Partnership,
    Visit,
)

register_with_history(
    NetworkMembership,
    list_display=("organisation", "scope", "status", "municipality"),
    list_filter=("municipality", "status", "scope"),
    search=("organisation",),
)
register_with_history(
    Partnership,
    list_display=("title", "kind", "counterpart", "municipality"),
    list_filter=("municipality", "kind", "status"),
    search=("title", "counterpart"),
)
register_with_history(
    FundingApplication,
    list_display=("title", "status", "programme", "municipality"),
    list_filter=("municipality", "status", "programme"),
    search=("title", "acronym"),
)
register_with_history(
    Visit,
    list_display=("title", "kind", "starts_on", "municipality"),
    list_filter=("municipality", "kind", "direction"),
    search=("title",),
)
register_with_history(
    Matter,
    list_display=("title", "kind", "outcome", "decided_on", "municipality"),
    list_filter=("municipality", "kind", "outcome"),
    search=("title", "registry_number"),
)
