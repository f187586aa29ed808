from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "mukti.prevention"
    verbose_name = _("Prevention")

    def ready(self) -> None:
        from mukti.core.navigation import add_menu_entry
        from mukti.prevention.selectors import may_read_prevention

        add_menu_entry(
            label=_("Prevention"), url_name="prevention:list", visible=may_read_prevention, order=60
        )
