"""Reads for the decision letters: their input from the stored vedtak; letters missing or failed."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from allocation.selectors import frozen_frame, frozen_line, nb_sort_key
from grants.models import (
    Appeal,
    Criterion,
    Decision,
    DecisionBasis,
    Letter,
    SchemeYear,
)
from grants.selectors import legal_texts
from networks.models import Event, Network, Owner, University
from networks.parties import LanguageDecision, format_org_number
from networks.selectors import network_parties
from workflow.amounts import MADE, with_amounts
from workflow.events import LETTER_FAILED, LETTER_PROBLEMS
from workflow.models import Case
from workflow.services.payout import payout_shares

from ..models import LetterBatch
from ..pdf import (
    AppealLetterData,
    Assessment,
    DecisionLetterData,
    LetterFacts,
    Party,
    Signatory,
    appeal_letter_blocks,
    decision_letter_blocks,
    recipient_lines,
    reference_pairs,
)
from ..pdf.texts import BOKMAL, NYNORSK, document_language, texts
from .common import (
    statsforvalteren,
)


def decision_for_letter(pk: int) -> Decision | None:
    """A decision that has been made, with what its letter needs; drafts have no letter."""
    return (
        Decision.objects.filter(pk=pk, status__in=MADE)
        .select_related("network__partnership", "network__host_owner", "scheme_year", "decided_by")
        .prefetch_related("network__partnership__universities")
        .first()
    )


def uh_partner_names(network: Network) -> list[str]:
    partnership = getattr(network, "partnership", None)
    if partnership is None:
        return []
    universities: list[University] = sorted(
        partnership.universities.all(), key=lambda u: nb_sort_key(u.short_name)
    )
    return [u.name for u in universities]


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} og {names[-1]}"


def decision_reference(decision: Decision) -> str:
    """Our reference: the case number (saksnummer, ``2027/00042``). Each letter adds its own
    document number (``2027/00042-3``), which tells a vedtak and the one replacing it apart."""
    case_number = (
        Case.objects.filter(scheme_year_id=decision.scheme_year_id, network_id=decision.network_id)
        .values_list("case_number", flat=True)
        .first()
    )
    return case_number or f"{decision.scheme_year.year}/{decision.network.slug}"


def party_letter_number(decision: Decision, party: Owner | University | None) -> str:
    """The document number of the vedtak's letter to ``party`` (to the host owner when the
    party had none), or the case number while no letter is made."""
    letters = Letter.objects.filter(decision=decision, kind=Letter.Kind.DECISION)
    if isinstance(party, University):
        own = letters.filter(university=party).first()
    else:
        own = letters.filter(owner=party).first() if party is not None else None
    found = own or letters.filter(owner__isnull=False).first() or letters.first()
    return found.number if found is not None else decision_reference(decision)


def _conditions(text: str) -> tuple[str, ...]:
    """One condition per line; bullets people type are dropped."""
    lines = (line.strip().lstrip("-•*").strip() for line in text.replace("\r\n", "\n").split("\n"))
    return tuple(line for line in lines if line)


def _standard_appeal_right(scheme_year: SchemeYear) -> str:
    return legal_texts(scheme_year).get("klagerett", "").strip()


def decision_parties(decision: Decision) -> list[Owner | University]:
    """The vedtak's parties, each of which gets its own letter: the network's host owner (on
    behalf of the network) and each UH institution of its partnership. The delivery records
    made with the vedtak say who they were; a vedtak without them (a preview, an old vedtak)
    asks the network as it is now."""
    records = list(decision.deliveries.select_related("owner", "university")) if decision.pk else []
    if records:
        # The host owner first: its letter is the vedtaksbrev the network's pages link to.
        records.sort(key=lambda r: (r.owner_id is None, r.party_name))
        return [r.owner if r.owner_id else r.university for r in records]  # type: ignore[misc]
    return network_parties(decision.network)


def party_language(party: Owner | University | None) -> str:
    """The party's written standard (språkvedtak, språklova § 15): nynorsk when it has decided
    on nynorsk, otherwise bokmål (also for a språknøytral party: the office's choice)."""
    if party is not None and party.language_decision == LanguageDecision.NYNORSK:
        return NYNORSK
    return BOKMAL


def letter_party(party: Owner | University) -> Party:
    return Party(
        name=party.name,
        org_number=format_org_number(party.org_number) if party.org_number else "",
        address_lines=tuple(party.address_lines),
        role="university" if isinstance(party, University) else "owner",
    )


def _person(user, title: str) -> Signatory | None:
    if user is None:
        return None
    return Signatory(name=user.get_full_name() or user.username, title=title, email=user.email)


def _in_language(decision_text: str, key: str, scheme_year: SchemeYear, language: str) -> str:
    """A text copied into the draft from the year's legal texts, in the letter's written
    standard: the year's text in that standard while the draft kept the bokmål wording, else
    what the case officer wrote."""
    if decision_text.strip() == legal_texts(scheme_year).get(key, "").strip():
        return legal_texts(scheme_year, language=language).get(key, decision_text)
    return decision_text


def letter_facts(decision: Decision) -> LetterFacts:
    """The facts the vedtak rests on: when the decision basis and the innstilling were sent,
    what was applied for, and how the frame was computed."""
    annotated: Any = with_amounts(
        Case.objects.filter(scheme_year_id=decision.scheme_year_id, network_id=decision.network_id)
    )
    row = (annotated.values("budget_total", "recommendation_sent").first()) or {}
    basis = (
        DecisionBasis.objects.filter(
            scheme_year_id=decision.scheme_year_id, network_id=decision.network_id
        )
        .values("submitted_at")
        .first()
    )
    line = frozen_line(decision.network, decision.scheme_year.year)
    sent = row.get("recommendation_sent")
    return LetterFacts(
        basis_date=timezone.localdate(basis["submitted_at"])
        if basis and basis["submitted_at"]
        else None,
        recommendation_date=timezone.localdate(sent) if sent else None,
        applied_amount=int(row["budget_total"]) if row.get("budget_total") is not None else None,
        frame_base=int(line.base) if line else None,
        frame_pro_rata=int(line.pro_rata) if line else None,
        pupils=int(line.pupils) if line else None,
        children=int(line.children) if line else None,
        counted_on=line.counted_on if line else None,
    )


def letter_assessments(decision: Decision, language: str) -> tuple[Assessment, ...]:
    t = texts(language)
    order = {value: i for i, value in enumerate(Criterion.values)}
    found = sorted(decision.assessments.all(), key=lambda a: order.get(a.criterion, 99))
    return tuple(
        Assessment(criterion=t[f"criterion_{a.criterion}"], met=bool(a.met), text=a.text)
        for a in found
        if a.met is not None
    )


def decision_letter_data(
    decision: Decision,
    *,
    party: Owner | University | None = None,
    document_number: str = "",
    language: str | None = None,
    preview: bool = False,
) -> DecisionLetterData:
    """One vedtaksbrev's input, from the (frozen) decision row: the letter to ``party`` (the
    host owner when not given), in the party's written standard unless ``language`` says
    otherwise, numbered ``document_number``. ``preview``: a draft shown before it is decided."""
    if party is None:
        parties = decision_parties(decision)
        party = parties[0] if parties else None
    if language is None:
        language = party_language(party)
    language = document_language(language)
    t = texts(language)
    issuer = statsforvalteren(language)
    year = decision.scheme_year.year
    frame = decision.frame
    if frame is None:
        frame = frozen_frame(decision.network_id, year)
    recommended = decision.recommended_amount
    if recommended is None:
        recommended = decision.amount
    appeal_texts = [
        _in_language(decision.appeal_instructions, "klage-slik", decision.scheme_year, language)
    ]
    if decision.appeal_right.strip() and decision.appeal_right.strip() != _standard_appeal_right(
        decision.scheme_year
    ):
        # The letter states the right to appeal in its own words; an edited text adds to it.
        appeal_texts.insert(0, decision.appeal_right)
    decided_on = timezone.localdate(decision.decided_at) if decision.decided_at else None
    replaced = decision.supersedes
    year_texts = legal_texts(decision.scheme_year, language=language)
    prepared_by = decision.prepared_by
    approved_by = decision.decided_by
    officer = prepared_by or approved_by
    return DecisionLetterData(
        replaces_reference=party_letter_number(replaced, party) if replaced else "",
        replaces_date=timezone.localdate(replaced.decided_at)
        if replaced and replaced.decided_at
        else None,
        change_reason=decision.change_reason if replaced else "",
        supplement=int(decision.supplement),
        appeal_legal_basis=year_texts.get("klage-hjemmel", ""),
        issuer=issuer,
        case_officer=_person(officer, t["case_officer_title"])
        or Signatory(name=issuer.name, title=t["case_officer_title"]),
        prepared_by=_person(prepared_by, t["prepared_by"]),
        approved_by=_person(approved_by, t["approved_by"]),
        document_date=decided_on or timezone.localdate(),
        reference=decision_reference(decision),
        document_number=document_number,
        preview=preview,
        recipient=letter_party(party) if party is not None else None,
        year=year,
        network=decision.network.name,
        uh_partner=_join_names(uh_partner_names(decision.network)) or t["no_uh_partner"],
        amount_granted=int(decision.amount),
        frame=int(frame if frame is not None else decision.amount),
        recommended_amount=int(recommended),
        conditions=_conditions(
            _in_language(decision.conditions, "vilkar", decision.scheme_year, language)
        ),
        reasons=decision.reasons,
        legal_basis=_in_language(decision.legal_basis, "hjemmel", decision.scheme_year, language),
        budget_basis=year_texts.get("budsjett", ""),
        access_text=year_texts.get("innsyn", ""),
        facts=letter_facts(decision),
        assessments=letter_assessments(decision, language),
        report_deadline=decision.report_deadline or decision.scheme_year.report_deadline,
        appeal_body=decision.appeal_body,
        appeal_send_to=issuer.name,
        appeal_instructions="\n\n".join(text for text in appeal_texts if text.strip()),
        appeal_weeks=decision.appeal_weeks,
        departure_reason=decision.departure_reason,
        uh_share=int(decision.uh_amount),
        payees=_payees(decision),
        report_instructions=t["report_instructions"],
        language=language,
        refusal=decision.is_refusal,
    )


def _payees(decision: Decision) -> tuple[tuple[str, int], ...]:
    """What each payee of the vedtak receives, as its payout plan pays it (one split for the
    letter and the payouts): each UH institution its share, then the network its part."""
    shares = payout_shares(decision)
    return tuple(
        (party.name, amount) for party, amount in shares if isinstance(party, University)
    ) + tuple(
        (decision.network.name, amount) for party, amount in shares if isinstance(party, Owner)
    )


def appeal_party(appeal: Appeal) -> Owner | University | None:
    """The party that appealed (the host owner for an appeal lodged before parties were kept)."""
    if appeal.university_id:
        return appeal.university
    if appeal.owner_id:
        return appeal.owner
    host = appeal.decision.network.host_owner_id
    return Owner.objects.filter(pk=host).first() if host else None


def appeal_letter_data(
    appeal: Appeal, kind: str, *, document_number: str = "", language: str | None = None
) -> AppealLetterData:
    """The dismissal (to the party that appealed, in its written standard) or the cover letter
    (to the appeal body, copied to the party) of an appeal."""
    decision = appeal.decision
    party = appeal_party(appeal)
    if language is None:
        language = party_language(party)
    language = document_language(language)
    t = texts(language)
    issuer = statsforvalteren(language)
    year_texts = legal_texts(decision.scheme_year, language=language)
    party_name = party.name if party is not None else decision.network.name
    if kind == Letter.Kind.DISMISSAL:
        recipient = letter_party(party) if party is not None else Party(name=party_name)
        reasons, copy_to, on = appeal.outcome_note, None, appeal.outcome_on
    else:
        recipient = Party(name=decision.appeal_body, role="appeal_body")
        reasons, copy_to, on = appeal.forwarding_letter, party_name, appeal.outcome_on
    # Signed by who decided the appeal (appeals decided before that was kept: the vedtak's).
    officer = appeal.outcome_by or decision.prepared_by or decision.decided_by
    return AppealLetterData(
        kind="avvisning" if kind == Letter.Kind.DISMISSAL else "oversendelse",
        issuer=issuer,
        case_officer=_person(officer, t["case_officer_title"])
        or Signatory(name=issuer.name, title=t["case_officer_title"]),
        document_date=on or timezone.localdate(),
        reference=decision_reference(decision),
        document_number=document_number,
        year=decision.scheme_year.year,
        network=decision.network.name,
        recipient=recipient,
        appellant=party_name,
        appeal_received=timezone.localdate(appeal.lodged_at),
        decision_reference=party_letter_number(decision, party),
        decision_date=timezone.localdate(decision.decided_at) if decision.decided_at else None,
        reasons=reasons,
        appeal_body=decision.appeal_body,
        appeal_legal_basis=year_texts.get("klage-hjemmel", ""),
        appeal_weeks=decision.appeal_weeks,
        access_text=year_texts.get("innsyn", ""),
        copy_to=copy_to,
        language=language,
    )


def decisions_missing_letters(scheme_year: SchemeYear | None = None) -> QuerySet[Decision]:
    """Made vedtak whose letters are not made yet (of one year, or of every year). A vedtak's
    letters to its parties are made together, so one letter means all of them."""
    decisions = Decision.objects.filter(status__in=MADE).exclude(letters__kind=Letter.Kind.DECISION)
    return decisions if scheme_year is None else decisions.filter(scheme_year=scheme_year)


#: The appeal outcomes that are answered by a letter, and which.
APPEAL_LETTERS: dict[str, str] = {
    Appeal.Outcome.DISMISSED: Letter.Kind.DISMISSAL,
    Appeal.Outcome.FORWARDED: Letter.Kind.FORWARDING,
}


def appeals_missing_letters(scheme_year: SchemeYear | None = None) -> list[tuple[Appeal, str]]:
    """Dismissed and forwarded appeals whose letter is not made yet, with the letter's kind."""
    appeals = Appeal.objects.filter(outcome__in=list(APPEAL_LETTERS)).select_related("decision")
    if scheme_year is not None:
        appeals = appeals.filter(decision__scheme_year=scheme_year)
    made = set(Letter.objects.filter(appeal__in=appeals).values_list("appeal_id", "kind"))
    return [
        (appeal, APPEAL_LETTERS[appeal.outcome])
        for appeal in appeals.order_by("pk")
        if (appeal.pk, APPEAL_LETTERS[appeal.outcome]) not in made
    ]


def letter_get(pk: int) -> Letter | None:
    return (
        Letter.objects.filter(pk=pk)
        .select_related("decision__network", "decision__scheme_year", "appeal")
        .first()
    )


def year_letters(scheme_year: SchemeYear) -> QuerySet[Letter]:
    """Every letter of the year (vedtak to each party, dismissals, cover letters; refusals and
    repayment claims are vedtak too), by document number."""
    return (
        Letter.objects.filter(decision__scheme_year=scheme_year)
        .select_related("decision__network")
        .order_by("case_number", "document_number")
    )


def letter_failures(scheme_year: SchemeYear) -> list[Event]:
    """The latest failure of each vedtak of the year whose letters are still missing, and every
    alarm about a stored letter, newest first (the year's letter page)."""
    missing = set(decisions_missing_letters(scheme_year).values_list("pk", flat=True))
    rows = (
        Event.objects.filter(
            year=scheme_year.year,
            kind__in=LETTER_PROBLEMS,
            subject_type=ContentType.objects.get_for_model(Decision),
        )
        .select_related("network")
        .order_by("-created_at", "-id")[:200]
    )
    seen: set[int | None] = set()
    shown = []
    for event in rows:
        stale = event.subject_id not in missing or event.subject_id in seen
        if event.kind == LETTER_FAILED and stale:
            continue
        seen.add(event.subject_id)
        shown.append(event)
    return shown


def letter_batch_latest(scheme_year: SchemeYear) -> LetterBatch | None:
    return LetterBatch.objects.filter(scheme_year=scheme_year).select_related("started_by").first()


def letter_body_context(data: DecisionLetterData | AppealLetterData) -> dict[str, Any]:
    """What ``reporting/letter_body.html`` renders: the same blocks the PDF is laid out from."""
    blocks = (
        decision_letter_blocks(data)
        if isinstance(data, DecisionLetterData)
        else appeal_letter_blocks(data)
    )
    return {
        "letter": data,
        "blocks": blocks,
        "recipient_lines": recipient_lines(data),
        "references": reference_pairs(data),
        "html_lang": texts(data.language)["pdf_lang"],
    }


def letter_body_html(data: DecisionLetterData | AppealLetterData) -> str:
    """The letter's accessible HTML version (its body), from the same data as its PDF."""
    return render_to_string("reporting/letter_body.html", letter_body_context(data))
