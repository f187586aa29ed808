"""The indicator checklists Mukti ships: the ILO indicators of forced labour and the ILO/EC
"Delphi" operational indicators of trafficking in human beings, for adults and for children.

Sources (checked with the project's search tool and /work/shared/domain/README.md):

- ILO Special Action Programme to Combat Forced Labour (SAP-FL), *ILO Indicators of Forced
  Labour*, Geneva, 2012: eleven indicators, not graded ("the presence of a single indicator
  may in some cases imply the existence of forced labour; in other cases you may need to
  look for several"). Confirmed in the booklet's text as reproduced by respect.international,
  seafish.org and readkong.com.
- ILO and European Commission, *Operational indicators of trafficking in human beings:
  results from a Delphi survey*, March 2009, revised September 2009 (ILO WCMS_105023), with
  *Details of indicators for labour exploitation* (WCMS_105035). Four lists (adults and
  children, labour and sexual exploitation), each grouped under six dimensions with every
  indicator strong, medium or weak. The counts per dimension of the adult labour list
  (10, 10, 16, 9, 15, 7 = 67) are confirmed by seafish.org's summary of the publication; the
  wording and grades below follow the publication as tabulated, adults and children side by
  side, in a public crosswalk of the Delphi lists (the children's labour list has no weak
  grade and leaves out two adult indicators, 65 in all).

Shipped here are the two *labour-exploitation* lists (adults, children). The two sexual-
exploitation lists could not be checked word for word, so they are not invented here; an
organisation can add them as data (admin site) when it has the publication at hand.

Labels are marked for translation and stored in English; pages show them through gettext,
so the Bengali catalogue translates the shipped lists, and a list an organisation adds
shows as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop as N_

from mukti.identification.models import Audience, Dimension, ScreeningRule, Strength

S, M, W = Strength.STRONG, Strength.MEDIUM, Strength.WEAK


@dataclass(frozen=True)
class ShippedIndicator:
    code: str
    label: str
    dimension: str = ""
    strength: str = ""
    reveals_sexual_exploitation: bool = False


@dataclass(frozen=True)
class ShippedSet:
    code: str
    name: str
    source: str
    rule: str
    audience: str
    indicators: tuple[ShippedIndicator, ...]


ILO_FORCED_LABOUR = ShippedSet(
    code="ilo-forced-labour-2012",
    name=N_("ILO indicators of forced labour (2012)"),
    source=(
        "ILO Special Action Programme to Combat Forced Labour, ILO Indicators of Forced "
        "Labour, Geneva, 2012."
    ),
    rule=ScreeningRule.NONE,
    audience=Audience.ANYONE,
    indicators=(
        ShippedIndicator("abuse-of-vulnerability", N_("Abuse of vulnerability")),
        ShippedIndicator("deception", N_("Deception")),
        ShippedIndicator("restriction-of-movement", N_("Restriction of movement")),
        ShippedIndicator("isolation", N_("Isolation")),
        # Answering yes says the person suffered sexual violence.
        ShippedIndicator(
            "physical-and-sexual-violence",
            N_("Physical and sexual violence"),
            reveals_sexual_exploitation=True,
        ),
        ShippedIndicator("intimidation-and-threats", N_("Intimidation and threats")),
        ShippedIndicator("retention-of-identity-documents", N_("Retention of identity documents")),
        ShippedIndicator("withholding-of-wages", N_("Withholding of wages")),
        ShippedIndicator("debt-bondage", N_("Debt bondage")),
        ShippedIndicator(
            "abusive-working-and-living-conditions", N_("Abusive working and living conditions")
        ),
        ShippedIndicator("excessive-overtime", N_("Excessive overtime")),
    ),
)

D = Dimension
# (dimension, code, label, grade for adults, grade for children or None if not in that list)
_DELPHI_LABOUR: tuple[tuple[str, str, str, str, str | None], ...] = (
    # Deceptive recruitment (including transfer and transport)
    (
        D.DECEPTIVE_RECRUITMENT,
        "dr-nature-of-job",
        N_("Deceived about the nature of the job, location or employer"),
        S,
        S,
    ),
    (D.DECEPTIVE_RECRUITMENT, "dr-wages", N_("Deceived about wages or earnings"), M, M),
    (
        D.DECEPTIVE_RECRUITMENT,
        "dr-conditions-of-work",
        N_("Deceived about conditions of work"),
        M,
        M,
    ),
    (
        D.DECEPTIVE_RECRUITMENT,
        "dr-work-contract",
        N_("Deceived about the content or legality of the work contract"),
        M,
        M,
    ),
    (
        D.DECEPTIVE_RECRUITMENT,
        "dr-housing",
        N_("Deceived about housing and living conditions"),
        M,
        M,
    ),
    (
        D.DECEPTIVE_RECRUITMENT,
        "dr-legal-documents",
        N_("Deceived about legal documents or obtaining legal migration status"),
        M,
        M,
    ),
    (
        D.DECEPTIVE_RECRUITMENT,
        "dr-travel",
        N_("Deceived about travel and recruitment conditions"),
        M,
        M,
    ),
    (
        D.DECEPTIVE_RECRUITMENT,
        "dr-family-reunification",
        N_("Deceived about family reunification"),
        M,
        M,
    ),
    (
        D.DECEPTIVE_RECRUITMENT,
        "dr-marriage-or-adoption",
        N_("Deceived through promises of marriage or adoption"),
        M,
        M,
    ),
    (
        D.DECEPTIVE_RECRUITMENT,
        "dr-education",
        N_("Deceived about access to education opportunities"),
        W,
        S,
    ),
    # Coercive recruitment (including transfer and transport)
    (D.COERCIVE_RECRUITMENT, "cr-violence", N_("Violence on victims"), S, S),
    (
        D.COERCIVE_RECRUITMENT,
        "cr-threats-of-violence",
        N_("Threats of violence against the victim"),
        M,
        S,
    ),
    (
        D.COERCIVE_RECRUITMENT,
        "cr-abduction",
        N_("Abduction, forced marriage, forced adoption or selling of the victim"),
        M,
        S,
    ),
    (D.COERCIVE_RECRUITMENT, "cr-debt-bondage", N_("Debt bondage"), M, S),
    (D.COERCIVE_RECRUITMENT, "cr-confiscation-of-documents", N_("Confiscation of documents"), M, M),
    (D.COERCIVE_RECRUITMENT, "cr-isolation", N_("Isolation, confinement or surveillance"), M, M),
    (
        D.COERCIVE_RECRUITMENT,
        "cr-threat-of-denunciation",
        N_("Threat of denunciation to authorities"),
        M,
        M,
    ),
    (
        D.COERCIVE_RECRUITMENT,
        "cr-threats-to-inform-family",
        N_("Threats to inform family, community or public"),
        M,
        M,
    ),
    (
        D.COERCIVE_RECRUITMENT,
        "cr-violence-on-family",
        N_("Violence on family (threats or effective)"),
        M,
        M,
    ),
    (D.COERCIVE_RECRUITMENT, "cr-withholding-of-money", N_("Withholding of money"), M, M),
    # Recruitment by abuse of vulnerability
    (
        D.ABUSE_OF_VULNERABILITY,
        "av-difficult-family-situation",
        N_("Abuse of a difficult family situation"),
        M,
        M,
    ),
    (D.ABUSE_OF_VULNERABILITY, "av-illegal-status", N_("Abuse of illegal status"), M, M),
    (
        D.ABUSE_OF_VULNERABILITY,
        "av-lack-of-education",
        N_("Abuse of lack of education (language)"),
        M,
        M,
    ),
    (D.ABUSE_OF_VULNERABILITY, "av-lack-of-information", N_("Abuse of lack of information"), M, M),
    (D.ABUSE_OF_VULNERABILITY, "av-control-of-exploiters", N_("Control of exploiters"), M, M),
    (D.ABUSE_OF_VULNERABILITY, "av-economic-reasons", N_("Economic reasons"), M, M),
    (
        D.ABUSE_OF_VULNERABILITY,
        "av-false-information-on-migration",
        N_("False information about successful migration"),
        M,
        M,
    ),
    (
        D.ABUSE_OF_VULNERABILITY,
        "av-false-information-on-law",
        N_("False information about the law or the attitude of authorities"),
        M,
        None,
    ),
    (D.ABUSE_OF_VULNERABILITY, "av-family-situation", N_("Family situation"), M, M),
    (D.ABUSE_OF_VULNERABILITY, "av-personal-situation", N_("Personal situation"), M, M),
    (
        D.ABUSE_OF_VULNERABILITY,
        "av-emotional-dependency",
        N_("Psychological and emotional dependency"),
        M,
        M,
    ),
    (
        D.ABUSE_OF_VULNERABILITY,
        "av-relationship-with-authorities",
        N_("Relationship with authorities or legal status"),
        M,
        M,
    ),
    (D.ABUSE_OF_VULNERABILITY, "av-difficulties-in-the-past", N_("Difficulties in the past"), M, M),
    (
        D.ABUSE_OF_VULNERABILITY,
        "av-difficulty-to-organise-travel",
        N_("Difficulty to organise the travel"),
        M,
        M,
    ),
    (
        D.ABUSE_OF_VULNERABILITY,
        "av-cultural-or-religious-beliefs",
        N_("Abuse of cultural or religious beliefs"),
        W,
        M,
    ),
    (D.ABUSE_OF_VULNERABILITY, "av-general-context", N_("General context"), W, M),
    # Exploitative conditions of work
    (D.EXPLOITATIVE_CONDITIONS, "ec-excessive-hours", N_("Excessive working days or hours"), S, S),
    (D.EXPLOITATIVE_CONDITIONS, "ec-low-or-no-salary", N_("Low or no salary"), M, M),
    (D.EXPLOITATIVE_CONDITIONS, "ec-wage-manipulation", N_("Wage manipulation"), M, M),
    (D.EXPLOITATIVE_CONDITIONS, "ec-bad-living-conditions", N_("Bad living conditions"), M, M),
    (
        D.EXPLOITATIVE_CONDITIONS,
        "ec-very-bad-working-conditions",
        N_("Very bad working conditions"),
        M,
        M,
    ),
    (D.EXPLOITATIVE_CONDITIONS, "ec-hazardous-work", N_("Hazardous work"), M, M),
    (
        D.EXPLOITATIVE_CONDITIONS,
        "ec-no-respect-of-labour-laws",
        N_("No respect of labour laws or of the contract signed"),
        M,
        M,
    ),
    (
        D.EXPLOITATIVE_CONDITIONS,
        "ec-no-social-protection",
        N_("No social protection (contract, social insurance)"),
        M,
        None,
    ),
    (D.EXPLOITATIVE_CONDITIONS, "ec-no-access-to-education", N_("No access to education"), W, M),
    # Coercion at destination
    (
        D.COERCION_AT_DESTINATION,
        "cd-confiscation-of-documents",
        N_("Confiscation of documents"),
        S,
        S,
    ),
    (D.COERCION_AT_DESTINATION, "cd-debt-bondage", N_("Debt bondage"), S, S),
    (D.COERCION_AT_DESTINATION, "cd-isolation", N_("Isolation, confinement or surveillance"), S, S),
    (D.COERCION_AT_DESTINATION, "cd-violence", N_("Violence on victims"), S, S),
    (
        D.COERCION_AT_DESTINATION,
        "cd-threats-of-violence",
        N_("Threats of violence against the victim"),
        M,
        S,
    ),
    (
        D.COERCION_AT_DESTINATION,
        "cd-illicit-activities",
        N_("Forced into illicit or criminal activities"),
        M,
        S,
    ),
    (D.COERCION_AT_DESTINATION, "cd-forced-tasks-or-clients", N_("Forced tasks or clients"), M, S),
    (D.COERCION_AT_DESTINATION, "cd-strong-influence", N_("Under strong influence"), M, S),
    (D.COERCION_AT_DESTINATION, "cd-act-against-peers", N_("Forced to act against peers"), M, M),
    (
        D.COERCION_AT_DESTINATION,
        "cd-lie-to-authorities",
        N_("Forced to lie to authorities or family"),
        M,
        M,
    ),
    (
        D.COERCION_AT_DESTINATION,
        "cd-threat-of-denunciation",
        N_("Threat of denunciation to authorities"),
        M,
        M,
    ),
    (
        D.COERCION_AT_DESTINATION,
        "cd-worse-conditions",
        N_("Threat to impose even worse working conditions"),
        M,
        M,
    ),
    (
        D.COERCION_AT_DESTINATION,
        "cd-violence-on-family",
        N_("Violence on family (threats or effective)"),
        M,
        M,
    ),
    (D.COERCION_AT_DESTINATION, "cd-withholding-of-wages", N_("Withholding of wages"), M, M),
    (
        D.COERCION_AT_DESTINATION,
        "cd-threats-to-inform-family",
        N_("Threats to inform family, community or public"),
        W,
        M,
    ),
    # Abuse of vulnerability at destination
    (
        D.ABUSE_OF_VULNERABILITY_AT_DESTINATION,
        "ad-dependency-on-exploiters",
        N_("Dependency on exploiters"),
        M,
        M,
    ),
    (
        D.ABUSE_OF_VULNERABILITY_AT_DESTINATION,
        "ad-unknown-area",
        N_("Difficulty to live in an unknown area"),
        M,
        M,
    ),
    (D.ABUSE_OF_VULNERABILITY_AT_DESTINATION, "ad-economic-reasons", N_("Economic reasons"), M, M),
    (D.ABUSE_OF_VULNERABILITY_AT_DESTINATION, "ad-family-situation", N_("Family situation"), M, M),
    (
        D.ABUSE_OF_VULNERABILITY_AT_DESTINATION,
        "ad-relationship-with-authorities",
        N_("Relationship with authorities or legal status"),
        M,
        M,
    ),
    (
        D.ABUSE_OF_VULNERABILITY_AT_DESTINATION,
        "ad-difficulties-in-the-past",
        N_("Difficulties in the past"),
        W,
        M,
    ),
    (
        D.ABUSE_OF_VULNERABILITY_AT_DESTINATION,
        "ad-personal-characteristics",
        N_("Personal characteristics"),
        W,
        M,
    ),
)
# "Clients" here are the buyers of sexual services: ticking it says the person was
# sexually exploited, so the answer is shown only to roles that read that section.
_REVEALS_SEXUAL_EXPLOITATION = {"cd-forced-tasks-or-clients"}

_DELPHI_SOURCE = (
    "ILO and European Commission, Operational indicators of trafficking in human beings: "
    "results from a Delphi survey, 2009 (revised September 2009), labour exploitation list "
    "for {who}."
)


def _delphi(*, for_children: bool) -> tuple[ShippedIndicator, ...]:
    chosen = []
    for dimension, code, label, adult, child in _DELPHI_LABOUR:
        strength = child if for_children else adult
        if strength is None:
            continue  # not in the children's list
        chosen.append(
            ShippedIndicator(
                code=code,
                label=label,
                dimension=dimension,
                strength=strength,
                reveals_sexual_exploitation=code in _REVEALS_SEXUAL_EXPLOITATION,
            )
        )
    return tuple(chosen)


DELPHI_ADULTS = ShippedSet(
    code="delphi-2009-adults",
    name=N_("ILO/EC operational indicators of trafficking, adults (2009)"),
    source=_DELPHI_SOURCE.format(who="adults"),
    rule=ScreeningRule.DELPHI_2009,
    audience=Audience.ADULTS,
    indicators=_delphi(for_children=False),
)
DELPHI_CHILDREN = ShippedSet(
    code="delphi-2009-children",
    name=N_("ILO/EC operational indicators of trafficking, children (2009)"),
    source=_DELPHI_SOURCE.format(who="children"),
    rule=ScreeningRule.DELPHI_2009,
    audience=Audience.CHILDREN,
    indicators=_delphi(for_children=True),
)

SHIPPED_SETS = (DELPHI_ADULTS, DELPHI_CHILDREN, ILO_FORCED_LABOUR)


def install_indicator_sets(indicator_set_model: Any, indicator_model: Any) -> dict[str, int]:
    """Add the shipped checklists and any of their indicators that are missing.

    What is there already is left as it is, so an organisation's own changes (a flag, an
    indicator taken out of use) survive a re-run. Takes the model classes so that a data
    migration can pass its historical models.
    """
    added = {"checklists": 0, "indicators": 0}
    for order, shipped in enumerate(SHIPPED_SETS):
        indicator_set, created = indicator_set_model.objects.get_or_create(
            code=shipped.code,
            defaults={
                "name": shipped.name,
                "source": shipped.source,
                "rule": shipped.rule,
                "audience": shipped.audience,
                "order": order,
            },
        )
        added["checklists"] += created
        known = set(
            indicator_model.objects.filter(indicator_set=indicator_set).values_list(
                "code", flat=True
            )
        )
        missing = [
            indicator_model(
                indicator_set=indicator_set,
                code=indicator.code,
                label=indicator.label,
                dimension=indicator.dimension,
                strength=indicator.strength,
                reveals_sexual_exploitation=indicator.reveals_sexual_exploitation,
                order=position,
            )
            for position, indicator in enumerate(shipped.indicators)
            if indicator.code not in known
        ]
        indicator_model.objects.bulk_create(missing)
        added["indicators"] += len(missing)
    return added
