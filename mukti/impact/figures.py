"""Every indicator's figure for a period and its baseline periods: the timeline counts of
direct work, other apps' activity totals, and joint operations' partner submissions, put
together; with growth on the baseline average and the breakdowns.

Joint operations: an indicator the partner reports (`partner_reports`) is taken from the
partner's submissions for that office, never also counted from records (no double count);
a part of the period no submission covers is shown as "data awaited". Other indicators are
counted from the records in Mukti, in joint offices as in direct ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch

from mukti.accounts.models import Office
from mukti.impact import engine, sources
from mukti.impact.access import AnalyticsScope
from mukti.impact.indicators import (
    AGE_GROUPS,
    AGE_UNKNOWN,
    COUNTRY,
    INDICATORS,
    OFFICE,
    SEX,
    STRATEGY,
    ActivityTotal,
    Indicator,
)
from mukti.impact.models import PartnerFigure, PartnerSubmission
from mukti.impact.periods import Period
from mukti.people.models import Sex

SEX_KEYS = tuple(Sex.values)
AGE_KEYS = tuple(key for key, _low, _high in AGE_GROUPS) + (AGE_UNKNOWN,)
STRATEGY_KEYS = tuple(Office.Strategy.values)


@dataclass(frozen=True)
class OfficeInfo:
    id: Any
    code: str
    name: str
    country: str
    strategy: str


@dataclass
class Tally:
    """Additive counts: each survivor (or event, or participant) is in one office, one sex
    and one age group, so each breakdown adds up to the total."""

    by_office: Counter[Any] = field(default_factory=Counter)
    by_sex: Counter[str] = field(default_factory=Counter)
    by_age: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.by_office.values())

    def add(self, *, office_id: Any, sex: str, age_group: str, count: int) -> None:
        self.by_office[office_id] += count
        self.by_sex[sex] += count
        self.by_age[age_group] += count

    def add_submitted(self, figure: PartnerFigure, *, office_id: Any) -> None:
        """A partner's figure: its sex and age splits where given, the rest as not known."""
        self.by_office[office_id] += figure.value
        for splits, counter, unknown in (
            (figure.by_sex, self.by_sex, Sex.UNKNOWN),
            (figure.by_age_group, self.by_age, AGE_UNKNOWN),
        ):
            given = {key: int(n) for key, n in (splits or {}).items() if int(n) > 0}
            counter.update(given)
            counter[unknown] += max(figure.value - sum(given.values()), 0)


@dataclass(frozen=True)
class Awaited:
    office_code: str
    start: date
    end: date


@dataclass
class Measure:
    """One indicator in one period."""

    indicator: Indicator
    period: Period
    counts: Tally | None = None
    numerator: Tally | None = None
    denominator: Tally | None = None
    awaited: list[Awaited] = field(default_factory=list)
    # The domain selector this figure (or part of it) still needs.
    needs: str = ""

    @property
    def available(self) -> bool:
        return self.counts is not None or self.denominator is not None

    @property
    def value(self) -> float | int | None:
        if self.indicator.is_share:
            if self.numerator is None or self.denominator is None:
                return None
            return percentage(self.numerator.total, self.denominator.total)
        return self.counts.total if self.counts is not None else None


