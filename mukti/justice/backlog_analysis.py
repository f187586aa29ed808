"""The analysis a government asks of a court backlog: how old the cases are, how many passed
the statutory limit, how long cases stay in each stage, where (court, district), and how
often hearings are adjourned.

Most cases in a backlog are still open, so the time a case spends in a stage is not known
for them, only that it is at least so long: Kaplan–Meier curves (lifelines) count those
cases as censored instead of dropping them or treating today as their end. Everything is
vectorised over the whole list (pandas, numpy), one Kaplan–Meier fit per stage.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from lifelines import KaplanMeierFitter
from lifelines.utils import qth_survival_time

from mukti.justice.backlog_import import STAGE_DATE_COLUMNS, STAGES, CaseList

# Age bands of open cases (years), as the Supreme Court reports them (over five years…).
AGE_BANDS = [(0, 1), (1, 2), (2, 3), (3, 5), (5, None)]
ADJOURNMENT_BANDS = [(0, 0), (1, 4), (5, 9), (10, 19), (20, None)]
# Points kept of each survival curve: enough for a smooth chart, small in JSON.
CURVE_POINTS = 150
# Stages whose time is measured: the case leaves them for a later one.
MEASURED_STAGES = ["complaint", "investigation", "charge_sheet", "trial"]


@dataclass(frozen=True)
class LimitRule:
    """A statutory limit as the analysis applies it (from a Deadline row)."""

    label: str
    from_stage: str
    until_stage: str
    days: int
    working_days: bool = True
    weekmask: str = "1111100"
    holidays: tuple[str, ...] = ()
    near_days: int = 30


@dataclass
class Progress:
    """Tells a background job how far the analysis has come (0–100)."""

    report: Callable[[int], None] | None = None
    steps: list[str] = field(default_factory=list)

    def __call__(self, percent: int) -> None:
        if self.report:
            self.report(percent)


def _days(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.days


def _median(values: pd.Series) -> float | None:
    return None if values.empty else float(values.median())


def _percentile(values: pd.Series, q: float) -> float | None:
    return None if values.empty else float(values.quantile(q))


def _band_label(low: int, high: int | None, unit: str) -> str:
    if high is None:
        return f"{low}+ {unit}"
    if high == low:
        return f"{low}"
    return f"{low}–{high} {unit}" if unit else f"{low}–{high}"


def _age_bands(ages_years: pd.Series) -> list[dict[str, Any]]:
    bands = []
    for low, high in AGE_BANDS:
        inside = ages_years >= low
        if high is not None:
            inside &= ages_years < high
        label = f"{low}–{high}" if high is not None else f"{low}+"
        bands.append({"band": label, "low": low, "high": high, "open": int(inside.sum())})
    return bands


def _elapsed(start: pd.Series, end: pd.Series, rule: LimitRule) -> pd.Series:
    """Days (working days if the law counts them) from start to end; NaN where unknown."""
    known = start.notna() & end.notna()
    result = pd.Series(np.nan, index=start.index)
    if not known.any():
        return result
    if not rule.working_days:
        result[known] = _days(end[known], start[known])
        return result
    begin = start[known].to_numpy(dtype="datetime64[D]")
    finish = end[known].to_numpy(dtype="datetime64[D]")
    counted = np.busday_count(begin, finish, weekmask=rule.weekmask, holidays=_holidays(rule))
    result[known] = counted
    return result


def _holidays(rule: LimitRule) -> np.ndarray:
    return np.array(list(rule.holidays), dtype="datetime64[D]")


def _due_dates(start: pd.Series, rule: LimitRule) -> pd.Series:
    if not rule.working_days:
        return start + pd.to_timedelta(rule.days, unit="D")
    known = start.notna()
    due = pd.Series(pd.NaT, index=start.index, dtype="datetime64[ns]")
    if known.any():
        offsets = np.busday_offset(
            start[known].to_numpy(dtype="datetime64[D]"),
            rule.days,
            roll="forward",
            weekmask=rule.weekmask,
            holidays=_holidays(rule),
        )
        due[known] = pd.to_datetime(offsets)
    return due


def _limits(cases: pd.DataFrame, rules: list[LimitRule], as_of: pd.Timestamp) -> list[dict]:
    """For each statutory limit: the cases it applies to, how many passed it (still open,
    and in all), and how many open cases will pass it soon."""
    results = []
    cases["passed_any_limit"] = False
    for rule in rules:
        start = cases[STAGE_DATE_COLUMNS[rule.from_stage]]
        reached = cases[STAGE_DATE_COLUMNS[rule.until_stage]]
        still_running = cases["open"] & reached.isna()
        end = reached.where(reached.notna(), cases["disposed_date"])
        end = end.where(end.notna() | ~cases["open"], as_of)
        elapsed = _elapsed(start, end, rule)
        applicable = start.notna() & elapsed.notna()
        passed = applicable & (elapsed > rule.days)
        passed_open = passed & still_running
        due = _due_dates(start, rule)
        near = (
            applicable
            & still_running
            & ~passed
            & (due - pd.to_timedelta(rule.near_days, unit="D") <= as_of)
        )
        cases["passed_any_limit"] |= passed_open
        results.append(
            {
                "label": rule.label,
                "from_stage": rule.from_stage,
                "until_stage": rule.until_stage,
                "days": rule.days,
                "working_days": rule.working_days,
                "applicable": int(applicable.sum()),
                "running": int((applicable & still_running).sum()),
                "passed_open": int(passed_open.sum()),
                "passed_all": int(passed.sum()),
                "near": int(near.sum()),
                "median_elapsed_open": _median(elapsed[applicable & still_running]),
            }
        )
    return results


def _curve(kmf: KaplanMeierFitter) -> list[list[float]]:
    """The survival curve at most CURVE_POINTS steps long: [[day, share still in stage]]."""
    survival = kmf.survival_function_.iloc[:, 0]
    if len(survival) > CURVE_POINTS:
        keep = np.unique(np.linspace(0, len(survival) - 1, CURVE_POINTS).astype(int))
        survival = survival.iloc[keep]
    return [[float(t), round(float(s), 4)] for t, s in survival.items()]


def _kaplan_meier(durations: pd.Series, left: pd.Series, label: str) -> dict[str, Any]:
    entered = int(len(durations))
    summary: dict[str, Any] = {
        "stage": label,
        "cases": entered,
        "left": int(left.sum()),
        "still_in": int(entered - left.sum()),
        "median_days": None,
        "p75_days": None,
        "curve": [],
    }
    if entered == 0:
        return summary
    kmf = KaplanMeierFitter()
    kmf.fit(durations.clip(lower=0).to_numpy(), event_observed=left.to_numpy(), label=label)
    median = kmf.median_survival_time_
    summary["median_days"] = None if math.isinf(median) else float(median)
    # The time by which three in four cases have left the stage (a slow stage has none).
    quartile = qth_survival_time(0.25, kmf.survival_function_)
    summary["p75_days"] = None if math.isinf(quartile) else float(quartile)
    summary["curve"] = _curve(kmf)
    return summary


def _censoring_end(cases: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Where a case's clock stops if it never moved on: its disposal, else today."""
    end = cases["disposed_date"].where(~cases["open"], pd.NaT)
    return end.where(end.notna(), as_of)


