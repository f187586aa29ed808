"""Every aftercare write: one function per user action, one transaction each, each checking
the role (and the restricted section) first and keeping the case timeline in step.

The functions live in one module per kind of record; they are all importable from here.
"""

from mukti.aftercare.services.assessments import (
    current_instrument,
    record_dass21,
    record_recovery_assessment,
    set_dass21_archived,
    set_recovery_assessment_archived,
    update_dass21,
    update_recovery_assessment,
)
from mukti.aftercare.services.care_plans import (
    NeedInput,
    add_goal,
    archive_care_plan,
    create_care_plan,
    record_care_plan_review,
    restore_care_plan,
    set_goal_archived,
    update_care_plan,
    update_care_plan_review,
    update_goal,
)
from mukti.aftercare.services.delivery import (
    ServiceDetails,
    cancel_service,
    household_of,
    record_service,
    restore_cancelled_service,
    set_service_archived,
    update_service,
)
from mukti.aftercare.services.follow_ups import (
    cancel_follow_up,
    complete_follow_up,
    plan_follow_up,
    record_follow_up,
    restore_cancelled_follow_up,
    set_follow_up_archived,
    update_follow_up,
)
from mukti.aftercare.services.income import record_income, set_income_archived, update_income
from mukti.aftercare.services.peer_mentoring import (
    end_peer_mentor_match,
    log_peer_mentoring_session,
    match_peer_mentor,
    set_match_archived,
    set_peer_mentor_archived,
    set_session_archived,
    train_peer_mentor,
    update_peer_mentor,
    update_peer_mentoring_session,
)
from mukti.aftercare.services.re_trafficking import (
    record_re_trafficking,
    set_re_trafficking_archived,
    update_re_trafficking,
)
from mukti.aftercare.services.reintegration import (
    record_reintegration_stage,
    set_reintegration_stage_archived,
    update_reintegration_stage,
)

__all__ = [
    "NeedInput",
    "ServiceDetails",
    "add_goal",
    "archive_care_plan",
    "cancel_follow_up",
    "cancel_service",
    "complete_follow_up",
    "create_care_plan",
    "current_instrument",
    "end_peer_mentor_match",
    "household_of",
    "log_peer_mentoring_session",
    "match_peer_mentor",
    "plan_follow_up",
    "record_care_plan_review",
    "record_dass21",
    "record_follow_up",
    "record_income",
    "record_re_trafficking",
    "record_recovery_assessment",
    "record_reintegration_stage",
    "record_service",
    "restore_cancelled_follow_up",
    "restore_cancelled_service",
    "restore_care_plan",
    "set_dass21_archived",
    "set_follow_up_archived",
    "set_goal_archived",
    "set_income_archived",
    "set_match_archived",
    "set_peer_mentor_archived",
    "set_re_trafficking_archived",
    "set_recovery_assessment_archived",
    "set_reintegration_stage_archived",
    "set_service_archived",
    "set_session_archived",
    "train_peer_mentor",
    "update_care_plan",
    "update_care_plan_review",
    "update_dass21",
    "update_follow_up",
    "update_goal",
    "update_income",
    "update_peer_mentor",
    "update_peer_mentoring_session",
    "update_re_trafficking",
    "update_recovery_assessment",
    "update_reintegration_stage",
    "update_service",
]
