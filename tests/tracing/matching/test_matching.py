"""The shipped model finds the same person written another way, and not someone else."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from mukti.tracing.matching.explain import Candidate, FieldEvidence
from mukti.tracing.matching.index import ReportIndex
from mukti.tracing.matching.model import MatchModel
from mukti.tracing.matching.records import PersonRecord


def best(
    model: MatchModel,
    person: PersonRecord,
    report: PersonRecord,
    background: list[PersonRecord],
) -> Candidate:
    """The person scored against one report among 2,000 others (whatever the threshold)."""
    index = ReportIndex.build([*background, report], model=model)
    candidates = index.search(person, limit=50, threshold=0.0)
    index.close()
    found = [c for c in candidates if c.right_id == report.record_id]
    assert found, "the report was not even a candidate"
    return found[0]


def evidence(candidate: Candidate, field: str) -> FieldEvidence:
    return next(e for e in candidate.evidence if e.field == field)


def test_transliteration_variants_of_the_same_girl_match(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, background: list
) -> None:
    candidate = best(model, rina_found, rina_report, background)
    assert candidate.match_probability >= model.default_threshold
    assert candidate.left_id == "found-rina"
    assert evidence(candidate, "given_name").label == "Same name, allowing for transliteration"
    assert evidence(candidate, "family_name").match_weight > 0
    assert evidence(candidate, "father_name").match_weight > 0
    assert evidence(candidate, "place").label == "Same district"
    assert evidence(candidate, "place").left == "Jashore, BD"


def test_a_different_girl_with_the_same_name_is_not_a_candidate(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, background: list
) -> None:
    # Another Rina Akter of Jessore: her father is Nurul Islam and she is 25.
    other = replace(rina_found, father_name="Nurul Islam", age=25)
    index = ReportIndex.build([*background, rina_report], model=model)
    assert all(c.right_id != "report-rina" for c in index.search(other))
    elsewhere = replace(other, district="Rangpur")
    assert all(c.right_id != "report-rina" for c in index.search(elsewhere, threshold=0.0))
    candidate = best(model, other, rina_report, background)
    assert candidate.match_probability < 0.01
    assert evidence(candidate, "father_name").match_weight < 0
    assert evidence(candidate, "age").label == "Born more than 5 years apart"


def test_missing_fields_weigh_nothing(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, background: list
) -> None:
    candidate = best(model, rina_found, rina_report, background)
    for field in ("mother_name", "phone", "id_number"):
        assert evidence(candidate, field).label == "Missing on one side"
        assert evidence(candidate, field).match_weight == 0
    with_phone = best(model, replace(rina_found, phone="+880 1711 000111"), rina_report, background)
    gained = with_phone.match_weight - candidate.match_weight
    assert abs(gained - evidence(with_phone, "phone").match_weight) < 0.01
    assert evidence(with_phone, "phone").match_weight > 5


def test_estimated_ages_compare_on_a_common_date(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, background: list
) -> None:
    # 13 in March 2025 and 14 in September 2025: the same age, told half a year apart.
    assert evidence(best(model, rina_found, rina_report, background), "age").label == (
        "Born within 1 year of each other"
    )
    born = replace(rina_found, age=None, age_reported_on=None, birth_date=date(2011, 8, 1))
    assert evidence(best(model, born, rina_report, background), "age").match_weight > 0
    older = replace(rina_found, age=17)
    assert evidence(best(model, older, rina_report, background), "age").label == (
        "Born within 5 years of each other"
    )


def test_a_rare_name_counts_for_more_than_a_common_one(model: MatchModel, background: list) -> None:
    common = [
        PersonRecord(record_id=f"common-{n}", given_name="Fatema", district="Khulna")
        for n in range(300)
    ]
    report = PersonRecord(record_id="r", given_name="Fatema", district="Dhaka")
    rare_report = PersonRecord(record_id="rare", given_name="Zubaida", district="Dhaka")
    index = ReportIndex.build([*background, *common, report, rare_report], model=model)
    fatema = index.search(
        PersonRecord(record_id="p", given_name="Fatema", district="Dhaka"), threshold=0.0
    )
    zubaida = index.search(
        PersonRecord(record_id="q", given_name="Zubaida", district="Dhaka"), threshold=0.0
    )
    common_weight = evidence(next(c for c in fatema if c.right_id == "r"), "given_name")
    rare_weight = evidence(next(c for c in zubaida if c.right_id == "rare"), "given_name")
    assert common_weight.label == rare_weight.label == "Same name, allowing for transliteration"
    assert rare_weight.match_weight > common_weight.match_weight + 3


def test_swapped_given_and_family_names_still_agree(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, background: list
) -> None:
    swapped = replace(rina_found, given_name="Akter", family_name="Rina")
    candidate = best(model, swapped, rina_report, background)
    assert evidence(candidate, "given_name").label == "Given and family names swapped"
    assert evidence(candidate, "given_name").match_weight > 0


def test_a_nickname_in_other_names_agrees_with_the_given_name(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, background: list
) -> None:
    # At home she is Moni: the girl gives her daak naam, the report lists it.
    moni = replace(rina_found, given_name="Moni", family_name=None)
    candidate = best(model, moni, rina_report, background)
    assert evidence(candidate, "given_name").label == "A name or nickname in common"
    assert evidence(candidate, "given_name").match_weight > 0


def test_place_weighs_more_the_closer_it_agrees(
    model: MatchModel, rina_report: PersonRecord, rina_found: PersonRecord, background: list
) -> None:
    places = [
        dict(district="Jessore", subdistrict="Sharsha", village="Kashipur"),
        dict(district="Jessore", subdistrict="Sharsha", village=None),
        dict(district="Jessore", subdistrict=None, village=None),
        dict(district=None, subdistrict=None, village=None),
        dict(district="Rangpur", subdistrict=None, village=None),
    ]
    weights = [
        evidence(best(model, replace(rina_found, **place), rina_report, background), "place")
        for place in places
    ]
    assert [w.label for w in weights] == [
        "Same village",
        "Same sub-district",
        "Same district",
        "Same country, district unknown on one side",
        "Different district or country",
    ]
    values = [w.match_weight for w in weights]
    assert values == sorted(values, reverse=True)
    assert values[-1] < 0