def _time_in_stages(cases: pd.DataFrame, as_of: pd.Timestamp) -> list[dict[str, Any]]:
    results = []
    censor_at = _censoring_end(cases, as_of)
    for position, stage in enumerate(MEASURED_STAGES):
        start = cases[STAGE_DATE_COLUMNS[stage]]
        later_columns = [STAGE_DATE_COLUMNS[s] for s in STAGES[position + 1 :]]
        left_on = cases[later_columns].bfill(axis=1).iloc[:, 0]
        entered = start.notna()
        end = left_on.where(left_on.notna(), censor_at)
        durations = _days(end[entered], start[entered])
        results.append(_kaplan_meier(durations, left_on[entered].notna(), stage))
    return results


def _to_verdict(cases: pd.DataFrame, as_of: pd.Timestamp) -> dict[str, Any]:
    verdict = cases["verdict_date"]
    end = verdict.where(verdict.notna(), _censoring_end(cases, as_of))
    return _kaplan_meier(_days(end, cases["filing_date"]), verdict.notna(), "filing_to_verdict")


def _breakdown(cases: pd.DataFrame, by: str) -> list[dict[str, Any]]:
    grouped = cases.groupby(by, sort=False)
    table = pd.DataFrame(
        {
            "cases": grouped.size(),
            "open": grouped["open"].sum(),
            "disposed": grouped["disposed"].sum(),
            "convicted": grouped["convicted"].sum(),
            "passed_limit": grouped["passed_any_limit"].sum(),
            "over_five_years": grouped["over_five_years"].sum(),
        }
    )
    open_ages = cases.loc[cases["open"]].groupby(by)["age_days"].median()
    table["median_age_days_open"] = open_ages
    table = table.sort_values(["open", "cases"], ascending=False)
    rows = []
    for name, row in table.iterrows():
        median = row["median_age_days_open"]
        rows.append(
            {
                "name": str(name),
                "cases": int(row["cases"]),
                "open": int(row["open"]),
                "disposed": int(row["disposed"]),
                "convicted": int(row["convicted"]),
                "passed_limit": int(row["passed_limit"]),
                "over_five_years": int(row["over_five_years"]),
                "median_age_days_open": None if pd.isna(median) else float(median),
            }
        )
    return rows


