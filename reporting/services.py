"""Writes of the reporting app: the stored decision letters and the batches that make them.

A decision letter is made once, from the frozen decision row, and stored with its SHA-256; later
downloads return those bytes. The letter fields are not among Decision.FROZEN_FIELDS, but they
are only ever written while empty, under a row lock, so two workers cannot both write them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from grants.models import Decision, SchemeYear
from grants.records.services import in_record_language, journal_record
from networks.models import Event
from networks.services import event_record
from workflow.events import LETTER_ALARM, LETTER_FAILED, LETTER_MADE

from . import selectors
from .models import LetterBatch
from .pdf import decision_letter_copy, render_decision_letter
from .permissions import can_run_letter_batch

logger = logging.getLogger(__name__)

#: The periodic task tries a decision whose letters failed again after this long.
LETTER_RETRY_AFTER = dt.timedelta(hours=1)

#: Registered Celery task names (the tasks module imports this one, not the other way round).
RUN_LETTER_BATCH_TASK = "reporting.tasks.run_letter_batch"


def not_decided_message() -> str:
    return _("Vedtaket er ikke fattet ennå, så det finnes ikke noe vedtaksbrev.")


def nothing_to_make_message(year: int) -> str:
    return _("Alle vedtaksbrev for %(year)s er allerede laget.") % {"year": year}


def batch_running_message() -> str:
    return _("Vedtaksbrevene for året lages allerede. Følg med på framdriften under.")


def _decision_event(decision: Decision, kind: str, message: str, *, actor=None, data=None) -> None:
    """Record an event about a vedtak, filed under its network and year."""
    event_record(
        kind=kind,
        actor=actor,
        network=decision.network,
        year=decision.scheme_year.year,
        subject=decision,
        message=message,
        data=data,
    )


def _write_file(storage, name: str, content: bytes) -> str:
    """Write ``content`` under ``name`` whole or not at all: on a local disk into a temporary
    file beside it, then renamed into place (a crash leaves no cut-off letter under the real
    name). The name carries the checksum, so writing again gives the same file, never a copy."""
    try:
        path = storage.path(name)
    except NotImplementedError:
        # A remote storage's upload is whole or nothing by itself.
        if not storage.exists(name):
            storage.save(name, ContentFile(content))
        return name
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=directory, prefix=".partial-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
        raise
    return name


#: How much of the checksum a letter's file name carries: enough that two versions of one
#: decision's letter never share a name, short enough for the file field.
NAME_CHECKSUM_CHARS = 16


def _letter_name(file_field, decision: Decision, stem: str, suffix: str, checksum: str) -> str:
    tail = f"{suffix}-{checksum[:NAME_CHECKSUM_CHARS]}.pdf"
    name = file_field.field.generate_filename(decision, f"{stem}{tail}")
    if len(name) > file_field.field.max_length:
        # A very long network slug: the decision's number alone still names it.
        name = file_field.field.generate_filename(
            decision, f"{decision.scheme_year.year}-vedtak-{decision.pk}{tail}"
        )
    return name


@dataclass
class _Letter:
    field_name: str
    pdf: bytes
    checksum: str = ""
    name: str = ""


@transaction.atomic
def decision_letters_make(*, decision_id: int, actor=None) -> Decision:
    """Make and store the vedtaksbrev and the copy to the UH partner(s), if not yet stored.

    Idempotent: a letter that exists is never made again, so every download of it is the same
    bytes. Both letters are rendered before anything is written; each file is named by its
    checksum and written whole or not at all; if anything fails after a file was written, the
    files of this try are removed and the error raised, so a failed try leaves nothing behind.
    Raises DomainError for a decision that has not been made.
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
    if decision is None:  # locked above, so it exists
        raise Decision.DoesNotExist
    letter = selectors.decision_letter_data(decision)
    stem = f"{decision.scheme_year.year}-{decision.network.slug}-vedtak-{decision.pk}"
    letters = []
    if not decision.letter_sha256:
        letters.append(_Letter("letter_pdf", render_decision_letter(letter)))
    if not decision.uh_letter_sha256:
        copy = render_decision_letter(decision_letter_copy(letter))
        letters.append(_Letter("uh_letter_pdf", copy))
    written: list[str] = []
    try:
        for item in letters:
            file_field = getattr(decision, item.field_name)
            item.checksum = hashlib.sha256(item.pdf).hexdigest()
            suffix = "-kopi-uh" if item.field_name == "uh_letter_pdf" else ""
            item.name = _letter_name(file_field, decision, stem, suffix, item.checksum)
            written.append(_write_file(file_field.storage, item.name, item.pdf))
            file_field.name = item.name
            setattr(decision, item.field_name.replace("_pdf", "_sha256"), item.checksum)
        decision.save(
            update_fields=[
                name
                for item in letters
                for name in (item.field_name, item.field_name.replace("_pdf", "_sha256"))
            ]
        )
        _journal_letters(decision, letter, made=[item.field_name for item in letters], actor=actor)
        _decision_event(
            decision,
            LETTER_MADE,
            _("Vedtaksbrev og kopi til UH laget for %(network)s.")
            % {"network": decision.network.name},
            actor=actor,
            data={
                "letter_sha256": decision.letter_sha256,
                "uh_sha256": decision.uh_letter_sha256,
            },
        )
    except BaseException:
        storage = decision.letter_pdf.storage
        for name in written:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise
    return decision


