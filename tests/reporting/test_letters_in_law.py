"""Decisions that hold in law: the letters read back with pypdf (legal basis from the year's
texts, the party, the numbers, access, appeal, both signatories), two-person approval, a party
that lacks what a vedtak needs, nynorsk, the appeal letters, the preview and the HTML version,
and ``export_letters``."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from config.errors import DomainError
from grants.models import Appeal, Decision, JournalEntry, LegalText, Letter
from grants.selectors import legal_texts
from networks.models import Membership, Owner
from networks.parties import format_org_number
from networks.services import membership_grant
from tests.workflow.helpers import approve, assess_and_propose
from workflow import services
from workflow.demo import DEMO_ASSESSMENTS
from workflow.messages import SAME_PERSON_PREPARED

from .conftest import (
    DECISION_TIME,
    SORVEST,
    case_of,
    host_letter,
    pdf_text,
    stored,
    uh_letters,
)

NTNU = "Norges teknisk-naturvitenskapelige universitet"


def _flat(pdf: bytes) -> str:
    """The PDF's text with line breaks and repeated spaces made single spaces."""
    return " ".join(pdf_text(pdf).split())


def _decided(scheme_year, name: str) -> Decision:
    return Decision.objects.get(
        scheme_year=scheme_year, network__name=name, status=Decision.Status.DECIDED
    )


def _draft(scheme_year, name: str) -> Decision:
    return Decision.objects.get(
        scheme_year=scheme_year, network__name=name, status=Decision.Status.DRAFT
    )


# --- the letter, read back ----------------------------------------------------------------


def test_the_letter_to_the_host_owner_holds_in_law(decided_year):
    decision = _decided(decided_year, SORVEST)
    case = case_of(decided_year, SORVEST)
    letter = host_letter(decision)
    host = decision.network.host_owner
    text = _flat(stored(letter.letter_pdf))
    texts = legal_texts(decided_year)

    # The party: the host owner, a legal person, with organisation number and address.
    assert letter.owner == host and letter.recipient == host.name
    assert f"Org.nr. {format_org_number(host.org_number)}" in text
    assert f"{host.postal_address} {host.postcode} {host.city}" in text
    assert f"Vedtaket er rettet til {host.name} som vertseier på vegne av" in text
    # The numbers: the case number and this letter's own document number.
    assert f"Vår referanse: {case.case_number}" in text
    assert f"Dokumentnr.: {case.case_number}-{letter.document_number}" in text
    assert f"Vår ref. {letter.number}" in text  # the running header of the later pages
    # The legal basis and the budget decision are the year's texts.
    assert " ".join(texts["hjemmel"].split()) in text
    assert " ".join(texts["budsjett"].split()) in text
    # The facts, then the assessment of each criterion, then the conclusion.
    assert "Partnerskapet sendte beslutningsgrunnlaget" in text
    assert "Beslutningsgrunnlaget søker om" in text
    assert "grunntilskuddet på" in text and "elevtall" in text
    facts = text.index("Faktiske forhold")
    assessment = text.index("Vurdering")
    conclusion = text.index("Konklusjon")
    assert facts < assessment < conclusion
    for key, reason in DEMO_ASSESSMENTS.items():
        assert reason in text, key
    assert "Tverrfaglig tilnærming: Oppfylt." in text
    # Appeal: the body and the deadline, counted from when the letter reached the party.
    assert "Klageinstans er Utdanningsdirektoratet" in text
    assert "Klagefristen er 3 uker fra det tidspunktet vedtaket er kommet fram til dere" in text
    # Access to the case's documents (fvl. § 18) and where to ask.
    assert "Rett til innsyn" in text and "forvaltningsloven § 18" in text
    assert "Be om innsyn ved å skrive til Statsforvalteren i Trøndelag" in text
    # Both signatories: the approver with budget authority and the case officer who prepared it.
    assert "Gunnar Godkjenner godkjent av" in text
    assert "Stine Statsforvalter forberedt av" in text
    assert "elektronisk godkjent" in text


