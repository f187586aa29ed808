"""The shipped step names in the reader's language. Step names are data (users rename and add
steps); a name that is still the shipped English one is shown translated."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SHIPPED_STEP_NAMES: dict[str, Promise] = {
    name: label
    for name, label in (
        # India → Bangladesh
        (
            "Identification in an Indian shelter home",
            _("Identification in an Indian shelter home"),
        ),
        (
            "Information to the Bangladesh mission and task force",
            _("Information to the Bangladesh mission and task force"),
        ),
        ("Nationality verification", _("Nationality verification")),
        ("Home investigation report", _("Home investigation report")),
        ("Travel permit", _("Travel permit")),
        ("Repatriation order", _("Repatriation order")),
        ("Handover at the border post", _("Handover at the border post")),
        ("Reception", _("Reception")),
        ("Family reunification", _("Family reunification")),
        # United Kingdom → Romania
        (
            "Decision to return, with the survivor's consent",
            _("Decision to return, with the survivor's consent"),
        ),
        (
            "Referral to Romania's anti-trafficking agency (ANITP)",
            _("Referral to Romania's anti-trafficking agency (ANITP)"),
        ),
        ("Identity and travel documents", _("Identity and travel documents")),
        ("Reception and safety plan agreed", _("Reception and safety plan agreed")),
        (
            "Escorted travel and handover on arrival",
            _("Escorted travel and handover on arrival"),
        ),
        (
            "Reception and recovery support in Romania",
            _("Reception and recovery support in Romania"),
        ),
        (
            "Family reunification or independent living",
            _("Family reunification or independent living"),
        ),
        # Thailand → Myanmar
        ("Identification in a Thai shelter", _("Identification in a Thai shelter")),
        ("Information to the Myanmar embassy", _("Information to the Myanmar embassy")),
        ("Family assessment in Myanmar", _("Family assessment in Myanmar")),
        ("Certificate of identity for travel", _("Certificate of identity for travel")),
        ("Handover at the border", _("Handover at the border")),
        ("Reception at a social welfare centre", _("Reception at a social welfare centre")),
    )
}


def step_label(name: str) -> str:
    """A step's name as the reader should see it."""
    label = SHIPPED_STEP_NAMES.get(name)
    return str(label) if label is not None else name
