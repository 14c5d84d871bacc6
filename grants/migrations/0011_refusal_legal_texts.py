"""The standard reasons of a refusal (avslag, issue 12) as editable legal texts, in bokmål and
nynorsk: one for a network that sent no decision basis in time, one for a decision basis that
does not meet the criteria. They fill a new refusal's reasons; the case officer adds the facts.
Existing years get their own copy. A text someone already has is left as it is."""

from django.db import migrations

TEMPLATES = {
    "avslag-ikke-sendt": (
        "Begrunnelse for avslag: beslutningsgrunnlag ikke sendt",
        "Partnerskapet har ikke sendt beslutningsgrunnlag innen fristen. Tilskudd etter "
        "ordningen forutsetter et beslutningsgrunnlag fra partnerskapet, som samarbeidsforum "
        "innstiller på og Statsforvalteren vedtar etter. Uten beslutningsgrunnlag er vilkårene "
        "for tilskudd ikke oppfylt, og søknaden om tilskudd avslås.",
        "Partnarskapet har ikkje sendt beslutningsgrunnlag innan fristen. Tilskot etter "
        "ordninga føreset eit beslutningsgrunnlag frå partnarskapet, som samarbeidsforum "
        "innstiller på og Statsforvaltaren vedtek etter. Utan beslutningsgrunnlag er vilkåra "
        "for tilskot ikkje oppfylte, og søknaden om tilskot blir avslått.",
    ),
    "avslag-kriterier": (
        "Begrunnelse for avslag: kriteriene er ikke oppfylt",
        "Beslutningsgrunnlaget oppfyller ikke kriteriene for tilskudd: tiltakene skal møte "
        "lokalt definerte behov, være barnehage- og skolebasert, gjennomføres i partnerskap med "
        "UH og ha en tverrfaglig tilnærming. Søknaden om tilskudd avslås.",
        "Beslutningsgrunnlaget oppfyller ikkje kriteria for tilskot: tiltaka skal møte lokalt "
        "definerte behov, vere barnehage- og skulebaserte, gjennomførast i partnarskap med UH og "
        "ha ei tverrfagleg tilnærming. Søknaden om tilskot blir avslått.",
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
    dependencies = [("grants", "0010_decision_kind")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
