"""Names, ages and places become comparable values that survive transliteration."""

from __future__ import annotations

from datetime import date

from mukti.tracing.matching.features import (
    FEATURE_COLUMNS,
    birth_estimate,
    feature_row,
    name_parts,
    phone_key,
    place_key,
)
from mukti.tracing.matching.records import PersonRecord


def features(**fields: object) -> dict[str, object]:
    record = PersonRecord(record_id="x", **fields)  # type: ignore[arg-type]
    return dict(zip(FEATURE_COLUMNS, feature_row(record), strict=True))


def test_spelling_variants_of_a_name_are_written_one_way() -> None:
    assert name_parts("Akter") == name_parts("Akhter") == ("akter",)
    assert name_parts("Reena") == name_parts("Rina") == ("rina",)
    assert name_parts("Moushumi") == name_parts("Mousumi")
    assert name_parts("Sumaiya") == name_parts("Sumaya")


def test_honorifics_and_prefixes_are_dropped() -> None:
    assert name_parts("Md. Rahim") == name_parts("Mohammad Rahim") == ("rahim",)
    assert name_parts("Mst. Rina") == name_parts("Rina") == name_parts("Sree Rina")
    assert name_parts("Late Abdul Karim") == ("abdul", "karim")


def test_a_name_that_is_only_an_honorific_is_kept() -> None:
    assert name_parts("Mohammad") == ("mohamad",)  # doubled letters are written once


def test_sound_keys_join_vowel_and_aspirate_variants() -> None:
    aktar, akter = features(family_name="Aktar"), features(family_name="Akhter")
    assert aktar["family_key"] == akter["family_key"]
    assert (
        features(family_name="Rohman")["family_key"] == features(family_name="Rahman")["family_key"]
    )
    assert (
        features(family_name="Begom")["family_key"] == features(family_name="Begum")["family_key"]
    )


def test_swapped_names_share_a_name_pair_key() -> None:
    straight = features(given_name="Rina", family_name="Akter")
    swapped = features(given_name="Akhter", family_name="Reena")
    assert straight["name_pair"] == swapped["name_pair"]


def test_nicknames_join_the_aliases() -> None:
    assert "mn" in features(given_name="Rina", other_names="Moni; Buli")["alias_keys"]  # type: ignore[operator]


def test_renamed_districts_share_a_key() -> None:
    assert place_key("Jessore") == place_key("Jashore")
    assert place_key("Chittagong") == place_key("Chattogram")
    assert place_key("Bogra") == place_key("Bogura")
    assert place_key("Jessore") != place_key("Khulna")


def test_phone_numbers_compare_on_their_last_ten_digits() -> None:
    assert phone_key("+880 1711-000111") == phone_key("01711000111") == "1711000111"
    assert phone_key("12") is None


def test_an_estimated_age_becomes_a_birth_day_on_the_same_scale_as_a_date_of_birth() -> None:
    told = PersonRecord(record_id="a", age=14, age_reported_on=date(2024, 6, 1))
    known = PersonRecord(record_id="b", birth_date=date(2010, 1, 1))
    told_day, told_exact = birth_estimate(told)
    known_day, known_exact = birth_estimate(known)
    assert (told_exact, known_exact) == (False, True)
    assert told_day is not None and known_day is not None
    assert abs(told_day - known_day) < 365


def test_an_age_without_its_date_is_not_used() -> None:
    assert birth_estimate(PersonRecord(record_id="a", age=14)) == (None, False)
