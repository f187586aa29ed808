"""Who uses the prevention pages: the story's people, and one of each role that records or
reads prevention work in the Bangladesh office."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from mukti.accounts.roles import Role
from mukti.api.services import issue_token
from tests.factories import make_member


def login(client: Client, user: Any) -> Client:
    """Signed in, with the demo waiver standing in for the second factor."""
    user.is_demo_account = True
    user.save(update_fields=["is_demo_account"])
    client.force_login(user)
    return client


@pytest.fixture
def member(story: Any) -> Callable[[str], Any]:
    """A member of the story's office with the given role (and the role's own scope)."""

    def of_role(role: str) -> Any:
        team = story.team if role == Role.CASEWORKER else None
        return make_member(role=role, office=story.office, team=team)

    return of_role


class ApiClient(Client):
    def __init__(self, token: str, **kwargs: Any) -> None:
        super().__init__(headers={"Authorization": f"Bearer {token}"}, **kwargs)

    def post_json(self, path: str, body: dict[str, Any]) -> Any:
        return self.post(path, data=body, content_type="application/json")

    def put_json(self, path: str, body: dict[str, Any]) -> Any:
        return self.put(path, data=body, content_type="application/json")


@pytest.fixture
def api_as(db: None) -> Callable[[Any], ApiClient]:
    def client_for(user: Any) -> ApiClient:
        _token, plaintext = issue_token(actor=None, user=user, name="tests")
        return ApiClient(plaintext)

    return client_for


@pytest.fixture(autouse=True)
def in_english() -> Any:
    """A page asked for in Bengali leaves Bengali active in the thread; start in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
