"""DASS-21 scoring (mukti/aftercare/dass21.py) against the Lovibond & Lovibond cut-offs."""

from __future__ import annotations

import pytest

from mukti.aftercare import dass21
from mukti.aftercare.dass21 import Band, Subscale
from tests.aftercare.factories import ITEMS_MIXED


def test_each_subscale_sums_its_seven_items_and_doubles_the_sum():
    scores = dass21.score(ITEMS_MIXED)

    assert (scores.depression, scores.anxiety, scores.stress) == (42, 28, 14)
    assert (scores.depression_band, scores.anxiety_band, scores.stress_band) == (
        Band.EXTREMELY_SEVERE,
        Band.EXTREMELY_SEVERE,
        Band.NORMAL,
    )


def test_the_subscales_share_out_all_21_items_once():
    numbers = sorted(n for items in dass21.SUBSCALE_ITEMS.values() for n in items)

    assert numbers == list(range(1, 22))


@pytest.mark.parametrize(
    ("subscale", "edges"),
    [
        (
            Subscale.DEPRESSION,
            [
                (9, "normal"),
                (10, "mild"),
                (13, "mild"),
                (14, "moderate"),
                (20, "moderate"),
                (21, "severe"),
                (27, "severe"),
                (28, "extremely_severe"),
                (42, "extremely_severe"),
            ],
        ),
        (
            Subscale.ANXIETY,
            [
                (7, "normal"),
                (8, "mild"),
                (9, "mild"),
                (10, "moderate"),
                (14, "moderate"),
                (15, "severe"),
                (19, "severe"),
                (20, "extremely_severe"),
            ],
        ),
        (
            Subscale.STRESS,
            [
                (14, "normal"),
                (15, "mild"),
                (18, "mild"),
                (19, "moderate"),
                (25, "moderate"),
                (26, "severe"),
                (33, "severe"),
                (34, "extremely_severe"),
            ],
        ),
    ],
)
def test_bands_change_exactly_at_the_published_cut_offs(subscale, edges):
    for score, band in edges:
        assert dass21.band_of(subscale, score) == band, (subscale, score)


@pytest.mark.parametrize(
    ("items", "problem"),
    [
        ([0] * 20, "Answer all 21 items (20 given)."),
        ([0] * 22, "Answer all 21 items (22 given)."),
        ([0] * 20 + [4], "Item 21 must be 0, 1, 2 or 3."),
        ([-1] + [0] * 20, "Item 1 must be 0, 1, 2 or 3."),
        ([0, "2"] + [0] * 19, "Item 2 must be 0, 1, 2 or 3."),
        ([0, 0, True] + [0] * 18, "Item 3 must be 0, 1, 2 or 3."),
    ],
)
def test_items_out_of_range_or_missing_are_named(items, problem):
    assert dass21.item_problems(items) == [problem]
