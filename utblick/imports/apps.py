from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "utblick.imports"
    label = "imports"
    verbose_name = "Import från Excel"
