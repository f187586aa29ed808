"""`mukti backlog analyse CASES.csv --format json|pdf --out FILE`: the backlog analysis of a
court's or a government's case list from the command line (see docs/justice.md)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from mukti.justice.backlog_analysis import LimitRule, analyse
from mukti.justice.backlog_import import BadCaseList, read_case_list
from mukti.justice.backlog_report import render_pdf
from mukti.justice.deadlines import BANGLADESH_TRIAL_LIMIT, limit_rules


class Command(BaseCommand):
    help = "Analyse a court backlog: case ages, statutory limits, time in each stage."
    # It reads a file and the statutory limits; the URL and admin checks say nothing of it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        analyse_parser = actions.add_parser("analyse", help="analyse a CSV or XLSX case list")
        analyse_parser.add_argument("cases", type=Path, help="the case list (.csv or .xlsx)")
        analyse_parser.add_argument("--format", choices=["json", "pdf"], default="json")
        analyse_parser.add_argument("--out", type=Path, required=True, help="file to write")
        analyse_parser.add_argument(
            "--country", default="BD", help="whose statutory limits apply (default BD)"
        )
        analyse_parser.add_argument(
            "--as-of", type=date.fromisoformat, default=None, help="count ages to (YYYY-MM-DD)"
        )
        analyse_parser.add_argument("--title", default="", help="title of the PDF")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["cases"]
        if not path.is_file():
            raise CommandError(f"No file {path}")
        as_of = options["as_of"] or timezone.localdate()
        try:
            case_list = read_case_list(path.read_bytes(), filename=path.name, today=as_of)
        except BadCaseList as problem:
            raise CommandError(f"{path.name}: {problem}") from None
        result = analyse(case_list, as_of=as_of, limits=self._limits(options["country"], as_of))
        out: Path = options["out"]
        if options["format"] == "json":
            out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        else:
            title = options["title"] or f"Backlog analysis: {path.name}"
            out.write_bytes(render_pdf(result, title=title))
        self.stdout.write(
            f"{result['cases']} cases, {result['open']} open, "
            f"{result['passed_any_limit_open']} past a statutory limit: wrote {out}"
        )

    def _limits(self, country: str, as_of: date) -> list[LimitRule]:
        """The configured rules; on a database not yet migrated, the rule Mukti ships."""
        try:
            return limit_rules(country=country.upper(), on=as_of)
        except DatabaseError:
            self.stderr.write("The database is not set up: using the statutory limit shipped.")
            shipped = BANGLADESH_TRIAL_LIMIT
            if country.upper() != shipped["country"]:
                return []
            return [
                LimitRule(
                    label=f"{shipped['law']}, {shipped['section']}",
                    from_stage=shipped["from_stage"],
                    until_stage=shipped["until_stage"],
                    days=shipped["days"],
                    weekmask=shipped["weekmask"],
                    near_days=shipped["near_days"],
                )
            ]
