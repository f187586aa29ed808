"""Callers of the API: each story user with a bearer token an administrator issued."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from mukti.api.services import issue_token


class ApiClient(Client):
    """A test client that speaks JSON to /api/v1 with a bearer token."""

    def __init__(self, token: str, **kwargs: Any) -> None:
        super().__init__(headers={"Authorization": f"Bearer {token}"}, **kwargs)

    def post_json(self, path: str, body: dict[str, Any]) -> Any:
        return self.post(path, data=body, content_type="application/json")

    def patch_json(self, path: str, body: dict[str, Any]) -> Any:
        return self.patch(path, data=body, content_type="application/json")


@pytest.fixture
def api_as(db: None) -> Callable[[Any], ApiClient]:
    def client_for(user: Any) -> ApiClient:
        _token, plaintext = issue_token(actor=None, user=user, name="tests")
        return ApiClient(plaintext)

    return client_for
