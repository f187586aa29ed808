"""What every justice page needs: the legal case in scope (else a logged 404), and logging."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from mukti.audit.services import record_access, record_denied
from mukti.justice import selectors
from mukti.justice.models import LegalCase


def log(request: HttpRequest, action: str, **what: Any) -> None:
    # The path only: a query string may hold what someone searched for.
    record_access(actor=request.user, action=action, path=request.path, **what)


def legal_case_or_404(request: HttpRequest, legal_case_id: Any) -> LegalCase:
    """A legal case the user may read; anything else is a logged 404, never a 403."""
    try:
        return selectors.legal_case_for(request.user, legal_case_id=legal_case_id)
    except LegalCase.DoesNotExist:
        record_denied(
            actor=request.user,
            object_type="justice.legalcase",
            object_id=str(legal_case_id)[:64],
            path=request.path,
        )
        raise Http404(_("No legal case here.")) from None
