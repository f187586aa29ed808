from __future__ import annotations

import pytest
from django.urls import reverse

from mukti.accounts.roles import Role
from mukti.audit.models import AccessAction, AccessLogEntry
from mukti.audit.services import record_access
from tests.audit.factories import make_dpo, sign_in_with_two_factors
from tests.factories import make_case, make_member

URL = reverse("audit:access_log")
# Session, user, device, memberships, entries, the log write (savepoint, head, insert, head
# update, release), the menu's two permission reads, and the staff select.
QUERIES_PER_LOG_PAGE = 13


@pytest.fixture
def dpo(story):
    return make_dpo(office=story.office, full_name="Dana Protection")


@pytest.fixture
def dpo_client(client, dpo):
    sign_in_with_two_factors(client, dpo)
    return client


@pytest.fixture
def case(story):
    case = make_case(actor=story.caseworker)
    record_access(
        actor=story.colleague, action=AccessAction.VIEW, record=case, purpose="weekly review"
    )
    return case


def test_dpo_sees_who_read_which_record_and_why(dpo_client, case):
    response = dpo_client.get(URL)
    page = response.content.decode()
    assert "<h1>Access log</h1>" in page
    assert "Bob Caseworker" in page
    assert "weekly review" in page
    assert str(case.pk) in page
    assert f"?person={case.survivor_id}" in page
    # The log names records; it shows nothing of what they say.
    assert "Rina" not in page
    assert "Akter" not in page


def test_dpo_filters_by_staff_member(dpo_client, case, story):
    record_access(actor=story.caseworker, action=AccessAction.VIEW, record=case, purpose="visit")
    page = dpo_client.get(URL, {"user": str(story.caseworker.pk)}).content.decode()
    assert "visit" in page
    assert "weekly review" not in page


def test_dpo_filters_by_person(dpo_client, case, story):
    other = make_case(actor=story.caseworker)
    record_access(actor=story.caseworker, action=AccessAction.VIEW, record=other, purpose="other")
    page = dpo_client.get(URL, {"person": str(case.survivor_id)}).content.decode()
    assert "weekly review" in page
    assert ">other<" not in page
    assert "Reads of the records of person" in page


def test_an_unknown_person_id_is_explained(dpo_client, case):
    page = dpo_client.get(URL, {"person": "not-an-id"}).content.decode()
    assert "Enter a valid UUID." in page


def test_the_staff_select_lists_only_the_dpos_organisation(dpo_client, story):
    page = dpo_client.get(URL).content.decode()
    assert '<label for="id_user">Staff member:</label>' in page
    assert "Alice Caseworker" in page
    assert "Charlie Outsider" not in page


def test_reading_the_log_is_itself_logged(dpo_client, dpo, case):
    dpo_client.get(URL, {"person": str(case.survivor_id)})
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.user == dpo
    assert entry.action == AccessAction.VIEW
    assert entry.object_type == "audit.accesslog"
    assert entry.person_id == case.survivor_id
    assert entry.path == URL


def test_older_entries_are_one_link_away(dpo_client, case, story, settings):
    settings.MUKTI_PAGE_SIZE = 2
    for purpose in ["first read", "second read", "third read"]:
        record_access(actor=story.colleague, action=AccessAction.VIEW, record=case, purpose=purpose)
    newest = dpo_client.get(URL).content.decode()
    assert "third read" in newest
    assert "first read" not in newest
    older = dpo_client.get(URL, {"before": str(newest_before(newest))}).content.decode()
    assert "first read" in older
    assert "third read" not in older


def newest_before(page: str) -> int:
    marker = "?before="
    start = page.index(marker) + len(marker)
    return int(page[start : page.index('"', start)])


@pytest.mark.parametrize("who", ["caseworker", "outsider"])
def test_staff_without_the_dpo_role_get_404(client, story, case, who):
    sign_in_with_two_factors(client, getattr(story, who))
    response = client.get(URL)
    assert response.status_code == 404
    assert "weekly review" not in response.content.decode()


def test_an_me_officer_gets_404(client, story, case):
    client.force_login(make_member(role=Role.ME_OFFICER, office=story.office))
    response = client.get(URL)
    assert response.status_code == 404
    assert "weekly review" not in response.content.decode()


def test_another_organisations_dpo_sees_none_of_our_reads(client, story, case):
    other_dpo = make_dpo(office=story.outsider.memberships.get().office)
    sign_in_with_two_factors(client, other_dpo)
    page = client.get(URL).content.decode()
    assert "No reads match these filters." in page
    assert "weekly review" not in page
    assert "Bob Caseworker" not in page


def test_signed_out_visitor_is_sent_to_sign_in(client, case):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("reads", [1, 6])
def test_the_log_page_costs_the_same_few_queries_however_many_rows(
    dpo_client, case, story, reads, django_assert_num_queries
):
    for _ in range(reads):
        record_access(actor=story.caseworker, action=AccessAction.VIEW, record=case)
    with django_assert_num_queries(QUERIES_PER_LOG_PAGE):
        response = dpo_client.get(URL)
    assert response.content.decode().count("?person=") == reads + 1
