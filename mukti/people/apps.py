from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "mukti.people"
    verbose_name = "People"
