"""Recording prevention work (mukti/prevention/services.py and checks.py): what is stored,
what is computed, and what is refused with its reason."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from mukti.accounts.roles import Role
from mukti.audit.models import ChangeLogEntry
from mukti.core.models import StaleEditError
from mukti.prevention import services
from mukti.prevention.models import Activity, ActivityStatus, AudienceType, Participant
from mukti.prevention.participant_lists import ParticipantInput
from tests.factories import OfficeFactory, make_member
from tests.prevention.factories import (
    audience,
    campaign_details,
    guards,
    make_activity,
    session_details,
    training_details,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 20)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-01-20 10:00 +0600", tick=False):
        yield


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_a_session_is_stored_with_its_change_in_knowledge(story):
    activity = make_activity(actor=story.caseworker, office=story.office)

    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    assert activity.counted_on == date(2025, 11, 4)
    assert activity.mean_change == Decimal("3.70")
    assert activity.improved_share == pytest.approx(25 / 28)
    assert activity.venue == "Factory canteen, Ashulia"
    assert activity.history.count() == 1


def test_free_text_is_encrypted_in_the_database(story):
    activity = make_activity(actor=story.caseworker, office=story.office)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, venue, organiser FROM prevention_activity WHERE id = %s",
            [activity.pk.hex],
        )
        row = cursor.fetchone()
    assert "Lunch-hour" not in row[0]
    assert "Ashulia" not in row[1]


def test_scores_per_participant_give_the_averages_and_who_improved(story):
    participants = guards(("8", "15"), ("10", "10"), ("12", "18"))

    activity = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(participants_total=None),
        participants=participants,
    )

    assert activity.participants_total == 3
    assert (activity.participants_male, activity.participants_female) == (3, 0)
    assert activity.scores_per_participant
    assert activity.tested_count == 3
    assert activity.improved_count == 2
    assert activity.pre_test_average == Decimal("10.00")
    assert activity.post_test_average == Decimal("14.33")
    assert activity.counted_on == date(2025, 10, 13)
    assert Participant.objects.filter(activity=activity).count() == 3
    # Each participant's first version is recorded and linked into the change chain.
    assert (
        ChangeLogEntry.objects.filter(history_model="prevention.historicalparticipant").count() == 3
    )


def test_a_participant_without_an_after_score_is_not_counted_as_tested(story):
    activity = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(),
        participants=guards(("8", "15"), ("10", None), ("12", "11")),
    )

    assert (activity.tested_count, activity.improved_count) == (2, 1)


def test_a_campaign_keeps_its_reach_and_whether_it_was_verified(story):
    verified = make_activity(
        actor=story.caseworker, office=story.office, details=campaign_details()
    )
    estimate = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=campaign_details(reach_verification=("estimate",)),
    )

    assert verified.reach == 1_300_000 and verified.reach_verified
    assert not estimate.reach_verified
    assert verified.counted_on == date(2025, 12, 31)


# --- refused, with the reason ---------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"starts_on": TODAY + timedelta(days=1)}, "starts_on", "future"),
        ({"starts_on": date(1999, 12, 31)}, "starts_on", "too far in the past"),
        ({"ends_on": date(2025, 11, 3)}, "ends_on", "before the start date"),
        ({"title": "  "}, "title", "title"),
        ({"post_test_average": Decimal(11)}, "post_test_average", "maximum of 10"),
        ({"pre_test_average": Decimal(-1)}, "pre_test_average", "negative"),
        ({"pre_test_average": None}, "pre_test_average", "score before"),
        ({"score_maximum": None}, "score_maximum", "maximum score"),
        ({"improved_count": 29}, "improved_count", "More people improved"),
        ({"tested_count": 31}, "tested_count", "More people were tested"),
        ({"participants_female": 40}, "participants_total", "more than the participants"),
        (
            {"participants_female": 20, "participants_male": 4, "participants_other": 0},
            "participants_total",
            "add up to 24, not 30",
        ),
        ({"participants_total": None}, "participants_total", "how many"),
        ({"reach": 100}, "reach", "Only a campaign"),
        ({"profession": "police"}, "profession", "Only a training"),
        ({"channel": "radio"}, "channel", "Only a campaign"),
    ],
)
def test_a_session_with_impossible_figures_is_refused(story, overrides, field, words):
    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker, office=story.office, details=session_details(**overrides)
        )

    assert any(words in message for message in refusal(error)[field]), refusal(error)
    assert not Activity.objects.exists()


def test_a_done_campaign_cannot_end_in_the_future_but_a_planned_one_can(story):
    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=campaign_details(ends_on=TODAY + timedelta(days=30)),
        )
    assert "keep it planned" in refusal(error)["ends_on"][0]

    planned = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=campaign_details(
            status="planned",
            ends_on=TODAY + timedelta(days=30),
            reach=None,
            reach_verification=(),
            reach_note="",
        ),
    )
    assert planned.status == "planned"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": None}, "ends_on"),
        ({"channel": ""}, "channel"),
        ({"reach_verification": ()}, "reach_verification"),
        ({"reach_verification": ("rumour",)}, "reach_verification"),
        ({"participants_total": 20}, "participants_total"),
        ({"reach": None}, "reach"),
    ],
)
def test_a_campaign_with_missing_or_wrong_figures_is_refused(story, overrides, field):
    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker, office=story.office, details=campaign_details(**overrides)
        )

    assert field in refusal(error)


def test_a_training_names_the_profession_trained(story):
    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker, office=story.office, details=training_details(profession="")
        )

    assert "frontline professionals" in refusal(error)["profession"][0]


def test_a_planned_activity_has_no_test_scores_yet(story):
    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=session_details(status="planned", starts_on=TODAY + timedelta(days=7)),
        )

    assert "once the activity has taken place" in refusal(error)["score_maximum"][0]


def test_a_post_test_without_a_pre_test_is_refused_per_participant(story):
    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=training_details(),
            participants=guards(("8", "15"), (None, "14"), ("9", "9")),
        )

    assert refusal(error)["participants"] == [
        "Participant 2: a score after needs the score before."
    ]


def test_a_participant_score_above_the_maximum_is_refused(story):
    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=training_details(),
            participants=guards(("8", "21"), ("10", "12"), ("9", "9")),
        )

    assert "Participant 1" in refusal(error)["participants"][0]
    assert "above the maximum" in refusal(error)["participants"][0]


def test_the_participant_count_must_match_the_list(story):
    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=training_details(participants_total=5),
            participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
        )

    assert (
        "has 3 people but the number of participants is 5"
        in (refusal(error)["participants_total"][0])
    )


def test_counts_by_sex_must_match_the_list(story):
    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=training_details(participants_female=2),
            participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
        )

    assert refusal(error)["participants_female"] == ["The participant list has 0 here."]


def test_scores_per_participant_and_averages_together_are_refused(story):
    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=training_details(pre_test_average=Decimal(9), tested_count=3),
            participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
        )

    assert "not both" in refusal(error)["pre_test_average"][0]


@pytest.mark.parametrize(
    ("code", "role", "why"),
    [
        ("01711-123456", "", "phone number"),
        ("+880 1711 123456", "", "phone number"),
        ("P-1", "call 07700 900123", "phone number"),
        ("rina@example.org", "", "e-mail"),
        ("P-2", "guard, rina at gmail dot com", "e-mail"),
    ],
)
def test_participant_data_that_looks_identifying_is_refused(story, code, role, why):
    participants = [ParticipantInput(code=code, sex="female", role=role)]

    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=training_details(participants_total=1),
            participants=participants,
        )

    [message] = refusal(error)["participants"]
    assert why in message
    assert code not in message and (not role or role not in message)
    assert not Participant.objects.exists()


def test_ordinary_codes_with_years_are_accepted(story):
    participants = [ParticipantInput(code="BGB-2025-0017", sex="male", role="Sepoy, BGB-21")]

    activity = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(participants_total=1),
        participants=participants,
    )

    assert activity.has_participant_list


def test_a_participant_code_is_used_once_per_list(story):
    participants = [ParticipantInput(code="P-1"), ParticipantInput(code="p-1")]

    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=training_details(participants_total=2),
            participants=participants,
        )

    assert "used twice" in refusal(error)["participants"][0]


def test_a_retired_audience_type_is_not_offered_for_new_activities(story):
    retired = AudienceType.objects.create(code="tea_garden", name="Tea-garden workers")
    retired.is_active = False
    retired.save()

    with pytest.raises(ValidationError) as error:
        make_activity(
            actor=story.caseworker,
            office=story.office,
            details=session_details(audience_type=retired),
        )

    assert "audience_type" in refusal(error)


# --- editing, cancelling, restoring ----------------------------------------------------


def test_an_edit_checks_the_version_and_keeps_the_previous_one(story):
    activity = make_activity(actor=story.caseworker, office=story.office)
    stale_copy = Activity.objects.get(pk=activity.pk)

    services.update_activity(
        actor=story.colleague,
        activity=activity,
        expected_version=1,
        details=session_details(participants_total=32, participants_female=28),
    )
    with pytest.raises(StaleEditError):
        services.update_activity(
            actor=story.caseworker,
            activity=stale_copy,
            expected_version=1,
            details=session_details(participants_total=31, participants_female=27),
        )

    activity.refresh_from_db()
    assert (activity.participants_total, activity.version) == (32, 2)
    assert [v.participants_total for v in activity.history.order_by("history_id")] == [30, 32]


def test_an_edit_matches_participants_by_code_and_keeps_those_taken_off(story):
    activity = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(),
        participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
    )
    kept = guards(("8", "16"), ("10", "12"))

    services.update_activity(
        actor=story.caseworker,
        activity=activity,
        expected_version=activity.version,
        details=training_details(participants_total=None),
        participants=kept,
    )

    bg1 = Participant.objects.get(activity=activity, code="BG-1")
    assert bg1.post_score == Decimal(16) and bg1.version == 2
    bg3 = Participant.objects.get(activity=activity, code="BG-3")
    assert bg3.removed_at is not None
    activity.refresh_from_db()
    assert (activity.participants_total, activity.improved_count) == (2, 2)

    services.update_activity(
        actor=story.caseworker,
        activity=activity,
        expected_version=activity.version,
        details=training_details(participants_total=None),
        participants=guards(("8", "16"), ("10", "12"), ("9", "10")),
    )
    bg3.refresh_from_db()
    assert bg3.removed_at is None and bg3.post_score == Decimal(10)
    assert Participant.objects.filter(activity=activity).count() == 3


def test_an_edit_without_participants_keeps_the_list(story):
    activity = make_activity(
        actor=story.caseworker,
        office=story.office,
        details=training_details(),
        participants=guards(("8", "15"), ("10", "12"), ("9", "9")),
    )

    services.update_activity(
        actor=story.caseworker,
        activity=activity,
        expected_version=activity.version,
        details=training_details(title="Border training, Benapole", participants_total=None),
    )

    activity.refresh_from_db()
    assert activity.title == "Border training, Benapole"
    assert activity.participants_total == 3 and activity.improved_count == 2


def test_an_uploaded_list_replaces_the_list_and_the_counts(story):
    activity = make_activity(actor=story.caseworker, office=story.office)

    services.replace_participant_list(
        actor=story.caseworker,
        activity=activity,
        expected_version=activity.version,
        participants=guards(("3", "8"), ("4", "4")),
    )

    activity.refresh_from_db()
    assert activity.participants_total == 2
    assert activity.scores_per_participant
    assert (activity.tested_count, activity.improved_count) == (2, 1)


def test_cancel_and_restore_keep_the_record_and_its_status(story):
    activity = make_activity(actor=story.caseworker, office=story.office)

    services.cancel_activity(
        actor=story.caseworker, activity=activity, expected_version=1, reason="Factory closed"
    )
    assert activity.status == ActivityStatus.CANCELLED
    with pytest.raises(ValidationError):
        services.update_activity(
            actor=story.caseworker,
            activity=activity,
            expected_version=activity.version,
            details=session_details(),
        )
    with pytest.raises(ValidationError):
        services.cancel_activity(
            actor=story.caseworker, activity=activity, expected_version=activity.version
        )
    services.restore_activity(
        actor=story.caseworker, activity=activity, expected_version=activity.version
    )

    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    assert activity.history.count() == 3
    assert Activity.objects.count() == 1


# --- who may record ---------------------------------------------------------------------

RECORDERS = [Role.CASEWORKER, Role.PROGRAMME_MANAGER, Role.ME_OFFICER, Role.PARTNER_STAFF]
NOT_RECORDERS = [
    Role.COUNSELLOR,
    Role.LEGAL_OFFICER,
    Role.REPATRIATION_OFFICER,
    Role.DONOR_VIEWER,
    Role.DATA_PROTECTION_OFFICER,
    Role.SYSTEM_ADMINISTRATOR,
]


@pytest.mark.parametrize("role", RECORDERS)
def test_roles_that_record_prevention_work_may_record_in_their_office(story, member, role):
    activity = make_activity(actor=member(role), office=story.office)

    assert activity.office == story.office


@pytest.mark.parametrize("role", NOT_RECORDERS)
def test_other_roles_may_not_record_prevention_work(story, member, role):
    with pytest.raises(PermissionDenied):
        make_activity(actor=member(role), office=story.office)


def test_no_one_records_in_another_organisations_office(story):
    with pytest.raises(PermissionDenied):
        make_activity(actor=story.outsider, office=story.office)


def test_an_activity_moves_only_to_an_office_the_user_records_in(story):
    activity = make_activity(actor=story.caseworker, office=story.office)
    elsewhere = OfficeFactory(organisation=story.organisation, code="BD-JSR")

    with pytest.raises(PermissionDenied):
        services.update_activity(
            actor=story.caseworker,
            activity=activity,
            expected_version=1,
            details=session_details(),
            office=elsewhere,
        )

    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office, scope="organisation")
    services.update_activity(
        actor=manager,
        activity=activity,
        expected_version=1,
        details=session_details(),
        office=elsewhere,
    )
    assert Activity.objects.get().office == elsewhere


def test_the_audience_list_starts_with_the_seed_documents_audiences():
    assert set(AudienceType.objects.values_list("code", flat=True)) >= {
        "garment_factory_workers",
        "community_leaders",
        "border_guards",
        "police",
        "students",
        "migrants",
    }
    assert str(audience("police")) == "Police"
