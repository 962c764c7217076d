from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "utblick.core"
    label = "core"
    verbose_name = "Kärna"
