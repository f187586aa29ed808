"""The rescue pages and the case-page panels, as Alice (caseworker), Bob (her colleague),
a programme manager and Charlie (the outsider) use them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mukti.accounts.roles import Role
from mukti.audit.models import AccessLogEntry
from mukti.cases.models import Case, EventKind
from mukti.identification import services
from mukti.identification.models import (
    Indicator,
    ObservedIndicator,
    Outcome,
    Referral,
    ReferralStatus,
    RescuedPerson,
    RescueOperation,
    Screening,
)
from tests.cases.test_views import login
from tests.factories import make_case, make_member
from tests.identification.factories import (
    ADULTS,
    ILO,
    make_operation,
    make_referral,
    make_screening,
)

HTMX = {"HX-Request": "true"}


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def alice(client: Client, story) -> Client:
    return login(client, story.caseworker)


@pytest.fixture
def manager(story):
    return make_member(role=Role.PROGRAMME_MANAGER, office=story.office, full_name="Mahmuda")


# --- the operations list ------------------------------------------------------------------


def test_the_menu_offers_rescues_to_those_who_read_cases(alice, story):
    assert 'href="/identification/rescues/"' in page(alice.get("/"))


def test_the_menu_hides_rescues_from_the_me_officer(client, story):
    login(client, make_member(role=Role.ME_OFFICER, office=story.office))

    assert "/identification/rescues/" not in page(client.get("/"))
    assert client.get("/identification/rescues/").status_code == 403


def test_the_list_shows_the_offices_operations_latest_first(alice, story, case, child_case):
    older = make_operation(
        actor=story.caseworker, office=story.office, operation_on=date(2026, 1, 5)
    )
    newer = make_operation(actor=story.caseworker, office=story.office)
    services.add_rescued_case(actor=story.caseworker, operation=newer, case=case)
    services.add_rescued_case(actor=story.caseworker, operation=newer, case=child_case)

    html = page(alice.get("/identification/rescues/"))

    assert html.index(str(newer.pk)) < html.index(str(older.pk))
    assert "Border Guards Bangladesh" in html
    assert "BGB-SAT-2026-014" in html
    assert '<td data-label="People removed">2</td>' in html
    assert '<td data-label="Minors">1</td>' in html
    assert "Kalaroa" not in html  # the place is shown on the operation's own page only


def test_the_list_filters_by_agency_and_dates(alice, story):
    bgb = make_operation(actor=story.caseworker, office=story.office)
    police = make_operation(
        actor=story.caseworker,
        office=story.office,
        agency="police",
        operation_on=date(2025, 12, 1),
    )

    by_agency = page(alice.get("/identification/rescues/", {"agency": "police"}))
    by_date = page(alice.get("/identification/rescues/", {"date_from": "2026-01-01"}))

    assert str(police.pk) in by_agency and str(bgb.pk) not in by_agency
    assert str(bgb.pk) in by_date and str(police.pk) not in by_date


def test_the_list_pages_by_key(alice, story, settings):
    settings.MUKTI_PAGE_SIZE = 2
    days = [date(2026, 1, d) for d in (3, 2, 1)]
    ids = [
        make_operation(actor=story.caseworker, office=story.office, operation_on=d).pk for d in days
    ]

    first = alice.get("/identification/rescues/")
    html = page(first)
    assert str(ids[0]) in html and str(ids[1]) in html and str(ids[2]) not in html
    after = first.context["page"].next_cursor
    second = page(alice.get("/identification/rescues/", {"after": after}))
    assert str(ids[2]) in second and str(ids[0]) not in second


def test_the_outsider_sees_no_operation_of_another_organisation(client, story):
    operation = make_operation(actor=story.caseworker, office=story.office)
    login(client, story.outsider)

    assert str(operation.pk) not in page(client.get("/identification/rescues/"))
    response = client.get(f"/identification/rescues/{operation.pk}/")
    assert response.status_code == 404
    denied = AccessLogEntry.objects.get(user=story.outsider, action="denied")
    assert denied.object_type == "identification.rescueoperation"


# --- one operation ------------------------------------------------------------------------


def test_an_operation_names_only_the_people_whose_cases_you_may_read(client, story, case):
    operation = make_operation(actor=story.caseworker, office=story.office)
    services.add_rescued_case(actor=story.caseworker, operation=operation, case=case)
    other_team = make_member(role=Role.CASEWORKER, office=story.office)
    their_case = make_case(actor=other_team)
    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office)
    services.add_rescued_case(actor=manager, operation=operation, case=their_case)
    login(client, story.caseworker)

    html = page(client.get(f"/identification/rescues/{operation.pk}/"))

    assert case.number in html and "Rina Akter" in html
    assert their_case.number not in html
    assert "1 more person's case is outside what you may see." in html
    assert "Near the Kalaroa crossing" in html
    views = AccessLogEntry.objects.filter(user=story.caseworker, action="view")
    assert {(v.object_type, v.object_id) for v in views} == {
        ("identification.rescueoperation", str(operation.pk)),
        ("cases.case", str(case.pk)),
    }
    assert views.get(object_type="cases.case").person_id == case.survivor_id


def test_recording_an_operation_then_adding_people(alice, story, case):
    response = alice.post(
        "/identification/rescues/new/",
        {
            "office": story.office.pk,
            "kind": "rescue",
            "operation_on": "2026-02-12",
            "agency": "police",
            "reference": "GD 417",
            "country": "BD",
            "district": "Jessore",
            "place": "A house in Benapole",
            "notes": "",
        },
    )
    operation = RescueOperation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/identification/rescues/{operation.pk}/"

    added = alice.post(
        f"/identification/rescues/{operation.pk}/people/add/",
        {"mode": "existing", "case_number": case.number.lower()},
    )
    assert added.status_code == 302
    opened = alice.post(
        f"/identification/rescues/{operation.pk}/people/add/",
        {
            "mode": "new",
            "given_name": "Shila",
            "script": "Latn",
            "sex": "female",
            "estimated_age": "15",
            "age_estimated_on": "2026-02-12",
            "risk": "high",
        },
    )
    assert opened.status_code == 302
    rescued = RescuedPerson.objects.get(opened_case=True)
    assert rescued.case.opened_on == date(2026, 2, 12)
    assert rescued.is_minor is True
    html = page(alice.get(f"/identification/rescues/{operation.pk}/"))
    assert "Shila" in html and "Rina Akter" in html and "Opened at this operation" in html


def test_a_future_operation_is_refused_in_plain_words(alice, story):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = alice.post(
        "/identification/rescues/new/",
        {
            "office": story.office.pk,
            "kind": "rescue",
            "operation_on": tomorrow.isoformat(),
            "agency": "other",
            "country": "BD",
        },
    )

    html = page(response)
    assert "The date cannot be in the future." in html
    assert not RescueOperation.objects.exists()


def test_a_case_out_of_reach_cannot_be_added(client, story, case):
    operation = make_operation(actor=story.caseworker, office=story.office)
    other_team = make_member(role=Role.CASEWORKER, office=story.office)
    login(client, other_team)

    response = client.post(
        f"/identification/rescues/{operation.pk}/people/add/",
        {"mode": "existing", "case_number": case.number},
    )

    assert "No case with this number that you may work on." in page(response)
    assert not RescuedPerson.objects.exists()


def test_an_operation_changed_meanwhile_shows_what_differs(alice, story):
    operation = make_operation(actor=story.caseworker, office=story.office)
    services.update_operation(
        actor=story.colleague,
        operation=operation,
        expected_version=operation.version,
        details=services.OperationDetails(
            kind="interception",
            operation_on=date(2026, 2, 10),
            country="BD",
            agency="bgb",
            reference="BGB-NEW",
        ),
    )

    response = alice.post(
        f"/identification/rescues/{operation.pk}/edit/",
        {
            "kind": "interception",
            "operation_on": "2026-02-10",
            "agency": "bgb",
            "country": "BD",
            "reference": "BGB-MINE",
            "version": "1",
        },
    )

    html = page(response)
    assert "This record was changed by Bob Caseworker" in html
    assert "BGB-NEW" in html and "BGB-MINE" in html
    operation.refresh_from_db()
    assert operation.reference == "BGB-NEW"


def test_a_counsellor_reads_operations_but_cannot_record_them(client, story):
    operation = make_operation(actor=story.caseworker, office=story.office)
    login(client, make_member(role=Role.COUNSELLOR, office=story.office))

    assert client.get(f"/identification/rescues/{operation.pk}/").status_code == 200
    assert client.get("/identification/rescues/new/").status_code == 403
    assert client.get(f"/identification/rescues/{operation.pk}/edit/").status_code == 403


# --- the screenings panel -----------------------------------------------------------------


def test_the_case_page_offers_the_identification_panels(alice, story, case):
    html = page(alice.get(f"/cases/{case.number}/"))

    assert f'hx-get="/identification/cases/{case.number}/screenings/"' in html
    assert f'hx-get="/identification/cases/{case.number}/referrals/"' in html
    assert "/rescues/" not in html.split("<main")[1]  # no rescue yet: no rescues panel


def test_a_screening_is_chosen_filled_in_and_recorded(alice, story, case):
    url = f"/identification/cases/{case.number}/screenings/"
    start = page(alice.get(url, headers=HTMX))
    assert "ILO/EC operational indicators of trafficking, adults (2009)" in start
    assert "<html" not in start

    form = page(alice.get(url, {"checklist": ADULTS}, headers=HTMX))
    assert "<legend>Deceptive recruitment</legend>" in form
    assert "Debt bondage (strong)" in form

    chosen = Indicator.objects.filter(
        indicator_set__code=ADULTS,
        code__in=["dr-nature-of-job", "dr-wages", "ec-excessive-hours", "ec-low-or-no-salary"]
        + ["cd-confiscation-of-documents", "cd-debt-bondage"],
    )
    response = alice.post(
        f"{url}add/",
        {
            "checklist": ADULTS,
            "screened_on": "2026-02-01",
            "screener": story.colleague.pk,
            "indicators": [str(i.pk) for i in chosen],
            "outcome": Outcome.PRESUMED_VICTIM,
            "outcome_reason": "Deceived and held by debt",
        },
        headers=HTMX,
    )

    html = page(response)
    assert "The screening was recorded." in html
    assert "Observed: 4 strong, 2 medium and 0 weak indicators." in html
    assert "The checklist's rule suggests:</strong> Presumed victim of trafficking" in html
    screening = Screening.objects.get()
    assert screening.screener == story.colleague
    assert case.events.filter(kind=EventKind.SCREENED).exists()


def test_a_screening_with_a_future_date_is_refused_in_the_panel(alice, story, case):
    response = alice.post(
        f"/identification/cases/{case.number}/screenings/add/",
        {
            "checklist": ILO,
            "screened_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "screener": story.caseworker.pk,
            "outcome": Outcome.NEEDS_MORE_ASSESSMENT,
            "outcome_reason": "Too early to say",
        },
        headers=HTMX,
    )

    assert "The date cannot be in the future." in page(response)
    assert not Screening.objects.exists()


def test_sexual_exploitation_answers_are_hidden_from_the_caseworker(client, story, case, manager):
    make_screening(
        actor=manager, case=case, set_code=ILO, codes=["deception", "physical-and-sexual-violence"]
    )
    url = f"/identification/cases/{case.number}/screenings/"

    login(client, story.caseworker)
    seen_by_caseworker = page(client.get(url, headers=HTMX))
    form_for_caseworker = page(client.get(url, {"checklist": ILO}, headers=HTMX))
    client.logout()
    login(client, manager)
    seen_by_manager = page(client.get(url, headers=HTMX))

    assert "Deception" in seen_by_caseworker
    assert "Physical and sexual violence" not in seen_by_caseworker
    assert "1 indicator observed." in seen_by_caseworker
    assert "shown only to the roles that need them" in seen_by_caseworker
    assert "Physical and sexual violence" not in form_for_caseworker
    assert "Physical and sexual violence" in seen_by_manager
    assert "2 indicators observed." in seen_by_manager


def test_a_screening_is_edited_inline(alice, story, case):
    screening = make_screening(actor=story.caseworker, case=case, set_code=ILO, codes=["deception"])
    url = f"/identification/cases/{case.number}/screenings/{screening.pk}/edit/"
    deception = Indicator.objects.get(indicator_set__code=ILO, code="deception")
    bondage = Indicator.objects.get(indicator_set__code=ILO, code="debt-bondage")

    form = page(alice.get(url, headers=HTMX))
    assert f'value="{deception.pk}"' in form and "checked" in form

    response = alice.post(
        url,
        {
            "screened_on": "2026-02-02",
            "screener": story.caseworker.pk,
            "indicators": [str(bondage.pk)],
            "outcome": Outcome.NEEDS_MORE_ASSESSMENT,
            "outcome_reason": "Debt, no deception after all",
            "version": str(screening.version),
        },
        headers=HTMX,
    )

    assert "The screening was saved." in page(response)
    current = ObservedIndicator.objects.filter(withdrawn_at__isnull=True)
    assert [o.indicator.code for o in current] == ["debt-bondage"]


def test_without_javascript_the_panel_is_a_page_and_saving_returns_to_the_case(alice, story, case):
    url = f"/identification/cases/{case.number}/screenings/"
    standalone = page(alice.get(url))
    assert "<html" in standalone and f"Back to case {case.number}" in standalone

    response = alice.post(
        f"{url}add/",
        {
            "checklist": ILO,
            "screened_on": "2026-02-01",
            "screener": story.caseworker.pk,
            "outcome": Outcome.NOT_A_VICTIM,
            "outcome_reason": "Working voluntarily, paid",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.number}/#screenings"


def test_read_only_roles_see_screenings_without_forms(client, story, case):
    make_screening(actor=story.caseworker, case=case)
    legal = make_member(role=Role.LEGAL_OFFICER, office=story.office)
    login(client, legal)
    url = f"/identification/cases/{case.number}/screenings/"

    html = page(client.get(url, headers=HTMX))

    assert "Presumed victim of trafficking" in html
    assert "Screen this survivor with" not in html
    assert "Edit this screening" not in html
    refused = client.post(f"{url}add/", {"checklist": ILO}, headers=HTMX)
    assert refused.status_code == 403


def test_the_outsider_gets_404_for_the_panels(client, story, case):
    login(client, story.outsider)

    for panel in ("screenings", "referrals", "rescues"):
        response = client.get(f"/identification/cases/{case.number}/{panel}/", headers=HTMX)
        assert response.status_code == 404
        assert "Rina" not in page(response)


def test_a_screening_of_another_case_is_a_404(alice, story, case):
    other = make_case(actor=story.caseworker)
    screening = make_screening(actor=story.caseworker, case=other, set_code=ILO, codes=[])

    response = alice.get(
        f"/identification/cases/{case.number}/screenings/{screening.pk}/edit/", headers=HTMX
    )

    assert response.status_code == 404


# --- the referrals panel ------------------------------------------------------------------


def test_an_nrm_referral_is_recorded_and_its_decisions_shown(alice, story, case):
    url = f"/identification/cases/{case.number}/referrals/"

    response = alice.post(
        f"{url}add/",
        {
            "kind": "uk_nrm",
            "referred_on": "2026-02-03",
            "referred_to": "Single Competent Authority",
            "reasonable_grounds": "positive",
            "reasonable_grounds_on": "2026-02-09",
        },
        headers=HTMX,
    )

    html = page(response)
    assert "The referral was recorded." in html
    assert "To the UK National Referral Mechanism" in html
    assert "Positive · 9 Feb 2026" in html
    assert "(6 days after the referral)" in html
    assert Referral.objects.get().status == ReferralStatus.MADE


def test_a_conclusive_grounds_decision_before_the_reasonable_one_is_refused(alice, story, case):
    response = alice.post(
        f"/identification/cases/{case.number}/referrals/add/",
        {
            "kind": "uk_nrm",
            "referred_on": "2026-02-03",
            "reasonable_grounds": "positive",
            "reasonable_grounds_on": "2026-02-09",
            "conclusive_grounds": "positive",
            "conclusive_grounds_on": "2026-02-05",
        },
        headers=HTMX,
    )

    assert "The conclusive-grounds decision is before the reasonable-grounds decision." in page(
        response
    )
    assert not Referral.objects.exists()


def test_a_referral_is_accepted_from_the_panel(alice, story, case):
    referral = make_referral(actor=story.caseworker, case=case)
    url = f"/identification/cases/{case.number}/referrals/{referral.pk}/edit/"

    form = page(alice.get(url, headers=HTMX))
    assert '<option value="completed"' not in form  # not reachable from "made"

    response = alice.post(
        url,
        {
            "kind": "shelter",
            "referred_on": "2026-02-03",
            "referred_to": "Safe home, Jessore",
            "status": "accepted",
            "status_on": "2026-02-04",
            "version": str(referral.version),
        },
        headers=HTMX,
    )

    assert "The referral was saved." in page(response)
    assert "Accepted on" in page(response)
    referral.refresh_from_db()
    assert (referral.status, referral.answered_on) == ("accepted", date(2026, 2, 4))


def test_the_rescues_panel_links_the_survivors_operations(alice, story, child_case):
    operation = make_operation(actor=story.caseworker, office=story.office)
    services.add_rescued_case(actor=story.caseworker, operation=operation, case=child_case)

    case_page = page(alice.get(f"/cases/{child_case.number}/"))
    panel = page(alice.get(f"/identification/cases/{child_case.number}/rescues/", headers=HTMX))

    assert f'hx-get="/identification/cases/{child_case.number}/rescues/"' in case_page
    assert f'href="/identification/rescues/{operation.pk}/"' in panel
    assert "a minor then" in panel


def test_panels_load_without_growing_queries(alice, story, case, django_assert_max_num_queries):
    for day in range(1, 4):
        make_screening(actor=story.caseworker, case=case, screened_on=date(2026, 2, day))
        make_referral(actor=story.caseworker, case=case, referred_on=date(2026, 2, day))
    url = f"/identification/cases/{case.number}/"

    with django_assert_max_num_queries(30):
        alice.get(f"{url}screenings/", headers=HTMX)
    with django_assert_max_num_queries(20):
        alice.get(f"{url}referrals/", headers=HTMX)
    assert Case.objects.count() == 1
