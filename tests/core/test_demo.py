"""`mukti demo`: the seed documents' organisation, one login per role, believable cases, and
everything the services would have written for them (tokens, events, history, the chain)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command, get_commands
from django.db import connection, transaction

from mukti.accounts.models import Membership, Office, User
from mukti.accounts.roles import Role
from mukti.audit.models import ChangeLogEntry
from mukti.cases.models import Case, CaseEvent, CaseNumberSequence, EventKind
from mukti.cases.selectors import CaseFilters, case_page
from mukti.core.names import sound_key
from mukti.people.models import Person, PersonName

pytestmark = pytest.mark.django_db
PASSWORD = "demo-password-1"


def run_demo(**options: Any) -> str:
    out = StringIO()
    options = {"cases": 40, "seed": 1, "password": PASSWORD, **options}
    call_command("demo", stdout=out, **options)
    return out.getvalue()


class RolledBack(Exception):
    pass


def demo_cases_then_roll_back(seed: int) -> list[tuple[str, str]]:
    """Case numbers and survivor names of a demo run that leaves the database as it was."""
    try:
        with transaction.atomic():
            run_demo(seed=seed)
            cases = Case.objects.select_related("survivor").order_by("number")
            snapshot = [(c.number, c.survivor.display_name) for c in cases]
            raise RolledBack
    except RolledBack:
        return snapshot


def a_different_spelling(name: str) -> str:
    """The same name as another office might transliterate it: other vowels, same sounds."""
    words = []
    for word in name.split():
        respelt = word[0] + word[1:].replace("i", "ee").replace("e", "a").replace("u", "oo")
        assert sound_key(respelt.lower()) == sound_key(word.lower())
        words.append(respelt)
    return " ".join(words)


def test_demo_creates_the_offices_of_the_seed_documents() -> None:
    run_demo()

    offices = {o.code: o for o in Office.objects.select_related("organisation")}
    assert set(offices) == {"GB-LON", "RO-BUC", "BD-KHU", "BD-JSR", "IN-KOL", "TH-BKK"}
    assert {o.organisation.name for o in offices.values()} == {"Justice and Care"}
    assert offices["IN-KOL"].strategy == Office.Strategy.JOINT
    assert offices["IN-KOL"].partner_organisation.name == "Partner India"
    assert offices["TH-BKK"].partner_organisation.name == "Partner Thailand"
    assert offices["BD-KHU"].strategy == Office.Strategy.DIRECT
    assert all(office.teams.exists() for office in offices.values())


def test_demo_gives_every_role_a_login_with_the_printed_password() -> None:
    output = run_demo()

    for role in Role:
        member = Membership.objects.filter(role=role).select_related("user").first()
        assert member is not None, role
        assert member.user.is_demo_account
        assert member.user.check_password(PASSWORD)
        assert member.user.email in output
    caseworker = User.objects.get(email="caseworker@demo.mukti.test")
    assert caseworker.memberships.get().role == Role.CASEWORKER
    admin = User.objects.get(memberships__role=Role.SYSTEM_ADMINISTRATOR)
    assert admin.is_staff and not admin.is_superuser
    assert Membership.objects.filter(role=Role.PARTNER_STAFF, office__code="TH-BKK").exists()
    assert f"Password for every demo login: {PASSWORD}" in output


def test_demo_opens_cases_with_an_opening_event_a_lead_worker_and_numbers_in_sequence() -> None:
    run_demo()

    cases = list(Case.objects.prefetch_related("events", "assignments"))
    assert len(cases) == 40
    for case in cases:
        kinds = [e.kind for e in sorted(case.events.all(), key=lambda e: e.happened_on)]
        assert EventKind.OPENED in kinds
        assert kinds.count(EventKind.OPENED) == 1 and len(kinds) >= 2
        assert [a.is_lead for a in case.assignments.all()].count(True) == 1
        assert case.number.startswith(f"{case.office.code}-{case.opened_on.year}-")
    for sequence in CaseNumberSequence.objects.select_related("office"):
        prefix = f"{sequence.office.code}-{sequence.year}-"
        numbers = [int(c.number.rsplit("-", 1)[1]) for c in cases if c.number.startswith(prefix)]
        assert sequence.last_number == max(numbers) == len(numbers)


def test_demo_survivors_have_believable_details_and_encrypted_names() -> None:
    run_demo(cases=120)

    scripts = set(PersonName.objects.values_list("script", flat=True))
    assert "Beng" in scripts and "Latn" in scripts
    bengali = PersonName.objects.filter(script="Beng", is_primary=True).first()
    assert bengali.person.names.filter(kind=PersonName.Kind.TRANSLITERATION).exists()
    districts = set(Person.objects.values_list("addresses__district", flat=True))
    assert districts & {"Khulna", "Jessore", "Satkhira", "Narail", "Bagerhat"}
    survivors = Person.objects.filter(office__code="BD-KHU", cases__isnull=False)
    bangladesh_ages = [p.age_on(p.cases.get().opened_on) for p in survivors]
    assert any(age < 18 for age in bangladesh_ages)
    assert CaseEvent.objects.exclude(kind=EventKind.OPENED).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name FROM people_personname")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(value.startswith("m1.") for value in stored)


def test_demo_survivor_is_found_by_another_spelling_of_her_name() -> None:
    run_demo()
    # A survivor's name: the domain demos add people with no case (the accused, the missing).
    names = PersonName.objects.filter(script="Latn", person__cases__isnull=False)
    name = names.select_related("person").first()
    case = name.person.cases.get()
    lead = case.assignments.get(is_lead=True).user

    page = case_page(lead, filters=CaseFilters(query=a_different_spelling(name.full_name)))

    assert case in page.cases


@pytest.mark.skipif("audit" not in get_commands(), reason="no `mukti audit verify` yet")
def test_demo_history_verifies_in_the_change_chain() -> None:
    run_demo()
    out = StringIO()

    call_command("audit", "verify", stdout=out)

    assert "verified" in out.getvalue()
    assert ChangeLogEntry.objects.filter(history_model="people.historicalperson").count() == 40


def test_running_the_demo_twice_adds_nothing() -> None:
    run_demo()

    output = run_demo(seed=2)

    assert "Demo data exists" in output
    assert Case.objects.count() == 40
    assert User.objects.filter(email="caseworker@demo.mukti.test").count() == 1


def test_the_same_seed_gives_the_same_cases_and_survivors() -> None:
    first = demo_cases_then_roll_back(seed=7)
    second = demo_cases_then_roll_back(seed=7)
    other = demo_cases_then_roll_back(seed=8)

    assert first == second
    assert len(first) == 40
    assert first != other


def test_a_second_run_prints_the_logins_and_the_password_again() -> None:
    run_demo()
    again = run_demo(password=None)
    assert "Demo data exists" in again
    assert "caseworker@demo.mukti.test" in again
    assert f"Password for every demo login: {PASSWORD}" in again
