from django.db import migrations, models


def number_existing_cases(apps, schema_editor):
    """Give the cases made before numbering their saksnummer, year by year in network order."""
    Case = apps.get_model("workflow", "Case")
    NumberSequence = apps.get_model("grants", "NumberSequence")
    years = Case.objects.values_list("scheme_year__year", flat=True).distinct()
    for year in sorted(set(years)):
        sequence, _created = NumberSequence.objects.get_or_create(name=f"sak/{year}")
        for case in Case.objects.filter(scheme_year__year=year, case_number__isnull=True).order_by(
            "network__name", "pk"
        ):
            sequence.value += 1
            case.case_number = f"{year}/{sequence.value:05d}"
            case.save(update_fields=["case_number"])
        sequence.save(update_fields=["value"])


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0003_default_reminder_rules"),
        ("grants", "0003_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="case_number",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=12,
                null=True,
                unique=True,
                verbose_name="saksnummer",
            ),
        ),
        migrations.RunPython(number_existing_cases, migrations.RunPython.noop),
    ]
