"""The three corridors of the seed documents, each with its first step template.

Target days are the organisation's working targets, not legal limits: the India–Bangladesh
MoU of 2015 asks only that victims be repatriated "as expeditiously as possible". Users with
the right to configure corridors change them (each change is a new template version).
The values are frozen here, as a migration must be.
"""

from django.db import migrations

# (key, name, target days, milestone, responsible agency, documents)
INDIA_TO_BANGLADESH = [
    (
        "identified_in_shelter",
        "Identification in an Indian shelter home",
        14,
        "step",
        "Shelter home and Child Welfare Committee, India",
        ["shelter_order", "consent_to_return"],
    ),
    (
        "mission_informed",
        "Information to the Bangladesh mission and task force",
        14,
        "step",
        "Bangladesh Deputy High Commission, Kolkata; RRRI task force",
        ["particulars"],
    ),
    (
        "nationality_verified",
        "Nationality verification",
        90,
        "step",
        "Ministry of Home Affairs and Special Branch of Police, Bangladesh",
        ["nationality_confirmation"],
    ),
    (
        "home_investigation",
        "Home investigation report",
        30,
        "step",
        "Special Branch of Police, Bangladesh",
        ["home_investigation_report", "family_assessment"],
    ),
    (
        "travel_permit",
        "Travel permit",
        21,
        "step",
        "Bangladesh Deputy High Commission, Kolkata",
        ["travel_permit"],
    ),
    (
        "repatriation_order",
        "Repatriation order",
        30,
        "step",
        "Home Department of the Indian state",
        ["repatriation_order"],
    ),
    (
        "handover",
        "Handover at the border post",
        14,
        "repatriated",
        "BSF, BGB and immigration police at Petrapole–Benapole",
        ["handover_receipt", "police_entry"],
    ),
    (
        "reception",
        "Reception",
        2,
        "step",
        "Benapole police station and the receiving NGO",
        ["reception_form"],
    ),
    (
        "family_reunification",
        "Family reunification",
        30,
        "reunited",
        "Receiving NGO and the district counter-trafficking committee",
        ["family_assessment"],
    ),
]

UK_TO_ROMANIA = [
    (
        "decision_to_return",
        "Decision to return, with the survivor's consent",
        14,
        "step",
        "Victim navigator and the survivor's support provider",
        ["consent_to_return", "risk_assessment"],
    ),
    (
        "referral_home",
        "Referral to Romania's anti-trafficking agency (ANITP)",
        7,
        "step",
        "Victim navigator; ANITP",
        ["referral"],
    ),
    (
        "travel_documents",
        "Identity and travel documents",
        21,
        "step",
        "Embassy of Romania, London",
        ["travel_document"],
    ),
    (
        "reception_plan",
        "Reception and safety plan agreed",
        14,
        "step",
        "ANITP and the receiving NGO",
        ["risk_assessment"],
    ),
    (
        "travel_and_handover",
        "Escorted travel and handover on arrival",
        7,
        "repatriated",
        "Victim navigator and the receiving NGO",
        ["handover_receipt"],
    ),
    (
        "reception",
        "Reception and recovery support in Romania",
        7,
        "step",
        "Receiving NGO; ANITP regional centre",
        ["reception_form"],
    ),
    (
        "family_reunification",
        "Family reunification or independent living",
        30,
        "reunited",
        "Receiving NGO",
        ["family_assessment"],
    ),
]

THAILAND_TO_MYANMAR = [
    (
        "identified_in_shelter",
        "Identification in a Thai shelter",
        14,
        "step",
        "Shelter of the Ministry of Social Development and Human Security, Thailand",
        ["shelter_order", "consent_to_return"],
    ),
    (
        "mission_informed",
        "Information to the Myanmar embassy",
        14,
        "step",
        "Embassy of Myanmar, Bangkok",
        ["particulars"],
    ),
    (
        "nationality_verified",
        "Nationality verification",
        60,
        "step",
        "Ministry of Home Affairs and Department of Social Welfare, Myanmar",
        ["nationality_confirmation"],
    ),
    (
        "family_assessment",
        "Family assessment in Myanmar",
        30,
        "step",
        "Department of Social Welfare, Myanmar",
        ["family_assessment"],
    ),
    (
        "travel_documents",
        "Certificate of identity for travel",
        21,
        "step",
        "Embassy of Myanmar, Bangkok",
        ["travel_document"],
    ),
    (
        "handover",
        "Handover at the border",
        14,
        "repatriated",
        "Thai and Myanmar social welfare officials and immigration",
        ["handover_receipt"],
    ),
    (
        "reception",
        "Reception at a social welfare centre",
        7,
        "step",
        "Department of Social Welfare, Myanmar",
        ["reception_form"],
    ),
    (
        "family_reunification",
        "Family reunification",
        30,
        "reunited",
        "Department of Social Welfare and the receiving NGO",
        ["family_assessment"],
    ),
]

CORRIDORS = [
    ("IN-BD", "IN", "BD", INDIA_TO_BANGLADESH),
    ("GB-RO", "GB", "RO", UK_TO_ROMANIA),
    ("TH-MM", "TH", "MM", THAILAND_TO_MYANMAR),
]


def ship_corridors(apps, schema_editor):
    Corridor = apps.get_model("repatriation", "Corridor")
    StepTemplate = apps.get_model("repatriation", "StepTemplate")
    TemplateStep = apps.get_model("repatriation", "TemplateStep")
    for code, origin, home, steps in CORRIDORS:
        if Corridor.objects.filter(code=code).exists():
            continue
        corridor = Corridor.objects.create(code=code, from_country=origin, to_country=home)
        template = StepTemplate.objects.create(corridor=corridor, number=1)
        TemplateStep.objects.bulk_create(
            TemplateStep(
                template=template,
                position=position,
                key=key,
                name=name,
                target_days=days,
                milestone=milestone,
                responsible_agency=agency,
                documents=documents,
            )
            for position, (key, name, days, milestone, agency, documents) in enumerate(
                steps, start=1
            )
        )
        corridor.current_template = template
        corridor.save(update_fields=["current_template"])


class Migration(migrations.Migration):
    dependencies = [("repatriation", "0001_corridors_and_repatriations")]

    operations = [migrations.RunPython(ship_corridors, migrations.RunPython.noop)]
