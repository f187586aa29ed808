"""What a screening's observed indicators add up to: counts by strength, and the outcome the
checklist's rule suggests. The screener decides the outcome; the rule only suggests one.

The Delphi rule (ILO and European Commission, *Operational indicators of trafficking in human
beings*, 2009, ILO WCMS_105023, "how to use the lists") works in two steps:

1. Each of the six dimensions is *positive* when its observed indicators include at least
   two strong ones; or one strong and one medium or weak; or three medium; or two medium and
   one weak.
2. An adult is a presumed victim when the positive dimensions cover the three parts of the
   trafficking definition: a recruitment (deceptive, coercive, or by abuse of vulnerability),
   exploitative conditions of work, and coercion or abuse of vulnerability at destination.
   For a child the means are not needed (Palermo Protocol, art. 3(c)): a positive
   exploitative-conditions dimension is enough.

Step 1 is the publication's own rule; step 2 is how the publication and the ILO's survey
guidelines (*Hard to see, harder to count*, 2012) combine the dimensions, as the project's
domain notes record it. Anything short of that, with at least one positive dimension or one
strong indicator, suggests "needs more assessment"; nothing observed suggests no outcome.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mukti.identification.models import Audience, Dimension, Outcome, ScreeningRule, Strength

RECRUITMENT = (
    Dimension.DECEPTIVE_RECRUITMENT,
    Dimension.COERCIVE_RECRUITMENT,
    Dimension.ABUSE_OF_VULNERABILITY,
)
DESTINATION = (Dimension.COERCION_AT_DESTINATION, Dimension.ABUSE_OF_VULNERABILITY_AT_DESTINATION)


@dataclass(frozen=True)
class Observation:
    """One observed indicator as the rule sees it: where it belongs and how strong it is."""

    dimension: str
    strength: str


@dataclass(frozen=True)
class ScreeningSummary:
    strong: int
    medium: int
    weak: int
    ungraded: int
    positive_dimensions: list[str] = field(default_factory=list)
    suggestion: str = ""  # an Outcome value, or "" when the rule suggests nothing
    explanation: str = ""

    @property
    def observed(self) -> int:
        return self.strong + self.medium + self.weak + self.ungraded

    @property
    def suggestion_label(self) -> str:
        return str(Outcome(self.suggestion).label) if self.suggestion else ""

    @property
    def positive_dimension_labels(self) -> list[str]:
        return [str(Dimension(d).label) for d in self.positive_dimensions]


def dimension_is_positive(strengths: Iterable[str]) -> bool:
    """Step 1 of the Delphi rule, for the strengths observed in one dimension."""
    count = Counter(strengths)
    strong, medium, weak = count[Strength.STRONG], count[Strength.MEDIUM], count[Strength.WEAK]
    return (
        strong >= 2
        or (strong >= 1 and medium + weak >= 1)
        or medium >= 3
        or (medium >= 2 and weak >= 1)
    )


def positive_dimensions(observations: Iterable[Observation]) -> list[str]:
    by_dimension: dict[str, list[str]] = {}
    for observation in observations:
        by_dimension.setdefault(observation.dimension, []).append(observation.strength)
    return [
        dimension
        for dimension in Dimension.values
        if dimension_is_positive(by_dimension.get(dimension, []))
    ]


def _delphi_suggestion(
    observations: list[Observation], *, for_child: bool
) -> tuple[list[str], str, str]:
    positive = positive_dimensions(observations)
    exploitation = Dimension.EXPLOITATIVE_CONDITIONS in positive
    if for_child and exploitation:
        return (
            positive,
            Outcome.PRESUMED_VICTIM,
            _("Exploitative conditions of work are shown; for a child the means are not needed."),
        )
    recruitment = any(d in positive for d in RECRUITMENT)
    destination = any(d in positive for d in DESTINATION)
    if recruitment and exploitation and destination:
        return (
            positive,
            Outcome.PRESUMED_VICTIM,
            _(
                "Recruitment, exploitative conditions of work and coercion or abuse of "
                "vulnerability at destination are all shown."
            ),
        )
    if positive or any(o.strength == Strength.STRONG for o in observations):
        return (
            positive,
            Outcome.NEEDS_MORE_ASSESSMENT,
            _("Some indicators are present, but not all parts of the definition are shown."),
        )
    if observations:
        return positive, Outcome.NEEDS_MORE_ASSESSMENT, _("Only a few weaker indicators.")
    return positive, "", _("No indicator observed.")


def summarise(
    observations: Iterable[Observation], *, rule: str, audience: str, is_minor: bool | None
) -> ScreeningSummary:
    """Counts by strength and, for a Delphi checklist, the outcome its rule suggests."""
    observed = list(observations)
    count = Counter(o.strength for o in observed)
    positive: list[str] = []
    suggestion, explanation = "", ""
    if rule == ScreeningRule.DELPHI_2009:
        # The children's list implies a child; otherwise the age on the day decides.
        for_child = audience == Audience.CHILDREN or bool(is_minor)
        positive, suggestion, explanation = _delphi_suggestion(observed, for_child=for_child)
    elif observed:
        explanation = _(
            "This checklist does not grade its indicators: one may be enough, or several may "
            "be needed. The screener decides."
        )
    return ScreeningSummary(
        strong=count[Strength.STRONG],
        medium=count[Strength.MEDIUM],
        weak=count[Strength.WEAK],
        ungraded=count[""],
        positive_dimensions=positive,
        suggestion=suggestion,
        explanation=explanation,
    )