def test_each_uh_institution_is_a_party_with_its_own_letter_number_and_appeal_right(
    decided_year,
):
    decision = _decided(decided_year, SORVEST)
    (to_uh,) = uh_letters(decision)
    ntnu = to_uh.university
    text = _flat(stored(to_uh.letter_pdf))
    assert to_uh.number != host_letter(decision).number
    assert f"Org.nr. {format_org_number(ntnu.org_number)}" in text
    assert f"Dokumentnr.: {to_uh.number}" in text
    assert f"Vedtaket er rettet til {NTNU} for institusjonens del" in text
    assert "Dere har rett til å klage på vedtaket" in text
    # The journal has the letter under the number printed on it.
    entry = JournalEntry.objects.get(
        case_number=to_uh.case_number, document_number=to_uh.document_number
    )
    assert (entry.correspondent, entry.file_field) == (NTNU, "letter_pdf")


def test_a_host_owner_with_a_nynorsk_language_decision_gets_a_nynorsk_letter(decided_year):
    """The demo gives Ørland, Fosen's host owner, the språkvedtak nynorsk."""
    decision = _decided(decided_year, "Fosen")
    assert decision.network.host_owner.language_decision == "nn"
    letter = host_letter(decision)
    text = _flat(stored(letter.letter_pdf))
    assert letter.language == "nn"
    assert "Vedtak om tilskot" in text and "Grunngjeving" in text and "Heimel" in text
    assert "Statsforvaltaren i Trøndelag" in text and "Med helsing" in text
    assert "Rett til innsyn" in text and "forvaltningslova § 18" in text
    assert "førebudd av" in text and "godkjend av" in text
    # The year's legal texts in nynorsk, not the bokmål wording the draft was given.
    assert " ".join(legal_texts(decided_year, language="nn")["hjemmel"].split()) in text
    # Its UH partner has no språkvedtak for nynorsk: bokmål.
    (to_uh,) = uh_letters(decision)
    assert "Vedtak om tilskudd" in pdf_text(stored(to_uh.letter_pdf))


# --- two-person approval ------------------------------------------------------------------


@pytest.fixture
def at_decision(recommended_year, travel):
    travel(DECISION_TIME)
    return recommended_year


def test_the_same_person_can_never_prepare_and_approve_one_vedtak(at_decision, users):
    officer = users["statsforvalter"]
    # Even with budget authority, the one who prepared it cannot approve it.
    membership_grant(user=officer, role="statsforvalter", budget_authority=True)
    officer = type(officer).objects.get(pk=officer.pk)
    draft = _draft(at_decision, SORVEST)
    case = case_of(at_decision, SORVEST)
    services.decision_update(actor=officer, decision=draft, reasons="Oppfyller kriteriene.")
    assess_and_propose({"statsforvalter": officer}, draft)
    logged = StateLog.objects.for_(case).count()
    with pytest.raises(DomainError) as refused:
        services.decision_decide(actor=officer, decision=draft)
    assert str(SAME_PERSON_PREPARED) in refused.value.message
    draft.refresh_from_db()
    case.refresh_from_db()
    assert draft.status == Decision.Status.DRAFT and draft.decided_by is None
    assert (case.state, StateLog.objects.for_(case).count()) == ("vedtak", logged)
    assert not draft.deliveries.exists()
    # Another approver with budget authority may.
    approve(users, draft)
    draft.refresh_from_db()
    assert (draft.prepared_by, draft.decided_by) == (officer, users["godkjenner"])


def test_approval_needs_a_proposal_and_budget_authority(at_decision, users):
    draft = _draft(at_decision, SORVEST)
    services.decision_update(
        actor=users["statsforvalter"], decision=draft, reasons="Oppfyller kriteriene."
    )
    services.decision_assess(
        actor=users["statsforvalter"],
        decision=draft,
        assessments={key: (True, text) for key, text in DEMO_ASSESSMENTS.items()},
    )
    with pytest.raises(DomainError, match="ikke foreslått"):
        approve(users, draft)
    services.decision_propose(actor=users["statsforvalter"], decision=draft)
    # A case officer without budget authority may not approve at all.
    assert not Membership.objects.get(user=users["statsforvalter"]).budget_authority
    colleague = users["statsforvalter"]
    with pytest.raises(PermissionDenied):
        services.decision_decide(actor=colleague, decision=draft)
    # Editing the proposed draft takes the proposal back: what is approved is what was seen.
    services.decision_update(actor=users["statsforvalter"], decision=draft, reasons="Endret.")
    draft.refresh_from_db()
    assert draft.proposed_at is None and draft.prepared_by is None
    with pytest.raises(DomainError, match="ikke foreslått"):
        approve(users, draft)
    assert _draft(at_decision, SORVEST).status == Decision.Status.DRAFT


