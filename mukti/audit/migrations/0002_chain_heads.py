"""Create the two chain heads up front, so concurrent first writers lock a row that exists."""

from django.db import migrations

GENESIS = "0" * 64


def create_heads(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    for name in ("access", "change"):
        ChainHead.objects.get_or_create(name=name, defaults={"last_hash": GENESIS})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_heads, migrations.RunPython.noop)]
