"""Underretning by e-mail: each party's own vedtaksbrev (the host owner's, or a UH institution's)
sent as a PDF attachment to its postmottak, once, after the vedtak is committed. The records and
their dates are the workflow's (``workflow.services.delivery``); this module makes the letter if
it is missing and sends it. The tasks (``reporting.tasks``) retry a mail server that is down."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from grants.models import Decision, DeliveryRecord, Letter
from networks.parties import LanguageDecision
from workflow import services as workflow_services

from .pdf import letter_file_stem
from .services import decision_letters_make

logger = logging.getLogger(__name__)

DELIVER_TASK = "reporting.tasks.deliver_decision_letter"


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
    stored = letter.letter_pdf
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
        body = "\n\n".join(
            [
                opening % params,
                _(
                    "Klagefristen regnes fra dagen dere mottok vedtaket. Se vedtaksbrevet for "
                    "klagerett og klagefrist."
                ),
                _("Denne e-posten er sendt automatisk fra Kompetanseløftet."),
            ]
        )
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[record.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    with stored.open("rb") as handle:
        message.attach(f"{letter_file_stem(letter.number)}.pdf", handle.read(), "application/pdf")
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


def deliveries_enqueue(record_ids) -> int:
    """Hand each delivery to the broker. Never raises: the periodic run sends what is left."""
    from config.celery import app

    task = app.tasks[DELIVER_TASK]
    handed = 0
    for pk in record_ids:
        try:
            task.delay(pk)
        except Exception:
            logger.warning("Could not send or queue delivery %s", pk, exc_info=True)
            continue
        handed += 1
    return handed
