"""Ship Bangladesh's trial time limit (see mukti/justice/deadlines.py for the source)."""

from datetime import date

from django.db import migrations


def add_rule(apps, schema_editor):
    from mukti.justice.deadlines import BANGLADESH_TRIAL_LIMIT

    Deadline = apps.get_model("justice", "Deadline")
    Deadline.objects.get_or_create(
        country=BANGLADESH_TRIAL_LIMIT["country"],
        law=BANGLADESH_TRIAL_LIMIT["law"],
        section=BANGLADESH_TRIAL_LIMIT["section"],
        defaults={k: v for k, v in BANGLADESH_TRIAL_LIMIT.items() if k not in ("country", "law", "section")},
    )


def remove_rule(apps, schema_editor):
    from mukti.justice.deadlines import BANGLADESH_TRIAL_LIMIT

    apps.get_model("justice", "Deadline").objects.filter(
        country="BD", law=BANGLADESH_TRIAL_LIMIT["law"], section=BANGLADESH_TRIAL_LIMIT["section"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("justice", "0001_initial")]
    operations = [migrations.RunPython(add_rule, remove_rule)]
