"""The default reminder rules: 14, 7 and 1 days before a deadline, and the day after it (with the
follow-up body told). The rules are data: the admin may change or add to them."""

from django.db import migrations

DEFAULT_RULES = (
    ("14-dager-for", "14 dager før fristen", 14, False),
    ("7-dager-for", "7 dager før fristen", 7, False),
    ("1-dag-for", "1 dag før fristen", 1, False),
    ("dagen-etter", "Dagen etter fristen (med varsel)", -1, True),
)


def add_rules(apps, schema_editor):
    ReminderRule = apps.get_model("workflow", "ReminderRule")
    for code, name, offset_days, escalate in DEFAULT_RULES:
        ReminderRule.objects.get_or_create(
            code=code,
            defaults={"name": name, "offset_days": offset_days, "escalate": escalate, "kinds": []},
        )


def remove_rules(apps, schema_editor):
    ReminderRule = apps.get_model("workflow", "ReminderRule")
    ReminderRule.objects.filter(code__in=[code for code, *_rest in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("workflow", "0002_reminders")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
