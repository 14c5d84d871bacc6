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
from grants.events import document_event, year_event
from grants.models import Appeal, Decision, JournalEntry, Letter, SchemeYear
from grants.records.services import document_number_next, in_record_language, journal_record
from networks.models import Event, Owner, University
from workflow.events import LETTER_ALARM, LETTER_FAILED, LETTER_MADE

from . import selectors
from .models import LetterBatch
from .pdf import appeal_letter_title, letter_file_stem, render_appeal_letter, render_decision_letter
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


#: How much of the checksum a stored letter's file name carries after its document number: two
#: renderings of one number never share a name.
NAME_CHECKSUM_CHARS = 16


@dataclass
class _Rendered:
    """A letter rendered and numbered, not yet stored."""

    kind: str
    pdf: bytes
    html: str
    number: int
    recipient: str
    language: str
    owner: Owner | None = None
    university: University | None = None
    appeal: Appeal | None = None
    checksum: str = ""
    name: str = ""


def _store_letters(
    decision: Decision, case, rendered: list[_Rendered], *, actor, title: str
) -> list[Letter]:
    """Write each rendered letter whole under its document number and checksum, record it as a
    ``Letter`` and journal it as sent under the same number. If anything fails, the files of
    this try are removed and the error raised (the transaction rolls the rows back)."""
    storage = Letter._meta.get_field("letter_pdf").storage  # type: ignore[attr-defined]
    written: list[str] = []
    letters = []
    try:
        for item in rendered:
            item.checksum = hashlib.sha256(item.pdf).hexdigest()
            stem = letter_file_stem(f"{case.case_number}-{item.number}")
            item.name = (
                f"brev/{decision.scheme_year.year}/{stem}-{item.checksum[:NAME_CHECKSUM_CHARS]}.pdf"
            )
            written.append(_write_file(storage, item.name, item.pdf))
            letter = Letter.objects.create(
                kind=item.kind,
                decision=decision,
                appeal=item.appeal,
                owner=item.owner,
                university=item.university,
                recipient=item.recipient[:200],
                case_number=case.case_number,
                document_number=item.number,
                language=item.language,
                letter_pdf=item.name,
                letter_sha256=item.checksum,
                letter_html=item.html,
            )
            _journal_letter(letter, case, title=title, actor=actor)
            letters.append(letter)
    except BaseException:
        for name in written:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise
    return letters


def _case_of(decision: Decision):
    from workflow.models import Case

    return Case.objects.get(scheme_year_id=decision.scheme_year_id, network_id=decision.network_id)


@transaction.atomic
def decision_letters_make(*, decision_id: int, actor=None) -> Decision:
    """Make and store the vedtak's letters, one to each party (the host owner on behalf of the
    network, each UH institution for its share), if not yet stored.

    Each letter takes its document number (``2027/00042-3``) before it is written, so the number
    is on the letter, in its file name and in the journal. Idempotent: letters that exist are
    never made again, so every download is the same bytes. Every letter is rendered before
    anything is written; a failed try leaves no file and no row behind.
    Raises DomainError for a decision that has not been made.
    """
    locked = Decision.objects.select_for_update().filter(pk=decision_id).values("status").first()
    if locked is None:
        raise Decision.DoesNotExist
    if locked["status"] not in selectors.MADE:
        raise DomainError(not_decided_message(), code="not_decided")
    decision = selectors.decision_for_letter(decision_id)
    if decision is None:  # locked above, so it exists
        raise Decision.DoesNotExist
    if decision.letters.filter(kind=Letter.Kind.DECISION).exists():
        return decision
    case = _case_of(decision)
    rendered = []
    for party in selectors.decision_parties(decision):
        number = document_number_next(case.case_number)
        data = selectors.decision_letter_data(
            decision, party=party, document_number=f"{case.case_number}-{number}"
        )
        rendered.append(
            _Rendered(
                kind=Letter.Kind.DECISION,
                pdf=render_decision_letter(data),
                html=selectors.letter_body_html(data),
                number=number,
                recipient=party.name,
                language=data.language,
                owner=party if isinstance(party, Owner) else None,
                university=party if isinstance(party, University) else None,
            )
        )
    if not rendered:
        raise DomainError(
            _("Vedtaket har ingen parter å sende brev til (vertseier eller UH-institusjon)."),
            code="no_parties",
        )
    title = (
        _("Vedtak om avslag %(year)s – %(network)s")
        if decision.is_refusal
        else _("Vedtak om tilskudd %(year)s – %(network)s")
    ) % {
        "year": decision.scheme_year.year,
        "network": decision.network.name,
    }
    letters = _store_letters(decision, case, rendered, actor=actor, title=title)
    try:
        document_event(
            decision,
            LETTER_MADE,
            _("Vedtaksbrev laget for %(network)s: %(numbers)s.")
            % {"network": decision.network.name, "numbers": ", ".join(x.number for x in letters)},
            actor=actor,
            data={"letters": {x.number: x.letter_sha256 for x in letters}},
        )
    except BaseException:
        # The rows roll back with the transaction; the files must go with them.
        for letter in letters:
            with contextlib.suppress(OSError):
                letter.letter_pdf.storage.delete(letter.letter_pdf.name or "")
        raise
    return decision


