"""AES-256-GCM for identifying values, and keyed hashes for looking them up.

A stored value reads `m1.<key id>.<base64 nonce+ciphertext>`, so every value names the key
that opens it and key rotation can run while old values are still being read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mukti.core.keyring import keyring

PREFIX = "m1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be opened: wrong key, or the ciphertext was altered."""


def encrypt(plaintext: str, *, context: str) -> str:
    """Encrypt under the current key; `context` binds the value to the field it belongs to."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(ring.key(ring.current_key_id)).encrypt(
        nonce, plaintext.encode(), context.encode()
    )
    token = base64.urlsafe_b64encode(nonce + ciphertext).decode().rstrip("=")
    return f"{PREFIX}.{ring.current_key_id}.{token}"


def encrypt_bytes(payload: bytes, *, context: str) -> bytes:
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    key_id = ring.current_key_id.encode()
    sealed = AESGCM(ring.key(ring.current_key_id)).encrypt(nonce, payload, context.encode())
    return PREFIX.encode() + b"." + key_id + b"." + nonce + sealed


def decrypt_bytes(stored: bytes, *, context: str) -> bytes:
    try:
        prefix, key_id, rest = stored.split(b".", 2)
    except ValueError:
        raise DecryptionError("Not an encrypted value") from None
    if prefix != PREFIX.encode():
        raise DecryptionError("Unknown encryption format")
    nonce, sealed = rest[:NONCE_BYTES], rest[NONCE_BYTES:]
    try:
        key = keyring().key(key_id.decode())
        return AESGCM(key).decrypt(nonce, sealed, context.encode())
    except Exception as error:
        raise DecryptionError("The value could not be decrypted") from error


def decrypt(stored: str, *, context: str) -> str:
    try:
        prefix, key_id, token = stored.split(".", 2)
    except ValueError:
        raise DecryptionError("Not an encrypted value") from None
    if prefix != PREFIX:
        raise DecryptionError("Unknown encryption format")
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    try:
        key = keyring().key(key_id)
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
    except Exception as error:
        raise DecryptionError("The value could not be decrypted") from error


def key_id_of(stored: str | bytes) -> str:
    if isinstance(stored, bytes):
        return stored.split(b".", 2)[1].decode()
    return stored.split(".", 2)[1]


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash for exact lookup: equal inputs match, the input cannot be read back."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(keyring().blind_index_key, message, hashlib.sha256).hexdigest()[:40]


def audit_digest(message: bytes) -> str:
    """The keyed hash that links the audit chains: without the key nobody can re-chain."""
    return hmac.new(keyring().audit_key, message, hashlib.sha256).hexdigest()
