from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _panel_visible(user: Any, case: Any) -> bool:
    """Those who manage repatriations on the case, and any reader once one exists."""
    from mukti.accounts.permissions import case_allows
    from mukti.accounts.roles import Action
    from mukti.repatriation.selectors import case_has_repatriation

    return case_allows(user, Action.MANAGE_REPATRIATION, case) or case_has_repatriation(case)


def _may_manage(user: Any) -> bool:
    from mukti.accounts.roles import Action
    from mukti.accounts.selectors import user_may

    return user_may(user, Action.MANAGE_REPATRIATION)


def _may_analyse(user: Any) -> bool:
    from mukti.accounts.roles import Action
    from mukti.accounts.selectors import user_may

    return user_may(user, Action.VIEW_ANALYTICS)


class RepatriationConfig(AppConfig):
    name = "mukti.repatriation"
    verbose_name = _("Repatriation")

    def ready(self) -> None:
        from mukti.cases.panels import add_case_panel
        from mukti.core.navigation import add_menu_entry

        add_case_panel(
            key="repatriation",
            title=_("Repatriation"),
            url_name="repatriation:panel",
            visible=_panel_visible,
            order=40,
        )
        add_menu_entry(
            label=_("Repatriations"),
            url_name="repatriation:waiting",
            visible=_may_manage,
            order=40,
        )
        add_menu_entry(
            label=_("Repatriation analytics"),
            url_name="repatriation:analytics",
            visible=_may_analyse,
            order=41,
        )