@transaction.atomic
def appeal_letter_make(*, appeal_id: int, actor=None) -> Letter | None:
    """Make and store the letter an appeal's outcome is answered with, if not yet stored: the
    dismissal (avvisning) to the party that appealed, or the cover letter (oversendelsesbrev)
    that forwards the maintained vedtak to the appeal body, copied to the party. None for an
    outcome that has no letter of its own (a changed vedtak has its new vedtak letters)."""
    if not Appeal.objects.select_for_update().filter(pk=appeal_id).exists():
        raise Appeal.DoesNotExist
    appeal = Appeal.objects.select_related(
        "decision__network", "decision__scheme_year", "owner", "university"
    ).get(pk=appeal_id)
    kind = selectors.letters.APPEAL_LETTERS.get(appeal.outcome)
    if kind is None:
        return None
    existing = Letter.objects.filter(appeal=appeal, kind=kind).first()
    if existing is not None:
        return existing
    decision = appeal.decision
    case = _case_of(decision)
    party = selectors.letters.appeal_party(appeal)
    number = document_number_next(case.case_number)
    data = selectors.appeal_letter_data(
        appeal, kind, document_number=f"{case.case_number}-{number}"
    )
    rendered = _Rendered(
        kind=kind,
        pdf=render_appeal_letter(data),
        html=selectors.letter_body_html(data),
        number=number,
        recipient=data.recipient.name,
        language=data.language,
        owner=party if kind == Letter.Kind.DISMISSAL and isinstance(party, Owner) else None,
        university=party
        if kind == Letter.Kind.DISMISSAL and isinstance(party, University)
        else None,
        appeal=appeal,
    )
    title = appeal_letter_title(data)
    (letter,) = _store_letters(decision, case, [rendered], actor=actor, title=title)
    return letter


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
        document_event(
            decision,
            LETTER_FAILED,
            _("Vedtaksbrevet for %(network)s kunne ikke lages: %(error)s")
            % {"network": decision.network.name, "error": text},
            data={"error": text},
        )


def decision_letter_alarm(*, letter: Letter, actual: str, actor=None) -> None:
    """A stored letter no longer matches its checksum (changed or damaged on disk): record an
    alarm event on its vedtak. The letter is never made again by itself: what was sent must
    stay what is stored, so someone has to restore the file from backup."""
    decision = letter.decision
    stored = letter.letter_pdf
    expected = letter.letter_sha256
    logger.error(
        "ALARM: stored letter %s (%s) of decision %s does not match its checksum (%s, found %s)",
        stored.name,
        letter.number,
        decision.pk,
        expected,
        actual,
    )
    document_event(
        decision,
        LETTER_ALARM,
        _(
            "ALARM: Den lagrede filen %(file)s stemmer ikke med sjekksummen. Filen må hentes "
            "fra sikkerhetskopi."
        )
        % {"file": stored.name},
        actor=actor,
        data={"file": stored.name, "expected": expected, "found": actual, "letter": letter.pk},
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
    for appeal, _kind in selectors.appeals_missing_letters()[:limit]:
        try:
            appeal_letter_make(appeal_id=appeal.pk)
        except Exception as exc:
            logger.exception("Could not make the letter of appeal %s", appeal.pk)
            decision_letters_failure_record(decision_id=appeal.decision_id, error=exc)
    return outcome


#: The journal's kind of each letter.
JOURNAL_KIND: dict[str, str] = {
    Letter.Kind.DECISION: JournalEntry.Kind.DECISION_LETTER,
    Letter.Kind.DISMISSAL: JournalEntry.Kind.DISMISSAL,
    Letter.Kind.FORWARDING: JournalEntry.Kind.FORWARDING,
}


@in_record_language
def _journal_letter(letter: Letter, case, *, title: str, actor) -> None:
    """Journal a letter as sent (utgående) under the document number it carries."""
    journal_record(
        case=case,
        document=letter,
        kind=JOURNAL_KIND[letter.kind],
        direction=JournalEntry.Direction.OUTGOING,
        title=title,
        correspondent=letter.recipient,
        file_field="letter_pdf",
        document_number=letter.document_number,
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
    year_event(
        scheme_year,
        "letter_batch_started",
        _("Laging av %(count)s manglende vedtaksbrev for %(year)s startet.")
        % {"count": total, "year": scheme_year.year},
        actor=actor,
        subject=batch,
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