def percentage(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


@dataclass
class Figures:
    period: Period
    baseline: list[Period]
    offices: dict[Any, OfficeInfo]
    measures: dict[str, list[Measure]]  # code -> [current, *baseline]

    def current(self, code: str) -> Measure:
        return self.measures[code][0]

    def baseline_value(self, code: str) -> float | None:
        values = [m.value for m in self.measures[code][1:]]
        if not values or any(value is None for value in values):
            return None
        return round(sum(float(v) for v in values if v is not None) / len(values), 1)

    def growth(self, code: str) -> int | None:
        """Growth on the baseline average, in whole per cent (None when it is 0 or unknown)."""
        value, baseline = self.current(code).value, self.baseline_value(code)
        if value is None or not baseline:
            return None
        return round(100 * (float(value) - baseline) / baseline)


# --- putting the figures together ----------------------------------------------------------


def compute_figures(
    *,
    user: Any,
    scope: AnalyticsScope,
    period: Period,
    baseline: Sequence[Period],
    indicators: Iterable[Indicator] = INDICATORS,
) -> Figures:
    indicators = list(indicators)
    offices = {
        o.pk: OfficeInfo(o.pk, o.code, o.name, o.country, o.strategy)
        for o in Office.objects.filter(pk__in=scope.office_ids).order_by("code")
    }
    windows = [period, *baseline]
    # Joint offices whose partner-reported figures come from submissions (whole offices only).
    by_submission = {pk for pk, o in offices.items() if o.strategy == Office.Strategy.JOINT} & set(
        scope.whole_office_ids
    )
    measures = {item.code: [Measure(item, window) for window in windows] for item in indicators}

    _add_event_counts(measures, indicators, windows, scope, offices, by_submission)
    _add_activity_totals(measures, indicators, windows, offices, by_submission, user)
    _add_submissions(measures, indicators, windows, offices, by_submission)
    return Figures(period=period, baseline=list(baseline), offices=offices, measures=measures)


def _skips(item: Indicator, by_submission: set[Any]) -> Callable[[Any], bool]:
    """Whether an office's own count is left out (its partner reports this indicator)."""
    return lambda office_id: item.partner_reports and office_id in by_submission


def _add_event_counts(
    measures: dict[str, list[Measure]],
    indicators: list[Indicator],
    windows: list[Period],
    scope: AnalyticsScope,
    offices: dict[Any, OfficeInfo],
    by_submission: set[Any],
) -> None:
    event_based = [i for i in indicators if not isinstance(i.rule, ActivityTotal)]
    plan = engine.plan_for(event_based, available=engine._detail_available)
    rows, unavailable = engine.count_events(
        indicators=event_based,
        periods=windows,
        office_ids=list(offices),
        case_ids=scope.case_ids,
        plan=plan,
    )
    by_part: dict[tuple[str, int], list[engine.Row]] = {}
    for row in rows:
        by_part.setdefault((row.part, row.window), []).append(row)
    for item in event_based:
        if item.code in unavailable:
            for measure in measures[item.code]:
                measure.needs = unavailable[item.code]
            continue
        reading = plan.readings[item.code]
        skip = _skips(item, by_submission)
        for window, measure in enumerate(measures[item.code]):
            if item.is_share:
                measure.numerator = _tally(by_part.get((reading.numerator, window), []), skip)
                measure.denominator = _tally(by_part.get((reading.denominator, window), []), skip)
            else:
                measure.counts = _tally(
                    by_part.get((reading.value, window), []),
                    skip,
                    use_events=reading.use_events,
                    under_age=reading.under_age,
                )


def _under(age_group: str, age: int) -> bool:
    for key, _low, high in AGE_GROUPS:
        if key == age_group:
            return high is not None and high < age
    return False


def _tally(
    rows: list[engine.Row],
    skip: Callable[[Any], bool],
    *,
    use_events: bool = False,
    under_age: int | None = None,
) -> Tally:
    tally = Tally()
    for row in rows:
        if skip(row.office_id):
            continue
        if under_age is not None and not _under(row.age_group, under_age):
            continue
        count = row.events if use_events else row.survivors
        tally.add(office_id=row.office_id, sex=row.sex, age_group=row.age_group, count=count)
    return tally


def activity_total(
    rule: ActivityTotal, *, user: Any, start: date, end: date, office_ids: list[Any]
) -> dict[Any, int] | None:
    """The other app's total by office, or None while it does not offer it."""
    return sources.activity_totals(
        rule.source, user=user, start=start, end=end, office_ids=office_ids
    )


def _add_activity_totals(
    measures: dict[str, list[Measure]],
    indicators: list[Indicator],
    windows: list[Period],
    offices: dict[Any, OfficeInfo],
    by_submission: set[Any],
    user: Any,
) -> None:
    for item in indicators:
        rule = item.rule
        if not isinstance(rule, ActivityTotal):
            continue
        skip = _skips(item, by_submission)
        counted = [pk for pk in offices if not skip(pk)]
        for window, measure in zip(windows, measures[item.code], strict=True):
            totals = activity_total(
                rule, user=user, start=window.start, end=window.end, office_ids=counted
            )
            if totals is None:
                measure.needs = rule.needs
                if item.partner_reports and by_submission:
                    measure.counts = Tally()  # partners' figures can still be shown
                continue
            tally = Tally()
            for office_id, number in totals.items():
                if office_id in offices and not skip(office_id):
                    tally.add(
                        office_id=office_id, sex=Sex.UNKNOWN, age_group=AGE_UNKNOWN, count=number
                    )
            measure.counts = tally


def _current_submissions(office_ids: set[Any], windows: list[Period]) -> list[PartnerSubmission]:
    if not office_ids:
        return []
    earliest = min(w.start for w in windows)
    latest = max(w.end for w in windows)
    return list(
        PartnerSubmission.objects.filter(
            office_id__in=office_ids,
            replaced_by__isnull=True,
            period_start__lte=latest,
            period_end__gte=earliest,
        )
        .prefetch_related(Prefetch("figures", queryset=PartnerFigure.objects.all()))
        .order_by("period_start")
    )


def uncovered(window: Period, covered: list[Period]) -> list[Period]:
    """The parts of `window` that none of `covered` (periods inside it) covers."""
    gaps = []
    cursor = window.start
    for part in sorted(covered):
        if part.start > cursor:
            gaps.append(Period(cursor, part.start - timedelta(days=1)))
        cursor = max(cursor, part.end + timedelta(days=1))
    if cursor <= window.end:
        gaps.append(Period(cursor, window.end))
    return gaps


def _add_submissions(
    measures: dict[str, list[Measure]],
    indicators: list[Indicator],
    windows: list[Period],
    offices: dict[Any, OfficeInfo],
    by_submission: set[Any],
) -> None:
    submissions = _current_submissions(by_submission, windows)
    reported = [item for item in indicators if item.partner_reports]
    for window_index, window in enumerate(windows):
        for office_id in sorted(by_submission, key=lambda pk: offices[pk].code):
            inside = [
                s
                for s in submissions
                if s.office_id == office_id and window.covers(Period(s.period_start, s.period_end))
            ]
            gaps = uncovered(window, [Period(s.period_start, s.period_end) for s in inside])
            for item in reported:
                measure = measures[item.code][window_index]
                if measure.counts is None:
                    measure.counts = Tally()
                measure.counts.by_office[office_id] += 0  # shown, even when nothing came yet
                for submission in inside:
                    for figure in submission.figures.all():
                        if figure.indicator == item.code:
                            measure.counts.add_submitted(figure, office_id=office_id)
                measure.awaited += [
                    Awaited(offices[office_id].code, gap.start, gap.end) for gap in gaps
                ]


# --- breakdowns ------------------------------------------------------------------------------


def breakdowns(tally: Tally, *, offices: dict[Any, OfficeInfo], dims: Iterable[str]) -> dict:
    """{dimension: {key: count}} with every office, country and strategy in scope listed."""
    dims = set(dims)
    result: dict[str, dict[str, int]] = {}
    if OFFICE in dims:
        result[OFFICE] = {o.code: tally.by_office.get(pk, 0) for pk, o in offices.items()}
    if COUNTRY in dims:
        countries: Counter[str] = Counter({o.country: 0 for o in offices.values()})
        for pk, count in tally.by_office.items():
            countries[offices[pk].country] += count
        result[COUNTRY] = dict(sorted(countries.items()))
    if STRATEGY in dims:
        strategies: Counter[str] = Counter({o.strategy: 0 for o in offices.values()})
        for pk, count in tally.by_office.items():
            strategies[offices[pk].strategy] += count
        result[STRATEGY] = {key: strategies[key] for key in STRATEGY_KEYS if key in strategies}
    if SEX in dims:
        result[SEX] = {key: tally.by_sex.get(key, 0) for key in SEX_KEYS}
    if "age_group" in dims:
        result["age_group"] = {key: tally.by_age.get(key, 0) for key in AGE_KEYS}
    return result