def decision_letters_failure_record(*, decision_id: int, error: BaseException) -> None:
    """Record that making a decision's letters failed (an event on the decision, shown on the
    vedtak page and the year's letter page). In its own transaction: the failed try has been
    rolled back."""
    decision = (
        Decision.objects.select_related("network", "scheme_year").filter(pk=decision_id).first()
    )
    if decision is None:
        return
    text = f"{type(error).__name__}: {error}"[:500]
    with transaction.atomic():
        _decision_event(
            decision,
            LETTER_FAILED,
            _("Vedtaksbrevet for %(network)s kunne ikke lages: %(error)s")
            % {"network": decision.network.name, "error": text},
            data={"error": text},
        )


def decision_letter_alarm(*, decision: Decision, copy: bool, actual: str, actor=None) -> None:
    """A stored letter no longer matches its checksum (changed or damaged on disk): record an
    alarm event. The letter is never made again by itself: what was sent must stay what is
    stored, so someone has to restore the file from backup."""
    stored = decision.uh_letter_pdf if copy else decision.letter_pdf
    expected = decision.uh_letter_sha256 if copy else decision.letter_sha256
    logger.error(
        "ALARM: stored letter %s of decision %s does not match its checksum (%s, found %s)",
        stored.name,
        decision.pk,
        expected,
        actual,
    )
    _decision_event(
        decision,
        LETTER_ALARM,
        _(
            "ALARM: Den lagrede filen %(file)s stemmer ikke med sjekksummen. Filen må hentes "
            "fra sikkerhetskopi."
        )
        % {"file": stored.name},
        actor=actor,
        data={"file": stored.name, "expected": expected, "found": actual, "copy": copy},
    )


@dataclass
class MissingLetters:
    made: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)


def decision_letters_make_missing(*, limit: int = 200) -> MissingLetters:
    """Make the letters of every decided vedtak that has none (the broker was down when it was
    made, or an earlier try failed): the periodic task's work. Each decision in its own
    transaction; a failure is recorded as an event and the next one is tried. A decision that
    failed within ``LETTER_RETRY_AFTER`` waits, so a lasting fault is not recorded every run."""
    outcome = MissingLetters()
    since = timezone.now() - LETTER_RETRY_AFTER
    recently_failed = set(
        Event.objects.filter(
            kind=LETTER_FAILED,
            subject_type=ContentType.objects.get_for_model(Decision),
            created_at__gte=since,
        ).values_list("subject_id", flat=True)
    )
    for decision_id in (
        selectors.decisions_missing_letters().order_by("pk")[:limit].values_list("pk", flat=True)
    ):
        if decision_id in recently_failed:
            outcome.waiting.append(decision_id)
            continue
        try:
            decision_letters_make(decision_id=decision_id)
        except Exception as exc:
            logger.exception("Could not make the letters of decision %s", decision_id)
            decision_letters_failure_record(decision_id=decision_id, error=exc)
            outcome.failed.append(decision_id)
        else:
            outcome.made.append(decision_id)
    return outcome


@in_record_language
def _journal_letters(decision: Decision, letter, *, made: list[str], actor) -> None:
    """Journal each letter made now as sent (utgående): the vedtaksbrev to the network, the copy
    to its UH partner(s)."""
    from grants.models import JournalEntry
    from workflow.models import Case

    case = Case.objects.get(scheme_year_id=decision.scheme_year_id, network_id=decision.network_id)
    title = (
        _("Vedtak om avslag %(year)s – %(network)s")
        if decision.is_refusal
        else _("Vedtak om tilskudd %(year)s – %(network)s")
    ) % {
        "year": decision.scheme_year.year,
        "network": decision.network.name,
    }
    for file_name, recipient, suffix in (
        ("letter_pdf", decision.network.name, ""),
        ("uh_letter_pdf", letter.uh_partner, " " + _("(kopi til UH)")),
    ):
        if file_name in made:
            journal_record(
                case=case,
                document=decision,
                kind=JournalEntry.Kind.DECISION_LETTER,
                direction=JournalEntry.Direction.OUTGOING,
                title=title + suffix,
                correspondent=recipient,
                file_field=file_name,
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
        from config.celery import app

        app.tasks[RUN_LETTER_BATCH_TASK].delay(batch.pk)

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
    decision_id = None
    try:
        for decision_id in ids:
            decision_letters_make(decision_id=decision_id, actor=batch.started_by)
            LetterBatch.objects.filter(pk=batch.pk, done__lt=F("total")).update(done=F("done") + 1)
    except Exception as exc:
        logger.exception("Letter batch %s failed", batch.pk)
        if decision_id is not None:
            decision_letters_failure_record(decision_id=decision_id, error=exc)
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=LetterBatch.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    else:
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=LetterBatch.Status.DONE, done=F("total"), finished_at=timezone.now()
        )
    batch.refresh_from_db()
    return batch
