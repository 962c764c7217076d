from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "utblick.organisation"
    label = "organisation"
    verbose_name = "Organisation"
