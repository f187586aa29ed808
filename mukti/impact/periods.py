"""Reporting periods: half-years and financial years that start in the organisation's month,
and the earlier periods a figure is compared with.

The seed report's "20/21 H1" runs 1 Sep 2020 – 28 Feb 2021 because Justice and Care's
financial year starts in September; "growth on 19/20 HY average" compares it with the mean of
the two half-years of 19/20, which are the two half-years just before it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole days, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                {
                    "end": _(
                        "The period ends (%(end)s) before it starts (%(start)s): "
                        "give an end date on or after the start date."
                    )
                    % {"end": self.end.isoformat(), "start": self.start.isoformat()}
                }
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> int | None:
        """How many whole calendar months the period spans, or None if it does not start on
        the 1st and end on a month's last day."""
        if self.start.day != 1 or (self.end + timedelta(days=1)).day != 1:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def covers(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def shifted_back(self, steps: int = 1) -> Period:
        """The period of the same length `steps` periods earlier (by months when the period
        is made of whole months, so that half-years stay half-years)."""
        months = self.months()
        if months is not None:
            start = add_months(self.start, -months * steps)
            return Period(start, add_months(start, months) - timedelta(days=1))
        return Period(
            self.start - timedelta(days=self.days * steps),
            self.end - timedelta(days=self.days * steps),
        )

    def preceding(self, count: int) -> list[Period]:
        """The `count` periods of the same length just before this one, oldest first."""
        return [self.shifted_back(steps) for steps in range(count, 0, -1)]

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier), clamped to the month's end."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def financial_year_start(day: date, *, start_month: int) -> date:
    """The first day of the financial year that holds `day`."""
    year = day.year if day.month >= start_month else day.year - 1
    return date(year, start_month, 1)


def financial_year(day: date, *, start_month: int) -> Period:
    start = financial_year_start(day, start_month=start_month)
    return Period(start, add_months(start, 12) - timedelta(days=1))


def half_year(day: date, *, start_month: int) -> Period:
    """The half of the financial year that holds `day`."""
    year = financial_year(day, start_month=start_month)
    middle = add_months(year.start, 6)
    if day < middle:
        return Period(year.start, middle - timedelta(days=1))
    return Period(middle, year.end)


def quarter(day: date, *, start_month: int) -> Period:
    year_start = financial_year_start(day, start_month=start_month)
    months_in = (day.year - year_start.year) * 12 + day.month - year_start.month
    start = add_months(year_start, months_in - months_in % 3)
    return Period(start, add_months(start, 3) - timedelta(days=1))


def financial_year_label(period_start: date, *, start_month: int) -> str:
    """ "20/21" for a year starting in 2020 (or "2020" when the year is the calendar year)."""
    start = financial_year_start(period_start, start_month=start_month)
    if start_month == 1:
        return str(start.year)
    return f"{start.year % 100:02d}/{(start.year + 1) % 100:02d}"


def period_label(period: Period, *, start_month: int) -> str:
    """How staff name a period: "20/21 H1", "20/21", "20/21 Q3", or its two dates."""
    year = financial_year(period.start, start_month=start_month)
    label = financial_year_label(period.start, start_month=start_month)
    if period == year:
        return label
    if period == half_year(period.start, start_month=start_month):
        return f"{label} H{1 if period.start == year.start else 2}"
    if period == quarter(period.start, start_month=start_month):
        months_in = (period.start.year - year.start.year) * 12 + period.start.month
        return f"{label} Q{(months_in - year.start.month) // 3 + 1}"
    return f"{period.start.isoformat()} – {period.end.isoformat()}"


def last_complete_half_year(today: date, *, start_month: int) -> Period:
    """The most recent half-year that has ended by `today`."""
    current = half_year(today, start_month=start_month)
    return current.shifted_back(1)
