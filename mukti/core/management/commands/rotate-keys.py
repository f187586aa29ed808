"""`mukti rotate-keys`: a new encryption key, and every stored value sealed again under it.

The module is named with a hyphen so that the command reads `mukti rotate-keys`; Django
imports command modules by name with importlib, which accepts it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mukti.core import rotation
from mukti.core.keyring import add_encryption_key_to_file, keyring


class Command(BaseCommand):
    help = (
        "Add a new encryption key to the key file and re-encrypt every identifying value "
        "and attachment under it. With --check, only count values still under older keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-new-key",
            action="store_true",
            help="Use the newest key already configured (e.g. just added to "
            "MUKTI_ENCRYPTION_KEYS) instead of adding one to the key file.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; report how many values are still under older keys.",
        )
        parser.add_argument("--chunk-size", type=int, default=rotation.CHUNK_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            self.check_rotation()
            return
        keyring.cache_clear()
        if not options["no_new_key"]:
            try:
                key_id = add_encryption_key_to_file()
            except ImproperlyConfigured as error:
                raise CommandError(f"{error}, then run `mukti rotate-keys --no-new-key`.") from None
            self.stdout.write(
                f"Added encryption key {key_id}. Restart Mukti's web and worker processes "
                "so that they read it."
            )
        self.rotate(chunk_size=options["chunk_size"])

    def rotate(self, *, chunk_size: int) -> None:
        self.stdout.write(f"Re-encrypting under key {keyring().current_key_id} …")
        report = rotation.rotate_all(chunk_size=chunk_size, progress=self.progress)
        self.stdout.write(
            self.style.SUCCESS(f"{report.rotated} values re-encrypted under key {report.key_id}.")
        )
        if report.unreadable:
            raise CommandError(
                f"{report.unreadable} values could not be decrypted with any configured key "
                "and were left as they are: run `mukti audit verify` and "
                "`mukti rotate-keys --check`.",
                returncode=1,
            )

    def progress(self, label: str, rotated: int, unreadable: int) -> None:
        line = f"  {label}: {rotated} re-encrypted"
        if unreadable:
            line += f", {unreadable} unreadable"
        self.stdout.write(line)

    def check_rotation(self) -> None:
        keyring.cache_clear()
        current = keyring().current_key_id
        older = rotation.values_under_older_keys()
        if not older:
            self.stdout.write(
                self.style.SUCCESS(f"Every stored value is under the current key {current}.")
            )
            return
        for label, count in older.items():
            self.stdout.write(f"  {label}: {count}")
        raise CommandError(
            f"{sum(older.values())} values are still under keys older than {current}: "
            "run `mukti rotate-keys --no-new-key`.",
            returncode=1,
        )
