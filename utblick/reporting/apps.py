from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "utblick.reporting"
    label = "reporting"
    verbose_name = "Uppföljning och rapporter"
