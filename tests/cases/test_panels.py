"""Sections that domain apps add to the case page, and entries they add to the menu."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import clear_url_caches, path

from mukti.accounts.permissions import readable_sections
from mukti.accounts.roles import Section
from mukti.audit.models import AccessLogEntry
from mukti.cases import panels
from mukti.cases.panels import add_case_panel, case_or_404, render_panel
from mukti.core import navigation
from mukti.core.navigation import add_menu_entry
from tests.cases.test_views import login
from tests.factories import make_case


def health_panel(request: HttpRequest, number: str) -> HttpResponse:
    case = case_or_404(request, number)
    return render_panel(
        request,
        case=case,
        title="Health",
        template="cases/_saved.html",
        context={"saved": "health records here"},
    )


urlpatterns = [path("panel/<str:number>/", health_panel, name="health_panel")]


@pytest.fixture
def health_section(settings) -> Iterator[None]:
    """A panel only roles reading the health section see, served by this module's URLs."""
    saved = dict(panels._PANELS)
    settings.ROOT_URLCONF = "tests.cases.test_panels"
    clear_url_caches()
    add_case_panel(
        key="health-records",
        title="Health records",
        url_name="health_panel",
        visible=lambda user, case: Section.HEALTH in readable_sections(user, case),
    )
    yield
    panels._PANELS.clear()
    panels._PANELS.update(saved)
    clear_url_caches()


# The test URLconf also serves the case page itself.
from mukti.urls import urlpatterns as _mukti_urls  # noqa: E402

urlpatterns += _mukti_urls


def test_a_panel_appears_on_the_case_page_and_loads_from_its_address(
    client: Client, story, health_section
):
    case = make_case(actor=story.caseworker)
    login(client, story.colleague)

    page = client.get(f"/cases/{case.number}/").content.decode()

    assert '<h2 id="health-records-heading">Health records</h2>' in page
    assert f'hx-get="/panel/{case.number}/"' in page
    fragment = client.get(f"/panel/{case.number}/", headers={"HX-Request": "true"})
    assert "health records here" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_without_javascript_the_panel_is_a_page_with_a_way_back(
    client: Client, story, health_section
):
    case = make_case(actor=story.caseworker)
    login(client, story.colleague)

    page = client.get(f"/panel/{case.number}/").content.decode()

    assert "<html" in page
    assert "health records here" in page
    assert f'href="/cases/{case.number}/"' in page
    views = AccessLogEntry.objects.filter(user=story.colleague, action="view")
    assert views.filter(object_id=str(case.pk)).count() == 1


def test_a_panel_is_hidden_from_a_role_that_may_not_read_it(client: Client, story, health_section):
    from mukti.accounts.roles import Role
    from tests.factories import make_member

    case = make_case(actor=story.caseworker)
    legal_officer = make_member(role=Role.LEGAL_OFFICER, office=story.office)
    login(client, legal_officer)

    page = client.get(f"/cases/{case.number}/").content.decode()

    assert "Health records" not in page


def test_a_panel_of_a_case_out_of_scope_is_a_404(client: Client, story, health_section):
    case = make_case(actor=story.caseworker)
    login(client, story.outsider)

    assert client.get(f"/panel/{case.number}/").status_code == 404
    assert AccessLogEntry.objects.filter(user=story.outsider, action="denied").exists()


def test_menu_entries_show_only_to_users_they_are_for(client: Client, story):
    saved = dict(navigation._ENTRIES)
    try:
        add_menu_entry(
            label="Everyone's cases",
            url_name="cases:list",
            visible=lambda user: user.email == story.caseworker.email,
        )
        login(client, story.caseworker)
        assert "Everyone&#x27;s cases" in client.get("/cases/").content.decode()
        login(client, story.colleague)
        assert "Everyone&#x27;s cases" not in client.get("/cases/").content.decode()
    finally:
        navigation._ENTRIES.clear()
        navigation._ENTRIES.update(saved)
