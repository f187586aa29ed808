"""Reads for the API: who holds a token, and what changed in a record since a version."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.db import models
from django.utils import timezone

from mukti.api.models import ApiToken
from mukti.core.keyring import keyring

TOKEN_PREFIX = "mk"  # noqa: S105 - the marker every token starts with, not a secret
# Fields every record has whose change says nothing to the person editing it.
_BOOKKEEPING_FIELDS = {"id", "version", "created_at", "updated_at", "created_by", "updated_by"}


def token_digest(token: str) -> str:
    """A keyed hash (HMAC-SHA256) of a token: equal tokens match, the token cannot be read
    back, and without the key (kept outside the database) nobody can test guesses."""
    message = b"api-token\x00" + token.encode()
    return hmac.new(keyring().blind_index_key, message, hashlib.sha256).hexdigest()


def token_prefix(token: str) -> str:
    """`mk_ab12cd34` of `mk_ab12cd34_…`: enough to tell tokens apart, useless to sign in."""
    return "_".join(token.split("_", 2)[:2])


def token_for(token: str) -> ApiToken | None:
    """The usable token (not revoked, not expired, its user active) matching a plaintext."""
    if not token.startswith(f"{TOKEN_PREFIX}_"):
        return None
    found = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_digest(token), user__is_active=True)
        .first()
    )
    if found is None or not found.is_usable_at(timezone.now()):
        return None
    return found


def tokens_of(user: Any) -> models.QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def fields_changed_since(record: models.Model, *, version: int) -> list[str]:
    """The fields of `record` (as stored now) that differ from the version the user saw.

    Read from the record's history (django-simple-history keeps every version); if that
    version is not known, every field is reported, which is safe: the user must look again.
    """
    history = getattr(record, "history", None)
    fields = [
        f
        for f in record._meta.concrete_fields
        if f.name not in _BOOKKEEPING_FIELDS and not getattr(f, "primary_key", False)
    ]
    seen = history.filter(version=version).order_by("-history_id").first() if history else None
    if seen is None:
        return [f.name for f in fields]
    return [
        f.name
        for f in fields
        if hasattr(seen, f.attname) and getattr(seen, f.attname) != getattr(record, f.attname)
    ]
