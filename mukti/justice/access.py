"""Who may read or manage a legal case: it follows the survivors' cases it is linked to.

A user reads a legal case if they may read one of its survivors' cases; they manage it if
their role may manage legal cases on one of them; they read its strategy notes if their role
reads the legal section of one of them.
"""

from __future__ import annotations

from typing import Any

from mukti.accounts.permissions import case_allows, readable_sections
from mukti.accounts.roles import Action, Section
from mukti.cases.models import Case
from mukti.justice.models import LegalCase


def linked_cases(legal_case: LegalCase) -> list[Case]:
    """The survivors' cases, loaded once per legal case object."""
    cached: list[Case] | None = getattr(legal_case, "_linked_cases", None)
    if cached is None:
        cached = [
            party.case
            for party in legal_case.parties.select_related("case", "case__office", "case__survivor")
        ]
        legal_case._linked_cases = cached  # type: ignore[attr-defined]
    return cached


def forget_linked_cases(legal_case: LegalCase) -> None:
    if hasattr(legal_case, "_linked_cases"):
        del legal_case._linked_cases  # type: ignore[attr-defined]


def may_read(user: Any, legal_case: LegalCase) -> bool:
    return any(case_allows(user, Action.VIEW_CASE, case) for case in linked_cases(legal_case))


def may_manage(user: Any, legal_case: LegalCase) -> bool:
    return any(
        case_allows(user, Action.MANAGE_LEGAL_CASES, case) for case in linked_cases(legal_case)
    )


def reads_strategy(user: Any, legal_case: LegalCase) -> bool:
    """Whether the user's role reads legal strategy (Section.LEGAL) on one of its cases."""
    return any(Section.LEGAL in readable_sections(user, case) for case in linked_cases(legal_case))
