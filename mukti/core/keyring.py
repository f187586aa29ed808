"""The keys that protect identifying data, kept outside the database.

Keys come from the environment (MUKTI_ENCRYPTION_KEYS="id:base64key,id2:base64key",
MUKTI_BLIND_INDEX_KEY, MUKTI_AUDIT_KEY, each also readable from NAME_FILE) or from a key
file (var/keys.json by default) that is generated on first use when the environment gives
none. The last encryption key is the one new values are written under; older keys stay so
that old values still read until `mukti rotate-keys` re-encrypts them.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
_lock = threading.Lock()


@dataclass(frozen=True)
class Keyring:
    encryption_keys: dict[str, bytes]  # key id -> AES-256 key, in order of age
    current_key_id: str
    blind_index_key: bytes
    audit_key: bytes

    def key(self, key_id: str) -> bytes:
        try:
            return self.encryption_keys[key_id]
        except KeyError:
            raise ImproperlyConfigured(f"Encryption key {key_id!r} is not configured") from None


def _decode_key(encoded: str, *, what: str) -> bytes:
    key = base64.urlsafe_b64decode(encoded.strip() + "==")
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"{what} must be {KEY_BYTES} bytes, base64-encoded")
    return key


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def _keys_from_environment() -> Keyring | None:
    if not settings.MUKTI_ENCRYPTION_KEYS:
        return None
    if not (settings.MUKTI_BLIND_INDEX_KEY and settings.MUKTI_AUDIT_KEY):
        raise ImproperlyConfigured(
            "MUKTI_ENCRYPTION_KEYS is set, so MUKTI_BLIND_INDEX_KEY and MUKTI_AUDIT_KEY must be too"
        )
    keys: dict[str, bytes] = {}
    for entry in settings.MUKTI_ENCRYPTION_KEYS.split(","):
        key_id, _, encoded = entry.strip().partition(":")
        keys[key_id] = _decode_key(encoded, what=f"Encryption key {key_id}")
    return Keyring(
        encryption_keys=keys,
        current_key_id=list(keys)[-1],
        blind_index_key=_decode_key(settings.MUKTI_BLIND_INDEX_KEY, what="Blind index key"),
        audit_key=_decode_key(settings.MUKTI_AUDIT_KEY, what="Audit key"),
    )


def _write_key_file(path: Path, content: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as key_file:
        json.dump(content, key_file, indent=2)
    temporary.replace(path)


def _read_or_create_key_file(path: Path) -> dict[str, object]:
    with _lock:
        if not path.exists():
            _write_key_file(
                path,
                {
                    "encryption_keys": [{"id": "k1", "key": new_key()}],
                    "blind_index_key": new_key(),
                    "audit_key": new_key(),
                },
            )
        content: dict[str, object] = json.loads(path.read_text())
        return content


def _keys_from_file(path: Path) -> Keyring:
    content = _read_or_create_key_file(path)
    entries = content["encryption_keys"]
    assert isinstance(entries, list)  # noqa: S101 - the file format is ours
    keys = {e["id"]: _decode_key(e["key"], what=f"Encryption key {e['id']}") for e in entries}
    return Keyring(
        encryption_keys=keys,
        current_key_id=entries[-1]["id"],
        blind_index_key=_decode_key(str(content["blind_index_key"]), what="Blind index key"),
        audit_key=_decode_key(str(content["audit_key"]), what="Audit key"),
    )


@cache
def keyring() -> Keyring:
    return _keys_from_environment() or _keys_from_file(settings.MUKTI_KEYS_FILE)


def add_encryption_key_to_file() -> str:
    """Append a new encryption key to the key file and make it current; returns its id."""
    if settings.MUKTI_ENCRYPTION_KEYS:
        raise ImproperlyConfigured(
            "Keys come from the environment: add the new key to MUKTI_ENCRYPTION_KEYS instead"
        )
    path = settings.MUKTI_KEYS_FILE
    content = _read_or_create_key_file(path)
    entries = content["encryption_keys"]
    assert isinstance(entries, list)  # noqa: S101
    used = {e["id"] for e in entries}
    number = len(entries) + 1
    while f"k{number}" in used:
        number += 1
    key_id = f"k{number}"
    entries.append({"id": key_id, "key": new_key()})
    with _lock:
        _write_key_file(path, content)
    keyring.cache_clear()
    return key_id
