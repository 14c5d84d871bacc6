"""The letters' legal wording cites the guidelines in force (FOR-2021-01-26-230, which repealed
the guidelines of 22 December 2020 no. 3201) and the Storting's budget decision, in bokmål and
nynorsk, with the sections for reasons, appeal and access as editable texts. Existing years get
their own copy of the templates. A template someone has already edited is left as it is."""

from django.db import migrations

REPEALED = "Forskrift 22. desember 2020 nr. 3201"

TEMPLATES = {
    "hjemmel": (
        "Hjemmel",
        "Retningslinjer for tilskuddsordning for lokal kompetanseutvikling i barnehage og "
        "grunnopplæring, fastsatt av Kunnskapsdepartementet 26. januar 2021 (FOR-2021-01-26-230) "
        "for å gjennomføre Stortingets budsjettvedtak, og langsiktig plan for Kompetanseløftet i "
        "Trøndelag fastsatt av samarbeidsforum 12. januar 2023.",
        "Retningslinjer for tilskotsordning for lokal kompetanseutvikling i barnehage og "
        "grunnopplæring, fastsette av Kunnskapsdepartementet 26. januar 2021 (FOR-2021-01-26-230) "
        "for å gjennomføre budsjettvedtaket til Stortinget, og langsiktig plan for "
        "Kompetanseløftet i Trøndelag fastsett av samarbeidsforum 12. januar 2023.",
    ),
    "budsjett": (
        "Budsjettkapittel og post",
        "Stortingets vedtak om statsbudsjettet for tilskuddsåret, med kapittel og post slik de "
        "står i tildelingsbrevet fra Utdanningsdirektoratet til Statsforvalteren.",
        "Vedtaket til Stortinget om statsbudsjettet for tilskotsåret, med kapittel og post slik "
        "dei står i tildelingsbrevet frå Utdanningsdirektoratet til Statsforvaltaren.",
    ),
    "begrunnelse-hjemmel": (
        "Lovhjemmel for begrunnelsen",
        "forvaltningsloven §§ 24 og 25",
        "forvaltningslova §§ 24 og 25",
    ),
    "klage-hjemmel": (
        "Lovhjemmel for klageretten",
        "forvaltningsloven §§ 28 og 29",
        "forvaltningslova §§ 28 og 29",
    ),
    "klagerett": (
        "Klagerett",
        "Vedtaket er et enkeltvedtak og kan påklages, jf. forvaltningsloven §§ 28 og 29. "
        "Klagefristen er tre uker fra den dagen dette brevet kom fram til dere. En klage som kommer "
        "for sent, kan likevel tas under behandling, jf. forvaltningsloven § 31.",
        "Vedtaket er eit enkeltvedtak og kan påklagast, jf. forvaltningslova §§ 28 og 29. "
        "Klagefristen er tre veker frå den dagen dette brevet kom fram til dykk. Ei klage som kjem "
        "for seint, kan likevel bli teken under handsaming, jf. forvaltningslova § 31.",
    ),
    "klageinstans": ("Klageinstans", "Utdanningsdirektoratet", "Utdanningsdirektoratet"),
    "klage-slik": (
        "Slik klager du",
        "Klagen skal være skriftlig, vise til vedtaket det klages over, si hvilke endringer dere "
        "ønsker og begrunne klagen. Send klagen til Statsforvalteren i Trøndelag, som vurderer "
        "saken på nytt og sender den til klageinstansen dersom vedtaket opprettholdes.",
        "Klaga skal vere skriftleg, vise til vedtaket det blir klaga over, seie kva endringar de "
        "ønskjer, og grunngje klaga. Send klaga til Statsforvaltaren i Trøndelag, som vurderer "
        "saka på nytt og sender henne til klageinstansen dersom vedtaket blir ståande.",
    ),
    "innsyn": (
        "Rett til innsyn",
        "Dere har rett til å se dokumentene i saken, jf. forvaltningsloven § 18, blant annet "
        "innstillingen fra samarbeidsforum og beslutningsgrunnlaget vedtaket bygger på. Be om "
        "innsyn ved å skrive til Statsforvalteren i Trøndelag, og oppgi saksnummeret.",
        "De har rett til å sjå dokumenta i saka, jf. forvaltningslova § 18, mellom anna "
        "innstillinga frå samarbeidsforum og beslutningsgrunnlaget vedtaket byggjer på. Be om "
        "innsyn ved å skrive til Statsforvaltaren i Trøndelag, og oppgi saksnummeret.",
    ),
    "vilkar": (
        "Vilkår",
        "Midlene skal brukes til tiltakene i beslutningsgrunnlaget og i tråd med de fire "
        "kriteriene for ordningen. Ubrukte midler skal betales tilbake. Det skal rapporteres "
        "innen fristen for rapport.",
        "Midlane skal brukast til tiltaka i beslutningsgrunnlaget og i tråd med dei fire "
        "kriteria for ordninga. Midlar som ikkje er brukte, skal betalast tilbake. Det skal "
        "rapporterast innan fristen for rapport.",
    ),
}

#: The first version's wording of keys that existed then; replaced only if nobody edited them.
OLD_DEFAULTS_START = {
    "hjemmel": REPEALED,
    "klagerett": "Vedtaket er et enkeltvedtak og kan påklages, jf. forvaltningsloven §§ 28 og 29. "
    "Klagefristen er tre uker fra vedtaket er kommet fram til dere.",
}


def forwards(apps, schema_editor):
    LegalText = apps.get_model("grants", "LegalText")
    SchemeYear = apps.get_model("grants", "SchemeYear")
    for key, (title, text, text_nn) in TEMPLATES.items():
        template = LegalText.objects.filter(scheme_year=None, key=key).first()
        if template is None:
            LegalText.objects.create(key=key, title=title, text=text, text_nn=text_nn)
            continue
        old = OLD_DEFAULTS_START.get(key)
        if old is not None and template.text.startswith(old):
            template.text = text
        if not template.text_nn:
            template.text_nn = text_nn
        template.save()
    templates = list(LegalText.objects.filter(scheme_year=None))
    for scheme_year in SchemeYear.objects.all():
        for template in templates:
            LegalText.objects.get_or_create(
                scheme_year=scheme_year,
                key=template.key,
                defaults={
                    "title": template.title,
                    "text": template.text,
                    "text_nn": template.text_nn,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("grants", "0003_legal_texts_per_year")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
