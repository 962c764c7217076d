from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "utblick.reference"
    label = "reference"
    verbose_name = "Referensdata"
