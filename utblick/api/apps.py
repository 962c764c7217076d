from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "utblick.api"
    label = "api"
    verbose_name = "API"
