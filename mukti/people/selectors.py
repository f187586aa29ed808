"""Reads of persons, always narrowed to what the acting user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from mukti.accounts.permissions import case_scope_q
from mukti.accounts.roles import Action, Scope
from mukti.accounts.selectors import memberships_allowing
from mukti.core.crypto import blind_index
from mukti.core.names import name_search_tokens
from mukti.people.models import Person, PersonNameToken, PersonPhone, Relationship


def phone_index(number: str) -> str:
    """Blind index of a phone number's last ten digits, so +880 1712… and 01712… match."""
    digits = "".join(c for c in number if c.isdigit())
    return blind_index(digits[-10:], purpose="phone")


def persons_visible_to(user: Any, *, action: str = Action.VIEW_PERSON) -> QuerySet[Person]:
    """Survivors of the cases the user reaches, their relatives, the persons the user
    recorded, and for office- or organisation-wide roles everyone their offices recorded."""
    from mukti.cases.models import Case

    memberships = memberships_allowing(user, action)
    if not memberships:
        return Person.objects.none()
    survivors = Case.objects.filter(case_scope_q(user, action)).values("survivor_id")
    relatives = Relationship.objects.filter(person_id__in=survivors).values("relative_id")
    # Persons the user recorded stay theirs to see before any case links them (a relative,
    # a survivor whose case is being opened).
    reach = Q(pk__in=survivors) | Q(pk__in=relatives) | Q(created_by=user)
    office_ids = {m.office_id for m in memberships if m.scope == Scope.OFFICE}
    organisation_ids = {
        m.office.organisation_id for m in memberships if m.scope == Scope.ORGANISATION
    }
    if office_ids:
        reach |= Q(office_id__in=office_ids)
    if organisation_ids:
        reach |= Q(office__organisation_id__in=organisation_ids)
    return Person.objects.filter(reach, archived_at__isnull=True)


def person_for(user: Any, *, person_id: Any) -> Person:
    """One person the user may see; Person.DoesNotExist otherwise (the view answers 404)."""
    return (
        persons_visible_to(user)
        .prefetch_related("names", "phones", "addresses", "consents", "identity_documents")
        .get(pk=person_id)
    )


def persons_named(user: Any, *, name: str, limit: int = 50) -> list[Person]:
    """Persons whose names sound like `name` (every word must match), best matches first."""
    tokens = name_search_tokens(name)
    if not tokens:
        return []
    matching = (
        PersonNameToken.objects.filter(token__in=tokens)
        .values("person_id")
        .annotate(hits=Count("token", distinct=True))
        .filter(hits=len(tokens))
        .values("person_id")
    )
    return list(persons_visible_to(user).filter(pk__in=matching).prefetch_related("names")[:limit])


def persons_with_phone(user: Any, *, phone: str) -> QuerySet[Person]:
    holders = PersonPhone.objects.filter(number_index=phone_index(phone)).values("person_id")
    return persons_visible_to(user).filter(pk__in=holders).prefetch_related("names")


@dataclass(frozen=True)
class PossibleDuplicates:
    """Persons who may already be known: those the user may see, and a count of the rest."""

    visible: list[Person]
    elsewhere: int


def possible_duplicates(
    user: Any, *, organisation_id: Any, name: str, birth_year: int | None = None
) -> PossibleDuplicates:
    """Before a new case is opened: is this person perhaps already in the organisation?

    Only a count is given for matches outside the user's scope, never who or where.
    """
    tokens = name_search_tokens(name)
    if not tokens:
        return PossibleDuplicates(visible=[], elsewhere=0)
    matching_ids = (
        PersonNameToken.objects.filter(token__in=tokens)
        .values("person_id")
        .annotate(hits=Count("token", distinct=True))
        .filter(hits=len(tokens))
        .values("person_id")
    )
    # Organisation-wide on purpose: the count below reveals only that a match exists.
    candidates = Person.objects.filter(
        pk__in=matching_ids, office__organisation_id=organisation_id, archived_at__isnull=True
    )
    if birth_year:
        candidates = candidates.filter(
            Q(birth_date__year__range=(birth_year - 3, birth_year + 3)) | Q(birth_date__isnull=True)
        )
    visible = list(
        persons_visible_to(user)
        .filter(pk__in=candidates.values("pk"))
        .prefetch_related("names")[:10]
    )
    return PossibleDuplicates(visible=visible, elsewhere=max(candidates.count() - len(visible), 0))


@dataclass(frozen=True)
class Relatives:
    """A person's relationships whose relative the user may see, and a count of the rest."""

    visible: list[Relationship]
    elsewhere: int


def relatives_of(user: Any, *, person: Person) -> Relatives:
    relationships = Relationship.objects.filter(person=person).order_by("kind", "created_at")
    visible = list(
        relationships.filter(relative__in=persons_visible_to(user))
        .select_related("relative")
        .prefetch_related("relative__names")
    )
    return Relatives(visible=visible, elsewhere=relationships.count() - len(visible))
