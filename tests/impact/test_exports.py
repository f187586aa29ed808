"""The anonymised exports: CTDC variables, HTCDS names, and the k-anonymity refusal."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mukti.cases.services import ExploitationInput
from mukti.impact.exports import CTDC_COLUMNS, ctdc_row, k_anonymous
from mukti.impact.periods import Period
from mukti.impact.selectors import anonymised_export
from mukti.people.models import Sex
from tests.impact.factories import case_of, survivor

YEAR = Period(date(2020, 1, 1), date(2020, 12, 31))


def cases(impact, count, *, sex=Sex.FEMALE, birth=date(2001, 5, 1), nationality="BD", **extra):
    pm = impact.manager
    made = []
    for day in range(count):
        person = survivor(pm, impact.office, sex=sex, birth_date=birth, nationality=nationality)
        made.append(
            case_of(
                pm,
                person=person,
                opened_on=date(2020, 3, 1 + day),
                exploitation=ExploitationInput(
                    types=["ForcedLabour"],
                    sector="T",
                    means_of_control=["DebtBondage", "WithholdsDocuments"],
                    recruitment=["Familial"],
                    countries_of_exploitation=["IN"],
                ),
                **extra,
            )
        )
    return made


def test_a_case_in_ctdc_variables_holds_no_identifying_data(impact):
    [case] = cases(impact, 1)

    row = ctdc_row(case, case.survivor, case.exploitation)

    assert set(row) == set(CTDC_COLUMNS)
    assert row["gender"] == "Female"
    assert (row["ageBroad"], row["majorityStatus"]) == ("18--20", "Adult")
    assert (row["citizenship"], row["CountryOfExploitation"]) == ("BD", "IN")
    assert row["meansOfControlDebtBondage"] == row["meansOfControlWithholdsDocuments"] == "1"
    assert row["meansOfControlThreats"] == ""
    assert (row["isForcedLabour"], row["typeOfLabourDomesticWork"]) == ("1", "1")
    assert (row["RecruiterRelationship"], row["recruiterRelationFamily"]) == (
        "Family/Relative",
        "1",
    )
    assert "Rina" not in json.dumps(row) and "2001" not in json.dumps(row)


def test_five_alike_records_are_written_without_generalising(impact):
    cases(impact, 5)

    exported = anonymised_export(
        impact.me_officer, organisation_id=impact.organisation.pk, period=YEAR, kind="ctdc"
    )

    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert len(rows) == exported.records == 5
    assert exported.steps == []
    assert rows[0]["ageBroad"] == "18--20"


def test_ages_and_places_are_generalised_until_k_holds(impact):
    cases(impact, 4, birth=date(2001, 5, 1))  # 18--20
    cases(impact, 3, birth=date(1998, 5, 1), nationality="IN")  # 21--23, India
    cases(impact, 3, birth=date(1997, 5, 1), nationality="NP")  # 21--23, Nepal

    exported = anonymised_export(
        impact.me_officer, organisation_id=impact.organisation.pk, period=YEAR, kind="ctdc"
    )

    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert exported.steps == ["ages in wider bands", "places as sub-regions"]
    assert {row["ageBroad"] for row in rows} == {"18--29"}
    assert {row["citizenship"] for row in rows} == {"Southern Asia"}


def test_a_file_that_stays_too_small_is_refused_and_nothing_returned(impact):
    cases(impact, 4)

    with pytest.raises(ValidationError) as refused:
        anonymised_export(
            impact.me_officer, organisation_id=impact.organisation.pk, period=YEAR, kind="ctdc"
        )

    assert "fewer than k = 5" in refused.value.messages[0]


def test_k_cannot_be_set_below_the_organisations_setting(impact):
    cases(impact, 4)
    with pytest.raises(ValidationError):
        anonymised_export(
            impact.me_officer,
            organisation_id=impact.organisation.pk,
            period=YEAR,
            kind="ctdc",
            k=2,
        )


def test_k_anonymity_check_on_its_own():
    rows = [dict.fromkeys(CTDC_COLUMNS, "") for _ in range(3)]
    assert k_anonymous(rows, k=3).smallest_group == 3
    with pytest.raises(ValidationError):
        k_anonymous(rows, k=4)


def test_the_htcds_json_uses_the_standards_names(impact):
    cases(impact, 5)

    exported = anonymised_export(
        impact.me_officer, organisation_id=impact.organisation.pk, period=YEAR, kind="htcds"
    )

    document = json.loads(exported.content)
    record = document["records"][0]
    assert record["prs_Gender"] == "Female"
    assert record["vic_TypeOfExploitation"] == ["ForcedLabour"]
    assert record["vic_MethodsOfControl"] == ["DebtBondage", "WithholdsDocuments"]
    assert record["hte_Events"] == [{"hte_Type": "Exploitation", "hte_Country": "IN"}]
    assert record["cas_Status"] == "Active"
    assert document["k"] == 5


def test_a_caseworker_cannot_export(impact):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        anonymised_export(
            impact.story.caseworker,
            organisation_id=impact.organisation.pk,
            period=YEAR,
            kind="ctdc",
        )
