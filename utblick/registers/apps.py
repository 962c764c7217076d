from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "utblick.registers"
    label = "registers"
    verbose_name = "Register"
