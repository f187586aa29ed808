"""`mukti demo`: load the demo organisation and believable cases into an empty database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mukti.core.demo.generate import (
    DEFAULT_CASES,
    DemoReport,
    Login,
    build_demo,
    demo_data_exists,
    existing_demo_logins,
    remembered_demo_password,
)


class Command(BaseCommand):
    help = (
        "Create the demo organisation (offices in the UK, Romania, Bangladesh, India and "
        "Thailand), one login per role and believable cases; only into a database with no "
        "organisation yet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cases", type=int, default=DEFAULT_CASES, help="how many cases (default 300)"
        )
        parser.add_argument("--seed", type=int, default=None, help="repeat the same data")
        parser.add_argument(
            "--password", default=None, help="the demo logins' password (default: generated)"
        )

    def handle(
        self, *args: Any, cases: int, seed: int | None, password: str | None, **options: Any
    ) -> None:
        if demo_data_exists():
            self.stdout.write("Demo data exists (the database already has an organisation).")
            logins = existing_demo_logins()
            if logins:
                self._print_logins(logins, password=remembered_demo_password())
            return
        report = build_demo(cases=cases, seed=seed, password=password, progress=self._progress)
        self._print_counts(report)
        self._print_logins(report.logins, password=report.password)

    def _progress(self, message: str) -> None:
        self.stdout.write(f"  {message}")

    def _print_counts(self, report: DemoReport) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo data created in {report.seconds:.1f} s:"))
        for what, count in report.counts.items():
            self.stdout.write(f"  {count:>10,}  {what}")

    def _print_logins(self, logins: list[Login], *, password: str | None) -> None:
        email_width = max(len(login.email) for login in logins)
        role_width = max(len(login.role) for login in logins)
        self.stdout.write("\nDemo logins (two-factor sign-in is waived for demo accounts):")
        self.stdout.write(f"  {'email':<{email_width}}  {'role':<{role_width}}  office")
        for login in logins:
            self.stdout.write(
                f"  {login.email:<{email_width}}  {login.role:<{role_width}}  {login.office}"
            )
        if password:
            self.stdout.write(f"\nPassword for every demo login: {password}")
        else:
            self.stdout.write("\nThe demo password was given with --password when it was loaded.")
