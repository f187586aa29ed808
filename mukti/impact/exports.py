"""Anonymised record-level exports: one row per survivor case, in the CTDC variable set (CSV)
or as HTCDS-compatible JSON, written only if the file is k-anonymous.

k-anonymity: every combination of the quasi-identifiers (year of registration, sex, age band,
citizenship, country of exploitation) is shared by at least k records. When it is not,
ages and places are generalised step by step (wider age bands, sub-regions, minor/adult,
regions, no year); a file that still fails after the last step is refused, never written.

The variable names are the CTDC global k-anonymised dataset's (codebook of 2021); the
HTCDS names follow the standard's field reference (prefixes prs_, vic_, hte_, cas_). No name,
phone, address, date of birth or narrative is read.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.cases.models import Case, ExploitationProfile, Status
from mukti.impact.periods import Period
from mukti.people.models import Person, Sex

# --- the CTDC variable set --------------------------------------------------------------

AGE_BANDS = (
    ("0--8", 0, 8),
    ("9--17", 9, 17),
    ("18--20", 18, 20),
    ("21--23", 21, 23),
    ("24--26", 24, 26),
    ("27--29", 27, 29),
    ("30--38", 30, 38),
    ("39--47", 39, 47),
    ("48+", 48, None),
)
WIDER_BANDS = {
    "0--8": "0--17",
    "9--17": "0--17",
    "18--20": "18--29",
    "21--23": "18--29",
    "24--26": "18--29",
    "27--29": "18--29",
    "30--38": "30--47",
    "39--47": "30--47",
    "48+": "48+",
}
MEANS_OF_CONTROL = {
    # HTCDS value (as Mukti stores it) -> CTDC variable
    "DebtBondage": "meansOfControlDebtBondage",
    "TakesEarnings": "meansOfControlTakesEarnings",
    "RestrictsFinancialAccess": "meansOfControlRestrictsFinancialAccess",
    "PhysicalThreats": "meansOfControlThreats",
    "ThreatensChildrenFamily": "meansOfControlThreats",
    "PsychologicalAbuse": "meansOfControlPsychologicalAbuse",
    "PhysicalAbuse": "meansOfControlPhysicalAbuse",
    "SexualAbuse": "meansOfControlSexualAbuse",
    "FalsePromises": "meansOfControlFalsePromises",
    "PsychoactiveSubstance": "meansOfControlPsychoactiveSubstances",
    "RestrictsMovement": "meansOfControlRestrictsMovement",
    "RestrictsMedicalCare": "meansOfControlRestrictsMedicalCare",
    "ExcessiveWorkingHours": "meansOfControlExcessiveWorkingHours",
    "ThreatsLawEnforcement": "meansOfControlThreatOfLawEnforcement",
    "WithholdsNecessities": "meansOfControlWithholdsNecessities",
    "WithholdsDocuments": "meansOfControlWithholdsDocuments",
    "Other": "meansOfControlOther",
}
MEANS_COLUMNS = (
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities",
    "meansOfControlWithholdsDocuments",
    "meansOfControlOther",
    "meansOfControlNotSpecified",
)
EXPLOITATION_FLAGS = {
    "ForcedLabour": "isForcedLabour",
    "ChildLabour": "isForcedLabour",
    "ForcedBegging": "isForcedLabour",
    "SexualExploitation": "isSexualExploit",
    "ForcedMarriage": "isForcedMarriage",
    "ForcedMilitaryByNonStateActors": "isForcedMilitary",
    "OrganRemoval": "isOrganRemoval",
    "Servitude": "isSlaveryAndPractices",
}
EXPLOITATION_COLUMNS = (
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
)
# ISIC Rev.4 section (Mukti's sector) -> CTDC type of labour
LABOUR_TYPES = {
    "A": "typeOfLabourAgriculture",
    "B": "typeOfLabourMiningOrDrilling",
    "C": "typeOfLabourManufacturing",
    "F": "typeOfLabourConstruction",
    "H": "typeOfLabourTransportation",
    "I": "typeOfLabourHospitality",
    "T": "typeOfLabourDomesticWork",
}
LABOUR_COLUMNS = (
    "typeOfLabourAgriculture",
    "typeOfLabourAquafarming",
    "typeOfLabourBegging",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
    "typeOfLabourNotSpecified",
)
RECRUITER_COLUMNS = (
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
)
CTDC_COLUMNS = (
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    *MEANS_COLUMNS,
    *EXPLOITATION_COLUMNS,
    *LABOUR_COLUMNS,
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    *RECRUITER_COLUMNS,
)
QUASI_IDENTIFIERS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
)

# UN M49 sub-regions and regions of the countries Mukti knows (core/geography.py).
SUBREGIONS = {
    "AE": "Western Asia", "AF": "Southern Asia", "AL": "Southern Europe",
    "BD": "Southern Asia", "BG": "Eastern Europe", "BT": "Southern Asia",
    "CN": "Eastern Asia", "DE": "Western Europe", "ES": "Southern Europe",
    "FR": "Western Europe", "GB": "Northern Europe", "GR": "Southern Europe",
    "HU": "Eastern Europe", "ID": "South-eastern Asia", "IE": "Northern Europe",
    "IN": "Southern Asia", "IT": "Southern Europe", "JO": "Western Asia",
    "KH": "South-eastern Asia", "KW": "Western Asia", "LA": "South-eastern Asia",
    "LK": "Southern Asia", "LB": "Western Asia", "MD": "Eastern Europe",
    "MM": "South-eastern Asia", "MY": "South-eastern Asia", "NG": "Sub-Saharan Africa",
    "NL": "Western Europe", "NP": "Southern Asia", "OM": "Western Asia",
    "PH": "South-eastern Asia", "PK": "Southern Asia", "PL": "Eastern Europe",
    "QA": "Western Asia", "RO": "Eastern Europe", "SA": "Western Asia",
    "SG": "South-eastern Asia", "TH": "South-eastern Asia", "UA": "Eastern Europe",
    "US": "Northern America", "VN": "South-eastern Asia",
}  # fmt: skip
REGIONS = {
    "Western Asia": "Asia", "Southern Asia": "Asia", "Eastern Asia": "Asia",
    "South-eastern Asia": "Asia", "Southern Europe": "Europe", "Eastern Europe": "Europe",
    "Western Europe": "Europe", "Northern Europe": "Europe", "Sub-Saharan Africa": "Africa",
    "Northern America": "Americas",
}  # fmt: skip


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return ""
    for band, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return band
    return ""


def _flag(value: bool) -> str:
    """CTDC's binary variables are 1 or empty."""
    return "1" if value else ""


