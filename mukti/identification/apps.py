from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reads_cases_or_identifies(user: Any) -> bool:
    from mukti.accounts.roles import Action
    from mukti.accounts.selectors import user_may

    return user_may(user, Action.RECORD_IDENTIFICATION) or user_may(user, Action.VIEW_CASE)


def _was_rescued(user: Any, case: Any) -> bool:
    """The rescues panel shows only on the cases of people removed in an operation."""
    from mukti.identification.models import RescuedPerson

    return RescuedPerson.objects.filter(case=case).exists()


class IdentificationConfig(AppConfig):
    name = "mukti.identification"
    verbose_name = _("Identification")

    def ready(self) -> None:
        from mukti.cases.panels import add_case_panel
        from mukti.core.navigation import add_menu_entry

        add_menu_entry(
            label=_("Rescues"),
            url_name="identification:operations",
            visible=_reads_cases_or_identifies,
            order=30,
        )
        # Anyone on the case page may read the case; what each panel shows is scoped inside.
        add_case_panel(
            key="rescues",
            title=_("Rescues"),
            url_name="identification:case_rescues",
            visible=_was_rescued,
            order=10,
        )
        add_case_panel(
            key="screenings",
            title=_("Screenings"),
            url_name="identification:screenings",
            visible=lambda user, case: True,
            order=12,
        )
        add_case_panel(
            key="referrals",
            title=_("Referrals"),
            url_name="identification:referrals",
            visible=lambda user, case: True,
            order=14,
        )
