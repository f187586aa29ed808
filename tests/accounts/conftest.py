"""Sign-in tests hash passwords as production does."""

import pytest


@pytest.fixture(autouse=True)
def quick_password_hashing() -> None:
    """Overrides the suite's fast hasher: these tests are about passwords."""
