"""The recovery instrument new assessments use until an administrator configures another:
the six domains scored 1-4, stable when every domain is at 3 or above (a setting, since the
often-quoted rule is not published by the instrument's owner)."""

from decimal import Decimal

from django.db import migrations


def add_default_instrument(apps, schema_editor):
    RecoveryInstrument = apps.get_model("aftercare", "RecoveryInstrument")
    RecoveryInstrument.objects.get_or_create(
        code="mukti-recovery-domains-v1",
        defaults={
            "name": "Recovery domains (1-4, stable when every domain is 3 or more)",
            "scale_min": 1,
            "scale_max": 4,
            "stable_threshold": Decimal("3.0"),
            "stable_rule": "every_domain",
            "is_current": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("aftercare", "0001_care_records")]

    operations = [migrations.RunPython(add_default_instrument, migrations.RunPython.noop)]
