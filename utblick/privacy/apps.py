from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Personal data across every register (extract, pseudonymisation): above the domain apps,
    since a person appears in all of them."""

    name = "utblick.privacy"
    label = "privacy"
    verbose_name = "Personuppgifter"
