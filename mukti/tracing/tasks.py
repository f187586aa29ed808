"""Background jobs: importing a file of reports, matching everything, training a model.

Each job is a TracingJob row that the job page polls; the job writes its progress there as
it goes. A failure is recorded with a reason a user can act on (for an import: the row and
column), never with a value from the data.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mukti.core.crypto import decrypt_bytes
from mukti.tracing.imports import FileRefused, check_file, write_reports
from mukti.tracing.models import JobStatus, TracingJob

logger = logging.getLogger(__name__)
Progress = Callable[[float, str], None]
PROGRESS_EVERY_SECONDS = 0.5


def sealed_file_context(job_id: Any) -> str:
    return f"tracing-import:{job_id}"


def _progress_of(job_id: Any) -> Progress:
    """Write progress at most twice a second: the page polls, the database need not churn."""
    last = [0.0]

    def report(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_SECONDS and fraction < 1:
            return
        last[0] = now
        TracingJob.objects.filter(pk=job_id).update(
            progress=min(max(fraction, 0.0), 1.0), message=str(message)[:300]
        )

    return report


def _run(job_id: str, work: Callable[[TracingJob, Progress], dict[str, Any]]) -> None:
    job = TracingJob.objects.get(pk=job_id)
    jobs = TracingJob.objects.filter(pk=job.pk)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        jobs.update(status=JobStatus.RUNNING, started_at=timezone.now(), message=_("Started."))
        try:
            result = work(job, _progress_of(job.pk))
        except FileRefused as refused:
            jobs.update(
                status=JobStatus.FAILED,
                error_row=refused.row,
                error=refused.described[:500],
                finished_at=timezone.now(),
            )
            return
        except ValidationError as refused:
            jobs.update(
                status=JobStatus.FAILED,
                error=" ".join(refused.messages)[:500],
                finished_at=timezone.now(),
            )
            return
        except Exception as error:
            # Only the kind of error is logged: a message could quote a value from the data.
            logger.error("Tracing job %s failed: %s", job.pk, type(error).__name__)
            jobs.update(
                status=JobStatus.FAILED,
                error=_(
                    "The job stopped because of an error. Try again, or ask the "
                    "system administrator to look at the server log."
                ),
                finished_at=timezone.now(),
            )
            return
        jobs.update(
            status=JobStatus.DONE,
            progress=1.0,
            message=_("Finished."),
            result=result,
            finished_at=timezone.now(),
        )


def _import(job: TracingJob, progress: Progress) -> dict[str, Any]:
    assert job.office is not None  # noqa: S101 - an import names its office
    content = decrypt_bytes(bytes(job.sealed_file or b""), context=sealed_file_context(job.pk))
    try:
        progress(0.0, _("Checking the file."))
        checked = check_file(
            content, file_format=job.file_format, office=job.office, progress=progress
        )
        written = write_reports(checked, job=job, office=job.office, progress=progress)
    finally:
        # The file has done its work; its rows live on as encrypted reports (or not at all).
        TracingJob.objects.filter(pk=job.pk).update(sealed_file=None)
    return {"rows": checked.rows, "created": written, "already_recorded": checked.already_recorded}


def _match(job: TracingJob, progress: Progress) -> dict[str, Any]:
    from mukti.tracing.matches import run_batch_matching

    return run_batch_matching(job, progress=progress)


def _train(job: TracingJob, progress: Progress) -> dict[str, Any]:
    from mukti.tracing.matches import train_new_model

    steps = [0]

    def say(message: str) -> None:
        steps[0] += 1
        # Training reports steps, not fractions: creep towards the end.
        progress(1 - 1 / (1 + 0.3 * steps[0]), message)

    saved = train_new_model(actor=job.created_by, progress=say)
    return {"version": saved.version, "records": saved.records, "labels": saved.labels}


@task()
def import_reports(job_id: str) -> None:
    _run(job_id, _import)


@task()
def match_cases_and_reports(job_id: str) -> None:
    _run(job_id, _match)


@task()
def train_match_model(job_id: str) -> None:
    _run(job_id, _train)
