"""Reports and cases' survivors as the matching engine's PersonRecords.

Names, phones and places are decrypted here, in memory, for the engine to compare; they are
never logged or written anywhere in the clear. A record's id says what it stands for:
`report:<uuid>` or `case:<uuid>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from mukti.cases.models import Case
from mukti.people.models import Person, PersonAddress, PersonName, Relationship
from mukti.tracing.matching.records import PersonRecord
from mukti.tracing.models import MatchCandidate, MissingPersonReport

REPORT_PREFIX = "report:"
CASE_PREFIX = "case:"
CHUNK = 2000


def report_record_id(report_id: Any) -> str:
    return f"{REPORT_PREFIX}{report_id}"


def case_record_id(case_id: Any) -> str:
    return f"{CASE_PREFIX}{case_id}"


def parse_record_id(record_id: str) -> tuple[str, str]:
    """("report" | "case", uuid text) from a record id."""
    kind, _, pk = record_id.partition(":")
    return kind, pk


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _sex(value: str) -> str | None:
    return value if value in ("female", "male", "other") else None


def _split_names(names: list[PersonName]) -> tuple[str | None, str | None, str | None]:
    """Given and family name from the first Latin-script name (the main one if it is), and
    every other name, in any script, as other names."""
    ordered = sorted(names, key=lambda n: (not n.is_primary, n.created_at))
    latin = [n for n in ordered if n.script == "Latn" and (n.given_name or n.family_name)]
    main = latin[0] if latin else (ordered[0] if ordered else None)
    others = [n.full_name for n in ordered if n is not main and n.full_name]
    if main is None:
        return None, None, None
    return _text(main.given_name), _text(main.family_name), _text("; ".join(others))


def _person_fields(person: Person) -> dict[str, Any]:
    given, family, others = _split_names(list(person.names.all()))
    addresses = [a for a in person.addresses.all() if a.is_current] or list(person.addresses.all())
    address: PersonAddress | None = addresses[0] if addresses else None
    phones = list(person.phones.all())
    documents = list(person.identity_documents.all())
    return {
        "given_name": given,
        "family_name": family,
        "other_names": others,
        "sex": _sex(person.sex),
        "birth_date": person.birth_date,
        "age": person.estimated_age if person.birth_date is None else None,
        "age_reported_on": person.age_estimated_on if person.birth_date is None else None,
        "country": _text(address.country if address else person.nationality),
        "district": _text(address.district) if address else None,
        "subdistrict": _text(address.subdistrict) if address else None,
        "village": _text(address.village) if address else None,
        "phone": _text(phones[0].number) if phones else None,
        "id_number": _text(documents[0].number) if documents else None,
    }


def report_record(report: MissingPersonReport) -> PersonRecord:
    """The missing person as the report describes her."""
    return PersonRecord(
        record_id=report_record_id(report.pk),
        father_name=_text(report.father_name),
        mother_name=_text(report.mother_name),
        **_person_fields(report.person),
    )


def _parent_names(person: Person) -> dict[str, Any]:
    parents: dict[str, Any] = {"father_name": None, "mother_name": None}
    for relationship in person.relationships.all():
        if relationship.kind in (Relationship.Kind.FATHER, Relationship.Kind.MOTHER):
            name = relationship.relative.primary_name
            parents[f"{relationship.kind}_name"] = _text(name.full_name if name else None)
    return parents


def case_record(case: Case) -> PersonRecord:
    """The case's survivor, with her parents' names when they are recorded as relatives."""
    survivor = case.survivor
    return PersonRecord(
        record_id=case_record_id(case.pk), **_person_fields(survivor), **_parent_names(survivor)
    )


_PERSON_PARTS = ("names", "phones", "addresses", "identity_documents")


def _person_prefetches(prefix: str) -> list[Any]:
    return [f"{prefix}{part}" for part in _PERSON_PARTS]


def reports_for_matching(
    reports: QuerySet[MissingPersonReport],
) -> QuerySet[MissingPersonReport]:
    """The reports with everything a record needs, in a handful of queries per chunk."""
    return reports.select_related("person").prefetch_related(*_person_prefetches("person__"))


def cases_for_matching(cases: QuerySet[Case]) -> QuerySet[Case]:
    relatives = Relationship.objects.filter(
        kind__in=(Relationship.Kind.FATHER, Relationship.Kind.MOTHER)
    ).select_related("relative")
    return cases.select_related("survivor").prefetch_related(
        *_person_prefetches("survivor__"),
        Prefetch("survivor__relationships", queryset=relatives),
        Prefetch(
            "survivor__relationships__relative__names",
            queryset=PersonName.objects.filter(is_primary=True),
        ),
    )


def report_records(reports: QuerySet[MissingPersonReport]) -> Iterator[PersonRecord]:
    """Records of many reports, a chunk at a time (never the whole table in memory)."""
    for report in reports_for_matching(reports).iterator(chunk_size=CHUNK):
        yield report_record(report)


def case_records(cases: QuerySet[Case]) -> Iterator[PersonRecord]:
    for case in cases_for_matching(cases).iterator(chunk_size=CHUNK):
        yield case_record(case)


def records_by_id(records: Iterable[PersonRecord]) -> dict[str, PersonRecord]:
    return {record.record_id: record for record in records}


def candidate_records(candidate: MatchCandidate) -> tuple[PersonRecord, PersonRecord]:
    """Both sides of a pair, decrypted in memory: (the case or the other report, the report)."""
    ids = [pk for pk in (candidate.report_id, candidate.other_report_id) if pk is not None]
    reports = {
        r.pk: r for r in reports_for_matching(MissingPersonReport.objects.filter(pk__in=ids))
    }
    right = report_record(reports[candidate.report_id])
    if candidate.other_report_id is not None:
        return report_record(reports[candidate.other_report_id]), right
    loaded = cases_for_matching(Case.objects.filter(match_candidates=candidate)).get()
    return case_record(loaded), right
