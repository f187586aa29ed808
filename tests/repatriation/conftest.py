"""API callers for the repatriation tests (the fixture lives with the API's own tests)."""

from tests.api.conftest import api_as  # noqa: F401
