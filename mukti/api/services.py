"""Issuing and revoking API tokens.

Tokens are issued to a user only by an administrator (a system administrator of the user's
organisation, a superuser, or an operator on the server with `mukti api_token issue`). A
token is a second secret held by a machine, so it is not asked for a second factor: the
administrator who issues it answers for where it is kept, gives it an expiry, and revokes
it when it is no longer needed.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.roles import Action
from mukti.accounts.selectors import active_memberships, memberships_allowing
from mukti.api.models import ApiToken
from mukti.api.selectors import TOKEN_PREFIX, token_digest, token_prefix

# Writing "last used" on every call would turn every read into a write; once a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def _organisations_of(memberships: list[Any]) -> set[Any]:
    return {m.office.organisation_id for m in memberships}


def _ensure_may_manage_tokens_of(actor: Any, user: Any) -> None:
    """`actor` None is an operator on the server, running a management command."""
    if actor is None or actor.is_superuser:
        return
    administered = _organisations_of(memberships_allowing(actor, Action.MANAGE_USERS))
    if not administered & _organisations_of(active_memberships(user)):
        raise PermissionDenied(_("Only an administrator of the user's organisation may do this."))


@transaction.atomic
def issue_token(
    *, actor: Any, user: Any, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`; the plaintext is returned here once and never stored."""
    _ensure_may_manage_tokens_of(actor, user)
    if not name.strip():
        raise ValidationError({"name": _("Say what the token is for.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    if not user.is_active:
        raise ValidationError({"user": _("This user cannot sign in.")})
    plaintext = f"{TOKEN_PREFIX}_{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        name=name.strip()[:100],
        prefix=token_prefix(plaintext),
        token_hash=token_digest(plaintext),
        expires_at=expires_at,
        created_by=actor,
        updated_by=actor,
    )
    token.full_clean()
    token.save()
    return token, plaintext


@transaction.atomic
def revoke_token(*, actor: Any, token: ApiToken) -> ApiToken:
    """The token stops working at once; the row stays, so its use can still be audited."""
    if actor is None or actor.pk != token.user_id:
        _ensure_may_manage_tokens_of(actor, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.updated_by = actor
        token.save()
    return token


def note_token_used(token: ApiToken) -> None:
    """Record when the token was last used (at most once a minute)."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_PRECISION:
        return
    # A plain update: using a token is not an edit, so it must not bump `version`.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
