"""A candidate's evidence as the review page shows it: per compared detail, both sides'
values (derived again from the decrypted records, never stored), how they compare in the
reader's language, and how much that counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.tracing.matching.explain import Candidate, display_value
from mukti.tracing.matching.records import PersonRecord

FIELD_TITLES: dict[str, Promise] = {
    "given_name": gettext_lazy("Name and other names"),
    "family_name": gettext_lazy("Family name"),
    "father_name": gettext_lazy("Father's name"),
    "mother_name": gettext_lazy("Mother's name"),
    "sex": gettext_lazy("Sex"),
    "age": gettext_lazy("Date of birth or age"),
    "place": gettext_lazy("Home place"),
    "phone": gettext_lazy("Phone"),
    "id_number": gettext_lazy("Identity number"),
}
# The engine's words for each level of agreement, in the reader's language.
LEVEL_LABELS: dict[str, Promise] = {
    "Missing on one side": gettext_lazy("Missing on one side"),
    "Different": gettext_lazy("Different"),
    "Same": gettext_lazy("Same"),
    "Same name, allowing for transliteration": gettext_lazy(
        "Same name, allowing for transliteration"
    ),
    "Similar spelling (Jaro-Winkler ≥ 0.92)": gettext_lazy(
        "Similar spelling (Jaro-Winkler ≥ 0.92)"
    ),
    "Similar spelling (Jaro-Winkler ≥ 0.90)": gettext_lazy(
        "Similar spelling (Jaro-Winkler ≥ 0.90)"
    ),
    "Somewhat similar spelling (Jaro-Winkler ≥ 0.80)": gettext_lazy(
        "Somewhat similar spelling (Jaro-Winkler ≥ 0.80)"
    ),
    "Sounds the same": gettext_lazy("Sounds the same"),
    "A name or nickname in common": gettext_lazy("A name or nickname in common"),
    "Given and family names swapped": gettext_lazy("Given and family names swapped"),
    "Two letters or fewer different (Levenshtein ≤ 2)": gettext_lazy(
        "Two letters or fewer different (Levenshtein ≤ 2)"
    ),
    "One name is part of the other (e.g. Abdul / Abdul Karim)": gettext_lazy(
        "One name is part of the other (e.g. Abdul / Abdul Karim)"
    ),
    "A word of the name in common": gettext_lazy("A word of the name in common"),
    "Same first name, other words differ": gettext_lazy("Same first name, other words differ"),
    "Only another word in common (often the family name)": gettext_lazy(
        "Only another word in common (often the family name)"
    ),
    "Same date of birth": gettext_lazy("Same date of birth"),
    "Born within 1 year of each other": gettext_lazy("Born within 1 year of each other"),
    "Born within 2 years of each other": gettext_lazy("Born within 2 years of each other"),
    "Born within 3 years of each other": gettext_lazy("Born within 3 years of each other"),
    "Born within 5 years of each other": gettext_lazy("Born within 5 years of each other"),
    "Born more than 5 years apart": gettext_lazy("Born more than 5 years apart"),
    "Same village": gettext_lazy("Same village"),
    "Same sub-district": gettext_lazy("Same sub-district"),
    "Same district": gettext_lazy("Same district"),
    "Same country, district unknown on one side": gettext_lazy(
        "Same country, district unknown on one side"
    ),
    "Different district or country": gettext_lazy("Different district or country"),
    "One digit different (Levenshtein ≤ 1)": gettext_lazy("One digit different (Levenshtein ≤ 1)"),
}


def level_label(label: str) -> str:
    return str(LEVEL_LABELS.get(label, label))


def stored_evidence(candidate: Candidate) -> list[dict[str, Any]]:
    """What the review queue keeps of a candidate's evidence: no values, only how each
    detail compared and what it weighed."""
    return [
        {"field": e.field, "label": e.label, "match_weight": round(e.match_weight, 3)}
        for e in candidate.evidence
    ]


def shown_value(record: PersonRecord | None, field: str) -> str:
    """A record's value for one compared detail, in the reader's language."""
    if record is None:
        return ""
    if field == "age":
        if record.birth_date:
            return _("born %(date)s") % {"date": record.birth_date.isoformat()}
        if record.age is not None and record.age_reported_on:
            return _("about %(age)s years old on %(date)s") % {
                "age": record.age,
                "date": record.age_reported_on.isoformat(),
            }
        return ""
    if field == "sex":
        return {"female": _("Female"), "male": _("Male"), "other": _("Other")}.get(
            record.sex or "", ""
        )
    return display_value(record, field) or ""


@dataclass(frozen=True)
class EvidenceRow:
    field: str
    title: str
    left: str
    right: str
    label: str
    match_weight: float

    @property
    def agrees(self) -> bool:
        return self.match_weight > 0

    @property
    def disagrees(self) -> bool:
        return self.match_weight < 0

    @property
    def bar(self) -> int:
        """Width of the weight bar, in per cent of the widest (10 = 1024 times likelier)."""
        return min(100, round(abs(self.match_weight) * 10))


def evidence_rows(
    evidence: Iterable[dict[str, Any]], *, left: PersonRecord | None, right: PersonRecord | None
) -> list[EvidenceRow]:
    """The stored evidence with both sides' values filled in from the records."""
    return [
        EvidenceRow(
            field=item["field"],
            title=str(FIELD_TITLES.get(item["field"], item["field"])),
            left=shown_value(left, item["field"]),
            right=shown_value(right, item["field"]),
            label=level_label(str(item.get("label", ""))),
            match_weight=float(item.get("match_weight", 0.0)),
        )
        for item in evidence
    ]
