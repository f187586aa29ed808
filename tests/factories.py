"""Factories for Mukti's records. Persons and cases go through the services, so that what a
test builds is what a user would have built (tokens, blind indexes, history, events)."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from mukti.accounts.models import Membership, Office, Organisation, Team, User
from mukti.accounts.roles import ROLE_RULES, Role, Scope
from mukti.cases import services as case_services
from mukti.cases.models import Case
from mukti.people import services as people_services
from mukti.people.models import Person, Sex


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = factory.Sequence(lambda n: f"ORG{n}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Office {n}")
    code = factory.Sequence(lambda n: f"BD-O{n}")
    country = "BD"
    strategy = Office.Strategy.DIRECT


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@mukti.test")
    full_name = factory.Sequence(lambda n: f"Staff Member {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


def make_member(
    *,
    role: str = Role.CASEWORKER,
    team: Team | None = None,
    office: Office | None = None,
    scope: str | None = None,
    **user_fields: Any,
) -> User:
    """A user with one membership; the scope defaults to the role's own."""
    user = UserFactory(**user_fields)
    scope = scope or ROLE_RULES[role].default_scope
    if team is None and scope == Scope.TEAM:
        team = TeamFactory(office=office) if office else TeamFactory()
    office = office or (team.office if team else OfficeFactory())
    Membership.objects.create(user=user, office=office, team=team, role=role, scope=scope)
    return user


def make_person(
    *,
    actor: User,
    office: Office,
    given_name: str = "Rina",
    family_name: str = "Akter",
    sex: str = Sex.FEMALE,
    birth_date: date | None = date(2008, 3, 1),
    phone: str = "",
    **extra: Any,
) -> Person:
    return people_services.record_person(
        actor=actor,
        office=office,
        given_name=given_name,
        family_name=family_name,
        sex=sex,
        birth_date=birth_date,
        phone=phone,
        **extra,
    )


def make_case(
    *,
    actor: User,
    office: Office | None = None,
    team: Team | None = None,
    survivor: Person | None = None,
    opened_on: date = date(2026, 1, 15),
    **extra: Any,
) -> Case:
    """A case opened by `actor` (who becomes its lead worker)."""
    if office is None:
        membership = actor.memberships.select_related("office", "team").first()
        assert membership is not None
        office = membership.office
        team = team or membership.team
    survivor = survivor or make_person(actor=actor, office=office)
    return case_services.open_case(
        actor=actor, office=office, team=team, survivor=survivor, opened_on=opened_on, **extra
    )
