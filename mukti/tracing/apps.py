from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_trace(user: Any, case: Any) -> bool:
    from mukti.accounts.permissions import case_allows
    from mukti.accounts.roles import Action

    return case_allows(user, Action.MANAGE_TRACING, case) or case_allows(
        user, Action.REVIEW_MATCHES, case
    )


def _may_review(user: Any, case: Any) -> bool:
    from mukti.accounts.permissions import case_allows
    from mukti.accounts.roles import Action

    return case_allows(user, Action.REVIEW_MATCHES, case)


def _sees_tracing(user: Any) -> bool:
    from mukti.tracing.selectors import may_read_reports

    return may_read_reports(user)


class TracingConfig(AppConfig):
    name = "mukti.tracing"
    verbose_name = _("Tracing")

    def ready(self) -> None:
        from mukti.cases.panels import add_case_panel
        from mukti.core.navigation import add_menu_entry

        add_menu_entry(label=_("Tracing"), url_name="tracing:home", visible=_sees_tracing, order=40)
        add_case_panel(
            key="missing-reports",
            title=_("Missing-person reports that may match"),
            url_name="tracing:case_matches",
            visible=_may_review,
            order=30,
        )
        add_case_panel(
            key="family-tracing",
            title=_("Family tracing"),
            url_name="tracing:case_family",
            visible=_may_trace,
            order=31,
        )
