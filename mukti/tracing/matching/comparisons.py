"""The Fellegi–Sunter model's shape: which fields are compared, at which levels, and which
pairs are compared at all (blocking).

Levels are written once and Splink writes them in DuckDB's or Spark's SQL, so both engines
run the same model. Each level's label is what a caseworker reads beside the evidence.
"""

from __future__ import annotations

from typing import Any, Literal

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

LinkType = Literal["link_only", "link_and_dedupe", "dedupe_only"]
MISSING = "Missing on one side"
DIFFERENT = "Different"

# Comparisons in model order; the names are FieldEvidence.field.
FIELDS = (
    "given_name",
    "family_name",
    "father_name",
    "mother_name",
    "sex",
    "age",
    "place",
    "phone",
    "id_number",
)


def _custom(sql: str, label: str) -> cll.CustomLevel:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str="duckdb")


def _given_name() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="given_name",
        comparison_description="Given name",
        comparison_levels=[
            cll.NullLevel("given_name").configure(label_for_charts=MISSING),
            cll.ExactMatchLevel("given_name", term_frequency_adjustments=True).configure(
                label_for_charts="Same name, allowing for transliteration"
            ),
            cll.JaroWinklerLevel("given_name", 0.92).configure(
                label_for_charts="Similar spelling (Jaro-Winkler ≥ 0.92)"
            ),
            _custom("given_key_l = given_key_r", "Sounds the same").configure(
                tf_adjustment_column="given_key", tf_adjustment_weight=1.0
            ),
            cll.ArrayIntersectLevel("alias_keys", 1).configure(
                label_for_charts="A name or nickname in common"
            ),
            _custom(
                "given_key_l = family_key_r OR family_key_l = given_key_r",
                "Given and family names swapped",
            ),
            cll.JaroWinklerLevel("given_name", 0.80).configure(
                label_for_charts="Somewhat similar spelling (Jaro-Winkler ≥ 0.80)"
            ),
            cll.ElseLevel().configure(label_for_charts=DIFFERENT),
        ],
    )


def _family_name() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="family_name",
        comparison_description="Family name",
        comparison_levels=[
            cll.NullLevel("family_name").configure(label_for_charts=MISSING),
            cll.ExactMatchLevel("family_name", term_frequency_adjustments=True).configure(
                label_for_charts="Same name, allowing for transliteration"
            ),
            cll.JaroWinklerLevel("family_name", 0.92).configure(
                label_for_charts="Similar spelling (Jaro-Winkler ≥ 0.92)"
            ),
            _custom("family_key_l = family_key_r", "Sounds the same").configure(
                tf_adjustment_column="family_key", tf_adjustment_weight=1.0
            ),
            _custom(
                "family_key_l = given_key_r OR given_key_l = family_key_r",
                "Given and family names swapped",
            ),
            cll.LevenshteinLevel("family_name", 2).configure(
                label_for_charts="Two letters or fewer different (Levenshtein ≤ 2)"
            ),
            cll.ElseLevel().configure(label_for_charts=DIFFERENT),
        ],
    )


def _parent(role: str) -> ComparisonCreator:
    column = f"{role}_name"
    levels: list[Any] = [
        cll.NullLevel(column).configure(label_for_charts=MISSING),
        cll.ExactMatchLevel(column, term_frequency_adjustments=True).configure(
            label_for_charts="Same name, allowing for transliteration"
        ),
        _custom(f"{role}_key_l = {role}_key_r", "Sounds the same"),
        cll.JaroWinklerLevel(column, 0.90).configure(
            label_for_charts="Similar spelling (Jaro-Winkler ≥ 0.90)"
        ),
        # "Abdul" and "Abdul Karim": a rare first name counts for more than "Abdul".
        cll.ArraySubsetLevel(f"{role}_keys").configure(
            label_for_charts="One name is part of the other (e.g. Abdul / Abdul Karim)",
            tf_adjustment_column=f"{role}_first",
            tf_adjustment_weight=1.0,
        ),
        _custom(f"{role}_first_l = {role}_first_r", "Same first name, other words differ"),
        cll.ArrayIntersectLevel(f"{role}_keys", 1).configure(
            label_for_charts="Only another word in common (often the family name)"
        ),
        cll.ElseLevel().configure(label_for_charts=DIFFERENT),
    ]
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=f"{role.capitalize()}'s name",
        comparison_levels=levels,
    )


def _sex() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_description="Sex",
        comparison_levels=[
            cll.NullLevel("sex").configure(label_for_charts=MISSING),
            cll.ExactMatchLevel("sex").configure(label_for_charts="Same"),
            cll.ElseLevel().configure(label_for_charts=DIFFERENT),
        ],
    )


