"""The document files of the extract: letters and attachments copied and checked."""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext as _

from config.errors import DomainError
from grants.models import (
    Decision,
    JournalEntry,
    SchemeYear,
)
from workflow.models import Case

from .common import (
    DOCUMENT_DIR,
    Document,
    ExportedFile,
    Extract,
    _who,
    not_decided_message,
)


class _Writer:
    def __init__(self, extract: Extract) -> None:
        self.extract = extract
        (extract.out / DOCUMENT_DIR).mkdir(parents=True, exist_ok=True)

    def copy(self, stored, *, name: str, expected_sha256: str, mime_type: str, created, by):
        """Copy a stored file into the extract, refusing one whose bytes no longer match."""
        with stored.open("rb") as handle:
            data = handle.read()
        digest = hashlib.sha256(data).hexdigest()
        if expected_sha256 and digest != expected_sha256:
            raise DomainError(
                _("Filen %(name)s stemmer ikke med sjekksummen som ble lagret.") % {"name": name}
            )
        (self.extract.out / DOCUMENT_DIR / name).write_bytes(data)
        exported = ExportedFile(
            name=f"{DOCUMENT_DIR}/{name}",
            sha256=digest,
            size=len(data),
            mime_type=mime_type,
            created=created,
            created_by=by,
        )
        self.extract.files.append(exported)
        return exported


def _check_decided(scheme_year: SchemeYear, cases: list[Case]) -> None:
    decided = set(
        Decision.objects.filter(
            scheme_year=scheme_year, status=Decision.Status.DECIDED
        ).values_list("network_id", flat=True)
    )
    missing = [case.network.name for case in cases if case.network_id not in decided]
    if missing or not cases:
        raise DomainError(not_decided_message(scheme_year.year, missing), code="not_decided")


def _documents(entry: JournalEntry, writer: _Writer, attachments, objects) -> list[Document]:
    """The documents of a journal entry: the main document (with the letter file where the
    entry is a letter) and the attachments received with it."""
    reference = entry.document_reference.replace("/", "-")
    by = _who(entry.created_by)
    main = Document(
        key=f"{entry.pk}:main",
        title=entry.title,
        role="Hoveddokument",
        created=entry.created_at,
        created_by=by,
    )
    document = objects.get((entry.document_type_id, entry.document_id))
    if entry.file_field and document is not None:
        stored = getattr(document, entry.file_field)
        if stored:
            main.file = writer.copy(
                stored,
                name=f"{reference}.pdf",
                expected_sha256=getattr(document, entry.file_field.replace("_pdf", "_sha256")),
                mime_type="application/pdf",
                created=entry.created_at,
                by=by,
            )
    documents = [main]
    for number, attachment in enumerate(
        attachments.get((entry.document_type_id, entry.document_id), []), start=1
    ):
        if attachment.journal_entry_id != entry.pk:
            continue  # sent with another version of the document (another entry)
        extension = attachment.name.rsplit(".", 1)[-1]
        documents.append(
            Document(
                key=f"{entry.pk}:attachment:{attachment.pk}",
                title=attachment.name,
                role="Vedlegg",
                created=attachment.uploaded_at,
                created_by=_who(attachment.uploaded_by),
                file=writer.copy(
                    attachment.file,
                    name=f"{reference}-vedlegg-{number}.{extension}",
                    expected_sha256=attachment.sha256,
                    mime_type=attachment.mime_type,
                    created=attachment.uploaded_at,
                    by=_who(attachment.uploaded_by),
                ),
            )
        )
    return documents
