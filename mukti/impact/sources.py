"""Totals that live in other apps' records (prevention activities, justice's accused), read
through those apps' own selectors, office by office. Each answers None while the app does
not (yet) offer what it needs: the report then says which selector it waits for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from importlib import import_module
from typing import Any

from mukti.accounts.models import Office

Totals = dict[Any, int]
Source = Callable[..., Totals | None]


def _selector(app: str, function: str) -> Callable[..., Any] | None:
    try:
        selectors = import_module(f"mukti.{app}.selectors")
    except ModuleNotFoundError:
        return None
    return getattr(selectors, function, None)


def _prevention(
    measure: str, *, where: dict[str, str] | None = None
) -> Callable[..., Totals | None]:
    """A prevention measure by office, from `prevention_figures(user, start=, end=, by=)`,
    optionally only for the groups that match `where` (activity type, profession…)."""

    def totals(user: Any, *, start: date, end: date, office_ids: Sequence[Any]) -> Totals | None:
        figures = _selector("prevention", "prevention_figures")
        if figures is None:
            return None
        by = ("office", *(where or {}))
        rows = figures(user, start=start, end=end, by=by, office_ids=office_ids, with_labels=False)
        by_code = dict(Office.objects.filter(pk__in=office_ids).values_list("code", "pk"))
        result: Totals = {}
        for row in rows:
            if any(row.group.get(name) != value for name, value in (where or {}).items()):
                continue
            office_id = by_code.get(row.group["office"])
            if office_id is not None:
                result[office_id] = result.get(office_id, 0) + int(getattr(row, measure) or 0)
        return result

    return totals


def _justice(function: str) -> Callable[..., Totals | None]:
    def totals(user: Any, *, start: date, end: date, office_ids: Sequence[Any]) -> Totals | None:
        answer = _selector("justice", function)
        if answer is None:
            return None
        return dict(answer(user, start=start, end=end, office_ids=office_ids))

    return totals


SOURCES: dict[str, tuple[Source, str]] = {
    # key: (how to read it, the selector it needs)
    "people_educated": (
        _prevention("people_educated"),
        "mukti.prevention.selectors.prevention_figures",
    ),
    "professionals_trained": (
        _prevention("professionals_trained"),
        "mukti.prevention.selectors.prevention_figures",
    ),
    "border_guards_trained": (
        _prevention("professionals_trained", where={"profession": "border_guards"}),
        "mukti.prevention.selectors.prevention_figures",
    ),
    "people_improved": (
        _prevention("people_improved", where={"activity_type": "awareness_session"}),
        "mukti.prevention.selectors.prevention_figures",
    ),
    "campaign_reach_verified": (
        _prevention("people_reached_verified"),
        "mukti.prevention.selectors.prevention_figures",
    ),
    "accused_arrested": (
        _justice("accused_arrested_by_office"),
        "mukti.justice.selectors.accused_arrested_by_office(user, start=, end=, office_ids=)",
    ),
    "accused_convicted": (
        _justice("accused_convicted_by_office"),
        "mukti.justice.selectors.accused_convicted_by_office(user, start=, end=, office_ids=)",
    ),
}


def activity_totals(
    key: str, *, user: Any, start: date, end: date, office_ids: Sequence[Any]
) -> Totals | None:
    read, _needs = SOURCES[key]
    return read(user, start=start, end=end, office_ids=office_ids)


def needs(key: str) -> str:
    return SOURCES[key][1]
