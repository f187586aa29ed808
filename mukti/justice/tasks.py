"""Background jobs of the justice app: analysing a large case list, with progress."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

from mukti.justice.models import AnalysisStatus, BacklogAnalysis

logger = logging.getLogger(__name__)


def _save_progress(rows: Any, percent: int) -> None:
    rows.update(progress=max(5, min(percent, 99)))


def run_analysis(analysis_id: Any) -> None:
    """Analyse a stored case list and keep the result; progress is saved as it goes."""
    from mukti.justice.backlog_analysis import analyse
    from mukti.justice.backlog_import import BadCaseList, read_case_list
    from mukti.justice.deadlines import limit_rules

    rows = BacklogAnalysis.objects.filter(pk=analysis_id)
    analysis = rows.get()
    rows.update(status=AnalysisStatus.RUNNING, progress=5)
    try:
        case_list = read_case_list(
            bytes(analysis.source), filename=analysis.filename, today=analysis.as_of
        )
        result = analyse(
            case_list,
            as_of=analysis.as_of,
            limits=limit_rules(country=analysis.deadline_country, on=analysis.as_of),
            progress=lambda percent: _save_progress(rows, percent),
        )
    except BadCaseList as problem:
        rows.update(status=AnalysisStatus.FAILED, error=str(problem))
        return
    except Exception:
        # The list holds no names, but say nothing of it in the log all the same.
        logger.exception("backlog analysis %s failed", analysis_id)
        rows.update(status=AnalysisStatus.FAILED, error="The analysis failed.")
        return
    rows.update(status=AnalysisStatus.DONE, progress=100, result=result)


@task()
def analyse_backlog(analysis_id: str) -> None:
    run_analysis(analysis_id)
