from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "utblick.policy"
    label = "policy"
    verbose_name = "Styrdokument"
