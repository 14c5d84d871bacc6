"""What the extract's parts share: namespaces, system IDs, the exported file records."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from grants.models import (
    JournalEntry,
)

XSD_DIR = Path(__file__).resolve().parent.parent / "noark5" / "xsd"
NS_ARKIV = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
NS_ENDRING = "http://www.arkivverket.no/standarder/noark5/endringslogg"
NS_LOEPENDE = "http://www.arkivverket.no/standarder/noark5/loependeJournal"
NS_OFFENTLIG = "http://www.arkivverket.no/standarder/noark5/offentligJournal"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: the namespace our UUIDv5 system IDs are made in
ID_NAMESPACE = uuid.UUID("6f6b6c2e-6b6f-4d70-8a6e-6c6f66746574")

POST_TYPE: dict[str, str] = {
    JournalEntry.Direction.INCOMING: "Inngående dokument",
    JournalEntry.Direction.OUTGOING: "Utgående dokument",
    JournalEntry.Direction.INTERNAL: "Organinternt dokument uten oppfølging",
}
PARTY_TYPE: dict[str, str] = {
    JournalEntry.Direction.INCOMING: "Avsender",
    JournalEntry.Direction.OUTGOING: "Mottaker",
    JournalEntry.Direction.INTERNAL: "Intern avsender",
}
FORMATS = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.oasis.opendocument.text": "ODT",
}
SCHEMAS = {
    "arkivstruktur.xml": "arkivstruktur.xsd",
    "endringslogg.xml": "endringslogg.xsd",
    "loependeJournal.xml": "loependeJournal.xsd",
    "offentligJournal.xml": "offentligJournal.xsd",
}
DOCUMENT_DIR = "dokumenter"


def not_decided_message(year: int, missing: list[str]) -> str:
    return _(
        "Tilskuddsåret %(year)s er ikke ferdig vedtatt (mangler vedtak: %(missing)s). "
        "Bare et ferdig vedtatt år kan avleveres."
    ) % {"year": year, "missing": ", ".join(missing)}


def system_id(kind: str, key: object) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{key}"))


@dataclass
class ExportedFile:
    name: str
    sha256: str
    size: int
    mime_type: str
    created: dt.datetime
    created_by: str


@dataclass
class Document:
    """One dokumentbeskrivelse: a title, its role, and its file (if it has one)."""

    key: str
    title: str
    role: str  # Hoveddokument / Vedlegg
    created: dt.datetime
    created_by: str
    file: ExportedFile | None = None


@dataclass
class Extract:
    year: int
    out: Path
    files: list[ExportedFile] = field(default_factory=list)
    entries: int = 0


def _who(user) -> str:
    return user.username if user is not None else "system"


def _iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _sub(parent, tag: str, text: object = None, ns: str = NS_ARKIV):
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = str(text)
    return element
