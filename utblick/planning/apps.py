from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "utblick.planning"
    label = "planning"
    verbose_name = "Planering och uppföljning"
