"""Targets, partner submissions, reports and publishing: what is stored, what is refused."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from mukti.cases.models import EventKind as K
from mukti.core.models import StaleEditError
from mukti.impact import selectors, services
from mukti.impact.models import (
    ImpactReport,
    NarrativeSection,
    PartnerFigure,
    PartnerSubmission,
    PublishedReport,
    Target,
)
from mukti.impact.periods import Period
from mukti.impact.spreadsheet import COLUMNS, SubmittedFigure, template
from tests.impact.factories import case_of, event

H1 = Period(date(2020, 9, 1), date(2021, 2, 28))
Q1 = Period(date(2020, 9, 1), date(2020, 11, 30))
Q2 = Period(date(2020, 12, 1), date(2021, 2, 28))


def target(impact, **changes):
    fields = {
        "actor": impact.me_officer,
        "organisation": impact.organisation,
        "programme": "Bangladesh prevention",
        "donor": "A foundation",
        "indicator_code": "improved_knowledge",
        "kind": Target.Kind.TOTAL,
        "target_value": Decimal(4800),
        "starts_on": date(2019, 4, 1),
        "due_on": date(2022, 3, 31),
    } | changes
    return services.create_target(**fields)


# --- targets -------------------------------------------------------------------------------


def test_a_target_for_an_unknown_indicator_is_refused_and_nothing_is_written(impact):
    with pytest.raises(ValidationError) as refused:
        target(impact, indicator_code="women_empowered")

    assert "There is no indicator with the code “women_empowered”." in str(refused.value)
    assert Target.objects.count() == 0


def test_a_target_due_before_it_starts_is_refused(impact):
    with pytest.raises(ValidationError) as refused:
        target(impact, due_on=date(2019, 1, 1))
    assert "due_on" in refused.value.error_dict


def test_a_rise_needs_a_baseline_before_counting_starts(impact):
    with pytest.raises(ValidationError):
        target(impact, indicator_code="children_removed", kind=Target.Kind.GROWTH)
    with pytest.raises(ValidationError):
        target(
            impact,
            indicator_code="children_removed",
            kind=Target.Kind.GROWTH,
            baseline_start=date(2019, 1, 1),
            baseline_end=date(2019, 12, 31),
        )


def test_a_caseworker_cannot_set_targets(impact):
    with pytest.raises(PermissionDenied):
        target(impact, actor=impact.story.caseworker)


def test_progress_of_a_total_target_counts_from_its_start(impact, time_machine):
    time_machine.move_to(date(2021, 3, 1))
    pm = impact.manager
    for day in (date(2019, 3, 1), date(2019, 6, 1), date(2020, 6, 1)):
        case = case_of(pm, opened_on=date(2019, 1, 2))
        event(pm, case, K.FOLLOW_UP, day)
    goal = target(
        impact,
        indicator_code="survivors_followed_up",
        target_value=Decimal(4),
        starts_on=date(2019, 4, 1),
    )

    progress = selectors.target_progress(impact.me_officer, target=goal)

    assert (progress.achieved, progress.percent_of_target) == (2.0, 50)
    assert progress.measured == Period(date(2019, 4, 1), date(2021, 3, 1))


def test_progress_of_a_rise_compares_the_latest_period_with_the_baseline(impact, time_machine):
    time_machine.move_to(date(2021, 3, 10))
    pm = impact.manager
    child = date(2008, 3, 1)
    from tests.impact.factories import survivor

    for day, count in ((date(2019, 6, 1), 5), (date(2020, 6, 1), 6)):
        for _ in range(count):
            person = survivor(pm, impact.office, birth_date=child)
            case = case_of(pm, person=person, opened_on=date(2019, 1, 2))
            event(pm, case, K.REMOVED_FROM_EXPLOITATION, day)
    goal = target(
        impact,
        indicator_code="children_removed",
        kind=Target.Kind.GROWTH,
        target_value=Decimal(20),
        starts_on=date(2020, 1, 1),
        baseline_start=date(2019, 1, 1),
        baseline_end=date(2019, 12, 31),
    )

    progress = selectors.target_progress(impact.me_officer, target=goal)

    assert progress.measured == Period(date(2020, 1, 1), date(2020, 12, 31))
    assert (progress.baseline_value, progress.achieved, progress.percent_of_target) == (
        5.0,
        20.0,
        100,
    )


# --- partner submissions -----------------------------------------------------------------


def submit(impact, period=Q1, actor=None, **figures):
    figures = figures or {"survivors_cared_for": SubmittedFigure(93, {"female": 80})}
    return services.submit_partner_figures(
        actor=actor or impact.partner, office=impact.india, period=period, figures=figures
    )


def test_partner_figures_replace_records_for_a_joint_office_and_q2_is_awaited(impact):
    pm_india = impact.partner  # partner staff record their own cases too
    event(pm_india, case_of(pm_india, impact.india), K.FOLLOW_UP, date(2020, 10, 1))
    event(pm_india, case_of(pm_india, impact.india), K.REPATRIATED, date(2020, 10, 1))
    submit(impact)

    data = selectors.indicator_data(
        impact.me_officer, organisation_id=impact.organisation.pk, period=H1
    )
    found = {item["code"]: item for item in data["indicators"]}
    cared = found["survivors_cared_for"]
    assert cared["value"] == 93
    assert cared["breakdowns"]["office"]["IN-KOL"] == 93
    assert cared["breakdowns"]["sex"]["female"] == 80
    assert cared["breakdowns"]["sex"]["unknown"] == 13
    assert cared["awaited"] == [{"office": "IN-KOL", "start": "2020-12-01", "end": "2021-02-28"}]
    assert cared["status"] == "partial"
    # The partner reports repatriations too, but sent none: nothing counted from records.
    assert found["survivors_repatriated"]["value"] == 0
    # Follow-up contacts are not partner-reported: the joint office's records count.
    assert found["follow_up_contacts"]["value"] == 1


def test_two_quarters_make_the_half_year_complete(impact):
    submit(impact, Q1)
    submit(impact, Q2, survivors_cared_for=SubmittedFigure(40))

    data = selectors.indicator_data(
        impact.me_officer, organisation_id=impact.organisation.pk, period=H1
    )
    cared = next(i for i in data["indicators"] if i["code"] == "survivors_cared_for")
    assert (cared["value"], cared["awaited"]) == (133, [])


def test_a_new_submission_for_the_same_period_replaces_the_old_one(impact):
    first = submit(impact)
    second = submit(impact, survivors_cared_for=SubmittedFigure(95))

    first.refresh_from_db()
    assert first.replaced_by == second
    assert selectors.submissions_visible_to(impact.me_officer).count() == 2


def test_a_split_larger_than_the_total_is_refused(impact):
    with pytest.raises(ValidationError):
        submit(impact, survivors_cared_for=SubmittedFigure(10, {"female": 8, "male": 5}))
    assert PartnerSubmission.objects.count() == 0


def test_partner_staff_of_another_office_cannot_submit(impact):
    from mukti.accounts.roles import Role
    from tests.factories import make_member

    elsewhere = make_member(role=Role.PARTNER_STAFF, office=impact.uk)
    with pytest.raises(PermissionDenied):
        submit(impact, actor=elsewhere)


def test_a_direct_office_does_not_submit_figures(impact):
    with pytest.raises(PermissionDenied):
        services.submit_partner_figures(
            actor=impact.me_officer,
            office=impact.office,
            period=Q1,
            figures={"survivors_cared_for": SubmittedFigure(3)},
        )


def filled_template(rows: dict[str, list], header=None) -> bytes:
    workbook = load_workbook(io.BytesIO(template()))
    sheet = workbook["figures"]
    if header is not None:
        for column, name in enumerate(header, start=1):
            sheet.cell(row=1, column=column, value=name)
    for row in sheet.iter_rows(min_row=2):
        values = rows.get(row[0].value)
        if values:
            for cell, value in zip(row[2:], values, strict=False):
                cell.value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_template_has_one_row_per_partner_indicator(impact):
    sheet = load_workbook(io.BytesIO(template()))["figures"]
    header = [cell.value for cell in sheet[1]]
    codes = [row[0].value for row in sheet.iter_rows(min_row=2)]

    assert tuple(header) == COLUMNS
    assert "survivors_cared_for" in codes and "police_engagement_share" not in codes


def test_a_filled_template_is_imported(impact):
    content = filled_template(
        {"survivors_cared_for": [93, 80, 13], "prosecutions_supported": [129]}
    )

    submission = services.import_partner_spreadsheet(
        actor=impact.partner, office=impact.india, period=Q1, content=content
    )

    figures = {f.indicator: f for f in submission.figures.all()}
    assert figures["survivors_cared_for"].value == 93
    assert figures["survivors_cared_for"].by_sex == {"female": 80, "male": 13}
    assert figures["prosecutions_supported"].value == 129
    assert submission.source == PartnerSubmission.Source.SPREADSHEET


def test_a_file_with_a_wrong_column_is_refused_with_the_reason_and_nothing_written(impact):
    header = list(COLUMNS)
    header[3] = "women"
    content = filled_template({"survivors_cared_for": [93]}, header=header)

    with pytest.raises(ValidationError) as refused:
        services.import_partner_spreadsheet(
            actor=impact.partner, office=impact.india, period=Q1, content=content
        )

    assert "The column “women” is not in the template." in " ".join(refused.value.messages)
    assert PartnerSubmission.objects.count() == PartnerFigure.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused(impact):
    with pytest.raises(ValidationError) as refused:
        services.import_partner_spreadsheet(
            actor=impact.partner, office=impact.india, period=Q1, content=b"name,phone\n"
        )
    assert "This is not an XLSX spreadsheet." in refused.value.messages


def test_a_negative_number_is_refused_with_its_row(impact):
    content = filled_template({"survivors_cared_for": [-3]})
    with pytest.raises(ValidationError) as refused:
        services.import_partner_spreadsheet(
            actor=impact.partner, office=impact.india, period=Q1, content=content
        )
    assert "column “total”" in " ".join(refused.value.messages)


# --- reports -------------------------------------------------------------------------------


def report(impact, **changes):
    fields = {
        "actor": impact.me_officer,
        "organisation": impact.organisation,
        "title": "Six-month impact report",
        "period": H1,
    } | changes
    return services.create_report(**fields)


def test_a_published_report_keeps_its_numbers_when_records_change(impact):
    pm = impact.manager
    case = case_of(pm)
    event(pm, case, K.REPATRIATED, date(2020, 10, 1))
    draft = report(impact)
    services.add_section(
        actor=impact.me_officer,
        report=draft,
        kind=NarrativeSection.Kind.CASE_STUDY,
        title="Case study: Julia*",
        body="Julia* was freed and has begun to engage with police.",
    )

    version = services.publish_report(actor=impact.me_officer, report=draft)
    event(pm, case_of(pm), K.REPATRIATED, date(2020, 11, 1))  # a record added later

    stored = PublishedReport.objects.get(pk=version.pk)
    published = {i["code"]: i for i in stored.figures["indicators"]}
    assert published["survivors_repatriated"]["value"] == 1
    today = selectors.report_data(impact.me_officer, report=draft)
    assert {i["code"]: i for i in today["indicators"]}["survivors_repatriated"]["value"] == 2
    assert selectors.published_narrative(stored)[0]["title"] == "Case study: Julia*"
    draft.refresh_from_db()
    assert draft.status == ImpactReport.Status.PUBLISHED


def test_publishing_again_makes_the_next_version_and_keeps_the_first(impact):
    draft = report(impact)
    first = services.publish_report(actor=impact.me_officer, report=draft)
    second = services.publish_report(actor=impact.me_officer, report=draft)

    assert (first.number, second.number) == (1, 2)
    assert list(selectors.published_versions(impact.donor, report=draft)) == [second, first]


def test_a_narrative_edit_on_an_old_copy_is_refused(impact):
    draft = report(impact)
    section = services.add_section(
        actor=impact.me_officer, report=draft, kind="key_wins", title="Key wins", body="One"
    )
    opened_version = section.version
    services.edit_section(
        actor=impact.manager,
        section=section,
        version=opened_version,
        kind="key_wins",
        title="Key wins",
        body="Two",
        position=10,
    )

    stale = NarrativeSection.objects.get(pk=section.pk)
    with pytest.raises(StaleEditError):
        services.edit_section(
            actor=impact.me_officer,
            section=stale,
            version=opened_version,
            kind="key_wins",
            title="Key wins",
            body="Three",
            position=10,
        )
    assert NarrativeSection.objects.get(pk=section.pk).body == "Two"


def test_narrative_is_encrypted_at_rest(impact):
    from django.db import connection

    draft = report(impact)
    services.add_section(
        actor=impact.me_officer, report=draft, kind="case_study", title="Jamila*", body="Fed"
    )
    services.publish_report(actor=impact.me_officer, report=draft)
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, body FROM impact_narrativesection")
        stored = cursor.fetchone()
        cursor.execute("SELECT narrative FROM impact_publishedreport")
        narrative = cursor.fetchone()[0]
    assert "Jamila" not in " ".join(stored) and "Jamila" not in narrative


def test_only_someone_who_counts_every_office_may_publish(impact):
    draft = report(impact, actor=impact.manager)  # offices: the whole organisation
    with pytest.raises(ValidationError):
        services.publish_report(actor=impact.manager, report=draft)
    assert PublishedReport.objects.count() == 0


def test_a_report_that_starts_in_the_future_is_refused(impact, time_machine):
    time_machine.move_to(date(2020, 8, 1))
    with pytest.raises(ValidationError):
        report(impact)


def test_a_period_ending_before_it_starts_is_refused_with_the_reason():
    with pytest.raises(ValidationError) as refused:
        Period(date(2021, 2, 28), date(2020, 9, 1))
    assert "ends (2020-09-01) before it starts (2021-02-28)" in refused.value.messages[0]
