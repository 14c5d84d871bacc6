"""What an uploaded file is, read from its bytes (never from its name), and a safe name for it.

Allowed: PDF, DOCX, XLSX, ODT, PNG, JPEG. DOCX, XLSX and ODT are zip archives: their listing is
read and checked against the unpacking limit before anything else, so a zip bomb is refused
without being unpacked.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError

TYPE_NOT_ALLOWED = gettext_lazy(
    "Filtypen er ikke tillatt. Last opp PDF, DOCX, XLSX, ODT, PNG eller JPEG."
)
ARCHIVE_TOO_LARGE = gettext_lazy(
    "Filen pakker seg ut til mer enn tillatt og kan være skadelig. Den er ikke lagret."
)
EMPTY_FILE = gettext_lazy("Filen er tom.")
#: a compression ratio no real office document reaches
MAX_RATIO = 200
MAX_MEMBERS = 5000


def too_large_message(limit: int) -> str:
    return _("Filen er for stor. Største tillatte størrelse er %(mb)s MB.") % {
        "mb": limit // (1024 * 1024)
    }


@dataclass(frozen=True)
class FileType:
    extension: str
    mime_type: str


PDF = FileType("pdf", "application/pdf")
PNG = FileType("png", "image/png")
JPEG = FileType("jpg", "image/jpeg")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text")
ALLOWED = (PDF, PNG, JPEG, DOCX, XLSX, ODT)
EXTENSIONS = {t.extension for t in ALLOWED} | {"jpeg"}


def _zip_type(stream: IO[bytes]) -> FileType:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DomainError(TYPE_NOT_ALLOWED, code="type") from exc
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise DomainError(ARCHIVE_TOO_LARGE, code="zip_bomb")
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if unpacked > settings.ATTACHMENT_MAX_UNPACKED_BYTES or (
            member.file_size > 1024 * 1024 and ratio > MAX_RATIO
        ):
            raise DomainError(ARCHIVE_TOO_LARGE, code="zip_bomb")
    names = {m.filename for m in members}
    if "mimetype" in names:
        if archive.read("mimetype").strip() == ODT.mime_type.encode():
            return ODT
    elif "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    raise DomainError(TYPE_NOT_ALLOWED, code="type")


def detect_type(stream: IO[bytes]) -> FileType:
    """The file's type from its first bytes (and, for zip-based documents, its listing)."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if not head:
        raise DomainError(EMPTY_FILE, code="empty")
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            return _zip_type(stream)
        finally:
            stream.seek(0)
    raise DomainError(TYPE_NOT_ALLOWED, code="type")


def check_size(size: int) -> None:
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise DomainError(too_large_message(limit), code="size")


def safe_name(name: str, file_type: FileType) -> str:
    """A name safe on every file system and in a URL, ending in the extension of the real type:
    no path, no control characters, letters (æøå kept), digits, dot, dash and underscore."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    stem, _dot, extension = name.rpartition(".")
    if not stem or extension.lower() not in EXTENSIONS:
        stem = name
    stem = re.sub(r"[^\w.-]+", "_", stem, flags=re.UNICODE).strip("._-")[:80] or "vedlegg"
    return f"{stem}.{file_type.extension}"
