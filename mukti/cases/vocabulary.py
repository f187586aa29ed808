"""The exploitation profile's words, as HTCDS v2 value names (stored) and labels (shown).

Stored values are the standard's own names, so that an HTCDS or CTDC export is a mapping,
not a translation; people read the labels in their own language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext_lazy as _

from mukti.core.geography import COUNTRIES

TYPES_OF_EXPLOITATION = {
    "ForcedLabour": _("Forced labour"),
    "SexualExploitation": _("Sexual exploitation"),
    "ChildLabour": _("Child labour"),
    "ForcedMarriage": _("Forced marriage"),
    "Servitude": _("Servitude"),
    "ForcedMilitaryByNonStateActors": _("Forced military service by non-state actors"),
    "OrganRemoval": _("Organ removal"),
    "ForcedBegging": _("Forced begging"),
    "ForcedAdoption": _("Forced adoption"),
    "Surrogacy": _("Surrogacy"),
    "Other": _("Other"),
}

METHODS_OF_RECRUITMENT = {
    "JobOffer": _("Job offer"),
    "IntimatePartner": _("Intimate partner"),
    "Familial": _("Family member"),
    "PosingAsBenefactor": _("Posing as a benefactor"),
    "Abduction": _("Abduction"),
    "Internet": _("Over the internet"),
    "Smuggling": _("While being smuggled"),
    "Other": _("Other"),
}

MEANS_OF_CONTROL = {
    "PhysicalThreats": _("Threats of violence"),
    "ThreatsLawEnforcement": _("Threats of the police or deportation"),
    "ThreatensChildrenFamily": _("Threats to children or family"),
    "DebtBondage": _("Debt bondage"),
    "FalsePromises": _("False promises"),
    "PhysicalAbuse": _("Physical abuse"),
    "SexualAbuse": _("Sexual abuse"),
    "TakesEarnings": _("Takes earnings"),
    "RestrictsFinancialAccess": _("Restricts access to money"),
    "RestrictsMedicalCare": _("Restricts medical care"),
    "RestrictsMovement": _("Restricts movement"),
    "WithholdsNecessities": _("Withholds food, water or sleep"),
    "PsychologicalAbuse": _("Psychological abuse"),
    "PsychoactiveSubstance": _("Forced use of drugs or alcohol"),
    "ExcessiveWorkingHours": _("Excessive working hours"),
    "WithholdsDocuments": _("Withholds documents"),
    "Other": _("Other"),
}

# ISIC Rev.4 sections, as HTCDS's ForcedLabourIndustry uses them.
SECTORS = {
    "A": _("Agriculture, forestry and fishing"),
    "B": _("Mining and quarrying"),
    "C": _("Manufacturing"),
    "F": _("Construction"),
    "G": _("Wholesale and retail trade"),
    "H": _("Transport and storage"),
    "I": _("Hotels and restaurants"),
    "S": _("Other services"),
    "T": _("Domestic work"),
    "U": _("Other"),
}


def labels(values: Iterable[str], *, vocabulary: Mapping[str, object]) -> list[str]:
    """The labels of stored values; an unknown value is shown as stored, never dropped."""
    return [str(vocabulary.get(value, value)) for value in values]


def country_names(codes: Iterable[str]) -> list[str]:
    return [str(COUNTRIES[code][1]) if code in COUNTRIES else code for code in codes]
