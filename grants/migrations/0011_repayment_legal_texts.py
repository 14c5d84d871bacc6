"""The repayment claim's legal wording, as editable texts (template and each existing year's own
copy), in bokmål and nynorsk. A row someone has already made is left as it is."""

from django.db import migrations

TEMPLATES = {
    "tilbakebetaling-hjemmel": (
        "Hjemmel for krav om tilbakebetaling",
        "Vilkårene i vedtaket om tilskudd og bestemmelser om økonomistyring i staten, kapittel "
        "6.3 om tilskuddsforvaltning: tilskudd som ikke er brukt til formålet, skal betales "
        "tilbake.",
        "Vilkåra i vedtaket om tilskot og føresegner om økonomistyring i staten, kapittel 6.3 "
        "om tilskotsforvaltning: tilskot som ikkje er brukt til føremålet, skal betalast "
        "tilbake.",
    ),
    "overforing-hjemmel": (
        "Hjemmel for overføring av ubrukte midler",
        "Retningslinjene for ordningen og årets regler tillater at ubrukte midler overføres til "
        "samme nettverk neste år, til samme formål og på samme vilkår.",
        "Retningslinene for ordninga og reglane for året tillèt at midlar som ikkje er brukte, "
        "blir overførte til same nettverk neste år, til same føremål og på same vilkår.",
    ),
}


def forwards(apps, schema_editor):
    LegalText = apps.get_model("grants", "LegalText")
    SchemeYear = apps.get_model("grants", "SchemeYear")
    for key, (title, text, text_nn) in TEMPLATES.items():
        LegalText.objects.get_or_create(
            scheme_year=None, key=key, defaults={"title": title, "text": text, "text_nn": text_nn}
        )
        for scheme_year in SchemeYear.objects.all():
            LegalText.objects.get_or_create(
                scheme_year=scheme_year,
                key=key,
                defaults={"title": title, "text": text, "text_nn": text_nn},
            )


class Migration(migrations.Migration):
    dependencies = [("grants", "0010_payouts_and_settlements")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
