from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_impact(user: Any) -> bool:
    """Analytics roles, donor viewers (published reports) and partners who submit figures."""
    from mukti.impact.access import offices_to_submit_for, reads_published_reports

    return reads_published_reports(user) or offices_to_submit_for(user).exists()


class ImpactConfig(AppConfig):
    name = "mukti.impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        from mukti.core.navigation import add_menu_entry

        add_menu_entry(label=_("Impact"), url_name="impact:home", visible=_sees_impact, order=80)
