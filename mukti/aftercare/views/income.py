"""The household income panel: the baseline and later records, each with its change."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mukti.aftercare import selectors, services
from mukti.aftercare.forms import IncomeEditForm, IncomeForm
from mukti.aftercare.models import IncomeRecord, IncomeSource
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


def _context(request: HttpRequest, case: Case, state: PanelState) -> dict[str, Any]:
    history = selectors.income_history(request.user, case=case)
    return {
        "income_kind": INCOME,
        "income_rows": [(row, INCOME.offered_actions(row.record)) for row in reversed(history)],
        "archived_rows": rows(INCOME, selectors.archived_income(request.user, case=case)),
        "income_form": create_form(request, case, state, "income"),
    }


def source_labels(record: IncomeRecord) -> str:
    labels = dict(IncomeSource.choices)
    return ", ".join(str(labels.get(source, source)) for source in record.sources)


def _facts(record: IncomeRecord) -> list[tuple[Any, Any]]:
    return [
        (_("Date"), record.recorded_on),
        (_("Household income per month"), f"{record.amount_per_month} {record.currency}"),
        (_("Sources of income"), source_labels(record)),
        (_("Baseline"), _("Yes") if record.is_baseline else _("No")),
        (_("Notes"), record.notes),
        *recorded(record),
    ]


def _arguments(form: Any) -> dict[str, Any]:
    data = form.cleaned_data
    names = ("recorded_on", "amount_per_month", "currency", "sources", "notes")
    return {name: data[name] for name in names}


INCOME = RecordKind(
    slug="income",
    panel="income",
    find=lambda user, case, pk: selectors.income_record_for(user, case=case, record_id=pk),
    facts=_facts,
    edit_form=lambda request, case, record, data: IncomeEditForm(
        data, case=case, initial=IncomeForm.initial_from(record)
    ),
    update=lambda actor, record, form: services.update_income(
        actor=actor,
        record=record,
        expected_version=form.cleaned_data["version"],
        **_arguments(form),
    ),
    edited=_("The income record was saved."),
    editable=lambda record: record.archived_at is None,
    actions={
        "archive": RecordAction(
            _("Archive (recorded in error)"),
            lambda actor, record: services.set_income_archived(
                actor=actor, record=record, archived=True
            ),
            _("The income record was archived. It can be restored."),
            lambda record: record.archived_at is None,
        ),
        "restore": RecordAction(
            _("Restore"),
            lambda actor, record: services.set_income_archived(
                actor=actor, record=record, archived=False
            ),
            _("The income record was restored."),
            lambda record: record.archived_at is not None,
        ),
    },
)

register(
    Panel(
        key="income",
        title=_("Household income"),
        template="aftercare/panels/income.html",
        order=54,
        context=_context,
    ),
    kinds=[INCOME],
    creations=[
        Creation(
            "income",
            "income",
            lambda request, case, data: IncomeForm(data, case=case),
            lambda actor, case, form: services.record_income(
                actor=actor, case=case, **_arguments(form)
            ),
            _("The income was recorded."),
        )
    ],
)
