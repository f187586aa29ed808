"""`mukti impact report` and `mukti impact export` from the command line."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from mukti.cases.models import EventKind as K
from mukti.impact.models import ReportingSettings
from tests.impact.factories import case_of, event


def run(tmp_path, *args):
    out = tmp_path / "report.out"
    call_command("impact", *args, "--organisation", "Justice and Care", "--out", str(out))
    return out


def test_json_has_each_indicators_code_value_baseline_growth_and_breakdowns(impact, tmp_path):
    ReportingSettings.objects.create(organisation=impact.organisation, financial_year_start_month=9)
    pm = impact.manager
    for day in (date(2019, 10, 1), date(2020, 4, 1), date(2020, 10, 1), date(2020, 11, 1)):
        event(pm, case_of(pm, opened_on=date(2019, 1, 2)), K.REPATRIATED, day)

    out = run(tmp_path, "report", "--from", "2020-09-01", "--to", "2021-02-28", "--format", "json")

    data = json.loads(out.read_text())
    assert data["period"]["label"] == "20/21 H1"
    assert [p["label"] for p in data["baseline_periods"]] == ["19/20 H1", "19/20 H2"]
    found = {item["code"]: item for item in data["indicators"]}
    repatriated = found["survivors_repatriated"]
    assert (repatriated["value"], repatriated["baseline"], repatriated["growth"]) == (2, 1.0, 100)
    assert repatriated["breakdowns"]["office"]["BD-KHU"] == 2
    assert set(repatriated["breakdowns"]) == {"office", "country", "strategy", "sex", "age_group"}
    for item in data["indicators"]:
        assert {"code", "value", "baseline", "growth", "breakdowns"} <= set(item)


def test_a_period_that_ends_before_it_starts_is_refused_with_the_reason(impact, tmp_path):
    with pytest.raises(CommandError) as refused:
        run(tmp_path, "report", "--from", "2021-02-28", "--to", "2020-09-01")

    assert "ends (2020-09-01) before it starts (2021-02-28)" in str(refused.value)
    assert not (tmp_path / "report.out").exists()


def test_html_and_pdf_come_from_the_same_template(impact, tmp_path):
    html = run(tmp_path, "report", "--from", "2020-09-01", "--to", "2021-02-28", "--format", "html")
    assert "Headline achievements" in html.read_text()
    assert "<svg" in html.read_text()
    pdf = run(tmp_path, "report", "--from", "2020-09-01", "--to", "2021-02-28", "--format", "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_bad_date_is_refused(impact, tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path, "report", "--from", "1 Sep 2020", "--to", "2021-02-28")


def test_the_export_needs_a_user_and_refuses_a_small_file(impact, tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path, "export", "--from", "2020-01-01", "--to", "2020-12-31")
    case_of(impact.manager, opened_on=date(2020, 3, 1))
    with pytest.raises(CommandError) as refused:
        run(
            tmp_path,
            "export",
            "--from",
            "2020-01-01",
            "--to",
            "2020-12-31",
            "--as",
            impact.me_officer.email,
        )
    assert "fewer than k" in str(refused.value)
