"""The repatriation pages (mukti/repatriation/views.py) as Alice (caseworker), Bob (her
colleague), Charlie (the outsider) and the other roles use them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from mukti.accounts.roles import Role
from mukti.audit.models import AccessLogEntry
from mukti.cases.models import CaseEvent, EventKind
from mukti.repatriation.models import Blocker, Corridor, Repatriation, RepatriationStatus
from tests.cases.test_views import login
from tests.factories import make_case, make_member, make_person
from tests.repatriation.factories import corridor, finish_through, make_repatriation, steps_of

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


@pytest.fixture
def case(story):
    return make_case(actor=story.caseworker, opened_on=date(2026, 1, 15))


def panel_url(case) -> str:
    return f"/repatriation/cases/{case.number}/"


def _step_post(step, **dates) -> dict[str, str]:
    prefix = f"step-{step.pk}"
    data = {f"{prefix}-version": str(step.version), f"{prefix}-responsible_agency": ""}
    for name in ("planned_on", "started_on", "done_on"):
        value = dates.get(name, getattr(step, name))
        data[f"{prefix}-{name}"] = value.isoformat() if value else ""
    return data


# --- the case page and its panel ------------------------------------------------------------


def test_the_case_page_loads_the_repatriation_panel_for_those_who_manage_them(client, story, case):
    login(client, story.colleague)

    page = client.get(f"/cases/{case.number}/").content.decode()

    assert 'id="repatriation"' in page
    assert f'hx-get="{panel_url(case)}"' in page


def test_the_panel_offers_to_start_a_repatriation(client, story, case):
    login(client, story.caseworker)

    response = client.get(panel_url(case), headers=HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Start a repatriation" in page
    assert "India → Bangladesh" in page
    assert "<html" not in page  # a fragment for the case page


def test_without_javascript_the_panel_is_a_page_of_its_own(client, story, case):
    login(client, story.caseworker)

    page = client.get(panel_url(case)).content.decode()

    assert "<html" in page
    assert f"Back to case {case.number}" in page


def test_starting_a_repatriation_inline_shows_its_steps(client, story, case):
    login(client, story.caseworker)

    response = client.post(
        f"/repatriation/cases/{case.number}/start/",
        {"start-corridor": str(corridor().pk), "start-started_on": "2026-02-01"},
        headers=HTMX,
    )

    page = response.content.decode()
    assert "The repatriation has started." in page
    assert "Nationality verification" in page
    assert "Waiting on" in page
    assert Repatriation.objects.filter(case=case, status=RepatriationStatus.IN_PROGRESS).exists()


def test_starting_without_javascript_goes_back_to_the_panel_page(client, story, case):
    login(client, story.caseworker)

    response = client.post(
        f"/repatriation/cases/{case.number}/start/",
        {"start-corridor": str(corridor().pk), "start-started_on": "2026-02-01"},
    )

    assert response.status_code == 302
    assert response["Location"] == panel_url(case)


def test_a_start_before_the_case_opened_is_refused_next_to_the_date(client, story, case):
    login(client, story.caseworker)

    response = client.post(
        f"/repatriation/cases/{case.number}/start/",
        {"start-corridor": str(corridor().pk), "start-started_on": "2025-12-01"},
        headers=HTMX,
    )

    page = response.content.decode()
    assert "A repatriation cannot start before the case opened." in page
    assert not Repatriation.objects.exists()


def test_marking_a_step_done_inline_puts_it_on_the_timeline(client, story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]
    login(client, story.colleague)

    response = client.post(
        f"/repatriation/cases/{case.number}/steps/{step.pk}/",
        _step_post(step, done_on=date(2026, 2, 10)),
        headers=HTMX,
    )

    page = response.content.decode()
    assert "The step was saved." in page
    assert "Done in 9 days" in page
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REPATRIATION_STEP).count() == 1


def test_a_handover_before_the_travel_permit_is_refused_with_the_reason(client, story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    steps = finish_through(
        story.caseworker, repatriation, [date(2026, 2, 3), date(2026, 2, 20), date(2026, 5, 1)]
    )
    handover = steps[6]
    login(client, story.caseworker)

    response = client.post(
        f"/repatriation/cases/{case.number}/steps/{handover.pk}/",
        _step_post(handover, done_on=date(2026, 6, 1)),
        headers=HTMX,
    )

    page = response.content.decode()
    assert "“Repatriation order” is not done yet" in page
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.REPATRIATED).exists()


def test_an_edit_someone_else_saved_first_is_not_saved_and_says_so(client, story, case):
    step = steps_of(make_repatriation(actor=story.caseworker, case=case))[0]
    stale = _step_post(step, done_on=date(2026, 2, 10))
    finish_through(story.colleague, step.repatriation, [date(2026, 2, 5)])
    login(client, story.caseworker)

    response = client.post(
        f"/repatriation/cases/{case.number}/steps/{step.pk}/", stale, headers=HTMX
    )

    page = response.content.decode()
    assert "after you opened it" in page
    step.refresh_from_db()
    assert step.done_on == date(2026, 2, 5)


def test_documents_are_ticked_and_blockers_opened_and_resolved_inline(client, story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    step = steps_of(repatriation)[2]
    document = step.documents.get()
    login(client, story.caseworker)
    base = f"/repatriation/cases/{case.number}"

    client.post(
        f"{base}/documents/{document.pk}/",
        {
            f"doc-{document.pk}-version": "1",
            f"doc-{document.pk}-received": "on",
            f"doc-{document.pk}-received_on": "2026-04-01",
        },
        headers=HTMX,
    )
    page = client.post(
        f"{base}/steps/{step.pk}/blockers/",
        {
            f"blocker-{step.pk}-opened_on": "2026-04-02",
            f"blocker-{step.pk}-note": "The family moved; Special Branch is tracing them",
        },
        headers=HTMX,
    ).content.decode()

    assert "received on 1 Apr 2026" in page
    assert "The family moved; Special Branch is tracing them" in page
    blocker = Blocker.objects.get()
    page = client.post(
        f"{base}/blockers/{blocker.pk}/resolve/",
        {f"resolve-{blocker.pk}-version": "1", f"resolve-{blocker.pk}-resolved_on": "2026-05-01"},
        headers=HTMX,
    ).content.decode()
    assert "resolved on 1 May 2026" in page


def test_cancelling_needs_a_reason(client, story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    login(client, story.caseworker)
    url = f"/repatriation/cases/{case.number}/repatriations/{repatriation.pk}/cancel/"
    prefix = f"cancel-{repatriation.pk}"

    empty = client.post(
        url, {f"{prefix}-version": "1", f"{prefix}-cancelled_on": "2026-03-01"}, headers=HTMX
    )
    assert "This field is required." in empty.content.decode()
    page = client.post(
        url,
        {
            f"{prefix}-version": "1",
            f"{prefix}-cancelled_on": "2026-03-01",
            f"{prefix}-reason": "Chose to stay",
        },
        headers=HTMX,
    ).content.decode()

    assert "The repatriation was cancelled." in page
    assert "Chose to stay" in page
    assert "Start a repatriation" in page


def test_the_outsider_gets_404_everywhere_and_each_attempt_is_logged(client, story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    step = steps_of(repatriation)[0]
    login(client, story.outsider)

    assert client.get(panel_url(case)).status_code == 404
    response = client.post(
        f"/repatriation/cases/{case.number}/steps/{step.pk}/",
        _step_post(step, done_on=date(2026, 2, 10)),
    )
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(user=story.outsider, action="denied").count() == 2
    step.refresh_from_db()
    assert step.done_on is None


def test_a_step_of_another_case_is_not_reached_through_this_one(client, story, case):
    other = make_case(actor=story.caseworker)
    step = steps_of(make_repatriation(actor=story.caseworker, case=other))[0]
    login(client, story.caseworker)

    response = client.post(
        f"/repatriation/cases/{case.number}/steps/{step.pk}/",
        _step_post(step, done_on=date(2026, 2, 10)),
    )

    assert response.status_code == 404


def test_a_reader_without_the_right_sees_the_repatriation_but_no_form(client, story, case):
    counsellor = make_member(role=Role.COUNSELLOR, office=story.office)
    from mukti.cases.services import assign_worker

    assign_worker(actor=story.caseworker, case=case, worker=counsellor, check=False)
    login(client, counsellor)
    assert 'id="repatriation"' not in client.get(f"/cases/{case.number}/").content.decode()

    make_repatriation(actor=story.caseworker, case=case)
    page = client.get(panel_url(case), headers=HTMX).content.decode()

    assert 'id="repatriation"' in client.get(f"/cases/{case.number}/").content.decode()
    assert "Nationality verification" in page
    assert "<form" not in page


def test_reading_the_panel_is_logged_as_a_view_of_the_case(client, story, case):
    login(client, story.colleague)

    client.get(panel_url(case), headers=HTMX)

    [row] = AccessLogEntry.objects.filter(user=story.colleague, action="view")
    assert (row.object_type, row.object_id) == ("cases.case", str(case.pk))


# --- who is waiting -------------------------------------------------------------------------


def _waiting_case(story, *, name: str, started_on: date, done: list[date]):
    survivor = make_person(actor=story.caseworker, office=story.office, given_name=name)
    case = make_case(actor=story.caseworker, survivor=survivor, opened_on=date(2025, 1, 1))
    repatriation = make_repatriation(actor=story.caseworker, case=case, started_on=started_on)
    finish_through(story.caseworker, repatriation, done)
    return case


def test_the_waiting_list_shows_who_waits_on_what_for_how_long(client, story):
    stuck = _waiting_case(
        story, name="Mina", started_on=date(2026, 1, 10), done=[date(2026, 1, 20), date(2026, 2, 1)]
    )
    recent = _waiting_case(story, name="Shirin", started_on=date(2026, 11, 20), done=[])
    login(client, story.colleague)

    response = client.get("/repatriation/")

    page = response.content.decode()
    assert page.index(stuck.number) < page.index(recent.number)  # longest waiting first
    assert "Mina Akter" in page
    assert "Nationality verification" in page
    assert "by 205 days" in page  # 90 days from 1 Feb: due 2 May
    [row] = AccessLogEntry.objects.filter(user=story.colleague, action="list")
    assert row.object_type == "repatriation.repatriation"


def test_the_waiting_list_filters_overdue_and_by_corridor(client, story):
    stuck = _waiting_case(story, name="Mina", started_on=date(2026, 1, 10), done=[])
    fresh = _waiting_case(story, name="Shirin", started_on=date(2026, 11, 20), done=[])
    login(client, story.caseworker)

    overdue = client.get("/repatriation/", {"overdue": "yes"}).content.decode()
    on_time = client.get("/repatriation/", {"overdue": "no"}).content.decode()
    romania = client.get("/repatriation/", {"corridor": str(corridor("GB-RO").pk)}).content.decode()

    assert stuck.number in overdue and fresh.number not in overdue
    assert fresh.number in on_time and stuck.number not in on_time
    assert stuck.number not in romania and "No repatriation in progress" in romania


def test_the_waiting_list_pages_by_key(client, story, settings):
    settings.MUKTI_PAGE_SIZE = 2
    numbers = [
        _waiting_case(
            story, name=f"Name{i}", started_on=date(2026, 3, 1) + timedelta(days=i), done=[]
        ).number
        for i in range(3)
    ]
    login(client, story.caseworker)

    first = client.get("/repatriation/", {"sort": "started"})
    page = first.content.decode()
    assert numbers[0] in page and numbers[1] in page and numbers[2] not in page
    after = first.context["next_query"]
    second = client.get(f"/repatriation/?{after}").content.decode()
    assert numbers[2] in second and numbers[0] not in second
    assert "First page" in second


def test_the_outsider_sees_nobody_waiting(client, story):
    _waiting_case(story, name="Mina", started_on=date(2026, 1, 10), done=[])
    login(client, story.outsider)

    page = client.get("/repatriation/").content.decode()

    assert "Mina" not in page
    assert "No repatriation in progress" in page


# --- corridors ---------------------------------------------------------------------------------


@pytest.fixture
def manager(story):
    return make_member(role=Role.PROGRAMME_MANAGER, office=story.office)


def _formset(steps: list[dict], *, initial: int = 0) -> dict[str, str]:
    data = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(initial),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, step in enumerate(steps):
        for name, value in step.items():
            if isinstance(value, list):
                continue
            data[f"steps-{index}-{name}"] = str(value)
    return data


def test_a_programme_manager_adds_a_corridor(client, manager):
    login(client, manager)
    data = {"from_country": "MY", "to_country": "BD", "qualifier": ""}
    data.update(
        _formset(
            [
                {"position": 1, "name": "Embassy informed", "target_days": 10, "milestone": "step"},
                {"position": 2, "name": "Flight", "target_days": 20, "milestone": "repatriated"},
                {"position": "", "name": "", "target_days": "", "milestone": "step"},
            ]
        )
    )
    data["steps-1-documents"] = "travel_document"

    response = client.post("/repatriation/corridors/new/", data)

    assert response.status_code == 302
    malaysia = Corridor.objects.get(code="MY-BD")
    steps = list(malaysia.current_template.steps.order_by("position"))
    assert [(s.name, s.target_days, s.documents) for s in steps] == [
        ("Embassy informed", 10, []),
        ("Flight", 20, ["travel_document"]),
    ]


def test_changing_the_steps_saves_a_new_version(client, story, manager):
    in_bd = corridor()
    login(client, manager)
    form = client.get(f"/repatriation/corridors/{in_bd.code}/steps/").context["formset"]
    steps = [dict(f.initial) for f in form.forms if f.initial]
    steps[2]["target_days"] = 60
    data = _formset(steps, initial=len(steps))
    data["version"] = str(in_bd.version)

    response = client.post(f"/repatriation/corridors/{in_bd.code}/steps/", data)

    assert response.status_code == 302
    in_bd.refresh_from_db()
    assert in_bd.current_template.number == 2
    assert in_bd.current_template.steps.get(position=3).target_days == 60
    page = client.get(f"/repatriation/corridors/{in_bd.code}/").content.decode()
    assert "Version 1, made on" in page


def test_a_repatriation_officer_reads_corridors_but_cannot_change_them(client, story):
    officer = make_member(role=Role.REPATRIATION_OFFICER, office=story.office)
    login(client, officer)

    page = client.get("/repatriation/corridors/").content.decode()

    assert "India → Bangladesh" in page and "United Kingdom → Romania" in page
    assert "Add a corridor" not in page
    assert client.get("/repatriation/corridors/new/").status_code == 403
    assert client.get("/repatriation/corridors/IN-BD/steps/").status_code == 403


# --- analytics ------------------------------------------------------------------------------------


def test_analytics_show_a_chart_and_the_table_without_names(client, story):
    me_officer = make_member(role=Role.ME_OFFICER, office=story.office)
    _waiting_case(
        story,
        name="Mina",
        started_on=date(2026, 9, 1),
        done=[date(2026, 9, 11), date(2026, 9, 30)],
    )
    login(client, me_officer)

    response = client.get(
        "/repatriation/analytics/",
        {"period": "custom", "start": "2026-09-01", "end": "2026-11-23"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and 'aria-labelledby="chart-IN-BD"' in page
    assert "Identification in an Indian shelter home" in page
    assert "Mina" not in page
    assert not AccessLogEntry.objects.filter(user=me_officer).exists()


def test_a_custom_period_needs_both_dates_the_right_way_round(client, story):
    login(client, make_member(role=Role.ME_OFFICER, office=story.office))

    page = client.get(
        "/repatriation/analytics/",
        {"period": "custom", "start": "2026-09-01", "end": "2026-08-01"},
    ).content.decode()

    assert "The period ends before it starts." in page


# --- who reaches which page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "panel", "start", "waiting", "analytics", "corridors", "configure"),
    [
        (Role.CASEWORKER, 200, 200, 200, 403, 200, 403),
        (Role.REPATRIATION_OFFICER, 200, 200, 200, 200, 200, 403),
        (Role.PROGRAMME_MANAGER, 200, 200, 200, 200, 200, 200),
        (Role.COUNSELLOR, 404, 404, 403, 403, 403, 403),
        (Role.LEGAL_OFFICER, 200, 403, 403, 200, 200, 403),
        (Role.ME_OFFICER, 404, 404, 403, 200, 200, 403),
        (Role.PARTNER_STAFF, 200, 403, 403, 403, 403, 403),
        (Role.DONOR_VIEWER, 404, 404, 403, 403, 403, 403),
        (Role.DATA_PROTECTION_OFFICER, 404, 404, 403, 403, 403, 403),
        (Role.SYSTEM_ADMINISTRATOR, 404, 404, 403, 403, 403, 403),
    ],
)
def test_who_reaches_which_page(
    client, story, case, role, panel, start, waiting, analytics, corridors, configure
):
    """Office-wide roles reach the case; the counsellor only cases assigned to her."""
    user = make_member(role=role, team=story.team, office=story.office)
    login(client, user)

    started = client.post(
        f"/repatriation/cases/{case.number}/start/",
        {"start-corridor": str(corridor().pk), "start-started_on": "2026-02-01"},
        headers=HTMX,
    )
    assert client.get(panel_url(case), headers=HTMX).status_code == panel
    assert started.status_code == start
    assert client.get("/repatriation/").status_code == waiting
    assert client.get("/repatriation/analytics/").status_code == analytics
    assert client.get("/repatriation/corridors/").status_code == corridors
    assert client.get("/repatriation/corridors/new/").status_code == configure
    assert Repatriation.objects.filter(case=case).exists() == (start == 200)


def test_the_menu_shows_repatriations_to_those_who_manage_them(client, story):
    login(client, story.caseworker)
    page = client.get("/").content.decode()
    assert 'href="/repatriation/"' in page
    assert 'href="/repatriation/analytics/"' not in page

    login(client, make_member(role=Role.ME_OFFICER, office=story.office))
    page = client.get("/").content.decode()
    assert 'href="/repatriation/"' not in page
    assert 'href="/repatriation/analytics/"' in page


def test_the_panel_and_the_shipped_step_names_are_in_bengali(client, story, case, settings):
    make_repatriation(actor=story.caseworker, case=case)
    login(client, story.caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"

    page = client.get(panel_url(case), headers=HTMX).content.decode()

    assert "ভারত → বাংলাদেশ" in page
    assert "জাতীয়তা যাচাই" in page  # Nationality verification
    assert "ধাপটি সংরক্ষণ করুন" in page  # Save the step
    assert "Nationality verification" not in page


# --- query counts ----------------------------------------------------------------------------


def _queries(client, url, **kwargs) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **kwargs).status_code == 200
    return len(queries)


def test_the_waiting_list_costs_the_same_with_more_rows(client, story):
    login(client, story.caseworker)
    _waiting_case(story, name="Mina", started_on=date(2026, 3, 1), done=[])
    few = _queries(client, "/repatriation/")
    for i in range(4):
        _waiting_case(story, name=f"Name{i}", started_on=date(2026, 3, 2), done=[])

    assert _queries(client, "/repatriation/") == few


def test_the_panel_costs_the_same_with_more_done_steps_and_blockers(client, story, case):
    repatriation = make_repatriation(actor=story.caseworker, case=case)
    login(client, story.caseworker)
    few = _queries(client, panel_url(case), headers=HTMX)
    steps = finish_through(
        story.caseworker, repatriation, [date(2026, 2, 3), date(2026, 2, 20), date(2026, 5, 1)]
    )
    from mukti.repatriation import services

    services.open_blocker(
        actor=story.caseworker, step=steps[3], opened_on=date(2026, 6, 1), note="Waiting"
    )

    assert _queries(client, panel_url(case), headers=HTMX) == few
