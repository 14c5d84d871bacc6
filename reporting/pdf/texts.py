"""The fixed texts of the PDF documents in both Norwegian written standards, bokmål and nynorsk.

Språklova: a state body's documents must exist in bokmål and nynorsk. The renderers stay free of
Django (same data in, same bytes out), so these texts are plain Python rather than gettext: each
data class carries ``language`` ("nb" or "nn") and the renderer looks its texts up here.
Official documents are Norwegian: any other language (English in the interface) gets bokmål.

Placeholders are ``str.format`` fields; values that go into a Paragraph are escaped by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping

BOKMAL = "nb"
NYNORSK = "nn"
LANGUAGES = (BOKMAL, NYNORSK)

# Spelled the same in bokmål and nynorsk.
_BOTH: dict[str, str] = {
    "page": "Side {page} av {pages}",
    "reference_short": "Ref. {reference}",
    "copy_to": "Kopi til {name}",
    "date": "Dato:",
    "reference": "Referanse:",
    "sum": "Sum",
    "network": "Nettverk",
    "joint_measures": "Fellestiltak",
    "amount": "Beløp",
}

_NB: dict[str, str] = {
    # shared
    **_BOTH,
    "scheme_name": "Kompetanseløftet for spesialpedagogikk og inkluderende praksis",
    "pdf_lang": "nb-NO",
    "lower": "lavere",
    "higher": "høyere",
    # the decision letter (vedtaksbrev)
    "letter_title": "Vedtak om tilskudd – {scheme} {year}",
    "letter_pdf_title": "Vedtak om tilskudd {year} – {network}",
    "refusal_title": "Vedtak om avslag på tilskudd – {scheme} {year}",
    "refusal_pdf_title": "Vedtak om avslag {year} – {network}",
    "refusal_sentence": (
        "{issuer} avslår tilskudd til {network} for {year} fra tilskuddsordningen {scheme}. "
        "Nettverket får ikke tilskudd for {year}. Begrunnelsen for avslaget står nedenfor."
    ),
    "our_ref": "Vår ref. {reference}",
    "decision": "Vedtak",
    "grant_sentence": (
        "{issuer} tildeler {network} et tilskudd på <b>{amount}</b> for {year} fra "
        "tilskuddsordningen {scheme}. Tilskuddet gjelder partnerskapet mellom {network} og {uh}."
    ),
    "conditions": "Vilkår for tilskuddet",
    "reasons": "Begrunnelse",
    "legal_basis": "Hjemmel",
    "reporting": "Rapportering",
    "report_sentence": (
        "Partnerskapet skal rapportere om bruken av tilskuddet til {issuer} innen <b>{date}</b>."
    ),
    "appeal": "Klageadgang",
    "appeal_sentence": (
        "Dere har rett til å klage på vedtaket, jf. {basis}. Klageinstans er {body}. "
        "Klagefristen er <b>{weeks}&nbsp;uker</b> fra det tidspunktet vedtaket er kommet fram "
        "til dere. Klagen skal sendes til {send_to}."
    ),
    "addressed_to": "Vedtaket er rettet til {network}.",
    "our_date": "Vår dato:",
    "our_reference": "Vår referanse:",
    "their_reference": "Deres referanse:",
    "case_officer": "Saksbehandler:",
    "phone": "Telefon:",
    "email": "E-post:",
    "uh_partner": "UH-partner:",
    "frame": "Forhåndstildelt ramme",
    "recommendation_from_forum": "Innstilling fra samarbeidsforum",
    "granted": "Tildelt tilskudd",
    "paid_to": "Herav utbetales til {name}",
    "equals_frame": "Tilskuddet tilsvarer den forhåndstildelte rammen.",
    "differs_from_frame": (
        "Tilskuddet er {difference} {direction} enn den forhåndstildelte rammen på {frame}."
    ),
    "departs": (
        "Tilskuddet avviker fra innstillingen fra samarbeidsforum, som var på {recommended}. "
        "Tildelt beløp er {difference} {direction}."
    ),
    "follows": "Tilskuddet er i samsvar med innstillingen fra samarbeidsforum.",
    "departure_reason": "Begrunnelse for avvik fra innstillingen",
    "replaces": "Endring av tidligere vedtak",
    "supplement": "Tilleggstildeling",
    "supplement_sentence": (
        "Dette er en tilleggstildeling: {issuer} gir {network} <b>{supplement}</b> i tillegg "
        "for {year} fra årets ubrukte midler. Tilskuddet for {year} er dermed til sammen "
        "<b>{total}</b>. Vedtaket erstatter vårt vedtak av {date} med referanse {reference}."
    ),
    "replaces_sentence": (
        "Dette vedtaket erstatter vårt vedtak av {date} med referanse {reference}, etter klage."
    ),
    "regards": "Med hilsen",
    "electronic_approval": (
        "Dokumentet er elektronisk godkjent og har derfor ingen håndskrevne signaturer."
    ),
    "copy_to_footer": "Kopi til: {name}",
    # the innstilling
    "recommendation_title": "Innstilling om tilskudd {year}",
    "from": "Fra:",
    "to": "Til:",
    "meeting_date": "Møtedato:",
    "secretariat": "Sekretariat:",
    "to_networks_heading": "Tilskudd til kompetansenettverkene",
    "network_and_uh": "Nettverk og UH-partner",
    "frame_short": "Ramme",
    "recommended": "Innstilt beløp",
    "to_uh": "Til UH",
    "to_network": "Til nettverket",
    "sum_networks": "Sum nettverk",
    "sum_joint_measures": "Sum fellestiltak",
    "overall_recommendation": "Samlet innstilling",
    "to_the_networks": "Til kompetansenettverkene",
    "to_joint_measures": "Til fellestiltak",
    "overall_recommended": "Samlet innstilt beløp",
    "forum_handling": "Behandling i samarbeidsforum",
    "to_recipient": "{title} – til {recipient}",
    # the allocation table
    "allocation_title": "Forhåndstildelte rammer {year}",
    "allocation_basis": "Grunnlag for fordelingen",
    "counts_dates": "elevtall {pupils}, barnetall {children}",
    "total_grant": "Samlet tilskudd",
    "set_aside_joint": "Avsatt til fellestiltak",
    "distributable": "Til fordeling på nettverkene",
    "base_grant": "Grunntilskudd per nettverk",
    "pupil_weight": "Vekt elevtall",
    "child_weight": "Vekt barnetall",
    "counts_source": "Kilde for elev- og barnetall",
    "counts_date": "Telledato",
    "reference_plain": "Referanse",
    "allocation_explained": (
        "Hvert nettverk får grunntilskuddet. Resten av beløpet til fordeling deles "
        "forholdsmessig etter nettverkets vektede elevtall og barnetall. Lærlinger og "
        "lærekandidater regnes som elever."
    ),
    "allocation_per_network": "Fordeling per nettverk",
    "pupils": "Elever",
    "children": "Barn",
    "base_grant_short": "Grunntilskudd",
    "pro_rata": "Pro rata-andel",
    "frame_per_network": "Forhåndstildelt ramme per nettverk",
    "chart_too_big": "Diagrammet vises bare når det er høyst {rows} nettverk; se tabellen over.",
    "amount_in_kroner": "Beløp i kroner",
    # the year report
    "year_report_title": "Årsrapport {year} – bruk av tilskudd",
    "report_deadline": "Rapporteringsfrist:",
    "granted_and_used": "Tildelt og brukt per nettverk",
    "granted_short": "Tildelt",
    "used": "Brukt",
    "to_return": "Tilbakebetales",
    "report_status": "Status for rapport",
    "to_return_explained": (
        "Tilbakebetales er det Statsforvalteren har krevd tilbake av ubrukte midler. Ubrukte "
        "midler som er overført til neste år, er ikke med."
    ),
    "year_report_intro": (
        "Oversikten viser tilskuddet hvert kompetansenettverk fikk innvilget for "
        "{year}, hva partnerskapene har rapportert som brukt, og hva som skal "
        "betales tilbake. Nettverk som ikke har sendt rapporten, står med 0 kr brukt; for dem "
        "er beløpet som skal betales tilbake foreløpig."
    ),
    # the fixed data the reporting selectors put into the documents
    "statsforvalteren": "Statsforvalteren i Trøndelag",
    "statsforvalteren_unit": "Oppvekst- og utdanningsavdelingen",
    "forum": "Samarbeidsforum for Kompetanseløftet i Trøndelag",
    "case_officer_title": "saksbehandler",
    "report_instructions": (
        "Rapporten sendes i Kompetanseløftet. Den skal vise hva som er gjort i hvert tiltak, hvor "
        "mange som er nådd, og hva midlene er brukt til. Midler som ikke er brukt, skal betales "
        "tilbake."
    ),
    "no_uh_partner": "UH-partneren i partnerskapet",
    "and": "og",
    # one letter per party; facts, assessment and two signatories; appeal letters
    "org_number": "Org.nr. {number}",
    "our_document": "Dokumentnr.:",
    "preview_mark": "UTKAST – FORHÅNDSVISNING, IKKE SENDT",
    "to_owner": (
        "Vedtaket er rettet til {party} som vertseier på vegne av kompetansenettverket {network}."
    ),
    "to_university": (
        "Vedtaket er rettet til {party} for institusjonens del av tilskuddet til partnerskapet "
        "i kompetansenettverket {network}."
    ),
    "facts": "Faktiske forhold",
    "facts_basis": "Partnerskapet sendte beslutningsgrunnlaget {date}.",
    "facts_applied": "Beslutningsgrunnlaget søker om {amount}.",
    "facts_recommendation": (
        "Samarbeidsforum sendte innstillingen til Statsforvalteren {date}, med et innstilt "
        "beløp på {amount}."
    ),
    "facts_frame": (
        "Den forhåndstildelte rammen på {frame} er grunntilskuddet på {base} og {pro_rata} "
        "fordelt etter nettverkets elevtall ({pupils}) og barnetall ({children}){counted}."
    ),
    "counted_on": ", talt {date}",
    "assessment": "Vurdering",
    "assessment_intro": (
        "Statsforvalteren har vurdert tiltakene i beslutningsgrunnlaget opp mot de fire "
        "kriteriene i retningslinjene:"
    ),
    "met": "Oppfylt",
    "not_met": "Ikke oppfylt",
    "criterion_local_needs": "Tiltakene møter lokalt definerte behov",
    "criterion_workplace": "Arbeidsplassbasert kompetanseutvikling",
    "criterion_partnership": "Gjennomføres i partnerskap mellom nettverk/eiere og UH",
    "criterion_interdisciplinary": "Tverrfaglig tilnærming",
    "conclusion": "Konklusjon",
    "access": "Rett til innsyn",
    "prepared_by": "forberedt av",
    "approved_by": "godkjent av",
    "dismissal_title": "Avvisning av klage – vedtak om tilskudd {year} – {network}",
    "dismissal_sentence": (
        "Vi viser til klagen fra {appellant}, mottatt {received}, på vårt vedtak av {date} med "
        "referanse {reference}. Statsforvalteren avviser klagen. Vedtaket står ved lag."
    ),
    "dismissal_appeal": (
        "Avvisningen er et enkeltvedtak som dere kan klage på, jf. {basis}. Klageinstans er "
        "{body}. Klagefristen er <b>{weeks}&nbsp;uker</b> fra det tidspunktet dette brevet er "
        "kommet fram til dere. Klagen skal sendes til {send_to}."
    ),
    "forwarding_title": "Oversendelse av klage – vedtak om tilskudd {year} – {network}",
    "forwarding_sentence": (
        "Statsforvalteren har vurdert klagen fra {appellant}, mottatt {received}, på vårt "
        "vedtak av {date} med referanse {reference}. Vi finner ikke grunn til å endre vedtaket "
        "og sender saken til {body} som klageinstans for endelig avgjørelse."
    ),
    "our_assessment": "Statsforvalterens vurdering",
}

_NN: dict[str, str] = {
    **_BOTH,
    "scheme_name": "Kompetanseløftet for spesialpedagogikk og inkluderande praksis",
    "pdf_lang": "nn-NO",
    "lower": "lågare",
    "higher": "høgare",
    "letter_title": "Vedtak om tilskot – {scheme} {year}",
    "letter_pdf_title": "Vedtak om tilskot {year} – {network}",
    "refusal_title": "Vedtak om avslag på tilskot – {scheme} {year}",
    "refusal_pdf_title": "Vedtak om avslag {year} – {network}",
    "refusal_sentence": (
        "{issuer} avslår tilskot til {network} for {year} frå tilskotsordninga {scheme}. "
        "Nettverket får ikkje tilskot for {year}. Grunngjevinga for avslaget står nedanfor."
    ),
    "our_ref": "Vår ref. {reference}",
    "decision": "Vedtak",
    "grant_sentence": (
        "{issuer} tildeler {network} eit tilskot på <b>{amount}</b> for {year} frå "
        "tilskotsordninga {scheme}. Tilskotet gjeld partnarskapet mellom {network} og {uh}."
    ),
    "conditions": "Vilkår for tilskotet",
    "reasons": "Grunngjeving",
    "legal_basis": "Heimel",
    "reporting": "Rapportering",
    "report_sentence": (
        "Partnarskapet skal rapportere om bruken av tilskotet til {issuer} innan <b>{date}</b>."
    ),
    "appeal": "Klagerett",
    "appeal_sentence": (
        "De har rett til å klage på vedtaket, jf. {basis}. Klageinstans er {body}. "
        "Klagefristen er <b>{weeks}&nbsp;veker</b> frå det tidspunktet vedtaket er kome fram "
        "til dykk. Klaga skal sendast til {send_to}."
    ),
    "addressed_to": "Vedtaket er retta til {network}.",
    "our_date": "Vår dato:",
    "our_reference": "Vår referanse:",
    "their_reference": "Dykkar referanse:",
    "case_officer": "Sakshandsamar:",
    "phone": "Telefon:",
    "email": "E-post:",
    "uh_partner": "UH-partnar:",
    "frame": "Førehandstildelt ramme",
    "recommendation_from_forum": "Innstilling frå samarbeidsforum",
    "granted": "Tildelt tilskot",
    "paid_to": "Av dette blir utbetalt til {name}",
    "equals_frame": "Tilskotet svarer til den førehandstildelte ramma.",
    "differs_from_frame": (
        "Tilskotet er {difference} {direction} enn den førehandstildelte ramma på {frame}."
    ),
    "departs": (
        "Tilskotet avvik frå innstillinga frå samarbeidsforum, som var på {recommended}. "
        "Tildelt beløp er {difference} {direction}."
    ),
    "follows": "Tilskotet er i samsvar med innstillinga frå samarbeidsforum.",
    "departure_reason": "Grunngjeving for avvik frå innstillinga",
    "replaces": "Endring av tidlegare vedtak",
    "supplement": "Tilleggstildeling",
    "supplement_sentence": (
        "Dette er ei tilleggstildeling: {issuer} gir {network} <b>{supplement}</b> i tillegg "
        "for {year} frå dei ubrukte midlane i år. Tilskotet for {year} er dermed til saman "
        "<b>{total}</b>. Vedtaket erstattar vedtaket vårt av {date} med referanse {reference}."
    ),
    "replaces_sentence": (
        "Dette vedtaket erstattar vedtaket vårt av {date} med referanse {reference}, etter klage."
    ),
    "regards": "Med helsing",
    "electronic_approval": (
        "Dokumentet er elektronisk godkjent og har difor ingen handskrivne signaturar."
    ),
    "copy_to_footer": "Kopi til: {name}",
    "recommendation_title": "Innstilling om tilskot {year}",
    "from": "Frå:",
    "to": "Til:",
    "meeting_date": "Møtedato:",
    "secretariat": "Sekretariat:",
    "to_networks_heading": "Tilskot til kompetansenettverka",
    "network_and_uh": "Nettverk og UH-partnar",
    "frame_short": "Ramme",
    "recommended": "Innstilt beløp",
    "to_uh": "Til UH",
    "to_network": "Til nettverket",
    "sum_networks": "Sum nettverk",
    "sum_joint_measures": "Sum fellestiltak",
    "overall_recommendation": "Samla innstilling",
    "to_the_networks": "Til kompetansenettverka",
    "to_joint_measures": "Til fellestiltak",
    "overall_recommended": "Samla innstilt beløp",
    "forum_handling": "Handsaming i samarbeidsforum",
    "to_recipient": "{title} – til {recipient}",
    "allocation_title": "Førehandstildelte rammer {year}",
    "allocation_basis": "Grunnlag for fordelinga",
    "counts_dates": "elevtal {pupils}, barnetal {children}",
    "total_grant": "Samla tilskot",
    "set_aside_joint": "Sett av til fellestiltak",
    "distributable": "Til fordeling på nettverka",
    "base_grant": "Grunntilskot per nettverk",
    "pupil_weight": "Vekt elevtal",
    "child_weight": "Vekt barnetal",
    "counts_source": "Kjelde for elev- og barnetal",
    "counts_date": "Teljedato",
    "reference_plain": "Referanse",
    "allocation_explained": (
        "Kvart nettverk får grunntilskotet. Resten av beløpet til fordeling blir delt "
        "forholdsmessig etter dei vekta elev- og barnetala til nettverket. Lærlingar og "
        "lærekandidatar blir rekna som elevar."
    ),
    "allocation_per_network": "Fordeling per nettverk",
    "pupils": "Elevar",
    "children": "Barn",
    "base_grant_short": "Grunntilskot",
    "pro_rata": "Pro rata-del",
    "frame_per_network": "Førehandstildelt ramme per nettverk",
    "chart_too_big": (
        "Diagrammet blir berre vist når det er høgst {rows} nettverk; sjå tabellen over."
    ),
    "amount_in_kroner": "Beløp i kroner",
    "year_report_title": "Årsrapport {year} – bruk av tilskot",
    "report_deadline": "Rapporteringsfrist:",
    "granted_and_used": "Tildelt og brukt per nettverk",
    "granted_short": "Tildelt",
    "used": "Brukt",
    "to_return": "Skal betalast tilbake",
    "report_status": "Status for rapport",
    "to_return_explained": (
        "Skal betalast tilbake er det Statsforvaltaren har kravd tilbake av ubrukte midlar. "
        "Ubrukte midlar som er overførte til neste år, er ikkje med."
    ),
    "year_report_intro": (
        "Oversikta viser tilskotet kvart kompetansenettverk fekk innvilga for {year}, kva "
        "partnarskapa har rapportert som brukt, og kva som skal betalast tilbake. Nettverk som "
        "ikkje har sendt rapporten, står med 0 kr brukt; for dei er beløpet som skal betalast "
        "tilbake førebels."
    ),
    "statsforvalteren": "Statsforvaltaren i Trøndelag",
    "statsforvalteren_unit": "Oppvekst- og utdanningsavdelinga",
    "forum": "Samarbeidsforum for Kompetanseløftet i Trøndelag",
    "case_officer_title": "sakshandsamar",
    "report_instructions": (
        "Rapporten blir send i Kompetanseløftet. Han skal vise kva som er gjort i kvart tiltak, "
        "kor mange som er nådde, og kva midlane er brukte til. Midlar som ikkje er brukte, skal "
        "betalast tilbake."
    ),
    "no_uh_partner": "UH-partnaren i partnarskapet",
    "and": "og",
    "org_number": "Org.nr. {number}",
    "our_document": "Dokumentnr.:",
    "preview_mark": "UTKAST – FØREHANDSVISING, IKKJE SENDT",
    "to_owner": (
        "Vedtaket er retta til {party} som vertseigar på vegner av kompetansenettverket {network}."
    ),
    "to_university": (
        "Vedtaket er retta til {party} for den delen av tilskotet til partnarskapet i "
        "kompetansenettverket {network} som går til institusjonen."
    ),
    "facts": "Faktiske forhold",
    "facts_basis": "Partnarskapet sende beslutningsgrunnlaget {date}.",
    "facts_applied": "Beslutningsgrunnlaget søkjer om {amount}.",
    "facts_recommendation": (
        "Samarbeidsforum sende innstillinga til Statsforvaltaren {date}, med eit innstilt "
        "beløp på {amount}."
    ),
    "facts_frame": (
        "Den førehandstildelte ramma på {frame} er grunntilskotet på {base} og {pro_rata} "
        "fordelt etter elevtalet ({pupils}) og barnetalet ({children}) i nettverket{counted}."
    ),
    "counted_on": ", talde {date}",
    "assessment": "Vurdering",
    "assessment_intro": (
        "Statsforvaltaren har vurdert tiltaka i beslutningsgrunnlaget opp mot dei fire "
        "kriteria i retningslinjene:"
    ),
    "met": "Oppfylt",
    "not_met": "Ikkje oppfylt",
    "criterion_local_needs": "Tiltaka møter lokalt definerte behov",
    "criterion_workplace": "Arbeidsplassbasert kompetanseutvikling",
    "criterion_partnership": "Blir gjennomført i partnarskap mellom nettverk/eigarar og UH",
    "criterion_interdisciplinary": "Tverrfagleg tilnærming",
    "conclusion": "Konklusjon",
    "access": "Rett til innsyn",
    "prepared_by": "førebudd av",
    "approved_by": "godkjend av",
    "dismissal_title": "Avvising av klage – vedtak om tilskot {year} – {network}",
    "dismissal_sentence": (
        "Vi viser til klaga frå {appellant}, motteken {received}, på vedtaket vårt av {date} "
        "med referanse {reference}. Statsforvaltaren avviser klaga. Vedtaket står ved lag."
    ),
    "dismissal_appeal": (
        "Avvisinga er eit enkeltvedtak som de kan klage på, jf. {basis}. Klageinstans er "
        "{body}. Klagefristen er <b>{weeks}&nbsp;veker</b> frå det tidspunktet dette brevet er "
        "kome fram til dykk. Klaga skal sendast til {send_to}."
    ),
    "forwarding_title": "Oversending av klage – vedtak om tilskot {year} – {network}",
    "forwarding_sentence": (
        "Statsforvaltaren har vurdert klaga frå {appellant}, motteken {received}, på vedtaket "
        "vårt av {date} med referanse {reference}. Vi finn ikkje grunn til å endre vedtaket og "
        "sender saka til {body} som klageinstans for endeleg avgjerd."
    ),
    "our_assessment": "Statsforvaltaren si vurdering",
}

_TEXTS: dict[str, dict[str, str]] = {BOKMAL: _NB, NYNORSK: _NN}


def document_language(language: str | None) -> str:
    """The written standard for a document: nynorsk when asked for, otherwise bokmål."""
    return NYNORSK if language == NYNORSK else BOKMAL


def texts(language: str | None = BOKMAL) -> Mapping[str, str]:
    """The fixed texts of the documents in ``language`` (bokmål for anything but "nn")."""
    return _TEXTS[document_language(language)]