def _adjournments(cases: pd.DataFrame) -> dict[str, Any]:
    hearings, adjourned = int(cases["hearings"].sum()), int(cases["adjournments"].sum())
    per_court = cases.groupby("court", sort=False)[["hearings", "adjournments"]].sum()
    per_court = per_court[per_court["hearings"] > 0]
    per_court = per_court.assign(rate=per_court["adjournments"] / per_court["hearings"])
    per_court = per_court.sort_values("rate", ascending=False)
    bands = []
    for low, high in ADJOURNMENT_BANDS:
        inside = cases["adjournments"] >= low
        if high is not None:
            inside &= cases["adjournments"] <= high
        label = str(low) if high == low else (f"{low}–{high}" if high is not None else f"{low}+")
        bands.append({"band": label, "cases": int(inside.sum())})
    open_cases = cases[cases["open"]]
    by_age = []
    for band in _age_bands(open_cases["age_years"]):
        inside = open_cases["age_years"] >= band["low"]
        if band["high"] is not None:
            inside &= open_cases["age_years"] < band["high"]
        by_age.append(
            {
                "band": band["band"],
                "median_adjournments": _median(open_cases.loc[inside, "adjournments"]),
            }
        )
    return {
        "hearings": hearings,
        "adjournments": adjourned,
        "rate": adjourned / hearings if hearings else None,
        "median_per_open_case": _median(open_cases["adjournments"]),
        "distribution": bands,
        "by_open_case_age": by_age,
        "by_court": [
            {
                "name": str(name),
                "hearings": int(row["hearings"]),
                "adjournments": int(row["adjournments"]),
                "rate": float(row["rate"]),
            }
            for name, row in per_court.iterrows()
        ],
    }


def _by_year(cases: pd.DataFrame) -> list[dict[str, int]]:
    filed = cases.groupby(cases["filing_date"].dt.year).size()
    disposal = cases["disposed_date"].where(cases["disposed_date"].notna(), cases["verdict_date"])
    disposed = cases[cases["disposed"]].groupby(disposal[cases["disposed"]].dt.year).size()
    years = sorted(set(filed.index.dropna().astype(int)) | set(disposed.index.dropna().astype(int)))
    return [
        {"year": year, "filed": int(filed.get(year, 0)), "disposed": int(disposed.get(year, 0))}
        for year in years
    ]


def analyse(
    case_list: CaseList,
    *,
    as_of: date,
    limits: list[LimitRule],
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The whole analysis as JSON-ready data (numbers, lists and strings only)."""
    report = Progress(progress)
    cases = case_list.frame.copy()
    today = pd.Timestamp(as_of)
    cases["disposed"] = cases["outcome"] != ""
    cases["open"] = ~cases["disposed"]
    cases["convicted"] = cases["outcome"] == "convicted"
    ended = cases["disposed_date"].where(cases["disposed_date"].notna(), cases["verdict_date"])
    end_of_age = ended.where(cases["disposed"] & ended.notna(), today)
    cases["age_days"] = _days(end_of_age, cases["filing_date"])
    cases["age_years"] = cases["age_days"] / 365.25
    cases["over_five_years"] = cases["open"] & (cases["age_years"] >= 5)
    report(10)
    open_ages = cases.loc[cases["open"], "age_days"]
    outcomes = cases.loc[cases["disposed"], "outcome"].value_counts()
    decided = int(outcomes.sum())
    result: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "cases": int(len(cases)),
        "open": int(cases["open"].sum()),
        "disposed": int(cases["disposed"].sum()),
        "outcomes": {name: int(count) for name, count in outcomes.items()},
        "conviction_rate": (int(outcomes.get("convicted", 0)) / decided) if decided else None,
        "ages": {
            "median_days_open": _median(open_ages),
            "p90_days_open": _percentile(open_ages, 0.9),
            "oldest_days_open": None if open_ages.empty else float(open_ages.max()),
            "over_five_years_open": int(cases["over_five_years"].sum()),
            "bands": _age_bands(cases.loc[cases["open"], "age_years"]),
        },
        "open_by_stage": [
            {"stage": stage, "open": int(((cases["stage"] == stage) & cases["open"]).sum())}
            for stage in STAGES
        ],
    }
    result["limits"] = _limits(cases, limits, today)
    result["passed_any_limit_open"] = int(cases["passed_any_limit"].sum())
    report(30)
    result["time_in_stage"] = _time_in_stages(cases, today)
    report(60)
    result["filing_to_verdict"] = _to_verdict(cases, today)
    report(70)
    result["by_court"] = _breakdown(cases, "court")
    result["by_district"] = _breakdown(cases, "district")
    report(85)
    result["adjournments"] = _adjournments(cases) if case_list.has_hearing_counts else None
    result["by_year"] = _by_year(cases)
    report(100)
    return result
