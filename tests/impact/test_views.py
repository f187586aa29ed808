"""The impact pages as each role uses them: the M&E officer sees aggregates and no names, the
programme manager may open the records behind a number, the donor viewer sees published
reports only (small cells hidden), the caseworker and the outsider see nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from mukti.audit.models import AccessLogEntry
from mukti.cases.models import EventKind as K
from mukti.impact import services
from mukti.impact.models import PartnerSubmission, PublishedReport
from mukti.impact.periods import Period
from tests.cases.test_views import login
from tests.impact.factories import case_of, event

H1 = "period_start=2020-09-01&period_end=2021-02-28&baseline_periods=2"


@pytest.fixture
def repatriations(impact):
    """Seven survivors repatriated from Bangladesh and two from the UK in 20/21 H1."""
    cases = []
    for _ in range(7):
        case = case_of(impact.manager)
        event(impact.manager, case, K.REPATRIATED, date(2020, 10, 1))
        cases.append(case)
    for _ in range(2):
        event(
            impact.uk_manager,
            case_of(impact.uk_manager, impact.uk),
            K.REPATRIATED,
            date(2020, 11, 1),
        )
    return cases


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_me_officer_sees_every_indicator_and_no_name(client, impact, repatriations):
    login(client, impact.me_officer)

    html = page(client, f"/impact/?{H1}")

    assert "Survivors repatriated" in html
    assert "Headline achievements" in html
    assert "Rina" not in html and "Akter" not in html
    assert "/impact/records/?code=survivors_repatriated" in html


def test_the_me_officer_sees_how_many_records_but_not_which(client, impact, repatriations):
    login(client, impact.me_officer)

    html = page(client, f"/impact/records/?code=survivors_repatriated&{H1}")

    assert "9 survivors counted" in html
    assert "9 of them are in cases your role may not open" in html
    assert repatriations[0].number not in html
    assert not AccessLogEntry.objects.filter(user=impact.me_officer).exists()


def test_the_programme_manager_opens_the_records_behind_a_cell(client, impact, repatriations):
    login(client, impact.manager)

    html = page(client, f"/impact/records/?code=survivors_repatriated&{H1}&dim=office&key=BD-KHU")

    assert "7 survivors counted" in html
    assert all(case.number in html for case in repatriations)
    [row] = AccessLogEntry.objects.filter(user=impact.manager, object_type="cases.case")
    assert row.action == "list"


@pytest.mark.parametrize(
    "path",
    [
        "/impact/",
        "/impact/records/?code=survivors_repatriated&" + H1,
        "/impact/targets/",
        "/impact/export/",
        "/impact/reports/",
    ],
)
def test_a_caseworker_and_an_outsider_cannot_read_indicators(client, impact, path):
    for user in (impact.story.caseworker, impact.story.outsider):
        login(client, user)
        assert client.get(path).status_code == 403


def publish(impact) -> PublishedReport:
    report = services.create_report(
        actor=impact.me_officer,
        organisation=impact.organisation,
        title="Six-month impact report",
        period=Period(date(2020, 9, 1), date(2021, 2, 28)),
    )
    services.add_section(
        actor=impact.me_officer,
        report=report,
        kind="key_wins",
        title="Key wins",
        body="Record numbers repatriated.",
    )
    return services.publish_report(actor=impact.me_officer, report=report)


def test_the_donor_viewer_sees_published_reports_with_small_cells_hidden(
    client, impact, repatriations
):
    version = publish(impact)
    draft = services.create_report(
        actor=impact.me_officer,
        organisation=impact.organisation,
        title="Next half-year (draft)",
        period=Period(date(2021, 3, 1), date(2021, 8, 31)),
    )
    login(client, impact.donor)

    assert client.get("/impact/").url == "/impact/reports/"
    listing = page(client, "/impact/reports/")
    assert "Six-month impact report" in listing and "Next half-year" not in listing
    assert client.get(f"/impact/reports/{draft.pk}/").status_code == 404
    html = page(client, f"/impact/reports/{version.report_id}/v1/")
    assert "Record numbers repatriated." in html
    assert "&lt;5" in html  # the UK's 2 (and one more cell with it)
    assert "/impact/records/" not in html  # no way to the records
    assert client.get(f"/impact/reports/{version.report_id}/v1/changes/").status_code == 404


def test_a_donor_pdf_is_suppressed_too(client, impact, repatriations):
    version = publish(impact)
    login(client, impact.donor)

    response = client.get(f"/impact/reports/{version.report_id}/v1/download.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_staff_see_every_number_of_a_published_version_and_what_changed(
    client, impact, repatriations
):
    version = publish(impact)
    event(impact.manager, case_of(impact.manager), K.REPATRIATED, date(2020, 12, 1))
    login(client, impact.me_officer)

    html = page(client, f"/impact/reports/{version.report_id}/v1/")
    assert "&lt;5" not in html
    changes = page(client, f"/impact/reports/{version.report_id}/v1/changes/")
    assert "Survivors repatriated" in changes
    assert ">9<" in changes and ">10<" in changes


def test_the_me_officer_publishes_from_the_draft_page(client, impact):
    report = services.create_report(
        actor=impact.me_officer,
        organisation=impact.organisation,
        title="Six-month impact report",
        period=Period(date(2020, 9, 1), date(2021, 2, 28)),
    )
    login(client, impact.me_officer)
    assert "Publish this version" in page(client, f"/impact/reports/{report.pk}/")

    response = client.post(f"/impact/reports/{report.pk}/publish/")

    assert response.status_code == 302
    assert response.url == f"/impact/reports/{report.pk}/v1/"
    assert PublishedReport.objects.filter(report=report, number=1).exists()


def test_a_narrative_section_is_written_on_its_page(client, impact):
    report = services.create_report(
        actor=impact.me_officer,
        organisation=impact.organisation,
        title="Six-month impact report",
        period=Period(date(2020, 9, 1), date(2021, 2, 28)),
    )
    login(client, impact.me_officer)

    response = client.post(
        f"/impact/reports/{report.pk}/sections/new/",
        {"kind": "case_study", "title": "Case study: Jamila*", "body": "Fed.", "position": 20},
    )

    assert response.status_code == 302
    assert "Case study: Jamila*" in page(client, f"/impact/reports/{report.pk}/")


def test_a_target_for_an_unknown_indicator_is_refused_on_the_form(client, impact):
    login(client, impact.me_officer)

    response = client.post(
        "/impact/targets/new/",
        {
            "programme": "Bangladesh",
            "indicator": "nonsense",
            "kind": "total",
            "target_value": "450",
            "starts_on": "2019-04-01",
            "due_on": "2022-03-31",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_partner_uploads_a_spreadsheet_with_a_wrong_column_and_sees_why(client, impact):
    login(client, impact.partner)
    template = client.get("/impact/submissions/template.xlsx")
    workbook = load_workbook(io.BytesIO(template.content))
    workbook["figures"]["D1"] = "women"
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "figures.xlsx"

    response = client.post(
        "/impact/submissions/upload/",
        {
            "office": impact.india.pk,
            "period_start": "2020-09-01",
            "period_end": "2020-11-30",
            "file": out,
        },
    )

    assert response.status_code == 200
    assert "The column “women” is not in the template." in response.content.decode()
    assert PartnerSubmission.objects.count() == 0


def test_the_partner_submits_figures_by_the_form(client, impact):
    login(client, impact.partner)
    assert client.get("/impact/").url == "/impact/submissions/"

    response = client.post(
        "/impact/submissions/new/",
        {
            "office": impact.india.pk,
            "period_start": "2020-09-01",
            "period_end": "2020-11-30",
            "survivors_cared_for__total": "93",
            "survivors_cared_for__female": "80",
        },
    )

    assert response.status_code == 302
    [figure] = PartnerSubmission.objects.get().figures.all()
    assert (figure.indicator, figure.value, figure.by_sex) == (
        "survivors_cared_for",
        93,
        {"female": 80},
    )


def test_the_partner_cannot_read_indicators_or_reports(client, impact):
    login(client, impact.partner)
    assert client.get(f"/impact/records/?code=survivors_repatriated&{H1}").status_code == 403
    assert client.get("/impact/reports/").status_code == 403


def test_the_impact_menu_entry_shows_for_analytics_donors_and_partners(client, impact):
    for user, shown in (
        (impact.me_officer, True),
        (impact.donor, True),
        (impact.partner, True),
        (impact.story.caseworker, False),
    ):
        login(client, user)
        html = client.get("/impact/indicators/" if shown else "/").content.decode()
        assert ('href="/impact/"' in html) is shown


def test_the_export_page_refuses_a_file_that_fails_k_anonymity(client, impact, repatriations):
    from mukti.people.models import Sex
    from tests.impact.factories import survivor

    one_man = survivor(impact.manager, impact.office, sex=Sex.MALE, birth_date=date(1950, 1, 1))
    case_of(impact.manager, person=one_man)
    login(client, impact.me_officer)

    response = client.post(
        "/impact/export/",
        {"period_start": "2020-01-01", "period_end": "2020-12-31", "format": "ctdc"},
    )

    assert response.status_code == 200
    assert "The export is refused" in response.content.decode()