def test_budget_authority_is_only_for_statsforvalterens_case_officers(users):
    with pytest.raises(DomainError, match="budsjettdisponeringsmyndighet"):
        membership_grant(user=users["forum"], role="forummedlem", budget_authority=True)
    assert not Membership.objects.filter(budget_authority=True, role="forummedlem").exists()


def test_a_party_without_an_org_number_cannot_be_decided_for(at_decision, users, login):
    draft = _draft(at_decision, SORVEST)
    host = draft.network.host_owner
    Owner.objects.filter(pk=host.pk).update(org_number="", account_number="")
    services.decision_update(
        actor=users["statsforvalter"], decision=draft, reasons="Oppfyller kriteriene."
    )
    with pytest.raises(DomainError) as refused:
        assess_and_propose(users, draft)
    assert f"{host.name} mangler organisasjonsnummer, kontonummer" in refused.value.message
    draft.refresh_from_db()
    assert draft.proposed_at is None and draft.status == Decision.Status.DRAFT
    page = login("statsforvalter").get(reverse("decision_detail", args=[draft.pk]))
    assert f"{host.name} mangler organisasjonsnummer, kontonummer." in page.content.decode()


# --- the preview and the HTML version -----------------------------------------------------


def test_the_letter_is_previewed_from_the_draft_and_nothing_is_stored(at_decision, users, login):
    draft = _draft(at_decision, SORVEST)
    services.decision_update(
        actor=users["statsforvalter"], decision=draft, reasons="Forhåndsvist begrunnelse."
    )
    journal_before = JournalEntry.objects.count()
    client = login("statsforvalter")
    response = client.get(reverse("reporting:decision_preview", args=[draft.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _flat(response.content)
    assert "UTKAST – FORHÅNDSVISNING, IKKE SENDT" in text
    assert "Forhåndsvist begrunnelse." in text and "Dokumentnr.:" not in text
    html = client.get(reverse("reporting:decision_preview_html", args=[draft.pk]))
    assert "Forhåndsvist begrunnelse." in html.content.decode()
    assert not Letter.objects.exists() and JournalEntry.objects.count() == journal_before
    draft.refresh_from_db()
    assert draft.status == Decision.Status.DRAFT


def test_each_partys_letter_can_be_previewed_before_the_vedtak_is_made(at_decision, login):
    from networks.selectors import network_parties

    draft = _draft(at_decision, SORVEST)
    parties = network_parties(draft.network)
    assert len(parties) >= 2  # the host owner and at least one UH institution
    client = login("statsforvalter")
    page = client.get(reverse("decision_detail", args=[draft.pk])).content.decode()
    pdf_url = reverse("reporting:decision_preview", args=[draft.pk])
    for party in parties:
        assert f"Brevet til {party.name} (PDF)" in page
    university = parties[-1]
    key = f"uh-{university.pk}"
    assert f'href="{pdf_url}?part={key}"' in page
    response = client.get(pdf_url, {"part": key})
    assert response.status_code == 200
    assert f"forhandsvisning-vedtak-{draft.pk}-{key}.pdf" in response["Content-Disposition"]
    text = _flat(response.content)
    assert university.name in text and "UTKAST – FORHÅNDSVISNING, IKKE SENDT" in text
    assert parties[0].name not in text.split("Vår dato")[0]  # addressed to the UH institution
    html = client.get(reverse("reporting:decision_preview_html", args=[draft.pk]), {"part": key})
    assert university.name in html.content.decode()
    assert f"{pdf_url}?part={key}" in html.content.decode()
    # A party that is not the vedtak's answers like a missing page.
    assert client.get(pdf_url, {"part": "uh-999999"}).status_code == 404
    assert client.get(pdf_url, {"part": "eier"}).status_code == 404
    assert not Letter.objects.exists()


def test_with_two_uh_institutions_each_letter_states_what_each_one_is_paid(decided_year):
    from .conftest import nb_kroner

    decision = _decided(decided_year, "Gauldal og Trøndelag sør")  # NTNU and DMMH
    paid = {i.payee_name: int(i.amount) for i in decision.instalments.all()}
    universities = [name for name in paid if name != decision.network.host_owner.name]
    assert len(universities) == 2 and sum(paid.values()) == decision.amount
    letters = decision.letters.filter(kind=Letter.Kind.DECISION)
    assert letters.count() == 3  # the host owner and each UH institution
    for letter in letters:
        text = _flat(stored(letter.letter_pdf))
        for name in universities:  # each institution's own share, as the payout plan pays it
            assert f"Herav utbetales til {name} {nb_kroner(paid[name])}" in text, name
        network_part = paid[decision.network.host_owner.name]
        assert f"Herav utbetales til {decision.network.name} {nb_kroner(network_part)}" in text


def test_the_html_version_has_the_same_content_as_the_pdf(decided_year, login):
    decision = _decided(decided_year, "Fosen")
    letter = host_letter(decision)
    page = login("statsforvalter").get(reverse("reporting:letter_html", args=[letter.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<article class="letter" lang="nn-NO">' in html
    assert f"<dd>{letter.number}</dd>" in html
    assert reverse("reporting:letter_pdf", args=[letter.pk]) in html
    pdf = _flat(stored(letter.letter_pdf))
    for phrase in ("Faktiske forhold", "Rett til innsyn", "godkjend av", "førebudd av"):
        assert phrase in pdf and phrase in html, phrase
    # Kept with the letter: a legal text edited afterwards changes neither version.
    LegalText.objects.filter(scheme_year=decided_year, key="innsyn").update(text_nn="Endra.")
    again = login("statsforvalter").get(reverse("reporting:letter_html", args=[letter.pk]))
    assert again.content.decode().count("forvaltningslova § 18") == html.count(
        "forvaltningslova § 18"
    )
    assert "Endra." not in again.content.decode()


# --- appeals: dismissal and cover letter ---------------------------------------------------


def test_a_late_appeal_dismissed_has_its_letter_to_the_party_that_appealed(
    decided_year, users, django_capture_on_commit_callbacks
):
    case = case_of(decided_year, SORVEST)
    with time_machine.travel(dt.datetime(2027, 4, 20, 10, 0), tick=False):
        appeal = services.appeal_lodge(actor=users["uh"], case=case, text="Vi klager sent.")
        assert appeal.is_late and appeal.university.short_name == "NTNU"
        with django_capture_on_commit_callbacks(execute=True):
            services.appeal_dismiss(
                actor=users["statsforvalter"],
                appeal=appeal,
                reasons="Klagen kom etter fristen, og det er ikke grunn til å behandle den.",
            )
    letter = Letter.objects.get(appeal=appeal)
    assert letter.kind == Letter.Kind.DISMISSAL and letter.university == appeal.university
    text = _flat(stored(letter.letter_pdf))
    assert "Avvisning av klage" in text and "Statsforvalteren avviser klagen" in text
    assert "det er ikke grunn til å behandle den" in text
    assert f"Dokumentnr.: {letter.number}" in text and NTNU in text
    assert "Avvisningen er et enkeltvedtak som dere kan klage på" in text
    assert uh_letters(_decided(decided_year, SORVEST))[0].number in text
    assert JournalEntry.objects.get(
        case_number=letter.case_number, document_number=letter.document_number
    ).kind == ("avvisning")


def test_forwarding_an_appeal_makes_a_cover_letter_to_the_appeal_body(
    decided_year, users, django_capture_on_commit_callbacks
):
    case = case_of(decided_year, SORVEST)
    appeal = services.appeal_lodge(actor=users["koordinator"], case=case, text="For lite.")
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_decide(
            actor=users["statsforvalter"],
            appeal=appeal,
            outcome=Appeal.Outcome.FORWARDED,
            note="Opprettholdt.",
            forwarding_letter="Statsforvalteren mener rammen er riktig beregnet.",
        )
    letter = Letter.objects.get(appeal=appeal)
    assert letter.kind == Letter.Kind.FORWARDING
    assert letter.recipient == "Utdanningsdirektoratet"
    text = _flat(stored(letter.letter_pdf))
    assert "Oversendelse av klage" in text and "Statsforvalterens vurdering" in text
    assert "Statsforvalteren mener rammen er riktig beregnet." in text
    host = case.network.host_owner.name
    assert f"Kopi til: {host}" in text and f"Dokumentnr.: {letter.number}" in text


def test_the_appeal_letters_are_signed_by_who_decided_the_appeal(
    decided_year, users, django_capture_on_commit_callbacks
):
    decision = _decided(decided_year, SORVEST)
    preparer = decision.prepared_by.get_full_name()
    officer = users["godkjenner"]  # another case officer than the one who prepared the vedtak
    assert officer.get_full_name() != preparer
    appeal = services.appeal_lodge(
        actor=users["koordinator"], case=case_of(decided_year, SORVEST), text="For lite."
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_decide(
            actor=officer,
            appeal=appeal,
            outcome=Appeal.Outcome.FORWARDED,
            note="Opprettholdt.",
            forwarding_letter="Vedtaket opprettholdes.",
        )
    appeal.refresh_from_db()
    assert appeal.outcome_by == officer
    text = _flat(stored(Letter.objects.get(appeal=appeal).letter_pdf))
    assert officer.get_full_name() in text and preparer not in text


def test_lateness_counts_from_the_appealing_partys_own_delivery(decided_year, users):
    """NTNU got the vedtak by post a week later: its deadline is a week later than the host
    owner's, and its appeal on a day between the two is on time."""
    decision = _decided(decided_year, SORVEST)
    case = case_of(decided_year, SORVEST)
    record = decision.deliveries.get(university__short_name="NTNU")
    between = dt.datetime(2027, 3, 25, 10, 0)
    with time_machine.travel(between, tick=False):
        services.delivery_correct(
            actor=users["statsforvalter"],
            record=record,
            delivered_on=dt.date(2027, 3, 8),
            reason="Sendt i posten.",
        )
        assert timezone.localdate() > decision.deliveries.get(owner__isnull=False).appeal_deadline()
        by_uh = services.appeal_lodge(actor=users["uh"], case=case, text="Vi klager.")
        by_host = services.appeal_lodge(actor=users["eier"], case=case, text="Vi klager også.")
    assert (by_uh.university.short_name, by_uh.is_late) == ("NTNU", False)
    assert (by_host.owner, by_host.is_late) == (case.network.host_owner, True)


# --- export_letters -----------------------------------------------------------------------


def test_export_letters_writes_every_letter_of_the_year_named_by_document_number(
    decided_year, users, tmp_path, django_capture_on_commit_callbacks
):
    case = case_of(decided_year, SORVEST)
    appeal = services.appeal_lodge(actor=users["koordinator"], case=case, text="For lite.")
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_decide(
            actor=users["statsforvalter"],
            appeal=appeal,
            outcome=Appeal.Outcome.FORWARDED,
            note="Opprettholdt.",
            forwarding_letter="Vedtaket opprettholdes.",
        )
    out = tmp_path / "brev"
    output = io.StringIO()
    call_command("export_letters", "--year", "2027", "--out", str(out), stdout=output)
    letters = list(Letter.objects.filter(decision__scheme_year=decided_year))
    # host owners, UH institutions, the joint measures' UH recipient, one cover letter
    assert len(letters) == 11 + 13 + 1 + 1
    names = sorted(p.name for p in Path(out).iterdir())
    assert names == sorted(f"{x.number.replace('/', '-')}.pdf" for x in letters)
    for letter in letters:
        written = (out / f"{letter.file_stem}.pdf").read_bytes()
        assert written == stored(letter.letter_pdf)
    printed = output.getvalue()
    assert f"{host_letter(_decided(decided_year, SORVEST)).file_stem}.pdf\tVedtaksbrev" in printed
    assert "Oversendelsesbrev\tUtdanningsdirektoratet" in printed
    assert printed.rstrip().endswith(f"{len(letters)} brev skrevet til {out}")


def test_export_letters_makes_missing_letters_first_and_refuses_an_unknown_year(
    recommended_year, users, travel, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.management.base import CommandError

    from .conftest import decide

    travel(DECISION_TIME)
    decision = decide(
        users,
        case_of(recommended_year, "Fosen"),
        lambda execute: django_capture_on_commit_callbacks(),
    )
    assert not decision.letters.exists()
    out = tmp_path / "brev"
    call_command("export_letters", "--year", "2027", "--out", str(out), stdout=io.StringIO())
    assert decision.letters.count() == 2
    assert len(list(out.iterdir())) == 2
    with pytest.raises(CommandError, match="1999"):
        call_command("export_letters", "--year", "1999", "--out", str(tmp_path))


def test_an_edited_legal_text_of_the_year_is_what_the_next_letter_cites(
    recommended_year, users, travel, django_capture_on_commit_callbacks
):
    from .conftest import decide

    LegalText.objects.filter(scheme_year=recommended_year, key="innsyn").update(
        text="Ny innsynstekst etter den nye forvaltningsloven (2025) § 30."
    )
    travel(DECISION_TIME)
    decision = decide(users, case_of(recommended_year, SORVEST), django_capture_on_commit_callbacks)
    text = _flat(stored(host_letter(decision).letter_pdf))
    assert "Ny innsynstekst etter den nye forvaltningsloven (2025) § 30." in text
