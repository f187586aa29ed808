from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mukti.api"
    verbose_name = "API"
