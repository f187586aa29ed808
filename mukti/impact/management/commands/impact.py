"""`mukti impact report` and `mukti impact export`: the impact report as JSON, HTML or PDF,
and the anonymised record-level export, from the command line."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mukti.accounts.models import Organisation, User
from mukti.audit.models import AccessAction
from mukti.audit.services import record_access
from mukti.impact import selectors
from mukti.impact.access import organisation_reader
from mukti.impact.periods import Period
from mukti.impact.rendering import report_context, report_document, report_pdf
from mukti.impact.report_data import suppress


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"“{text}” is not a date: write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Impact reporting: `report` builds the impact report, `export` the anonymised file."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        report = commands.add_parser("report", help="every indicator for a period")
        self._common(report)
        report.add_argument("--format", choices=("json", "html", "pdf"), default="json")
        report.add_argument(
            "--baseline-periods",
            type=int,
            default=2,
            help="compare with the average of this many earlier periods of the same length",
        )
        report.add_argument(
            "--outside",
            action="store_true",
            help="for outside readers: hide numbers under the organisation's threshold",
        )
        export = commands.add_parser("export", help="anonymised records (CTDC CSV or HTCDS JSON)")
        self._common(export)
        export.add_argument("--format", choices=("ctdc", "htcds"), default="ctdc")
        export.add_argument("--k", type=int, default=None, help="at least the settings' k")

    def _common(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="the file to write ('-' for stdout)")
        parser.add_argument(
            "--organisation", default="", help="its name (needed when there are several)"
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            default="",
            help="count only what this user's role may count (email); default: every office",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            period = Period(_day(options["start"]), _day(options["end"]))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        organisation = self._organisation(options.pop("organisation"))
        user = self._user(options.pop("as_user"))
        try:
            if action == "report":
                content = self._report(organisation, period, user, **options)
            else:
                content = self._export(organisation, period, user, **options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self._write(options["out"], content)

    def _organisation(self, name: str) -> Organisation:
        hosts = Organisation.objects.filter(is_partner=False)
        if name:
            hosts = Organisation.objects.filter(name=name)
        found = list(hosts[:2])
        if len(found) != 1:
            raise CommandError(
                "Name the organisation with --organisation."
                if found
                else "There is no such organisation."
            )
        return found[0]

    def _user(self, email: str) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError("There is no active user with that email.")
        return user

    def _report(
        self, organisation: Organisation, period: Period, user: User | None, **options: Any
    ) -> bytes:
        reader = user or organisation_reader(organisation.pk)
        data = selectors.indicator_data(
            reader,
            organisation_id=organisation.pk,
            period=period,
            baseline_count=options["baseline_periods"],
        )
        if options["outside"]:
            threshold = selectors.reporting_settings(organisation.pk).small_cell_threshold
            data = suppress(data, threshold=threshold)
        if options["format"] == "json":
            return json.dumps(data, ensure_ascii=False, indent=2).encode()
        context = report_context(data, narrative=[], outside=options["outside"])
        if options["format"] == "html":
            return report_document(context).encode()
        return report_pdf(context)

    def _export(
        self, organisation: Organisation, period: Period, user: User | None, **options: Any
    ) -> bytes:
        if user is None:
            raise CommandError("Name the user whose scope the export counts, with --as.")
        exported = selectors.anonymised_export(
            user,
            organisation_id=organisation.pk,
            period=period,
            kind=options["format"],
            k=options["k"],
        )
        # Record-level data left the system: the access log says who took it.
        record_access(
            actor=user,
            action=AccessAction.EXPORT,
            object_type="cases.case",
            purpose=f"anonymised {options['format']} export, {period.start} to {period.end}",
        )
        steps = ", ".join(exported.steps) or "none"
        self.stderr.write(f"{exported.records} records, k = {exported.k}, generalised: {steps}")
        return exported.content

    def _write(self, out: str, content: bytes) -> None:
        if out == "-":
            sys.stdout.buffer.write(content)
            return
        Path(out).write_bytes(content)
        self.stderr.write(f"Wrote {out} ({len(content):,} bytes)")
