"""The fixed texts of the PDFs in nynorsk (språklova): the renderers take ``language`` from their
data, a network's vedtaksbrev is in the written standard its host owner has decided on
(språkvedtak), and the year's documents follow the reader's language (nynorsk, otherwise
bokmål)."""

from __future__ import annotations

import dataclasses
import re
import string

import pytest
from django.urls import reverse

from grants.models import Decision, Letter
from networks.models import Network, Owner
from reporting import services as reporting_services
from reporting.pdf import (
    Party,
    render_allocation_table,
    render_decision_letter,
    render_recommendation,
    render_year_report,
)
from reporting.pdf.texts import _NB, _NN, texts
from reporting.selectors import forum, statsforvalteren

from .conftest import SORVEST, pdf_text
from .test_pdf import full_text, make_allocation, make_letter, make_recommendation, make_year_report

#: Bokmål-only words and forms; none may be in the nynorsk texts.
BOKMAL_ONLY = re.compile(
    r"\b(ikke|hva|hvor|hvert|fra|tilskudd\w*|begrunnelse|hjemmel|hilsen|uker|dere|deres|"
    r"saksbehandler|forhåndstildelt\w*|samlet|elever|mer|derfor|Statsforvalteren)\b",
    re.IGNORECASE,
)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_phrasebook_has_every_text_in_both_written_standards():
    assert _NB.keys() == _NN.keys()
    for key in _NB:
        assert _fields(_NB[key]) == _fields(_NN[key]), key
        assert _NB[key].count("<b>") == _NN[key].count("<b>"), key
    bokmal = {key: text for key, text in _NN.items() if BOKMAL_ONLY.search(text)}
    assert not bokmal, f"bokmål in the nynorsk texts: {bokmal}"


def test_anything_but_nynorsk_gets_bokmal():
    assert texts("en") is texts("nb") is texts(None)
    assert texts("nn")["decision"] == "Vedtak"


def test_a_decision_letter_in_nynorsk():
    letter = make_letter(
        language="nn",
        issuer=statsforvalteren("nn"),
        appeal_send_to="Statsforvaltaren i Trøndelag",
        amount_granted=1_200_000,
        departure_reason="Tiltak 3 fell bort.",
    )
    text = full_text(render_decision_letter(letter))
    for fixed in (
        "Vedtak om tilskot – Kompetanseløftet for spesialpedagogikk og inkluderande praksis 2027",
        "Statsforvaltaren i Trøndelag tildeler Trøndelag sørvest eit tilskot på",
        "Oppvekst- og utdanningsavdelinga",
        "Vilkår for tilskotet",
        "Grunngjeving",
        "Heimel",
        "Klagerett",
        "Klagefristen er 3 veker frå det tidspunktet vedtaket er kome fram til dykk.",
        "Sakshandsamar",
        "Førehandstildelt ramme",
        "Av dette blir utbetalt til NTNU",
        "lågare enn den førehandstildelte ramma",
        "Grunngjeving for avvik frå innstillinga",
        "Med helsing",
        "har difor ingen handskrivne signaturar",
        "Side 1 av",
    ):
        assert fixed in text, fixed
    # The example's conditions and legal basis are data in bokmål; the fixed texts are not.
    for bokmal in (
        "Vedtak om tilskudd",
        "Begrunnelse",
        "Hjemmel",
        "Med hilsen",
        " uker ",
        "Saksbehandler",
        "Herav",
        "forhåndstildelte rammen",
    ):
        assert bokmal not in text, bokmal


def test_a_letter_to_the_host_owner_in_nynorsk():
    letter = make_letter(language="nn", issuer=statsforvalteren("nn"))
    to_owner = dataclasses.replace(
        letter, recipient=Party(name="Ørland kommune", org_number="900 050 577")
    )
    text = full_text(render_decision_letter(to_owner))
    assert "Org.nr. 900 050 577" in text
    assert "Vedtaket er retta til Ørland kommune som vertseigar på vegner av" in text


def test_the_years_documents_in_nynorsk():
    recommendation = dataclasses.replace(make_recommendation(), language="nn", issuer=forum("nn"))
    text = full_text(render_recommendation(recommendation))
    assert "Innstilling om tilskot 2027" in text and "Frå:" in text
    assert "Samla innstilt beløp" in text and "Handsaming i samarbeidsforum" in text

    allocation = dataclasses.replace(make_allocation(), language="nn")
    text = full_text(render_allocation_table(allocation))
    assert "Førehandstildelte rammer 2027" in text and "Samla tilskot" in text
    assert "Grunntilskot per nettverk" in text and "Elevar" in text

    report = dataclasses.replace(make_year_report(), language="nn")
    text = full_text(render_year_report(report))
    assert "Årsrapport 2027 – bruk av tilskot" in text and "Skal betalast tilbake" in text


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        make_letter(language="en")


# --- from the stored rows -------------------------------------------------------------------


def test_a_host_owner_that_has_decided_on_nynorsk_gets_the_letter_in_nynorsk(decided_year):
    host = Network.objects.get(name=SORVEST).host_owner
    assert host is not None
    Owner.objects.filter(pk=host.pk).update(language_decision="nn")
    decision = Decision.objects.get(
        scheme_year=decided_year, network__name=SORVEST, status=Decision.Status.DECIDED
    )
    Letter.objects.filter(decision=decision).delete()
    decision = reporting_services.decision_letters_make(decision_id=decision.pk)
    with decision.letters.get(owner=host).letter_pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Vedtak om tilskot" in text and "Statsforvaltaren i Trøndelag" in text
    assert "Med helsing" in text and "Grunngjeving" in text and "Heimel" in text
    # The fixed texts only: what the case officer wrote (reasons, legal basis) is kept as written.
    for bokmal in ("Vedtak om tilskudd", "Med hilsen", "Begrunnelse", "Hjemmel", "Saksbehandler"):
        assert bokmal not in text, bokmal

    other = Letter.objects.filter(
        decision__scheme_year=decided_year, owner__language_decision="nb"
    ).exclude(decision__network__name=SORVEST)
    with other.first().letter_pdf.open("rb") as handle:
        assert "Vedtak om tilskudd" in pdf_text(handle.read())


@pytest.mark.parametrize(
    ("language", "title", "recipient"),
    [
        ("nn", "Innstilling om tilskot 2027", "Til: Statsforvaltaren i Trøndelag"),
        ("en", "Innstilling om tilskudd 2027", "Til: Statsforvalteren i Trøndelag"),
        ("nb", "Innstilling om tilskudd 2027", "Til: Statsforvalteren i Trøndelag"),
    ],
)
def test_the_years_documents_follow_the_readers_language(
    recommended_year, login, language, title, recipient
):
    client = login("sekretariat")
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse("reporting:recommendation_pdf", args=[2027]))
    text = pdf_text(response.content)
    assert title in text and recipient in text


def test_the_year_report_statuses_are_in_the_documents_language(reported_year, login):
    client = login("statsforvalter")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = pdf_text(client.get(reverse("reporting:year_report_pdf", args=[2027])).content)
    assert "Årsrapport 2027 – bruk av tilskudd" in text
    assert "Submitted" not in text and "Approved" not in text
