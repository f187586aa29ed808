from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JusticeConfig(AppConfig):
    name = "mukti.justice"
    verbose_name = _("Justice")

    def ready(self) -> None:
        from mukti.accounts.roles import Action
        from mukti.accounts.selectors import user_may
        from mukti.cases.panels import add_case_panel
        from mukti.core.navigation import add_menu_entry
        from mukti.justice.views.panel import panel_visible

        add_case_panel(
            key="justice",
            title=_("Justice"),
            url_name="justice:case_panel",
            visible=panel_visible,
            order=70,
        )
        # Roles that read cases see legal cases; analysts who read no case see the backlog.
        add_menu_entry(
            label=_("Legal cases"),
            url_name="justice:list",
            visible=lambda user: user_may(user, Action.VIEW_CASE),
            order=60,
        )
        add_menu_entry(
            label=_("Court backlog"),
            url_name="justice:backlog",
            visible=lambda user: user_may(user, Action.VIEW_ANALYTICS),
            order=80,
        )
