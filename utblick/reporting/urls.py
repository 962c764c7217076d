from django.urls import path

from utblick.reporting.views import plans, runs, unit_reports

app_name = "reporting"

REPORT = "verksamhetsrapporter/<int:year>/<str:period>/<int:unit_id>/"

urlpatterns = [
    path("", plans.index, name="index"),
    path("handlingsplan/", plans.plan, name="plan"),
    path("mal/", plans.goals, name="goals"),
    path("mal/indikator/<int:indicator_id>/", plans.indicator_value, name="indicator_value"),
    path("verksamhetsrapporter/", unit_reports.overview, name="unit_reports"),
    path(REPORT, unit_reports.detail, name="unit_report"),
    path(REPORT + "paborja/", unit_reports.start, name="unit_report_start"),
    path(REPORT + "spara/", unit_reports.save, name="unit_report_save"),
    path(REPORT + "beslut/", unit_reports.decide, name="unit_report_decide"),
    path(REPORT + "oppna-igen/", unit_reports.reopen, name="unit_report_reopen"),
    path("arsrapport/", runs.yearly, name="yearly"),
    path("arsrapport/ny/", runs.run_create, name="run_create"),
    path("arsrapport/korning/<int:run_id>/", runs.run_detail, name="run"),
    path("arsrapport/korning/<int:run_id>/status/", runs.run_status, name="run_status"),
    path("arsrapport/korning/<int:run_id>/fil/", runs.run_download, name="run_download"),
    path("arsrapport/korning/<int:run_id>/igen/", runs.run_retry, name="run_retry"),
    path("arsrapport/korning/<int:run_id>/publicera/", runs.run_publish, name="run_publish"),
    path("arsrapport/<int:year>/avpublicera/", runs.withdraw, name="withdraw"),
]
