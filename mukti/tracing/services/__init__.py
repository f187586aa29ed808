"""Every write in tracing: one function per user action, one transaction each.

Missing-person reports are recorded and closed (reports.py); pairs are queued and reviewed —
a confirmed match links the report to the case, adds MATCHED_TO_MISSING_REPORT to the
timeline and closes the report as found (review.py); family tracing records its steps,
FAMILY_TRACED when the family is verified and REUNITED at the end (family.py); imports,
matching and training run as background jobs (jobs.py).
"""

from mukti.tracing.services.family import (
    close_tracing_request,
    open_tracing_request,
    record_reunification,
    record_tracing_step,
)
from mukti.tracing.services.jobs import (
    review_office_ids,
    start_batch_matching,
    start_import,
    start_training,
)
from mukti.tracing.services.reports import (
    ReportDetails,
    close_report,
    record_report,
    reopen_report,
    report_errors,
    report_exists,
    report_key,
)
from mukti.tracing.services.review import (
    FoundPair,
    may_review,
    queue_case_candidate,
    review_candidate,
)

__all__ = [
    "FoundPair",
    "ReportDetails",
    "close_report",
    "close_tracing_request",
    "may_review",
    "open_tracing_request",
    "queue_case_candidate",
    "record_report",
    "record_reunification",
    "record_tracing_step",
    "reopen_report",
    "report_errors",
    "report_exists",
    "report_key",
    "review_candidate",
    "review_office_ids",
    "start_batch_matching",
    "start_import",
    "start_training",
]
