"""The assessments panel: recovery assessments for every reader of the case, DASS-21 only for
roles that read the counselling section; each history as a small chart and a table."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mukti.aftercare import charts, dass21, selectors, services
from mukti.aftercare.forms import Dass21EditForm, Dass21Form, RecoveryEditForm, RecoveryForm
from mukti.aftercare.models import (
    Dass21Assessment,
    Domain,
    RecoveryAssessment,
    RecoveryInstrument,
)
from mukti.aftercare.views.machinery import (
    Creation,
    Panel,
    PanelState,
    RecordAction,
    RecordKind,
    create_form,
    recorded,
    register,
    rows,
)
from mukti.cases.models import Case

# A chart needs at least this many assessments to show a change.
CHART_FROM = 2


def _instrument() -> RecoveryInstrument | None:
    return RecoveryInstrument.objects.filter(is_current=True).first()


def _context(request: HttpRequest, case: Case, state: PanelState) -> dict[str, Any]:
    user = request.user
    recovery = list(selectors.recovery_assessments_of(user, case=case))
    reads_dass21 = selectors.reads_counselling(user, case)
    dass = list(selectors.dass21_of(user, case=case)) if reads_dass21 else []
    instrument = recovery[0].instrument if recovery else _instrument()
    context: dict[str, Any] = {
        "recovery_kind": RECOVERY,
        "dass21_kind": DASS21,
        "recovery_rows": rows(RECOVERY, recovery),
        "archived_recovery_rows": rows(
            RECOVERY, selectors.recovery_assessments_of(user, case=case, archived=True)
        ),
        "reads_dass21": reads_dass21,
        "dass21_rows": rows(DASS21, dass),
        "archived_dass21_rows": rows(
            DASS21, selectors.dass21_of(user, case=case, archived=True) if reads_dass21 else []
        ),
        "instrument": instrument,
        "recovery_chart": None,
        "dass21_chart": None,
        "recovery_form": create_form(request, case, state, "recovery") if instrument else None,
        "dass21_form": create_form(request, case, state, "dass21") if reads_dass21 else None,
    }
    if instrument is not None and len(recovery) >= CHART_FROM:
        context["recovery_chart"] = charts.recovery_chart(
            recovery, instrument=instrument, labelled_by="recovery-chart-caption"
        )
    if len(dass) >= CHART_FROM:
        context["dass21_chart"] = charts.dass21_chart(dass, labelled_by="dass21-chart-caption")
    return context


def _dass21_facts(assessment: Dass21Assessment) -> list[tuple[Any, Any]]:
    answers = ", ".join(f"{n}: {v}" for n, v in enumerate(assessment.items, start=1))
    return [
        (_("Assessed on"), assessment.assessed_on),
        (_("Depression"), f"{assessment.depression} ({assessment.get_depression_band_display()})"),
        (_("Anxiety"), f"{assessment.anxiety} ({assessment.get_anxiety_band_display()})"),
        (_("Stress"), f"{assessment.stress} ({assessment.get_stress_band_display()})"),
        (_("Answers (item: score)"), answers),
        (
            _("Scored with"),
            _("Lovibond & Lovibond (1995) cut-offs")
            if assessment.banding == dass21.BANDING
            else assessment.banding,
        ),
        (_("Notes"), assessment.notes),
        *recorded(assessment),
    ]


def _recovery_facts(assessment: RecoveryAssessment) -> list[tuple[Any, Any]]:
    scores = [(Domain(name).label, value) for name, value in assessment.scores().items()]
    return [
        (_("Assessed on"), assessment.assessed_on),
        *scores,
        (_("Mean"), assessment.mean_score),
        (_("Stable"), _("Yes") if assessment.is_stable else _("Not yet")),
        (_("Instrument"), assessment.instrument),
        (_("Notes"), assessment.notes),
        *recorded(assessment),
    ]


def _current(record: Any) -> bool:
    return record.archived_at is None


def _archived(record: Any) -> bool:
    return record.archived_at is not None


def _archive_actions(archive: Any) -> dict[str, RecordAction]:
    return {
        "archive": RecordAction(
            _("Archive (recorded in error)"),
            lambda actor, record: archive(actor, record, True),
            _("The assessment was archived. It can be restored."),
            _current,
        ),
        "restore": RecordAction(
            _("Restore"),
            lambda actor, record: archive(actor, record, False),
            _("The assessment was restored."),
            _archived,
        ),
    }


DASS21 = RecordKind(
    slug="dass21",
    panel="assessments",
    find=lambda user, case, pk: selectors.dass21_for(user, case=case, assessment_id=pk),
    facts=_dass21_facts,
    edit_form=lambda request, case, assessment, data: Dass21EditForm(
        data, initial=Dass21Form.initial_from(assessment)
    ),
    update=lambda actor, assessment, form: services.update_dass21(
        actor=actor,
        assessment=assessment,
        expected_version=form.cleaned_data["version"],
        assessed_on=form.cleaned_data["assessed_on"],
        items=form.items(),
        notes=form.cleaned_data["notes"],
    ),
    edited=_("The DASS-21 assessment was saved."),
    editable=_current,
    actions=_archive_actions(
        lambda actor, record, archived: services.set_dass21_archived(
            actor=actor, assessment=record, archived=archived
        )
    ),
)

RECOVERY = RecordKind(
    slug="recovery",
    panel="assessments",
    find=lambda user, case, pk: selectors.recovery_assessment_for(
        user, case=case, assessment_id=pk
    ),
    facts=_recovery_facts,
    edit_form=lambda request, case, assessment, data: RecoveryEditForm(
        data, instrument=assessment.instrument, initial=RecoveryForm.initial_from(assessment)
    ),
    update=lambda actor, assessment, form: services.update_recovery_assessment(
        actor=actor,
        assessment=assessment,
        expected_version=form.cleaned_data["version"],
        assessed_on=form.cleaned_data["assessed_on"],
        scores=form.scores(),
        notes=form.cleaned_data["notes"],
    ),
    edited=_("The recovery assessment was saved."),
    editable=_current,
    actions=_archive_actions(
        lambda actor, record, archived: services.set_recovery_assessment_archived(
            actor=actor, assessment=record, archived=archived
        )
    ),
)


def _recovery_form(request: HttpRequest, case: Case, data: Any) -> Any:
    return RecoveryForm(data, instrument=services.current_instrument())


register(
    Panel(
        key="assessments",
        title=_("Assessments"),
        template="aftercare/panels/assessments.html",
        order=53,
        context=_context,
    ),
    kinds=[DASS21, RECOVERY],
    creations=[
        Creation(
            "recovery",
            "assessments",
            _recovery_form,
            lambda actor, case, form: services.record_recovery_assessment(
                actor=actor,
                case=case,
                assessed_on=form.cleaned_data["assessed_on"],
                scores=form.scores(),
                notes=form.cleaned_data["notes"],
            ),
            _("The recovery assessment was recorded."),
        ),
        Creation(
            "dass21",
            "assessments",
            lambda request, case, data: Dass21Form(data),
            lambda actor, case, form: services.record_dass21(
                actor=actor,
                case=case,
                assessed_on=form.cleaned_data["assessed_on"],
                items=form.items(),
                notes=form.cleaned_data["notes"],
            ),
            _("The DASS-21 assessment was recorded."),
        ),
    ],
)
