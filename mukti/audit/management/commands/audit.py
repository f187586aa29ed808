"""`mukti audit verify`: check that neither audit chain was edited, cut or added to."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mukti.audit.verify import CHUNK_SIZE, verify_chains


class Command(BaseCommand):
    help = "Audit trail tools. `verify` checks the access log and the change chain."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        verify = subcommands.add_parser(
            "verify", help="Walk both hash chains and report every break, by sequence number."
        )
        verify.add_argument("--chunk-size", type=int, default=CHUNK_SIZE)

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "verify":
            self.verify(chunk_size=options["chunk_size"])

    def verify(self, *, chunk_size: int) -> None:
        result = verify_chains(chunk_size=chunk_size)
        if result.verified:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Both audit chains verified: {result.access_entries} access entries, "
                    f"{result.changes} changes"
                )
            )
            return
        for finding in result.findings:
            self.stdout.write(str(finding))
        raise CommandError(
            f"The audit chains did not verify: {len(result.findings)} problem(s) found.",
            returncode=1,
        )
