"""The organisation of the seed documents: Justice and Care's direct offices in the UK,
Romania and Bangladesh, joint operations with partners in India and Thailand, their teams,
and one demo login per role (plus a lead worker for every team)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mukti.accounts.models import Membership, Office, Organisation, Team, User
from mukti.accounts.roles import ROLE_RULES, Role

HOST = "Justice and Care"
DEMO_EMAIL_DOMAIN = "demo.mukti.test"


@dataclass(frozen=True)
class OfficeSpec:
    code: str
    name: str
    country: str
    teams: tuple[str, ...]
    # Share of the demo's cases this office holds (from the six-month report's caseloads).
    share: float
    partner: str = ""


OFFICES = (
    OfficeSpec("BD-KHU", "Bangladesh: Khulna", "BD", ("Khulna-1", "Khulna-2"), 0.36),
    OfficeSpec("BD-JSR", "Bangladesh: Jessore", "BD", ("Jessore-1",), 0.14),
    OfficeSpec(
        "GB-LON", "United Kingdom: London", "GB", ("Navigators South", "Navigators North"), 0.18
    ),
    OfficeSpec("RO-BUC", "Romania: Bucharest", "RO", ("Bucharest",), 0.04),
    OfficeSpec("IN-KOL", "India: Kolkata", "IN", ("Kolkata aftercare",), 0.2, "Partner India"),
    OfficeSpec("TH-BKK", "Thailand: Bangkok", "TH", ("Bangkok",), 0.08, "Partner Thailand"),
)


@dataclass(frozen=True)
class StaffSpec:
    """A demo login. A member with a team leads that team's new cases."""

    email: str
    full_name: str
    role: str
    office: str
    team: str = ""
    scope: str = ""


STAFF = (
    StaffSpec("caseworker", "Farhana Islam", Role.CASEWORKER, "BD-KHU", "Khulna-1"),
    StaffSpec("counsellor", "Shamima Nasrin", Role.COUNSELLOR, "BD-KHU"),
    StaffSpec("legal-officer", "Tanvir Ahmed", Role.LEGAL_OFFICER, "BD-KHU"),
    StaffSpec("repatriation-officer", "Habibur Rahman", Role.REPATRIATION_OFFICER, "BD-JSR"),
    StaffSpec("programme-manager", "Mahmuda Khanam", Role.PROGRAMME_MANAGER, "BD-KHU"),
    StaffSpec("me-officer", "Arif Chowdhury", Role.ME_OFFICER, "BD-KHU"),
    StaffSpec("partner-staff", "Sanchita Ghosh", Role.PARTNER_STAFF, "IN-KOL", "Kolkata aftercare"),
    StaffSpec("donor-viewer", "Helen Carter", Role.DONOR_VIEWER, "GB-LON"),
    StaffSpec(
        "data-protection-officer", "Joanna Whitfield", Role.DATA_PROTECTION_OFFICER, "GB-LON"
    ),
    StaffSpec("system-administrator", "Daniel Okafor", Role.SYSTEM_ADMINISTRATOR, "GB-LON"),
    StaffSpec("caseworker.khulna-2", "Sadia Afrin", Role.CASEWORKER, "BD-KHU", "Khulna-2"),
    StaffSpec("caseworker.jessore", "Rokibul Hasan", Role.CASEWORKER, "BD-JSR", "Jessore-1"),
    StaffSpec("navigator.south", "Sarah Mitchell", Role.CASEWORKER, "GB-LON", "Navigators South"),
    StaffSpec("navigator.north", "Owen Pritchard", Role.CASEWORKER, "GB-LON", "Navigators North"),
    StaffSpec("caseworker.bucharest", "Ioana Marinescu", Role.CASEWORKER, "RO-BUC", "Bucharest"),
    StaffSpec("partner-staff.bangkok", "Pimchanok Srisuk", Role.PARTNER_STAFF, "TH-BKK", "Bangkok"),
)


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


@dataclass
class DemoOrganisation:
    organisation: Organisation
    offices: dict[str, Office] = field(default_factory=dict)
    teams: dict[str, list[Team]] = field(default_factory=dict)  # by office code
    leads: dict[str, User] = field(default_factory=dict)  # by team name
    staff: list[tuple[User, StaffSpec]] = field(default_factory=list)

    def user(self, role: str, office: str) -> User | None:
        return next((u for u, s in self.staff if s.role == role and s.office == office), None)


def _create_offices(demo: DemoOrganisation) -> None:
    partners: dict[str, Organisation] = {}
    for spec in OFFICES:
        partner = None
        if spec.partner:
            partner = partners.setdefault(
                spec.partner,
                Organisation.objects.create(
                    name=spec.partner, short_name=spec.partner.split()[-1], is_partner=True
                ),
            )
        office = Office.objects.create(
            organisation=demo.organisation,
            name=spec.name,
            code=spec.code,
            country=spec.country,
            strategy=Office.Strategy.JOINT if partner else Office.Strategy.DIRECT,
            partner_organisation=partner,
        )
        demo.offices[spec.code] = office
        demo.teams[spec.code] = [Team.objects.create(office=office, name=n) for n in spec.teams]


def _create_staff(demo: DemoOrganisation, *, password_hash: str) -> None:
    teams = {team.name: team for teams in demo.teams.values() for team in teams}
    for spec in STAFF:
        user = User(
            email=demo_email(spec.email),
            full_name=spec.full_name,
            is_staff=spec.role == Role.SYSTEM_ADMINISTRATOR,
            is_demo_account=True,
            password=password_hash,
        )
        user.save()
        team = teams.get(spec.team)
        scope = spec.scope or ROLE_RULES[spec.role].default_scope
        Membership.objects.create(
            user=user, office=demo.offices[spec.office], team=team, role=spec.role, scope=scope
        )
        if team is not None and team.name not in demo.leads:
            demo.leads[team.name] = user
        demo.staff.append((user, spec))


def create_organisation(*, password_hash: str) -> DemoOrganisation:
    """Offices, teams and demo logins; every login shares one password (hashed once)."""
    demo = DemoOrganisation(Organisation.objects.create(name=HOST, short_name="JC"))
    _create_offices(demo)
    _create_staff(demo, password_hash=password_hash)
    return demo
