from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "utblick.demo"
    label = "demo"
    verbose_name = "Demodata"
