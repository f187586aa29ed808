"""Starting background jobs: an import, a matching run, a training run (queued after
commit)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.models import Office
from mukti.accounts.permissions import ensure_can
from mukti.accounts.roles import Action
from mukti.tracing.models import (
    JobKind,
    TracingJob,
)

# --- background jobs ----------------------------------------------------------------------


def _enqueue_after_commit(task_name: str, job: TracingJob) -> None:
    def enqueue() -> None:
        from mukti.tracing import tasks

        getattr(tasks, task_name).enqueue(str(job.pk))

    transaction.on_commit(enqueue)


@transaction.atomic
def start_import(
    *, actor: Any, office: Office, filename: str, content: bytes, language: str = ""
) -> TracingJob:
    """Queue a file of reports for import into an office; the job page shows its progress.
    The file is kept sealed until the import has read it."""
    from mukti.core.crypto import encrypt_bytes
    from mukti.tracing.imports import MAX_FILE_BYTES, file_format_of
    from mukti.tracing.tasks import sealed_file_context

    ensure_can(actor, Action.MANAGE_TRACING, office)
    file_format = file_format_of(filename)
    if not file_format:
        raise ValidationError({"file": _("Import a CSV or an XLSX file.")})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    job = TracingJob(
        kind=JobKind.IMPORT,
        office=office,
        filename=filename[:255],
        file_format=file_format,
        language=language,
        created_by=actor,
        updated_by=actor,
    )
    job.save()
    job.sealed_file = encrypt_bytes(content, context=sealed_file_context(job.pk))
    TracingJob.objects.filter(pk=job.pk).update(sealed_file=job.sealed_file)
    _enqueue_after_commit("import_reports", job)
    return job


def review_office_ids(actor: Any) -> list[str]:
    from mukti.tracing.selectors import report_offices

    offices = report_offices(actor, action=Action.REVIEW_MATCHES)
    return sorted(str(pk) for pk in offices.values_list("pk", flat=True))


@transaction.atomic
def start_batch_matching(*, actor: Any, language: str = "") -> TracingJob:
    """Queue a run of every open case against every open report (and the reports among
    themselves) in the offices where the actor reviews matches."""
    office_ids = review_office_ids(actor)
    if not office_ids:
        raise PermissionDenied(_("Your role does not allow this."))
    job = TracingJob(
        kind=JobKind.BATCH_MATCH,
        office_ids=office_ids,
        language=language,
        created_by=actor,
        updated_by=actor,
    )
    job.save()
    _enqueue_after_commit("match_cases_and_reports", job)
    return job


@transaction.atomic
def start_training(*, actor: Any, language: str = "") -> TracingJob:
    """Queue the training of a new match model from all records and the reviews so far.
    A model serves every office, so only an organisation-wide reviewer, or a programme
    manager, may start one."""
    from mukti.accounts.roles import Role
    from mukti.accounts.selectors import memberships_allowing

    allowed = any(
        m.role == Role.PROGRAMME_MANAGER for m in memberships_allowing(actor, Action.REVIEW_MATCHES)
    )
    if not allowed:
        raise PermissionDenied(_("Only a programme manager can train a new match model."))
    job = TracingJob(kind=JobKind.TRAIN, language=language, created_by=actor, updated_by=actor)
    job.save()
    _enqueue_after_commit("train_match_model", job)
    return job
