from utblick.core.admin_site import register_with_history
from utblick.planning.models import Activity, IndicatorValue, UnitReport

register_with_history(
    Activity,
    list_display=("title", "unit", "year", "status", "municipality"),
    list_filter=("municipality", "year", "status"),
    search=("title",),
)
register_with_history(
    IndicatorValue,
    list_display=("indicator", "year", "period", "value", "municipality"),
    list_filter=("municipality", "year"),
)
register_with_history(
    UnitReport,
    list_display=("unit", "year", "period", "status", "municipality"),
    list_filter=("municipality", "year", "period", "status"),
)
