"""The audience types every installation starts with; organisations add their own."""

from django.db import migrations

DEFAULTS = [
    ("garment_factory_workers", "Garment-factory workers"),
    ("community_leaders", "Community leaders"),
    ("border_guards", "Border guards"),
    ("police", "Police"),
    ("students", "Students"),
    ("migrants", "Migrants and would-be migrants"),
    ("general_public", "General public"),
    ("others", "Others"),
]


def add_defaults(apps, schema_editor):
    AudienceType = apps.get_model("prevention", "AudienceType")
    for order, (code, name) in enumerate(DEFAULTS, start=1):
        AudienceType.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("prevention", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
