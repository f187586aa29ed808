"""Keys for these tests live in a temporary key file, never in the real var/keys.json."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mukti.core.keyring import keyring


@pytest.fixture(autouse=True)
def temporary_keys(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.MUKTI_KEYS_FILE = tmp_path / "keys.json"
    settings.VAR_DIR = tmp_path
    settings.MUKTI_ENCRYPTION_KEYS = None
    keyring.cache_clear()
    yield settings.MUKTI_KEYS_FILE
    keyring.cache_clear()


@pytest.fixture(autouse=True)
def quick_password_hashing(settings: Any) -> None:
    # Argon2 is meant to be slow; these tests are not about passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
