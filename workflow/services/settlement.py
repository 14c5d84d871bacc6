"""Control of the report against the grant, and the decision on unused money (avregning).

When Statsforvalteren approves a report, money granted but not used is settled in the same
transaction: by default a repayment claim (tilbakebetalingskrav), an enkeltvedtak with amount, due
date, account, reference and appeal information, journaled as an outgoing letter; where the year's
settings allow it (``SchemeYear.carry_over_allowed``), Statsforvalteren may instead carry the
amount into the same network's case next year. Reporting makes the claim's letter after commit
(``workflow.signals.settlement_decided``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_kroner
from grants.events import document_event
from grants.locks import ensure_year_open
from grants.models import Decision, JournalEntry, Settlement
from grants.records.services import in_record_language, journal_record
from grants.selectors import legal_texts
from networks.models import User

from .. import rules
from ..messages import CARRY_OVER_NOT_ALLOWED, REPAYMENT_ACCOUNT_MISSING
from ..models import Case
from ..signals import settlement_decided


@dataclass(frozen=True)
class Control:
    """The report against the grant: what was granted, used, and is left unused."""

    decision: Decision | None
    granted: int
    used: int

    @property
    def unused(self) -> int:
        return max(self.granted - self.used, 0)


def report_control(case: Case) -> Control:
    decision = rules.decision_in_force(case)
    used = rules.report_used_total(case.report) if case.report is not None else 0
    return Control(decision=decision, granted=int(decision.amount) if decision else 0, used=used)


def settlement_problems(
    case: Case, *, carry_over: bool, control: Control | None = None
) -> list[str]:
    """What stops the unused money from being settled as asked (nothing when all was used)."""
    ensure_year_open(case)
    control = control or report_control(case)
    if control.unused == 0:
        return []
    if carry_over:
        return [] if case.scheme_year.carry_over_allowed else [str(CARRY_OVER_NOT_ALLOWED)]
    return [] if case.scheme_year.repayment_account else [str(REPAYMENT_ACCOUNT_MISSING)]


def repayment_reference(case: Case) -> str:
    """What the network writes with its payment, so that the accounting system finds the claim."""
    return f"TB {case.case_number or case.scheme_year.year}"


def _party_language(case: Case) -> str:
    """The written standard of the party the decision is addressed to (the host owner):
    nynorsk when it has decided on nynorsk, otherwise bokmål (språklova § 15)."""
    host = case.network.host_owner
    return "nn" if host is not None and host.language_decision == "nn" else "nb"


def _default_reasons(control: Control, *, carry_over: bool, year: int) -> str:
    values = {
        "granted": format_kroner(control.granted),
        "used": format_kroner(control.used),
        "unused": format_kroner(control.unused),
        "next": year + 1,
    }
    if carry_over:
        return (
            _(
                "Rapporten viser at %(used)s av tilskuddet på %(granted)s er brukt. De ubrukte "
                "midlene, %(unused)s, overføres til nettverkets sak for %(next)s og skal brukes "
                "til samme formål."
            )
            % values
        )
    return (
        _(
            "Rapporten viser at %(used)s av tilskuddet på %(granted)s er brukt. Tilskudd som "
            "ikke er brukt til formålet, skal betales tilbake. Vi krever derfor %(unused)s "
            "tilbakebetalt."
        )
        % values
    )


@transaction.atomic
def settlement_decide(
    *,
    actor: User,
    case: Case,
    carry_over: bool = False,
    reasons: str = "",
    control: Control | None = None,
) -> Settlement | None:
    """Settle the report's unused money (called inside the approval's transaction, with the
    ``control`` it checked). Nothing when every krone was used."""
    control = control or report_control(case)
    if control.unused == 0 or control.decision is None or case.report is None:
        return None
    problems = settlement_problems(case, carry_over=carry_over, control=control)
    if problems:
        raise DomainError(" ".join(problems), code="settlement")
    scheme_year = case.scheme_year
    language = _party_language(case)
    texts = legal_texts(scheme_year, language=language)
    now = timezone.now()
    kind = Settlement.Kind.CARRY_OVER if carry_over else Settlement.Kind.REPAYMENT
    settlement = Settlement.objects.create(
        scheme_year=scheme_year,
        network=case.network,
        report=case.report,
        decision=control.decision,
        kind=kind,
        granted=control.granted,
        used=control.used,
        amount=control.unused,
        due_on=None
        if carry_over
        else timezone.localdate(now) + dt.timedelta(days=scheme_year.repayment_days),
        account_number="" if carry_over else scheme_year.repayment_account,
        reference="" if carry_over else repayment_reference(case),
        carried_to_year=scheme_year.year + 1 if carry_over else None,
        reasons=reasons.strip() or _reasons_in(language, control, carry_over, scheme_year.year),
        legal_basis=texts.get(
            "overforing-hjemmel" if carry_over else "tilbakebetaling-hjemmel", ""
        ),
        appeal_body=control.decision.appeal_body or texts.get("klageinstans", ""),
        appeal_weeks=control.decision.appeal_weeks,
        appeal_instructions=texts.get("klage-slik", ""),
        decided_at=now,
        decided_by=actor,
        email="" if carry_over else _host_email(case),
    )
    if carry_over:
        message = _("%(amount)s i ubrukte midler ble overført til %(next)s.") % {
            "amount": format_kroner(settlement.amount),
            "next": settlement.carried_to_year,
        }
    else:
        message = _("Krav om tilbakebetaling av %(amount)s ble vedtatt.") % {
            "amount": format_kroner(settlement.amount)
        }
        _journal_claim(actor=actor, case=case, settlement=settlement)
    document_event(case, f"settlement_{kind}", message, actor=actor, subject=settlement)
    transaction.on_commit(
        lambda: settlement_decided.send(sender=Settlement, settlement=settlement, actor=actor)
    )
    return settlement


def _host_email(case: Case) -> str:
    """Where the claim is e-mailed: the host owner's postmottak (empty: none on record)."""
    host = case.network.host_owner
    return (host.official_email or "") if host is not None else ""


def _reasons_in(language: str, control: Control, carry_over: bool, year: int) -> str:
    with translation.override(language):
        return _default_reasons(control, carry_over=carry_over, year=year)


@in_record_language
def _journal_claim(*, actor: User, case: Case, settlement: Settlement) -> JournalEntry:
    host = case.network.host_owner
    return journal_record(
        case=case,
        document=settlement,
        kind=JournalEntry.Kind.REPAYMENT_CLAIM,
        direction=JournalEntry.Direction.OUTGOING,
        title=_("Krav om tilbakebetaling av tilskudd %(year)s – %(network)s")
        % {"year": case.scheme_year.year, "network": case.network.name},
        correspondent=host.name if host is not None else case.network.name,
        file_field="letter_pdf",
        actor=actor,
    )
