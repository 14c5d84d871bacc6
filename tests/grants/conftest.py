"""Fixtures for the records tests: a needs report draft of Orkland (the demo owner contact's)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine

from grants.models import SchemeYear
from networks.models import Owner
from workflow import services

BEFORE_DEADLINE = dt.datetime(2026, 11, 20, 10, 0)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def office_zip(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(body: bytes = b"<w:document/>") -> bytes:
    return office_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": body})


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def before_deadline():
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        yield


@pytest.fixture
def needs_draft(demo, before_deadline):
    return services.needs_report_save(
        actor=demo["eier"],
        scheme_year=SchemeYear.objects.get(year=2027),
        owner=Owner.objects.get(number="5059"),
        themes="Inkluderende praksis i overgangen barnehage–skole",
        target_groups=["barnehage", "skole"],
        involvement="Drøftet i personalmøter og med tillitsvalgte.",
    )
