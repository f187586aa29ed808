from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mukti.audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        # Every historical row simple-history writes is linked into the change chain.
        from mukti.audit import history  # noqa: F401
