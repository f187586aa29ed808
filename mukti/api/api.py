"""The /api/v1 assembly: each app contributes a router from its own api.py.

Callers authenticate with a bearer token an administrator issued (`mukti api_token issue`)
or with their signed-in browser session (CSRF token required for writes; staff whose role
reads identifying data must have passed their second factor).
"""

from ninja import NinjaAPI

from mukti.aftercare.api import router as aftercare_router
from mukti.api.auth import session_auth, token_auth
from mukti.api.errors import install_error_handlers
from mukti.cases.api import router as cases_router
from mukti.identification.api import router as identification_router
from mukti.impact.api import router as impact_router
from mukti.justice.api import router as justice_router
from mukti.people.api import router as people_router
from mukti.prevention.api import router as prevention_router
from mukti.repatriation.api import router as repatriation_router
from mukti.tracing.api import router as tracing_router

api = NinjaAPI(
    title="Mukti API",
    version="1",
    description=(
        "Cases and people, scoped exactly as in the web application. Send "
        "`Authorization: Bearer <token>` with a token issued by an administrator "
        "(`mukti api_token issue EMAIL --name NAME`); a token is not asked for a second "
        "factor, because only an administrator can issue one and revoke it. A signed-in "
        "browser session works too: writes need the CSRF token, and staff whose role reads "
        "identifying data must have passed their second factor, or the answer is 401. "
        "Records outside your scope answer 404, and every response that identifies someone "
        "is written to the access log. Invalid input answers 422 with "
        '`{"detail": [{"field": ..., "message": ...}]}`; an edit based on an old `version` '
        "answers 409 naming the fields that changed since."
    ),
    urls_namespace="api",
    auth=[token_auth, session_auth],
)
install_error_handlers(api)
api.add_router("/people/", people_router)
api.add_router("/cases/", cases_router)
api.add_router("/identification/", identification_router)
api.add_router("/aftercare/", aftercare_router)
api.add_router("/tracing/", tracing_router)
api.add_router("/repatriation/", repatriation_router)
api.add_router("/justice/", justice_router)
api.add_router("/prevention/", prevention_router)
api.add_router("/impact/", impact_router)
