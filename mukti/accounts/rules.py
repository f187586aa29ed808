"""Django permissions as `rules` predicates: `user.has_perm("cases.close_case", case)`."""

from __future__ import annotations

from typing import Any

import rules

from mukti.accounts import permissions
from mukti.accounts.roles import Action
from mukti.accounts.selectors import user_may


def _predicate_for(action: str) -> rules.Predicate:
    @rules.predicate(name=action)
    def allowed(user: Any, target: Any = None) -> bool:
        from mukti.accounts.models import Office
        from mukti.cases.models import Case
        from mukti.people.models import Person

        if target is None:
            return user_may(user, action)
        if isinstance(target, Case):
            return permissions.case_allows(user, action, target)
        if isinstance(target, Office):
            return permissions.office_allows(user, action, target)
        if isinstance(target, Person):
            from mukti.people.selectors import persons_visible_to

            return persons_visible_to(user, action=action).filter(pk=target.pk).exists()
        return False

    return allowed


for _action in [value for name, value in vars(Action).items() if name.isupper()]:
    rules.add_perm(_action, _predicate_for(_action))
