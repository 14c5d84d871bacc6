"""Writes of the reporting app: the stored decision letters and the batches that make them.

A decision letter is made once, from the frozen decision row, and stored with its SHA-256; later
downloads return those bytes. The letter fields are not among Decision.FROZEN_FIELDS, but they
are only ever written while empty, under a row lock, so two workers cannot both write them.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from grants.models import Decision, SchemeYear
from grants.records.services import in_record_language, journal_record
from networks.services import event_record

from . import selectors
from .models import LetterBatch
from .pdf import decision_letter_copy, render_decision_letter
from .permissions import can_run_letter_batch

logger = logging.getLogger(__name__)


def not_decided_message() -> str:
    return _("Vedtaket er ikke fattet ennå, så det finnes ikke noe vedtaksbrev.")


def nothing_to_make_message(year: int) -> str:
    return _("Alle vedtaksbrev for %(year)s er allerede laget.") % {"year": year}


def batch_running_message() -> str:
    return _("Vedtaksbrevene for året lages allerede. Følg med på framdriften under.")


def _store(field, stem: str, pdf: bytes) -> str:
    checksum = hashlib.sha256(pdf).hexdigest()
    field.save(f"{stem}-{checksum[:12]}.pdf", ContentFile(pdf), save=False)
    return checksum


@transaction.atomic
def decision_letters_make(*, decision_id: int, actor=None) -> Decision:
    """Make and store the vedtaksbrev and the copy to the UH partner(s), if not yet stored.

    Idempotent: a letter that exists is never made again, so every download of it is the same
    bytes. Raises DomainError for a decision that has not been made.
    """
    locked = (
        Decision.objects.select_for_update()
        .filter(pk=decision_id)
        .values("status", "letter_sha256", "uh_letter_sha256")
        .first()
    )
    if locked is None:
        raise Decision.DoesNotExist
    if locked["status"] not in selectors.MADE:
        raise DomainError(not_decided_message(), code="not_decided")
    if locked["letter_sha256"] and locked["uh_letter_sha256"]:
        return Decision.objects.get(pk=decision_id)

    decision = selectors.decision_for_letter(decision_id)
    letter = selectors.decision_letter_data(decision)
    stem = f"{decision.scheme_year.year}-{decision.network.slug}-vedtak-{decision.pk}"
    fields = []
    if not decision.letter_sha256:
        decision.letter_sha256 = _store(decision.letter_pdf, stem, render_decision_letter(letter))
        fields += ["letter_pdf", "letter_sha256"]
    if not decision.uh_letter_sha256:
        decision.uh_letter_sha256 = _store(
            decision.uh_letter_pdf,
            f"{stem}-kopi-uh",
            render_decision_letter(decision_letter_copy(letter)),
        )
        fields += ["uh_letter_pdf", "uh_letter_sha256"]
    decision.save(update_fields=fields)
    _journal_letters(decision, letter, made=fields, actor=actor)
    event_record(
        kind="decision_letter_made",
        actor=actor,
        network=decision.network,
        year=decision.scheme_year.year,
        subject=decision,
        message=_("Vedtaksbrev og kopi til UH laget for %(network)s.")
        % {"network": decision.network.name},
        data={"letter_sha256": decision.letter_sha256, "uh_sha256": decision.uh_letter_sha256},
    )
    return decision


@in_record_language
def _journal_letters(decision: Decision, letter, *, made: list[str], actor) -> None:
    """Journal each letter made now as sent (utgående): the vedtaksbrev to the network, the copy
    to its UH partner(s)."""
    from grants.models import JournalEntry
    from workflow.models import Case

    case = Case.objects.get(scheme_year_id=decision.scheme_year_id, network_id=decision.network_id)
    title = _("Vedtak om tilskudd %(year)s – %(network)s") % {
        "year": decision.scheme_year.year,
        "network": decision.network.name,
    }
    for field, recipient, suffix in (
        ("letter_pdf", decision.network.name, ""),
        ("uh_letter_pdf", letter.uh_partner, " " + _("(kopi til UH)")),
    ):
        if field in made:
            journal_record(
                case=case,
                document=decision,
                kind=JournalEntry.Kind.DECISION_LETTER,
                direction=JournalEntry.Direction.OUTGOING,
                title=title + suffix,
                correspondent=recipient,
                file_field=field,
                actor=actor,
            )


@transaction.atomic
def letter_batch_start(*, actor, scheme_year: SchemeYear) -> LetterBatch:
    """Queue the making of every missing letter of the year; the page follows its progress."""
    if not can_run_letter_batch(actor):
        raise PermissionDenied
    # Lock the year so that two clicks do not start two batches.
    SchemeYear.objects.select_for_update().filter(pk=scheme_year.pk).exists()
    if LetterBatch.objects.filter(
        scheme_year=scheme_year, status__in=[LetterBatch.Status.QUEUED, LetterBatch.Status.RUNNING]
    ).exists():
        raise DomainError(batch_running_message(), code="batch_running")
    total = selectors.decisions_missing_letters(scheme_year).count()
    if not total:
        raise DomainError(nothing_to_make_message(scheme_year.year), code="nothing_to_make")
    batch = LetterBatch.objects.create(scheme_year=scheme_year, total=total, started_by=actor)
    event_record(
        kind="letter_batch_started",
        actor=actor,
        year=scheme_year.year,
        subject=batch,
        message=_("Laging av %(count)s manglende vedtaksbrev for %(year)s startet.")
        % {"count": total, "year": scheme_year.year},
    )

    def queue() -> None:
        from .tasks import run_letter_batch

        run_letter_batch.delay(batch.pk)

    transaction.on_commit(queue)
    return batch


def letter_batch_run(*, batch_id: int) -> LetterBatch:
    """Make the letters of a batch one decision at a time, counting progress as it goes (each
    letter in its own transaction, so the page sees the count rise and a failure keeps the
    letters already made)."""
    batch = LetterBatch.objects.select_related("scheme_year", "started_by").get(pk=batch_id)
    if not batch.is_active:
        return batch
    LetterBatch.objects.filter(pk=batch.pk).update(status=LetterBatch.Status.RUNNING)
    ids = list(
        selectors.decisions_missing_letters(batch.scheme_year)
        .order_by("network__name", "pk")
        .values_list("pk", flat=True)
    )
    try:
        for decision_id in ids:
            decision_letters_make(decision_id=decision_id, actor=batch.started_by)
            LetterBatch.objects.filter(pk=batch.pk, done__lt=F("total")).update(done=F("done") + 1)
    except Exception as exc:
        logger.exception("Letter batch %s failed", batch.pk)
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=LetterBatch.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    else:
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=LetterBatch.Status.DONE, done=F("total"), finished_at=timezone.now()
        )
    batch.refresh_from_db()
    return batch