@dataclass(frozen=True)
class Exported:
    """The anonymised records, the generalisation steps taken and the k they reach."""

    rows: list[dict[str, str]]
    steps: list[str]
    k: int
    smallest_group: int


def _gender(sex: str) -> str:
    return {Sex.FEMALE: "Female", Sex.MALE: "Male"}.get(sex, "")  # type: ignore[call-overload]


def _recruiter(recruitment: list[str]) -> tuple[str, dict[str, str]]:
    flags = {column: "" for column in RECRUITER_COLUMNS}
    if "IntimatePartner" in recruitment:
        flags["recruiterRelationIntimatePartner"] = "1"
        relation = "Intimate Partner"
    elif "Familial" in recruitment:
        flags["recruiterRelationFamily"] = "1"
        relation = "Family/Relative"
    elif recruitment:
        flags["recruiterRelationOther"] = "1"
        relation = "Other"
    else:
        flags["recruiterRelationUnknown"] = "1"
        relation = ""
    return relation, flags


def ctdc_row(case: Case, person: Person, profile: ExploitationProfile | None) -> dict[str, str]:
    """One case in the CTDC variables (before any generalisation)."""
    age = person.age_on(case.opened_on)
    types = list(profile.types) if profile else []
    means = list(profile.means_of_control) if profile else []
    recruitment = list(profile.recruitment) if profile else []
    row: dict[str, str] = {column: "" for column in CTDC_COLUMNS}
    row.update(
        yearOfRegistration=str(case.opened_on.year),
        Datasource="Case Management",
        gender=_gender(person.sex),
        ageBroad=age_band(age),
        majorityStatus="" if age is None else ("Minor" if age < 18 else "Adult"),
        citizenship=person.nationality or "",
        isAbduction=_flag("Abduction" in recruitment),
        CountryOfExploitation=(profile.countries_of_exploitation or [""])[0] if profile else "",
    )
    for value in means:
        row[MEANS_OF_CONTROL.get(value, "meansOfControlOther")] = "1"
    row["meansOfControlNotSpecified"] = _flag(not means)
    for value in types:
        row[EXPLOITATION_FLAGS.get(value, "isOtherExploit")] = "1"
    row["isSexAndLabour"] = _flag(bool(row["isForcedLabour"] and row["isSexualExploit"]))
    if row["isForcedLabour"]:
        sector = profile.sector if profile else ""
        unlisted = "typeOfLabourOther" if sector else "typeOfLabourNotSpecified"
        row[LABOUR_TYPES.get(sector, unlisted)] = "1"
    relation, recruiter_flags = _recruiter(recruitment)
    row["RecruiterRelationship"] = relation
    row.update(recruiter_flags)
    return row


def htcds_record(row: dict[str, str], *, case_status: str, types: list[str]) -> dict[str, Any]:
    """The same anonymised record in HTCDS field names. Generalised places are written as
    region names (not ISO codes) and the age band is Mukti's own field: HTCDS has no age."""
    return {
        "prs_Gender": row["gender"] or "Unknown",
        "prs_Nationality": row["citizenship"],
        "mukti_AgeBand": row["ageBroad"],
        "mukti_MajorityStatus": row["majorityStatus"],
        "mukti_YearOfRegistration": row["yearOfRegistration"],
        "vic_TypeOfExploitation": types,
        "vic_MethodsOfControl": sorted(
            {key for key, column in MEANS_OF_CONTROL.items() if row.get(column) == "1"}
        ),
        "hte_Events": (
            [{"hte_Type": "Exploitation", "hte_Country": row["CountryOfExploitation"]}]
            if row["CountryOfExploitation"]
            else []
        ),
        "cas_Status": "Closed" if case_status == Status.CLOSED else "Active",
    }


