"""A caseworker, in a real browser (Debian's Chromium driven by Playwright), signs in, finds a
survivor by another spelling of her name, and opens her case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mukti.accounts.roles import Role
from tests.factories import OfficeFactory, OrganisationFactory, TeamFactory, make_case, make_member

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery"

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        print(f"Chromium not found at {CHROMIUM}: browser test skipped")
        pytest.skip(f"Chromium not found at {CHROMIUM}: browser test skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_caseworker_finds_a_survivor_by_another_spelling_and_opens_her_case(
    transactional_db: None,
    temporary_keys: None,
    live_server: Any,
    browser_page: Any,
    tmp_path: Path,
) -> None:
    organisation = OrganisationFactory(name="Justice and Care", short_name="JC")
    team = TeamFactory(office=OfficeFactory(organisation=organisation, code="BD-KHU"))
    caseworker = make_member(
        role=Role.CASEWORKER, team=team, email="rina.caseworker@demo.mukti.test"
    )
    caseworker.is_demo_account = True
    caseworker.save(update_fields=["is_demo_account"])
    case = make_case(actor=caseworker)  # the survivor is Rina Akter
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(caseworker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/cases/")
    page.get_by_label("Search").fill("Reena Aktar")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=case.number).click()

    heading = page.get_by_role("heading", level=1)
    assert case.number in heading.inner_text()
    assert page.get_by_role("heading", name="Timeline").is_visible()
    page.screenshot(path=str(tmp_path / "case-page.png"), full_page=True)
    assert (tmp_path / "case-page.png").stat().st_size > 0
