"""What each role may do, whose records it reaches by default, and which restricted
sections it reads. Configuration as data: change a row here, not a branch in code."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker / social worker")
    COUNSELLOR = "counsellor", _("Counsellor")
    LEGAL_OFFICER = "legal_officer", _("Legal officer / navigator")
    REPATRIATION_OFFICER = "repatriation_officer", _("Repatriation officer")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager / country director")
    ME_OFFICER = "me_officer", _("M&E officer")
    PARTNER_STAFF = "partner_staff", _("Partner organisation staff")
    DONOR_VIEWER = "donor_viewer", _("Donor viewer")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")
    SYSTEM_ADMINISTRATOR = "system_administrator", _("System administrator")


class Scope(models.TextChoices):
    """Whose records a membership reaches; each level includes the ones above it."""

    ASSIGNED = "assigned", _("Cases assigned to me")
    TEAM = "team", _("My team's cases")
    OFFICE = "office", _("My office's cases")
    ORGANISATION = "organisation", _("My organisation's cases")


class Section(models.TextChoices):
    """Restricted sections of a case: only roles that need them may read them."""

    GENERAL = "general", _("General")
    HEALTH = "health", _("Health")
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual-exploitation details")
    COUNSELLING = "counselling", _("Counselling notes")
    LEGAL = "legal", _("Legal strategy")


class Action:
    VIEW_CASE = "cases.view_case"
    OPEN_CASE = "cases.open_case"
    CHANGE_CASE = "cases.change_case"
    CLOSE_CASE = "cases.close_case"
    SHARE_CASE = "cases.share_case"
    ASSIGN_CASE = "cases.assign_case"
    ADD_EVENT = "cases.add_event"
    ADD_NOTE = "cases.add_note"
    ADD_ATTACHMENT = "cases.add_attachment"
    VIEW_PERSON = "people.view_person"
    CHANGE_PERSON = "people.change_person"
    VIEW_ACCESS_LOG = "audit.view_accesslog"
    MANAGE_USERS = "accounts.manage_users"
    # Domain records on a case (or, for rescues and missing-person reports, in an office).
    RECORD_IDENTIFICATION = "identification.record"
    RECORD_CARE = "aftercare.record"
    MANAGE_TRACING = "tracing.manage"
    REVIEW_MATCHES = "tracing.review_match"
    MANAGE_REPATRIATION = "repatriation.manage"
    MANAGE_LEGAL_CASES = "justice.manage"
    # Aggregates without names: repatriation step times, court backlogs, indicators.
    VIEW_ANALYTICS = "impact.view_analytics"
    # Prevention activities hold no identifying data: sessions, trainings, campaigns.
    RECORD_PREVENTION = "prevention.record"


@dataclass(frozen=True)
class RoleRule:
    actions: frozenset[str]
    default_scope: str
    sections: frozenset[str]
    reads_identifying_data: bool


_CASEWORK = frozenset(
    {
        Action.VIEW_CASE,
        Action.OPEN_CASE,
        Action.CHANGE_CASE,
        Action.CLOSE_CASE,
        Action.ADD_EVENT,
        Action.ADD_NOTE,
        Action.ADD_ATTACHMENT,
        Action.VIEW_PERSON,
        Action.CHANGE_PERSON,
    }
)
_READ_AND_NOTE = frozenset(
    {Action.VIEW_CASE, Action.ADD_EVENT, Action.ADD_NOTE, Action.ADD_ATTACHMENT, Action.VIEW_PERSON}
)
_ALL_SECTIONS = frozenset(Section.values)
_FRONTLINE = frozenset(
    {
        Action.RECORD_IDENTIFICATION,
        Action.RECORD_CARE,
        Action.MANAGE_TRACING,
        Action.REVIEW_MATCHES,
        Action.MANAGE_REPATRIATION,
        Action.RECORD_PREVENTION,
    }
)

ROLE_RULES: dict[str, RoleRule] = {
    Role.CASEWORKER: RoleRule(
        actions=_CASEWORK | _FRONTLINE,
        default_scope=Scope.TEAM,
        sections=frozenset({Section.GENERAL, Section.HEALTH}),
        reads_identifying_data=True,
    ),
    Role.COUNSELLOR: RoleRule(
        actions=_READ_AND_NOTE | {Action.RECORD_CARE},
        default_scope=Scope.ASSIGNED,
        sections=frozenset(
            {Section.GENERAL, Section.HEALTH, Section.COUNSELLING, Section.SEXUAL_EXPLOITATION}
        ),
        reads_identifying_data=True,
    ),
    Role.LEGAL_OFFICER: RoleRule(
        # Legal officers record the accused (and witnesses) as persons.
        actions=_READ_AND_NOTE
        | {Action.CHANGE_PERSON, Action.MANAGE_LEGAL_CASES, Action.VIEW_ANALYTICS},
        default_scope=Scope.OFFICE,
        sections=frozenset({Section.GENERAL, Section.LEGAL, Section.SEXUAL_EXPLOITATION}),
        reads_identifying_data=True,
    ),
    Role.REPATRIATION_OFFICER: RoleRule(
        actions=_READ_AND_NOTE
        | {
            Action.CHANGE_PERSON,
            Action.MANAGE_REPATRIATION,
            Action.MANAGE_TRACING,
            Action.VIEW_ANALYTICS,
        },
        default_scope=Scope.OFFICE,
        sections=frozenset({Section.GENERAL}),
        reads_identifying_data=True,
    ),
    Role.PROGRAMME_MANAGER: RoleRule(
        actions=_CASEWORK
        | _FRONTLINE
        | {
            Action.SHARE_CASE,
            Action.ASSIGN_CASE,
            Action.MANAGE_LEGAL_CASES,
            Action.VIEW_ANALYTICS,
        },
        default_scope=Scope.OFFICE,
        sections=_ALL_SECTIONS,
        reads_identifying_data=True,
    ),
    Role.ME_OFFICER: RoleRule(
        actions=frozenset({Action.VIEW_ANALYTICS, Action.RECORD_PREVENTION}),
        default_scope=Scope.OFFICE,
        sections=frozenset(),
        reads_identifying_data=False,
    ),
    Role.PARTNER_STAFF: RoleRule(
        actions=_CASEWORK
        | {Action.RECORD_IDENTIFICATION, Action.RECORD_CARE, Action.RECORD_PREVENTION},
        default_scope=Scope.OFFICE,
        sections=frozenset({Section.GENERAL}),
        reads_identifying_data=True,
    ),
    Role.DONOR_VIEWER: RoleRule(
        actions=frozenset(),
        default_scope=Scope.ORGANISATION,
        sections=frozenset(),
        reads_identifying_data=False,
    ),
    Role.DATA_PROTECTION_OFFICER: RoleRule(
        actions=frozenset({Action.VIEW_ACCESS_LOG}),
        default_scope=Scope.ORGANISATION,
        sections=frozenset(),
        # The access log names who read which record: a DPO signs in with two factors.
        reads_identifying_data=True,
    ),
    Role.SYSTEM_ADMINISTRATOR: RoleRule(
        actions=frozenset({Action.MANAGE_USERS}),
        default_scope=Scope.ORGANISATION,
        sections=frozenset(),
        reads_identifying_data=False,
    ),
}


def rule_for(role: str) -> RoleRule:
    return ROLE_RULES[role]
