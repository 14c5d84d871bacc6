"""Writes of the records: numbers, journal entries and their corrections, attachments.

Numbers come from one place, ``sequence_next``: the sequence row is locked while a number is taken,
and the journal's unique (case number, document number) constraint backs it up.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from typing import IO, ParamSpec, Protocol, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from networks.services import event_record

from ..locks import ensure_year_number_open
from ..permissions import can_correct_journal
from . import files
from .models import Attachment, JournalCorrection, JournalEntry, NumberSequence

P = ParamSpec("P")
R = TypeVar("R")

ATTACHMENT_FROZEN = gettext_lazy(
    "Vedlegget hører til et dokument som er sendt, og kan ikke fjernes."
)
#: the fields of a journal entry a correction may change
CORRECTABLE = (
    "title",
    "correspondent",
    "correspondent_is_person",
    "document_date",
    "restricted",
    "restriction_basis",
    "public_title",
)


def in_record_language(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` in the body's language: the journal and the archive are kept in Norwegian,
    whatever language the person who acts reads the pages in."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


class CaseLike(Protocol):
    """What the journal needs of a case (``workflow.Case``, which grants cannot import)."""

    case_number: str | None
    scheme_year_id: int
    network_id: int


@transaction.atomic
def sequence_next(name: str) -> int:
    """The next number of the named sequence, safe when two transactions ask at once."""
    NumberSequence.objects.get_or_create(name=name)
    sequence = NumberSequence.objects.select_for_update().get(name=name)
    sequence.value += 1
    sequence.save(update_fields=["value"])
    return sequence.value


def case_number_next(year: int) -> str:
    """Saksnummer: ``2027/00042``, one sequence per year."""
    return f"{year}/{sequence_next(f'sak/{year}'):05d}"


def document_number_next(case_number: str) -> int:
    """The case's next document number (``3`` in ``2027/00042-3``): a letter takes its number
    before it is written, so that the number is on the letter; ``journal_record`` is then given
    it."""
    return sequence_next(f"dok/{case_number}")


def _screened_title(kind: str) -> str:
    return f"{JournalEntry.Kind(kind).label} ****"


@transaction.atomic
def journal_record(
    *,
    case: CaseLike,
    document,
    kind: str,
    direction: str,
    title: str,
    correspondent: str = "",
    correspondent_is_person: bool = False,
    document_date: dt.date | None = None,
    restriction_basis: str = "",
    public_title: str = "",
    file_field: str = "",
    document_number: int | None = None,
    actor=None,
) -> JournalEntry:
    """Journal a document of a case: give it the case's next document number (or the one it
    took already, ``document_number_next``), record the entry, and freeze the document's
    attachments (they were received or sent with it)."""
    if not case.case_number:
        raise ValueError("a case without a case number cannot be journaled")
    number = document_number or document_number_next(case.case_number)
    today = timezone.localdate()
    restricted = bool(restriction_basis)
    entry = JournalEntry.objects.create(
        scheme_year_id=case.scheme_year_id,
        network_id=case.network_id,
        case_number=case.case_number,
        document_number=number,
        direction=direction,
        kind=kind,
        title=title[:255],
        correspondent=correspondent[:255],
        correspondent_is_person=correspondent_is_person,
        document_date=document_date or today,
        journal_date=today,
        journal_year=today.year,
        journal_sequence=sequence_next(f"journal/{today.year}"),
        restricted=restricted,
        restriction_basis=restriction_basis,
        public_title=(public_title or _screened_title(kind)) if restricted else "",
        document_type=ContentType.objects.get_for_model(document),
        document_id=document.pk,
        file_field=file_field,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    attachments_for(document).filter(frozen_at__isnull=True).update(
        frozen_at=timezone.now(), journal_entry=entry
    )
    return entry


@in_record_language
@transaction.atomic
def journal_correct(*, actor, entry: JournalEntry, reason: str, **changes) -> JournalEntry:
    """Change an entry (a wrong title, a restriction added); every change is logged with why."""
    if not can_correct_journal(actor):
        raise PermissionDenied
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise TypeError(f"not correctable: {sorted(unknown)}")
    if not reason.strip():
        raise DomainError(_("Skriv hvorfor journalposten rettes."), field="reason")
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    changed = [name for name, value in changes.items() if getattr(entry, name) != value]
    for name in changed:
        JournalCorrection.objects.create(
            entry=entry,
            field=name,
            old_value=str(getattr(entry, name)),
            new_value=str(changes[name]),
            reason=reason,
            corrected_by=actor,
        )
        setattr(entry, name, changes[name])
    entry.restricted = bool(entry.restriction_basis)
    if entry.restricted and not entry.public_title:
        entry.public_title = _screened_title(entry.kind)
    if not entry.restricted:
        entry.public_title = ""
    entry.save(update_fields=[*changed, "restricted", "public_title"])
    return entry


def attachments_for(document):
    return Attachment.objects.filter(
        document_type=ContentType.objects.get_for_model(document), document_id=document.pk
    )


@transaction.atomic
def attachment_store(
    *,
    actor,
    document,
    network_id: int,
    year: int,
    upload: IO[bytes],
    name: str,
    size: int,
    received_with: JournalEntry | None = None,
) -> Attachment:
    """Check and store an attachment. The caller has checked that ``actor`` may edit
    ``document``. Refused (DomainError, nothing stored) when too large or of a type not allowed.
    ``received_with``: the document is already journaled (a klage is received when lodged), so
    the file joins that entry and is frozen at once."""
    ensure_year_number_open(year)
    files.check_size(size)
    file_type = files.detect_type(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        document_type=ContentType.objects.get_for_model(document),
        document_id=document.pk,
        network_id=network_id,
        name=files.safe_name(name, file_type),
        mime_type=file_type.mime_type,
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
        journal_entry=received_with,
        frozen_at=timezone.now() if received_with is not None else None,
    )
    attachment.file.save(attachment.name, File(upload), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    event_record(
        kind="file_attached",
        actor=actor,
        network=attachment.network,
        year=year,
        subject=attachment,
        message=_("Vedlegg «%(name)s» lagt til.") % {"name": attachment.name},
        data={"sha256": attachment.sha256, "size": size},
    )
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    """Remove an attachment of a document still being written (never one sent with it)."""
    locked = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if locked.frozen_at is not None:
        raise DomainError(ATTACHMENT_FROZEN, code="frozen")
    name = locked.name
    locked.delete()
    transaction.on_commit(lambda: locked.file.delete(save=False))
    event_record(
        kind="file_removed",
        actor=actor,
        network=locked.network,
        message=_("Vedlegg «%(name)s» fjernet.") % {"name": name},
    )
