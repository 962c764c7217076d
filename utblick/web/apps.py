from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "utblick.web"
    label = "web"
    verbose_name = "Webbgränssnitt"
