from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "utblick.monitoring"
    label = "monitoring"
    verbose_name = "Omvärldsbevakning"
