"""`mukti api_token issue EMAIL --name N [--days D]`, `list EMAIL`, `revoke PREFIX`.

Run by an administrator on the server. The token is printed once, here, and never again:
the database keeps only its keyed hash.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mukti.accounts.models import User
from mukti.api.models import ApiToken
from mukti.api.selectors import tokens_of
from mukti.api.services import issue_token, revoke_token


class Command(BaseCommand):
    help = "Issue, list or revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        issue = actions.add_parser("issue", help="Issue a token to a user; printed once.")
        issue.add_argument("email")
        issue.add_argument("--name", required=True, help="What the token is for.")
        issue.add_argument("--days", type=int, default=None, help="Expires after this many days.")
        listing = actions.add_parser("list", help="A user's tokens (prefixes, never tokens).")
        listing.add_argument("email")
        revoke = actions.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "issue":
            self._issue(email=options["email"], name=options["name"], days=options["days"])
        elif action == "list":
            self._list(email=options["email"])
        else:
            self._revoke(prefix=options["prefix"])

    def _user(self, email: str) -> User:
        try:
            return User.objects.get(email=email.strip().lower())
        except User.DoesNotExist:
            raise CommandError("No user signs in with that email.") from None

    def _issue(self, *, email: str, name: str, days: int | None) -> None:
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            token, plaintext = issue_token(
                actor=None, user=self._user(email), name=name, expires_at=expires_at
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(plaintext)
        self.stderr.write(
            f"Issued {token.prefix} ({token.name}). Copy the token now: it is not shown again."
        )

    def _list(self, *, email: str) -> None:
        for token in tokens_of(self._user(email)):
            state = "revoked" if token.revoked_at else "active"
            if state == "active" and token.expires_at and token.expires_at <= timezone.now():
                state = "expired"
            last_used = token.last_used_at.isoformat() if token.last_used_at else "never"
            self.stdout.write(f"{token.prefix}\t{state}\t{token.name}\tlast used {last_used}")

    def _revoke(self, *, prefix: str) -> None:
        matching = list(ApiToken.objects.filter(prefix=prefix.strip())[:2])
        if len(matching) != 1:
            raise CommandError("No single token has that prefix.")
        revoke_token(actor=None, token=matching[0])
        self.stdout.write(f"Revoked {prefix}.")
