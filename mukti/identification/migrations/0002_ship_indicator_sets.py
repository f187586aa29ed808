"""The ILO indicators of forced labour and the ILO/EC Delphi indicators (adults, children)."""

from django.db import migrations


def ship(apps, schema_editor):
    from mukti.identification.indicator_lists import install_indicator_sets

    install_indicator_sets(
        apps.get_model("identification", "IndicatorSet"),
        apps.get_model("identification", "Indicator"),
    )


class Migration(migrations.Migration):
    dependencies = [("identification", "0001_initial")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
