"""Aftercare pages. Importing this package registers every panel (one module per panel)."""

from mukti.aftercare.views import (  # noqa: F401 - each module registers its panel
    assessments,
    care_plan,
    dashboard,
    follow_ups,
    income,
    peer_mentoring,
    re_trafficking,
    reintegration,
    services_delivered,
)
