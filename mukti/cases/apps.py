from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "mukti.cases"
    verbose_name = "Cases"