def _age() -> ComparisonCreator:
    gap = "abs(birth_day_l - birth_day_r)"
    return cl.CustomComparison(
        output_column_name="age",
        comparison_description="Date of birth or age",
        comparison_levels=[
            cll.NullLevel("birth_day").configure(label_for_charts=MISSING),
            _custom(
                "birth_exact_l AND birth_exact_r AND birth_day_l = birth_day_r",
                "Same date of birth",
            ),
            _custom(f"{gap} <= 366", "Born within 1 year of each other"),
            _custom(f"{gap} <= 731", "Born within 2 years of each other"),
            _custom(f"{gap} <= 1096", "Born within 3 years of each other"),
            _custom(f"{gap} <= 1827", "Born within 5 years of each other"),
            cll.ElseLevel().configure(label_for_charts="Born more than 5 years apart"),
        ],
    )


def _place() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="place",
        comparison_description="Home place",
        comparison_levels=[
            _custom(
                "(district_l IS NULL OR district_r IS NULL) "
                "AND (country_l IS NULL OR country_r IS NULL)",
                MISSING,
            ).configure(is_null_level=True),
            _custom(
                "district_l = district_r AND village_l = village_r",
                "Same village",
            ),
            _custom(
                "district_l = district_r AND subdistrict_l = subdistrict_r",
                "Same sub-district",
            ),
            _custom("district_l = district_r", "Same district"),
            _custom(
                "country_l = country_r AND (district_l IS NULL OR district_r IS NULL)",
                "Same country, district unknown on one side",
            ),
            cll.ElseLevel().configure(label_for_charts="Different district or country"),
        ],
    )


def _number(column: str, description: str) -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=description,
        comparison_levels=[
            cll.NullLevel(column).configure(label_for_charts=MISSING),
            cll.ExactMatchLevel(column).configure(label_for_charts="Same"),
            cll.LevenshteinLevel(column, 1).configure(
                label_for_charts="One digit different (Levenshtein ≤ 1)"
            ),
            cll.ElseLevel().configure(label_for_charts=DIFFERENT),
        ],
    )


def comparisons() -> list[ComparisonCreator]:
    return [
        _given_name(),
        _family_name(),
        _parent("father"),
        _parent("mother"),
        _sex(),
        _age(),
        _place(),
        _number("phone", "Phone"),
        _number("id_number", "Identity number"),
    ]


# Pairs worth comparing: any one rule is enough. Phonetic keys keep recall high; each rule
# pairs a key with another so that no block is the size of a district. The interactive
# index uses the same keys (a SQL expression over one record's columns).
BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    ("given_name", "district"),  # the spelling: Rina/Reena, Akter/Akhter agree
    ("name_pair", "district"),  # both names' sound keys in either order: swaps
    ("given_first", "father_first", "district"),
    ("father_key", "district"),
    ("given_first", "father_key"),
    ("given_first2", "family_key", "subdistrict"),  # typing errors in the given name
    ("district", "subdistrict", "village"),
    # Without a district: names with the birth in a 4-year band, the bands overlapping so
    # that two birth days less than 2 years apart share one.
    ("name_pair", "birth_band"),
    ("name_pair", "birth_band_shifted"),
    ("given_first", "father_first", "birth_band"),
    ("given_first", "father_first", "birth_band_shifted"),
    ("father_key", "birth_band"),
    ("father_key", "birth_band_shifted"),
    ("phone",),
    ("id_number",),
)


# Columns whose value frequencies adjust the weights (a rare name counts for more).
TF_COLUMNS = (
    "given_name",
    "given_key",
    "family_name",
    "family_key",
    "father_name",
    "father_first",
    "mother_name",
    "mother_first",
)


def blocking_rules() -> list[BlockingRuleCreator]:
    return [block_on(*key) for key in BLOCKING_KEYS]


def training_blocking_rules() -> list[BlockingRuleCreator]:
    """The EM sessions: each trains the fields its rule does not fix."""
    return [
        block_on("given_first", "district"),
        block_on("phone"),
        block_on("id_number"),
    ]


def settings_creator(
    *, link_type: LinkType = "dedupe_only", probability_two_random_records_match: float = 1e-6
) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=list[ComparisonCreator | dict[str, Any]](comparisons()),
        blocking_rules_to_generate_predictions=list[BlockingRuleCreator | dict[str, Any]](
            blocking_rules()
        ),
        probability_two_random_records_match=probability_two_random_records_match,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
    )
