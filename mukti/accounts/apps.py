from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mukti.accounts"
    verbose_name = "Accounts"
