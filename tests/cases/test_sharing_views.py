"""A programme manager shares a case beyond its team, assigns workers, and takes both back."""

from mukti.accounts.roles import Role
from mukti.cases.models import CaseAssignment
from tests.cases.test_views import login
from tests.factories import make_case, make_member


def _manager(story):
    return make_member(role=Role.PROGRAMME_MANAGER, office=story.office, full_name="Priya Manager")


def test_a_manager_shares_a_case_with_someone_in_another_office_who_then_sees_it(client, story):
    case = make_case(actor=story.caseworker)
    login(client, _manager(story))

    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "Workers and sharing" in page

    client.post(
        f"/cases/{case.number}/shares/",
        {"share-email": story.outsider.email, "share-reason": "Cross-border repatriation"},
    )

    outsider = login(client.__class__(), story.outsider)
    shown = outsider.get(f"/cases/{case.number}/")
    assert shown.status_code == 200
    assert case.number in shown.content.decode()


def test_stopping_a_share_closes_the_case_to_them_again(client, story):
    case = make_case(actor=story.caseworker)
    manager = _manager(story)
    login(client, manager)
    client.post(
        f"/cases/{case.number}/shares/",
        {"share-email": story.outsider.email, "share-reason": "Joint investigation"},
    )
    share = case.shares.get()

    client.post(f"/cases/{case.number}/shares/{share.pk}/revoke/")

    outsider = login(client.__class__(), story.outsider)
    assert outsider.get(f"/cases/{case.number}/").status_code == 404


def test_sharing_needs_one_email_or_one_team_and_a_known_email(client, story):
    case = make_case(actor=story.caseworker)
    login(client, _manager(story))

    neither = client.post(
        f"/cases/{case.number}/shares/", {"share-reason": "x"}, follow=True
    ).content.decode()
    unknown = client.post(
        f"/cases/{case.number}/shares/",
        {"share-email": "nobody@example.org", "share-reason": "x"},
        follow=True,
    ).content.decode()

    assert "Give one staff member" in neither
    assert "No active staff member signs in with that email." in unknown
    assert not case.shares.exists()


def test_a_caseworker_may_not_share_or_assign(client, story):
    case = make_case(actor=story.caseworker)
    login(client, story.colleague)

    page = client.get(f"/cases/{case.number}/").content.decode()
    refused = client.post(
        f"/cases/{case.number}/shares/",
        {"share-email": story.outsider.email, "share-reason": "x"},
    )

    assert "Workers and sharing" not in page
    assert refused.status_code == 403
    assert not case.shares.exists()


def test_a_manager_assigns_a_colleague_and_ends_the_assignment(client, story):
    case = make_case(actor=story.caseworker)
    login(client, _manager(story))

    client.post(f"/cases/{case.number}/workers/", {"assign-worker": str(story.colleague.pk)})
    assignment = CaseAssignment.objects.get(case=case, user=story.colleague)
    assert assignment.ended_at is None

    client.post(f"/cases/{case.number}/workers/{assignment.pk}/end/")
    assignment.refresh_from_db()
    assert assignment.ended_at is not None


def test_an_outsider_cannot_be_assigned_to_another_offices_case(client, story):
    case = make_case(actor=story.caseworker)
    login(client, _manager(story))

    client.post(f"/cases/{case.number}/workers/", {"assign-worker": str(story.outsider.pk)})

    assert not CaseAssignment.objects.filter(case=case, user=story.outsider).exists()
