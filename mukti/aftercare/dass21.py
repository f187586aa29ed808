"""DASS-21: the Depression Anxiety Stress Scales, short form, scored from its 21 items.

Each item is rated 0 (did not apply to me at all) to 3 (applied to me very much). A subscale
is the sum of its seven items, doubled so that it reads on the scale of the 42-item DASS,
whose norms give the severity bands.

Items per subscale and the bands below are Lovibond & Lovibond's (1995), *Manual for the
Depression Anxiety Stress Scales* (2nd ed.), Sydney: Psychology Foundation, as reproduced
by scoring sheets and scoring code that cite it (checked with the search tool):

- depression items 3, 5, 10, 13, 16, 17, 21; anxiety 2, 4, 7, 9, 15, 19, 20; stress 1, 6, 8,
  11, 12, 14, 18; each sum multiplied by 2 (e.g. rdrr.io halpclub/sdlabFunctions
  `score_DASS21`; github.com/jjcurtin/arc_measures `DASS21/DASS21.R`, "Multiply by 2 to
  scale to 42 item normed version");
- bands on the doubled score (revivehealthandhappiness.com.au "DASS-21 Scoring", citing
  the manual; docs.wellxs.com "DASS-21 Assessment Tool"): depression normal 0-9, mild
  10-13, moderate 14-20, severe 21-27, extremely severe 28+; anxiety 0-7, 8-9, 10-14,
  15-19, 20+; stress 0-14, 15-18, 19-25, 26-33, 34+. The same cut-offs halved (0-4, 5-6 …)
  appear in papers that do not double the sums.

Other papers band differently (PMC6708020 uses stress 0-10, 11-18 …), so every assessment
stores the name of the banding rule it was scored with (`BANDING`), and a new rule would be
added beside this one, never in its place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

ITEMS = 21
ITEM_MIN, ITEM_MAX = 0, 3
BANDING = "lovibond-1995"


class Subscale(models.TextChoices):
    DEPRESSION = "depression", _("Depression")
    ANXIETY = "anxiety", _("Anxiety")
    STRESS = "stress", _("Stress")


class Band(models.TextChoices):
    NORMAL = "normal", _("Normal")
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")
    EXTREMELY_SEVERE = "extremely_severe", _("Extremely severe")


# Item numbers (1-based, as printed on the form) of each subscale.
SUBSCALE_ITEMS: dict[str, tuple[int, ...]] = {
    Subscale.DEPRESSION: (3, 5, 10, 13, 16, 17, 21),
    Subscale.ANXIETY: (2, 4, 7, 9, 15, 19, 20),
    Subscale.STRESS: (1, 6, 8, 11, 12, 14, 18),
}

# The lowest doubled score of mild, moderate, severe and extremely severe (Lovibond 1995).
_LOWEST_SCORE_OF_BAND: dict[str, tuple[int, int, int, int]] = {
    Subscale.DEPRESSION: (10, 14, 21, 28),
    Subscale.ANXIETY: (8, 10, 15, 20),
    Subscale.STRESS: (15, 19, 26, 34),
}
_BANDS_ABOVE_NORMAL = (Band.MILD, Band.MODERATE, Band.SEVERE, Band.EXTREMELY_SEVERE)


@dataclass(frozen=True)
class Dass21Scores:
    depression: int
    anxiety: int
    stress: int
    depression_band: str
    anxiety_band: str
    stress_band: str


def item_problems(items: Sequence[object]) -> list[str]:
    """What is wrong with a list of item answers, in words (empty when it can be scored)."""
    if len(items) != ITEMS:
        return [str(_("Answer all 21 items (%(given)s given).") % {"given": len(items)})]
    problems = []
    for number, value in enumerate(items, start=1):
        valid = isinstance(value, int) and not isinstance(value, bool)
        if not valid or not ITEM_MIN <= value <= ITEM_MAX:  # type: ignore[operator]
            problems.append(str(_("Item %(number)s must be 0, 1, 2 or 3.") % {"number": number}))
    return problems


def band_of(subscale: str, score: int) -> str:
    """The severity band of a doubled subscale score."""
    band = Band.NORMAL
    for lowest, name in zip(_LOWEST_SCORE_OF_BAND[subscale], _BANDS_ABOVE_NORMAL, strict=True):
        if score >= lowest:
            band = name
    return str(band)


def subscale_score(items: Sequence[int], subscale: str) -> int:
    return 2 * sum(items[number - 1] for number in SUBSCALE_ITEMS[subscale])


def score(items: Sequence[int]) -> Dass21Scores:
    """The three doubled subscale scores and their bands; items must be valid (see
    item_problems)."""
    depression = subscale_score(items, Subscale.DEPRESSION)
    anxiety = subscale_score(items, Subscale.ANXIETY)
    stress = subscale_score(items, Subscale.STRESS)
    return Dass21Scores(
        depression=depression,
        anxiety=anxiety,
        stress=stress,
        depression_band=band_of(Subscale.DEPRESSION, depression),
        anxiety_band=band_of(Subscale.ANXIETY, anxiety),
        stress_band=band_of(Subscale.STRESS, stress),
    )
