"""Every case ends with an outcome (issue 12): a grant closed after its report, a refusal (avslag,
an enkeltvedtak with reasons, letter and appeal right), or the network's withdrawal."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_fsm_log.models import StateLog
from pypdf import PdfReader

from config.errors import DomainError
from grants.models import Appeal, Decision, JournalEntry
from grants.selectors import legal_texts
from reporting.delivery import delivery_message
from reporting.pdf import render_decision_letter
from reporting.selectors.letters import decision_letter_data
from reporting.selectors.year import Deadline, year_rows
from reporting.services import decision_letters_make
from workflow import rules, selectors, services
from workflow.models import Case
from workflow.notifications.kinds import Kind
from workflow.notifications.models import Notification
from workflow.reminders.selectors import obligations_compute

from .helpers import deliver, prepare_and_approve
from .test_selectors import fresh, walk_to

#: The demo year's decision basis deadline is 1 February 2027.
AFTER_BASIS_DEADLINE = dt.datetime(2027, 2, 5, 10, 0)


def _refuse(demo, case, reasons="Det er ikke sendt noe beslutningsgrunnlag.") -> Decision:
    draft = services.refusal_prepare(actor=demo["statsforvalter"], case=case, reasons=reasons)
    decision = deliver(prepare_and_approve(demo, draft))
    case.refresh_from_db()
    return decision


def _pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split())


# Refusal of a network that sent nothing -----------------------------------------------------------


def test_a_network_that_sent_nothing_is_refused_after_the_deadline(
    demo, sorvest_case, travel, django_capture_on_commit_callbacks
):
    travel(AFTER_BASIS_DEADLINE)
    case = fresh(sorvest_case)
    assert case.state == Case.State.BEHOVSMELDING
    statsforvalter = selectors.available_actions(demo["statsforvalter"], case)
    assert "prepare_refusal" in {a.name for a in statsforvalter}
    # The form starts from the year's standard reasons for a network that sent nothing.
    assert (
        services.refusal_reasons_default(case) == legal_texts(case.scheme_year)["avslag-ikke-sendt"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        decision = _refuse(demo, case)

    assert case.state == Case.State.AVSLATT
    assert (decision.kind, decision.status, decision.amount, decision.uh_amount) == (
        Decision.Kind.REFUSAL,
        Decision.Status.DECIDED,
        0,
        0,
    )
    assert decision.legal_basis == legal_texts(case.scheme_year)["hjemmel"]
    assert decision.appeal_instructions == legal_texts(case.scheme_year)["klage-slik"]
    # Delivered to the parties as a grant is: the host owner and the UH partner.
    parties = {record.party_name for record in decision.deliveries.all()}
    assert case.network.host_owner.name in parties and len(parties) >= 2
    assert decision.notified_on is not None
    log = StateLog.objects.for_(case).get()
    assert (log.transition, log.source_state, log.state) == ("refuse", "behovsmelding", "avslatt")
    # The parties are notified of the refusal, as of a grant (legal effect: always by e-mail).
    notified = set(
        Notification.objects.filter(kind=Kind.DECISION_REFUSED).values_list(
            "recipient__username", flat=True
        )
    )
    assert {"koordinator", "uh", "eier"} <= notified
    assert not Notification.objects.filter(kind=Kind.DECISION_MADE).exists()
    # The case's history words it from the step table.
    moved = [e for e in selectors.case_timeline(case) if e.is_transition]
    assert [(e.text, e.source, e.target) for e in moved] == [
        ("Vedtak om avslag ble fattet", "Behovsmelding", "Avslått")
    ]


def test_no_refusal_while_the_network_may_still_send(demo, sorvest_case, travel):
    """Before the deadline, and while the secretariat has reopened the case, nothing changes."""
    travel(dt.datetime(2027, 1, 20, 10, 0))
    with pytest.raises(DomainError, match="Fristen for beslutningsgrunnlaget"):
        services.refusal_prepare(actor=demo["statsforvalter"], case=sorvest_case, reasons="Nei.")
    travel(AFTER_BASIS_DEADLINE)
    services.decision_basis_reopen(
        actor=demo["sekretariat"],
        case=sorvest_case,
        until=dt.date(2027, 2, 12),
        comment="Koordinatoren var syk.",
    )
    case = fresh(sorvest_case)
    assert "prepare_refusal" not in {
        a.name for a in selectors.available_actions(demo["statsforvalter"], case)
    }
    with pytest.raises(DomainError, match=r"åpnet for innsending til 12\. februar 2027"):
        services.refusal_prepare(actor=demo["statsforvalter"], case=case, reasons="Nei.")
    assert not Decision.objects.filter(network=case.network).exists()
    assert fresh(case).state == Case.State.BEHOVSMELDING


# Refusal from the innstilling and from the vedtak ------------------------------------------------


def test_a_basis_that_does_not_meet_the_criteria_is_refused_from_the_innstilling(
    demo, sorvest_case, travel
):
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    assert (
        services.refusal_reasons_default(case) == legal_texts(case.scheme_year)["avslag-kriterier"]
    )
    decision = _refuse(demo, case, reasons="Tiltakene er ikke barnehage- og skolebaserte.")
    assert case.state == Case.State.AVSLATT
    assert decision.reasons == "Tiltakene er ikke barnehage- og skolebaserte."
    assert rules.decision_in_force(case) == decision


def test_a_refusal_in_the_vedtak_stage_replaces_the_draft_grant(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "vedtak-utkast", travel)
    grant_draft = rules.draft_decision(case)
    assert grant_draft.amount > 0
    refusal = services.refusal_prepare(
        actor=demo["statsforvalter"], case=case, reasons="Budsjettet gjelder ikke ordningen."
    )
    assert refusal.pk == grant_draft.pk
    assert (refusal.kind, refusal.amount, refusal.report_deadline) == ("avslag", 0, None)
    decision = deliver(prepare_and_approve(demo, refusal))
    case.refresh_from_db()
    assert case.state == Case.State.AVSLATT
    assert Decision.objects.filter(network=case.network).count() == 1
    assert decision.recommended_amount == grant_draft.recommended_amount


def test_a_refusal_grants_no_amount(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "avslag-utkast", travel)
    draft = rules.draft_refusal(case)
    with pytest.raises(DomainError, match="Et avslag innvilger ikke noe beløp"):
        services.decision_update(actor=demo["statsforvalter"], decision=draft, amount=100_000)
    assert Decision.objects.get(pk=draft.pk).amount == 0


# Wrong roles change nothing ------------------------------------------------------------------


@pytest.mark.parametrize("username", ["koordinator", "eier", "uh", "sekretariat", "forum", "admin"])
def test_only_statsforvalteren_refuses_and_a_refused_attempt_changes_nothing(
    demo, sorvest_case, travel, username
):
    case = walk_to(demo, sorvest_case, "avslag-utkast", travel)
    draft = rules.draft_refusal(case)
    before = (draft.status, draft.reasons, draft.version)
    with pytest.raises(PermissionDenied):
        services.decision_decide(actor=demo[username], decision=draft)
    with pytest.raises(PermissionDenied):
        services.refusal_prepare(actor=demo[username], case=fresh(case), reasons="Avslag.")
    stored = Decision.objects.get(pk=draft.pk)
    assert (stored.status, stored.reasons, stored.version) == before
    assert fresh(case).state == Case.State.INNSTILLING
    assert not StateLog.objects.for_(case).filter(transition="refuse").exists()


def test_the_refusal_form_page_drafts_the_refusal(login, demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    client = login("statsforvalter")
    url = reverse("refusal_prepare", args=[case.pk])
    assert "Forbered avslag" in client.get(url).content.decode()
    empty = client.post(url, {"reasons": "  "})
    assert empty.status_code == 200 and "Skriv begrunnelsen." in empty.content.decode()
    assert not Decision.objects.filter(network=case.network).exists()
    response = client.post(url, {"reasons": "Kriteriene er ikke oppfylt."})
    draft = rules.draft_refusal(case)
    assert response.status_code == 302 and response["Location"] == reverse(
        "decision_detail", args=[draft.pk]
    )
    page = client.get(response["Location"]).content.decode()
    # the case officer proposes it; another with budget authority makes it
    assert "Foreslå vedtaket for godkjenning" in page


# The refusal is appealable, and its letter says so -------------------------------------------


def test_a_refused_network_may_appeal(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "avslått", travel)
    offered = {a.name for a in selectors.available_actions(demo["koordinator"], fresh(case))}
    assert "lodge_appeal" in offered
    appeal = services.appeal_lodge(
        actor=demo["koordinator"], case=fresh(case), text="Vi mener kriteriene er oppfylt."
    )
    assert appeal.decision.kind == Decision.Kind.REFUSAL
    assert appeal.outcome == Appeal.Outcome.PENDING and not appeal.is_late


def test_the_refusal_letter_names_the_refusal_and_the_appeal_right(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "avslått", travel)
    decision = decision_letters_make(decision_id=rules.decision_in_force(case).pk)
    letter = decision.letters.get(owner=case.network.host_owner)  # one letter per party
    with letter.letter_pdf.open("rb") as stored:
        text = _pdf_text(stored.read())
    assert "Vedtak om avslag på tilskudd" in text
    assert "Statsforvalteren i Trøndelag avslår tilskudd til Trøndelag sørvest for 2027" in text
    assert "Kriteriene er ikke oppfylt." in text
    assert "Dere har rett til å klage på vedtaket" in text
    assert "Klagefristen er 3 uker" in text
    assert "Utdanningsdirektoratet" in text
    # A refusal has no amounts to pay and no report to write.
    assert "Tildelt tilskudd" not in text and "Rapportering" not in text
    # each UH institution gets its own letter, as of a grant
    assert decision.letters.filter(university__isnull=False).exists()
    # It is journaled as sent, and e-mailed to the parties, as a refusal.
    outgoing = JournalEntry.objects.filter(direction=JournalEntry.Direction.OUTGOING)
    titles = set(outgoing.values_list("title", flat=True))
    assert "Vedtak om avslag 2027 – Trøndelag sørvest" in titles
    record = decision.deliveries.filter(owner__isnull=False).get()
    message = delivery_message(record, decision)
    assert message.subject == "Vedtak om avslag 2027 – Trøndelag sørvest"
    assert "vedtak om avslag på tilskudd" in message.body

    nynorsk = _pdf_text(render_decision_letter(decision_letter_data(decision, language="nn")))
    assert "Vedtak om avslag på tilskot" in nynorsk
    assert "De har rett til å klage på vedtaket" in nynorsk


# Withdrawal -----------------------------------------------------------------------------------


def test_the_network_withdraws_its_case_with_a_reason(
    demo, sorvest_case, travel, django_capture_on_commit_callbacks
):
    case = walk_to(demo, sorvest_case, "grunnlag-klart", travel)
    with pytest.raises(DomainError):
        services.case_withdraw(actor=demo["koordinator"], case=case, comment=" ")
    assert fresh(case).state == Case.State.BESLUTNINGSGRUNNLAG
    with django_capture_on_commit_callbacks(execute=True):
        services.case_withdraw(
            actor=demo["koordinator"], case=fresh(case), comment="Vi har ikke kapasitet i år."
        )
    case = fresh(case)
    assert case.state == Case.State.TRUKKET
    log = StateLog.objects.for_(case).filter(transition="withdraw").get()
    assert log.description == "Vi har ikke kapasitet i år."
    notified = set(
        Notification.objects.filter(kind=Kind.CASE_WITHDRAWN).values_list(
            "recipient__username", flat=True
        )
    )
    assert {"statsforvalter", "sekretariat"} <= notified


def test_the_host_owner_may_withdraw_and_a_draft_vedtak_is_dropped(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "vedtak-utkast", travel)
    assert rules.draft_decision(case) is not None
    services.case_withdraw(actor=demo["eier"], case=case, comment="Eieren trekker søknaden.")
    assert fresh(case).state == Case.State.TRUKKET
    assert not Decision.objects.filter(network=case.network).exists()


@pytest.mark.parametrize("username", ["statsforvalter", "sekretariat", "forum", "admin"])
def test_only_the_network_withdraws(demo, sorvest_case, travel, username):
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    with pytest.raises(PermissionDenied):
        services.case_withdraw(actor=demo[username], case=case, comment="Trekkes.")
    assert fresh(case).state == Case.State.INNSTILLING


def test_a_decided_case_cannot_be_withdrawn(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "vedtak-fattet", travel)
    assert "withdraw" not in {
        a.name for a in selectors.available_actions(demo["koordinator"], fresh(case))
    }
    with pytest.raises(DomainError):
        services.case_withdraw(actor=demo["koordinator"], case=fresh(case), comment="For sent.")
    assert fresh(case).state == Case.State.VEDTAK


# Ended cases on the year's pages and in the reminders ----------------------------------------


@pytest.mark.parametrize("stage", ["avslått", "trukket"])
def test_an_ended_case_shows_nothing_granted_and_owes_nothing(demo, sorvest_case, travel, stage):
    case = walk_to(demo, sorvest_case, stage, travel)
    row = next(r for r in year_rows(scheme_year=case.scheme_year) if r.case.pk == case.pk)
    assert row.granted == 0
    assert row.report_deadline == Deadline.NONE
    assert not [
        spec
        for spec in obligations_compute(scheme_year=case.scheme_year)
        if spec.case_id == case.pk
    ]


def test_an_upheld_appeal_on_a_refusal_grants_and_the_case_goes_on(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "avslått", travel)
    refusal = rules.decision_in_force(case)
    appeal = services.appeal_lodge(actor=demo["koordinator"], case=fresh(case), text="Se igjen.")
    services.appeal_decide(
        actor=demo["statsforvalter"],
        appeal=appeal,
        outcome=Appeal.Outcome.UPHELD,
        note="Kriteriene er likevel oppfylt.",
    )
    draft = Appeal.objects.get(pk=appeal.pk).new_decision
    assert (draft.kind, draft.supersedes_id) == (Decision.Kind.GRANT, refusal.pk)
    assert draft.report_deadline == case.scheme_year.report_deadline
    frame = rules.case_frame(case)
    services.decision_update(
        actor=demo["statsforvalter"], decision=draft, amount=frame, uh_amount=frame // 2
    )
    deliver(prepare_and_approve(demo, draft))
    case = fresh(case)
    assert case.state == Case.State.VEDTAK
    assert rules.decision_in_force(case).amount == frame
    assert Decision.objects.get(pk=refusal.pk).status == Decision.Status.SUPERSEDED
    assert StateLog.objects.for_(case).order_by("-pk").first().transition == "grant_after_appeal"
    assert "open_reporting" in {
        a.name for a in selectors.available_actions(demo["statsforvalter"], case)
    }


def test_a_drafted_refusal_is_statsforvalterens_task_and_the_year_pages_show_it(
    login, demo, sorvest_case, travel
):
    case = walk_to(demo, sorvest_case, "avslag-utkast", travel)
    tasks = [
        (t.title, t.subject)
        for t in selectors.tasks_for(demo["statsforvalter"], dt.date(2027, 2, 20))
    ]
    assert ("Fatt vedtak om avslag for 2027", "Trøndelag sørvest") in tasks
    deliver(prepare_and_approve(demo, rules.draft_refusal(case)))
    client = login("statsforvalter")
    for name in ("reporting:dashboard", "reporting:year"):
        response = client.get(reverse(name, args=[2027]))
        assert response.status_code == 200, name
    dashboard = client.get(reverse("reporting:dashboard", args=[2027]))
    assert "Gjelder ikke" in dashboard.content.decode()
    case_page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Statsforvalteren har avslått søknaden om tilskudd." in case_page


def test_a_refusal_stays_within_a_query_budget(demo, sorvest_case, travel):
    """As ``test_transition_queries`` for the other steps (measured: 11 and 20)."""
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    with CaptureQueriesContext(connection) as prepared:
        draft = services.refusal_prepare(
            actor=demo["statsforvalter"], case=fresh(case), reasons="Kriteriene er ikke oppfylt."
        )
    services.decision_propose(actor=demo["statsforvalter"], decision=draft)
    with CaptureQueriesContext(connection) as refused:
        services.decision_decide(actor=demo["godkjenner"], decision=draft)
    assert len(prepared) <= 11 and len(refused) <= 20, (len(prepared), len(refused))


def test_a_withdrawal_stays_within_a_query_budget(demo, sorvest_case, travel):
    """Measured: 7."""
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    with CaptureQueriesContext(connection) as withdrawn:
        services.case_withdraw(actor=demo["koordinator"], case=fresh(case), comment="Trekkes.")
    assert len(withdrawn) <= 9, len(withdrawn)
