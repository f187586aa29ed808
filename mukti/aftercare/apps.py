from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_record_care(user: Any) -> bool:
    from mukti.accounts.roles import Action
    from mukti.accounts.selectors import user_may

    return user_may(user, Action.RECORD_CARE)


class AftercareConfig(AppConfig):
    name = "mukti.aftercare"
    verbose_name = _("Aftercare")

    def ready(self) -> None:
        from mukti.aftercare.views.machinery import PANELS
        from mukti.cases.panels import add_case_panel
        from mukti.core.navigation import add_menu_entry

        for panel in sorted(PANELS.values(), key=lambda p: p.order):
            add_case_panel(
                key=panel.key,
                title=panel.title,
                url_name=panel.url_name,
                visible=panel.visible,
                order=panel.order,
            )
        add_menu_entry(
            label=_("My work"), url_name="aftercare:dashboard", visible=_may_record_care, order=20
        )
