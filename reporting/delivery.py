"""Underretning by e-mail: each party's own vedtaksbrev (the host owner's, or a UH institution's)
sent as a PDF attachment to its postmottak, once, after the vedtak is committed. The records and
their dates are the workflow's (``workflow.services.delivery``); this module makes the letter if
it is missing and sends it. The tasks (``reporting.tasks``) retry a mail server that is down.
A repayment claim (``Settlement``) is e-mailed the same way to the host owner's postmottak; its
dates are kept on the claim itself."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from config.mail import AUTO_SUBMITTED
from grants.models import Decision, DeliveryRecord, Letter, Settlement
from networks.parties import LanguageDecision
from workflow import services as workflow_services

from .pdf import letter_file_stem
from .repayment import repayment_letter_make
from .services import decision_letters_make

logger = logging.getLogger(__name__)

DELIVER_TASK = "reporting.tasks.deliver_decision_letter"
REPAYMENT_DELIVER_TASK = "reporting.tasks.deliver_repayment_letter"


def _language(record: DeliveryRecord) -> str:
    party = record.owner if record.owner_id else record.university
    return "nn" if party and party.language_decision == LanguageDecision.NYNORSK else "nb"


def delivery_message(record: DeliveryRecord, decision: Decision) -> EmailMessage:
    """The e-mail to one party, in the party's written standard, with the letter attached."""
    letters = decision.letters.filter(kind=Letter.Kind.DECISION)
    letter = (
        letters.filter(owner=record.owner)
        if record.is_host_owner
        else letters.filter(university=record.university)
    ).first()
    if letter is None:
        raise Letter.DoesNotExist(f"no letter to the party of delivery {record.pk}")
    with translation.override(_language(record)):
        params = {"year": decision.scheme_year.year, "network": decision.network.name}
        if decision.is_refusal:
            subject = _("Vedtak om avslag %(year)s – %(network)s") % params
            opening = _(
                "Vedlagt er Statsforvalterens vedtak om avslag på tilskudd %(year)s for "
                "kompetansenettverket %(network)s."
            )
        else:
            subject = _("Vedtak om tilskudd %(year)s – %(network)s") % params
            opening = _(
                "Vedlagt er Statsforvalterens vedtak om tilskudd %(year)s for "
                "kompetansenettverket %(network)s."
            )
        body = [
            opening % params,
            _(
                "Klagefristen regnes fra dagen dere mottok vedtaket. Se vedtaksbrevet for "
                "klagerett og klagefrist."
            ),
        ]
    return letter_email(
        to=record.email,
        subject=subject,
        paragraphs=body,
        language=_language(record),
        stored=letter.letter_pdf,
        filename=f"{letter_file_stem(letter.number)}.pdf",
    )


def letter_email(
    *, to: str, subject: str, paragraphs: list[str], language: str, stored, filename: str
) -> EmailMessage:
    """An automatic e-mail to a party's postmottak with a stored letter attached as PDF."""
    with translation.override(language):
        closing = _("Denne e-posten er sendt automatisk fra Kompetanseløftet.")
    message = EmailMessage(
        subject=subject,
        body="\n\n".join([*paragraphs, closing]),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=dict(AUTO_SUBMITTED),
    )
    with stored.open("rb") as handle:
        message.attach(filename, handle.read(), "application/pdf")
    return message


def decision_letter_deliver(*, record_id: int) -> bool:
    """Send one party its letter, once. False when there is nothing to send (sent already, being
    sent by another worker, or not an e-mail delivery). Raises when making or sending fails,
    after freeing the record for the next try."""
    record = workflow_services.delivery_claim(record_id)
    if record is None:
        return False
    try:
        decision = decision_letters_make(decision_id=record.decision_id)
        delivery_message(record, decision).send(fail_silently=False)
    except Exception as exc:
        workflow_services.delivery_release(record, exc)
        raise
    workflow_services.delivery_sent(record)
    return True


def repayment_message(settlement: Settlement) -> EmailMessage:
    """The repayment claim's e-mail to the host owner, in its written standard, with the letter."""
    from .selectors.repayment import repayment_letter_filename

    host = settlement.network.host_owner
    language = "nn" if host and host.language_decision == LanguageDecision.NYNORSK else "nb"
    with translation.override(language):
        params = {"year": settlement.scheme_year.year, "network": settlement.network.name}
        subject = _("Krav om tilbakebetaling %(year)s – %(network)s") % params
        body = [
            _(
                "Vedlagt er Statsforvalterens vedtak om krav om tilbakebetaling av ubrukt "
                "tilskudd %(year)s for kompetansenettverket %(network)s."
            )
            % params,
            _(
                "Klagefristen regnes fra dagen dere mottok kravet. Se brevet for beløp, "
                "betalingsfrist, klagerett og klagefrist."
            ),
        ]
    return letter_email(
        to=settlement.email,
        subject=subject,
        paragraphs=body,
        language=language,
        stored=settlement.letter_pdf,
        filename=repayment_letter_filename(settlement),
    )


def repayment_letter_deliver(*, settlement_id: int) -> bool:
    """E-mail a repayment claim's letter to the host owner's postmottak, once (as
    ``decision_letter_deliver``). False when there is nothing to send."""
    settlement = workflow_services.settlement_delivery_claim(settlement_id)
    if settlement is None:
        return False
    try:
        settlement = repayment_letter_make(settlement_id=settlement.pk)
        repayment_message(settlement).send(fail_silently=False)
    except Exception as exc:
        workflow_services.settlement_delivery_release(settlement, exc)
        raise
    workflow_services.settlement_delivery_sent(settlement)
    return True


def deliveries_enqueue(record_ids, task_name: str = DELIVER_TASK) -> int:
    """Hand each delivery (or, with ``REPAYMENT_DELIVER_TASK``, each repayment claim) to the
    broker. Never raises: the periodic run sends what is left."""
    from config.celery import hand_over

    return hand_over(task_name, list(record_ids), what="delivery", stop_at_failure=False)