# --- k-anonymity ------------------------------------------------------------------------


def _smallest_group(rows: list[dict[str, str]]) -> int:
    if not rows:
        return 0
    groups = Counter(tuple(row[q] for q in QUASI_IDENTIFIERS) for row in rows)
    return min(groups.values())


def _wider_ages(row: dict[str, str]) -> None:
    row["ageBroad"] = WIDER_BANDS.get(row["ageBroad"], row["ageBroad"])


def _subregions(row: dict[str, str]) -> None:
    for column in ("citizenship", "CountryOfExploitation"):
        row[column] = SUBREGIONS.get(row[column], row[column])


def _minor_or_adult(row: dict[str, str]) -> None:
    row["ageBroad"] = {"Minor": "0--17", "Adult": "18+"}.get(row["majorityStatus"], "")


def _regions(row: dict[str, str]) -> None:
    for column in ("citizenship", "CountryOfExploitation"):
        row[column] = REGIONS.get(row[column], row[column])


def _no_year(row: dict[str, str]) -> None:
    row["yearOfRegistration"] = ""


GENERALISATIONS: tuple[tuple[Any, Callable[[dict[str, str]], None]], ...] = (
    (gettext_lazy("ages in wider bands"), _wider_ages),
    (gettext_lazy("places as sub-regions"), _subregions),
    (gettext_lazy("ages as minor or adult"), _minor_or_adult),
    (gettext_lazy("places as regions"), _regions),
    (gettext_lazy("year of registration left out"), _no_year),
)


def k_anonymous(rows: list[dict[str, str]], *, k: int) -> Exported:
    """Generalise until every quasi-identifier combination is shared by k records or more;
    a ValidationError (nothing to write) when even the last step leaves a smaller group."""
    rows = [dict(row) for row in rows]
    steps: list[str] = []
    smallest = _smallest_group(rows)
    for label, step in GENERALISATIONS:
        if not rows or smallest >= k:
            break
        for row in rows:
            step(row)
        steps.append(str(label))
        smallest = _smallest_group(rows)
    if rows and smallest < k:
        raise ValidationError(
            {
                "k": _(
                    "The export is refused: even with %(steps)s, a group of %(smallest)s "
                    "record(s) shares the same year, sex, age and places, fewer than k = %(k)s. "
                    "Export a longer period or more offices, or nothing at all."
                )
                % {"steps": ", ".join(steps), "smallest": smallest, "k": k}
            }
        )
    return Exported(rows=rows, steps=steps, k=k, smallest_group=smallest)


# --- building a file -----------------------------------------------------------------------


def _cases(case_ids: Iterable[Any], period: Period) -> list[Case]:
    return list(
        Case.objects.filter(pk__in=case_ids, opened_on__gte=period.start, opened_on__lte=period.end)
        .select_related("survivor", "exploitation")
        .order_by("opened_on", "pk")
    )


def _profile(case: Case) -> ExploitationProfile | None:
    try:
        return case.exploitation
    except ExploitationProfile.DoesNotExist:
        return None


def _types(case: Case) -> list[str]:
    profile = _profile(case)
    return sorted(profile.types) if profile else []


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    records: int
    steps: list[str]
    k: int


def build_export(*, cases: Iterable[Any], period: Period, k: int, kind: str) -> ExportFile:
    """The anonymised file (kind "ctdc": CSV; "htcds": JSON) of the cases opened in the
    period; refused (ValidationError) unless it is k-anonymous."""
    found = _cases(cases, period)
    raw = [ctdc_row(case, case.survivor, _profile(case)) for case in found]
    exported = k_anonymous(raw, k=k)
    # Sorted by the generalised values, so that the order tells nothing about the cases.
    paired = sorted(
        zip(exported.rows, found, strict=True),
        key=lambda pair: tuple(pair[0][q] for q in QUASI_IDENTIFIERS),
    )
    if kind == "ctdc":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(CTDC_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(row for row, _case in paired)
        content = out.getvalue().encode()
    else:
        records = [
            htcds_record(row, case_status=case.status, types=_types(case)) for row, case in paired
        ]
        document = {
            "standard": "HTCDS 2.0 (compatible; anonymised)",
            "period": period.as_json(),
            "k": k,
            "generalised": exported.steps,
            "generated_on": timezone.localdate().isoformat(),
            "records": records,
        }
        content = json.dumps(document, ensure_ascii=False, indent=1).encode()
    return ExportFile(content=content, records=len(exported.rows), steps=exported.steps, k=k)
