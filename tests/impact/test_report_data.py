"""Small-cell suppression for outside readers, and what changed since publication."""

from __future__ import annotations

from datetime import date

from mukti.cases.models import EventKind as K
from mukti.impact.report_data import differences, suppress
from mukti.impact.selectors import indicator_data
from tests.impact.factories import case_of, event
from tests.impact.test_indicators import H1


def item(data, code):
    return next(i for i in data["indicators"] if i["code"] == code)


def repatriations(impact, *, bangladesh: int, uk: int) -> dict:
    for _ in range(bangladesh):
        event(impact.manager, case_of(impact.manager), K.REPATRIATED, date(2020, 10, 1))
    for _ in range(uk):
        uk_case = case_of(impact.uk_manager, impact.uk)
        event(impact.uk_manager, uk_case, K.REPATRIATED, date(2020, 10, 1))
    return indicator_data(impact.me_officer, organisation_id=impact.organisation.pk, period=H1)


def test_cells_under_five_are_hidden_and_a_second_cell_with_them(impact):
    data = repatriations(impact, bangladesh=9, uk=2)

    shown = item(suppress(data, threshold=5), "survivors_repatriated")

    assert shown["value"] == 11
    # UK's 2 is hidden; BD's 9 too, or it would give UK's away as 11 - 9.
    assert shown["breakdowns"]["office"] == {"BD-KHU": "<5", "GB-LON": "<5", "IN-KOL": 0}
    assert shown["breakdowns"]["sex"]["female"] == 11
    assert shown["growth"] is None or isinstance(shown["growth"], int)


def test_a_small_total_hides_its_breakdowns_and_growth(impact):
    data = repatriations(impact, bangladesh=3, uk=0)

    shown = item(suppress(data, threshold=5), "survivors_repatriated")

    assert shown["value"] == "<5"
    assert shown["growth"] is None
    assert shown["breakdowns"]["office"]["BD-KHU"] == "<5"
    assert shown["breakdowns"]["sex"]["female"] == "<5"
    assert shown["breakdowns"]["sex"]["male"] == 0


def test_the_threshold_is_configurable(impact):
    data = repatriations(impact, bangladesh=9, uk=6)

    assert (
        item(suppress(data, threshold=5), "survivors_repatriated")["breakdowns"]["office"]["GB-LON"]
        == 6
    )
    assert (
        item(suppress(data, threshold=11), "survivors_repatriated")["breakdowns"]["office"][
            "GB-LON"
        ]
        == "<11"
    )


def test_a_share_on_a_small_population_is_hidden_and_its_counts_dropped(impact):
    pm = impact.manager
    case = case_of(pm)
    event(pm, case, K.FOLLOW_UP, date(2020, 10, 1))
    event(pm, case, K.ENGAGED_WITH_POLICE, date(2020, 10, 2))
    data = indicator_data(impact.me_officer, organisation_id=impact.organisation.pk, period=H1)

    shown = item(suppress(data, threshold=5), "police_engagement_share")

    assert shown["value"] == "<5"
    assert "numerator" not in shown and "fractions" not in shown


def test_suppression_leaves_the_original_untouched(impact):
    data = repatriations(impact, bangladesh=2, uk=0)
    suppress(data, threshold=5)
    assert item(data, "survivors_repatriated")["value"] == 2


def test_differences_name_each_number_that_changed(impact):
    before = repatriations(impact, bangladesh=2, uk=0)
    after = repatriations(impact, bangladesh=1, uk=0)

    changes = [c for c in differences(before, after) if c["code"] == "survivors_repatriated"]

    assert {"part": "value", "key": "", "published": 2, "today": 3} in [
        {k: c[k] for k in ("part", "key", "published", "today")} for c in changes
    ]
    assert any(c["part"] == "office" and c["key"] == "BD-KHU" for c in changes)
