from django.db import migrations

DEFAULTS = {
    "hjemmel": (
        "Hjemmel",
        "Forskrift 22. desember 2020 nr. 3201 om tilskuddsordning for lokal kompetanseutvikling "
        "(Kompetanseløftet for spesialpedagogikk og inkluderende praksis), og langsiktig plan for "
        "Kompetanseløftet i Trøndelag fastsatt av samarbeidsforum 12. januar 2023.",
    ),
    "klagerett": (
        "Klagerett",
        "Vedtaket er et enkeltvedtak og kan påklages, jf. forvaltningsloven §§ 28 og 29. "
        "Klagefristen er tre uker fra vedtaket er kommet fram til dere.",
    ),
    "klageinstans": ("Klageinstans", "Utdanningsdirektoratet"),
    "klage-slik": (
        "Slik klager du",
        "Klagen skal være skriftlig, vise til vedtaket det klages over, si hvilke endringer dere "
        "ønsker og begrunne klagen. Send klagen til Statsforvalteren i Trøndelag, som vurderer "
        "saken på nytt og sender den til klageinstansen dersom vedtaket opprettholdes.",
    ),
    "vilkar": (
        "Vilkår",
        "Midlene skal brukes til tiltakene i beslutningsgrunnlaget og i tråd med de fire "
        "kriteriene for ordningen. Ubrukte midler skal betales tilbake. Det skal rapporteres "
        "innen fristen for rapport.",
    ),
}


def add_defaults(apps, schema_editor):
    LegalText = apps.get_model("grants", "LegalText")
    for key, (title, text) in DEFAULTS.items():
        LegalText.objects.get_or_create(key=key, defaults={"title": title, "text": text})


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
