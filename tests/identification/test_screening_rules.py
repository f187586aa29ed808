"""mukti/identification/screening_rules.py: the Delphi rule, dimension by dimension, and the
suggestion it makes for adults and children."""

from __future__ import annotations

import pytest

from mukti.identification.models import Audience, Dimension, Outcome, ScreeningRule
from mukti.identification.screening_rules import (
    Observation,
    dimension_is_positive,
    positive_dimensions,
    summarise,
)

D = Dimension


@pytest.mark.parametrize(
    ("strengths", "positive"),
    [
        (["strong", "strong"], True),
        (["strong", "medium"], True),
        (["strong", "weak"], True),
        (["medium", "medium", "medium"], True),
        (["medium", "medium", "weak"], True),
        (["strong"], False),
        (["medium", "medium"], False),
        (["medium", "weak", "weak"], False),
        (["weak", "weak", "weak", "weak"], False),
        ([], False),
    ],
)
def test_a_dimension_is_positive_by_the_delphi_rule(strengths, positive):
    assert dimension_is_positive(strengths) is positive


def observations(*pairs: tuple[str, str]) -> list[Observation]:
    return [Observation(dimension, strength) for dimension, strength in pairs]


ADULT_VICTIM = observations(
    (D.COERCIVE_RECRUITMENT, "strong"),
    (D.COERCIVE_RECRUITMENT, "medium"),
    (D.EXPLOITATIVE_CONDITIONS, "medium"),
    (D.EXPLOITATIVE_CONDITIONS, "medium"),
    (D.EXPLOITATIVE_CONDITIONS, "weak"),
    (D.ABUSE_OF_VULNERABILITY_AT_DESTINATION, "medium"),
    (D.ABUSE_OF_VULNERABILITY_AT_DESTINATION, "medium"),
    (D.ABUSE_OF_VULNERABILITY_AT_DESTINATION, "medium"),
)


def delphi(observed: list[Observation], *, audience: str = Audience.ADULTS, minor=False):
    return summarise(observed, rule=ScreeningRule.DELPHI_2009, audience=audience, is_minor=minor)


def test_recruitment_exploitation_and_destination_suggest_a_presumed_victim():
    summary = delphi(ADULT_VICTIM)

    assert summary.suggestion == Outcome.PRESUMED_VICTIM
    assert summary.positive_dimensions == [
        D.COERCIVE_RECRUITMENT,
        D.EXPLOITATIVE_CONDITIONS,
        D.ABUSE_OF_VULNERABILITY_AT_DESTINATION,
    ]
    assert (summary.strong, summary.medium, summary.weak, summary.observed) == (1, 6, 1, 8)


def test_an_adult_without_coercion_at_destination_needs_more_assessment():
    summary = delphi(ADULT_VICTIM[:5])

    assert summary.suggestion == Outcome.NEEDS_MORE_ASSESSMENT
    assert "not all parts" in summary.explanation


def test_for_a_child_exploitative_conditions_are_enough():
    exploitation = observations(
        (D.EXPLOITATIVE_CONDITIONS, "strong"), (D.EXPLOITATIVE_CONDITIONS, "medium")
    )

    assert delphi(exploitation, audience=Audience.CHILDREN).suggestion == Outcome.PRESUMED_VICTIM
    # The adults' list used for someone who turns out to be a minor follows the child rule.
    assert delphi(exploitation, minor=True).suggestion == Outcome.PRESUMED_VICTIM
    assert delphi(exploitation).suggestion == Outcome.NEEDS_MORE_ASSESSMENT


def test_a_single_strong_indicator_asks_for_more_assessment_and_nothing_suggests_nothing():
    assert delphi(observations((D.DECEPTIVE_RECRUITMENT, "strong"))).suggestion == (
        Outcome.NEEDS_MORE_ASSESSMENT
    )
    assert delphi(observations((D.DECEPTIVE_RECRUITMENT, "weak"))).suggestion == (
        Outcome.NEEDS_MORE_ASSESSMENT
    )
    assert delphi([]).suggestion == ""


def test_an_ungraded_checklist_counts_but_suggests_nothing():
    summary = summarise(
        observations(("", ""), ("", "")),
        rule=ScreeningRule.NONE,
        audience=Audience.ANYONE,
        is_minor=None,
    )

    assert (summary.ungraded, summary.suggestion) == (2, "")
    assert "The screener decides." in summary.explanation


def test_positive_dimensions_keep_the_definitions_order():
    found = positive_dimensions(list(reversed(ADULT_VICTIM)))

    assert found[0] == D.COERCIVE_RECRUITMENT
