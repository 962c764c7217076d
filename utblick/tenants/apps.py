from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "utblick.tenants"
    label = "tenants"
    verbose_name = "Organisationer i Utblick"
