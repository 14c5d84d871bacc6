"""Head counts (pupils and kindergarten children per owner) in and out of files.

django-import-export with one resource, ``HeadCountResource``, used by the admin (import and
export on «Elev- og barnetall») and by the forum secretariat's import page. An import is for one
scheme year, with a source text and a counting date that apply to every row; it is previewed
before it is confirmed, and it is all or nothing: if any row is bad, no row is written, and every
bad row is named with its line in the file and the reason, in Norwegian. Rows are written
through ``networks.services.head_count_set``.

File formats
    CSV (UTF-8, or Windows-1252/ISO-8859-1 as Statistics Norway's exports often are; separated
    by semicolon, comma or tab) and XLSX (the first sheet). One row per owner.

Column mapping
    Headers are matched without regard to case, extra spaces, a year in the header
    ("Elever 2026") or a parenthesis ("Barn (antall)"); unknown columns are ignored.

    =====================  ===============================================================
    Meaning                Accepted headers
    =====================  ===============================================================
    owner (number/code)    eier, eiernummer, eiernr, nummer, kommunenummer, kommunenr, knr,
                           fylkesnummer, organisasjonsnummer, orgnr, region, regionkode,
                           owner, number, owner_number
    owner (code or name)   kommune, fylke, kommunenavn, eiernavn, navn, name, owner_name
    pupils                 elever, elevtall, antall elever, elever i alt, elever og lærlinger,
                           pupils
    children               barn, barnetall, antall barn, barn i barnehage, barn i barnehager,
                           barn i alt, children
    =====================  ===============================================================

    An owner cell may hold the number alone ("5001"), the number and name as Statistics Norway
    writes regions ("5001 Trondheim", "K-5001 Trondheim", "50 Trøndelag - Trööndelage"), or the
    owner's name alone ("Trondheim"; a Sami/Norwegian double name matches either part). The
    number wins when there is one; leading zeros do not matter.

    A file shaped like Statistics Norway's table export (a title line, perhaps a blank line, then
    the header) is read as it is: the header is the first of the first 30 lines that has an
    owner column and a count column; the lines above it are skipped.

Counts
    Whole, non-negative numbers; "1 234" (spaces as thousands separators) and "1234,0" are
    accepted. Statistics Norway's "-" (nil) counts as 0; its ".", "..", "..." and ":" (no figure)
    are errors, since a count is needed. Apprentices and trainee apprentices count as pupils:
    add them to the pupil column before importing.

Errors (each names the line; the header is counted as a line, as a spreadsheet shows it)
    unknown owner, the same owner twice in the file, a negative count, a count that is not a
    whole number, a missing count, a missing column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm

from config.errors import DomainError

from .models import HeadCount, Owner
from .services import event_record, head_count_set

#: The first column of datasets made by our readers: the line in the file each row came from.
RAW_LINE = "__linje__"
#: Canonical columns after the header is mapped.
LINE, OWNER, PUPILS, CHILDREN = "linje", "eiernummer", "elever", "barn"
#: How far down the header may be (Statistics Norway puts a title above it).
HEADER_SEARCH_LINES = 30
MAX_FILE_BYTES = 5 * 1024 * 1024

OWNER_ALIASES = frozenset(
    {
        "eier",
        "eiernummer",
        "eiernr",
        "nummer",
        "kommunenummer",
        "kommunenr",
        "knr",
        "fylkesnummer",
        "organisasjonsnummer",
        "orgnr",
        "region",
        "regionkode",
        "owner",
        "number",
        "owner number",
    }
)
#: Columns that may hold a code or a name ("Kommune": "5001 Trondheim" or "Trondheim").
OWNER_TEXT_ALIASES = frozenset(
    {"kommune", "fylke", "kommunenavn", "eiernavn", "navn", "name", "owner name"}
)
PUPIL_ALIASES = frozenset(
    {"elever", "elevtall", "antall elever", "elever i alt", "elever og lærlinger", "pupils"}
)
CHILD_ALIASES = frozenset(
    {
        "barn",
        "barnetall",
        "antall barn",
        "barn i barnehage",
        "barn i barnehager",
        "barn i alt",
        "children",
    }
)

_YEAR_IN_HEADER = re.compile(r"\b(19|20)[0-9]{2}\b")
_PARENTHESIS = re.compile(r"\([^)]*\)")
_OWNER_CODE = re.compile(r"^(?:[A-Za-z]{1,3}-)?([0-9]{2,9})(?:\s+(.*))?$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_WHOLE = re.compile(r"^[0-9]+(?:[.,]0+)?$")
_NEGATIVE = re.compile(r"^[-\u2212][0-9]+(?:[.,][0-9]+)?$")
SSB_NO_FIGURE = frozenset({".", "..", "...", ":", "…"})
SSB_NIL = frozenset({"-", "\u2212", "\u2013"})


# --- Messages (tests import these) ----------------------------------------------------------


def msg_unknown_owner_number(line: int, number: str) -> str:
    return _("Linje %(line)s: Finner ingen eier med nummer %(number)s.") % {
        "line": line,
        "number": number,
    }


def msg_unknown_owner_name(line: int, name: str) -> str:
    return _("Linje %(line)s: Finner ingen eier som heter «%(name)s».") % {
        "line": line,
        "name": name,
    }


def msg_ambiguous_owner(line: int, name: str) -> str:
    return _("Linje %(line)s: Flere eiere heter «%(name)s». Bruk eiernummeret.") % {
        "line": line,
        "name": name,
    }


def msg_owner_missing(line: int) -> str:
    return _("Linje %(line)s: Eier mangler.") % {"line": line}


def msg_duplicate_owner(line: int, owner: str, first: int) -> str:
    return _(
        "Linje %(line)s: %(owner)s står også på linje %(first)s. Hver eier kan bare stå én gang."
    ) % {"line": line, "owner": owner, "first": first}


def msg_negative(line: int, label: str, value: str) -> str:
    return _("Linje %(line)s: %(label)s kan ikke være negativt (%(value)s).") % {
        "line": line,
        "label": label,
        "value": value,
    }


def msg_not_whole(line: int, label: str, value: str) -> str:
    return _("Linje %(line)s: %(label)s «%(value)s» er ikke et helt tall.") % {
        "line": line,
        "label": label,
        "value": value,
    }


def msg_no_figure(line: int, label: str, value: str) -> str:
    return _(
        "Linje %(line)s: %(label)s mangler («%(value)s» betyr at Statistisk sentralbyrå ikke "
        "har tallet)."
    ) % {"line": line, "label": label, "value": value}


def msg_count_missing(line: int, label: str) -> str:
    return _("Linje %(line)s: %(label)s mangler.") % {"line": line, "label": label}


def msg_missing_column(line: int, what: str, examples: str) -> str:
    return _(
        "Linje %(line)s: Filen mangler en kolonne for %(what)s (for eksempel %(examples)s)."
    ) % {
        "line": line,
        "what": what,
        "examples": examples,
    }


def msg_duplicate_column(line: int, first: str, second: str) -> str:
    return _(
        "Linje %(line)s: Kolonnene «%(first)s» og «%(second)s» betyr det samme. Fjern en av dem."
    ) % {"line": line, "first": first, "second": second}


def msg_no_header() -> str:
    return _(
        "Fant ingen overskriftsrad med kolonner for eier og elev- og barnetall i de første "
        "%(lines)s linjene. Se veiledningen for hvilke kolonnenavn som godtas."
    ) % {"lines": HEADER_SEARCH_LINES}


def msg_no_rows() -> str:
    return _("Filen har ingen rader med tall under overskriftsraden.")


def msg_unsupported_file() -> str:
    return _("Filtypen støttes ikke. Last opp en CSV- eller XLSX-fil.")


def msg_unreadable(kind: str) -> str:
    return _("Filen kunne ikke leses som %(kind)s. Kontroller at filtypen stemmer.") % {
        "kind": kind
    }


def msg_too_large() -> str:
    return _("Filen er for stor (mer enn 5 MB).")


def msg_no_year() -> str:
    return _("Velg tilskuddsåret tallene gjelder.")


def pupils_label() -> str:
    return _("Elevtallet")


def children_label() -> str:
    return _("Barnetallet")


# --- Reading files --------------------------------------------------------------------------


def _raw_dataset(rows: Sequence[tuple[int, list[Any]]]) -> tablib.Dataset:
    width = max((len(cells) for _line, cells in rows), default=0)
    dataset = tablib.Dataset(headers=[RAW_LINE, *(str(i) for i in range(1, width + 1))])
    for line, cells in rows:
        dataset.append([line, *cells, *([None] * (width - len(cells)))])
    return dataset


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_csv(data: bytes | str) -> tablib.Dataset:
    """Every line of a CSV file as a row, with its line number (header not yet found)."""
    text = data if isinstance(data, str) else _decode(data)
    text = text.removeprefix("\ufeff")
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_LINES])
    counts = {d: sample.count(d) for d in (";", "\t", ",")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    try:
        start = 1
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise DomainError(msg_unreadable("CSV")) from error
    return _raw_dataset(rows)


def read_xlsx(data: bytes) -> tablib.Dataset:
    """Every row of the first sheet of an XLSX file, with its row number."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise DomainError(msg_unreadable("XLSX")) from error
    sheet = book.worksheets[0]
    rows = [
        (number, list(cells))
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    return _raw_dataset(rows)


def read_head_count_file(data: bytes, filename: str) -> tablib.Dataset:
    """Read an uploaded CSV or XLSX file (chosen by its name) into a raw dataset."""
    if len(data) > MAX_FILE_BYTES:
        raise DomainError(msg_too_large())
    name = filename.lower()
    if name.endswith(".csv") or name.endswith(".txt"):
        return read_csv(data)
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    raise DomainError(msg_unsupported_file())


class HeadCountCSV(base_formats.CSV):
    """CSV for the admin: read as bytes so that Windows-1252 files and title lines work."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return read_csv(in_stream)


class HeadCountXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        return read_xlsx(in_stream)


# --- Mapping and validating -----------------------------------------------------------------


def normalise_header(value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).casefold()
    text = _PARENTHESIS.sub(" ", text)
    text = _YEAR_IN_HEADER.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip(" .:;\"'")


def _normalise_name(value: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip().casefold()


def _role(header: str) -> str | None:
    if header in OWNER_ALIASES:
        return "owner"
    if header in OWNER_TEXT_ALIASES:
        return "owner_text"
    if header in PUPIL_ALIASES:
        return "pupils"
    if header in CHILD_ALIASES:
        return "children"
    return None


@dataclass
class HeaderMap:
    line: int
    owner: list[int] = field(default_factory=list)  # column indexes, most specific first
    pupils: int | None = None
    children: int | None = None
    errors: list[str] = field(default_factory=list)


def _map_header(line: int, cells: Sequence[Any]) -> HeaderMap:
    mapping = HeaderMap(line=line)
    owner_cols: list[int] = []
    owner_text_cols: list[int] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        role = _role(normalise_header(cell))
        if role is None:
            continue
        if role in ("pupils", "children"):
            if role in seen:
                mapping.errors.append(
                    msg_duplicate_column(line, str(cells[seen[role]]).strip(), str(cell).strip())
                )
                continue
            seen[role] = index
            setattr(mapping, role, index)
        elif role == "owner":
            owner_cols.append(index)
        else:
            owner_text_cols.append(index)
    mapping.owner = owner_cols + owner_text_cols
    if not mapping.owner:
        mapping.errors.append(
            msg_missing_column(line, _("eier"), "«Kommunenummer», «Region» eller «Eier»")
        )
    if mapping.pupils is None:
        mapping.errors.append(msg_missing_column(line, _("elevtall"), "«Elever» eller «Elevtall»"))
    if mapping.children is None:
        mapping.errors.append(
            msg_missing_column(line, _("barnetall"), "«Barn» eller «Barn i barnehage»")
        )
    return mapping


def _looks_like_header(cells: Sequence[Any]) -> bool:
    roles = {_role(normalise_header(cell)) for cell in cells}
    return bool(roles & {"owner", "owner_text"}) and bool(roles & {"pupils", "children"})


def _is_blank(cells: Iterable[Any]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _raw_rows(dataset: tablib.Dataset) -> list[tuple[int, list[Any]]]:
    """(line, cells) for every row, whether the dataset came from our readers or from tablib."""
    headers = list(dataset.headers or [])
    if headers and headers[0] == RAW_LINE:
        return [(int(row[0]), list(row[1:])) for row in dataset]
    rows = [(1, headers)] if headers else []
    return rows + [(number, list(row)) for number, row in enumerate(dataset, start=2)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_count(value: Any, *, line: int, label: str) -> tuple[int | None, str | None]:
    """A count cell as a whole number, or the Norwegian error for the line."""
    if isinstance(value, bool):
        return None, msg_not_whole(line, label, str(value))
    if isinstance(value, int):
        return (value, None) if value >= 0 else (None, msg_negative(line, label, str(value)))
    if isinstance(value, float | Decimal):
        if value != int(value):
            return None, msg_not_whole(line, label, _text(value))
        number = int(value)
        return (number, None) if number >= 0 else (None, msg_negative(line, label, str(number)))
    text = _text(value)
    compact = _SPACES.sub("", text)
    if not compact:
        return None, msg_count_missing(line, label)
    if compact in SSB_NIL:
        return 0, None
    if compact in SSB_NO_FIGURE:
        return None, msg_no_figure(line, label, compact)
    if _WHOLE.match(compact):
        return int(re.split(r"[.,]", compact)[0]), None
    if _NEGATIVE.match(compact):
        return None, msg_negative(line, label, text)
    return None, msg_not_whole(line, label, text)


@dataclass
class ParsedRow:
    line: int
    owner: Owner | None = None
    pupils: int | None = None
    children: int | None = None
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PreviewRow:
    """What one row of the file will do, for the page that asks for confirmation."""

    line: int
    owner: Owner
    pupils: int
    children: int
    previous_pupils: int | None = None
    previous_children: int | None = None

    @property
    def change(self) -> str:
        if self.previous_pupils is None:
            return _("Ny")
        if (self.previous_pupils, self.previous_children) == (self.pupils, self.children):
            return _("Uendret")
        return _("Endret")


class OwnerLookup:
    """Find owners by number or name, all loaded in one query."""

    def __init__(self) -> None:
        owners = list(Owner.objects.select_related("network"))
        self.by_number = {o.number: o for o in owners}
        self.by_stripped = {o.number.lstrip("0"): o for o in owners}
        self.by_name: dict[str, list[Owner]] = {}
        for owner in owners:
            self.by_name.setdefault(_normalise_name(owner.name), []).append(owner)

    def find(self, cells: Sequence[str], line: int) -> tuple[Owner | None, str | None]:
        """The first non-empty owner cell decides: a code if it starts with one, else a name."""
        text = next((c for c in cells if c), "")
        if not text:
            return None, msg_owner_missing(line)
        code = _OWNER_CODE.match(text)
        if code:
            number = code.group(1)
            owner = self.by_number.get(number) or self.by_stripped.get(number.lstrip("0"))
            if owner is None:
                return None, msg_unknown_owner_number(line, number)
            return owner, None
        return self._by_name(text, line)

    def _by_name(self, text: str, line: int) -> tuple[Owner | None, str | None]:
        key = _normalise_name(text)
        candidates = [key, *[part.strip() for part in re.split(r"\s[-–]\s", key)]]
        candidates += [c.removesuffix(" kommune") for c in candidates if c.endswith(" kommune")]
        for candidate in candidates:
            found = self.by_name.get(candidate)
            if found and len(found) > 1:
                return None, msg_ambiguous_owner(line, text)
            if found:
                return found[0], None
        return None, msg_unknown_owner_name(line, text)


def owner_label(owner: Owner) -> str:
    return f"{owner.name} ({owner.number})"


# --- The resource ---------------------------------------------------------------------------


class HeadCountResource(resources.ModelResource):
    """Head counts for one year: import (with ``year``, ``source``, ``counted_on``) and export."""

    year = fields.Field(attribute="year", column_name="år", readonly=True)
    owner = fields.Field(attribute="owner__number", column_name=OWNER)
    owner_name = fields.Field(attribute="owner__name", column_name="eier", readonly=True)
    network = fields.Field(attribute="owner__network__name", column_name="nettverk", readonly=True)
    pupils = fields.Field(attribute="pupils", column_name=PUPILS)
    children = fields.Field(attribute="children", column_name=CHILDREN)
    source = fields.Field(attribute="source", column_name="kilde", readonly=True)
    counted_on = fields.Field(attribute="counted_on", column_name="telledato", readonly=True)

    class Meta:
        model = HeadCount
        name = gettext_lazy("Elev- og barnetall per eier")
        fields = (
            "year",
            "owner",
            "owner_name",
            "network",
            "pupils",
            "children",
            "source",
            "counted_on",
        )
        import_id_fields = ("owner",)
        skip_html_diff = True

    def __init__(
        self,
        *,
        year: int | None = None,
        source: str = "",
        counted_on: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.year = year
        self.source = (source or "").strip()
        self.counted_on = counted_on
        self.parsed: dict[int, ParsedRow] = {}
        self.preview: list[PreviewRow] = []
        self.owners_not_in_file: list[Owner] = []
        self._existing: dict[int, HeadCount] = {}

    def get_queryset(self):
        return HeadCount.objects.select_related("owner__network").order_by("year", "owner__name")

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # All or nothing: a bad row must roll back the good ones, also when the admin confirms.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def before_import(self, dataset, **kwargs):
        """Find the header, map the columns and check every row before any is written."""
        raw = _raw_rows(dataset)
        dataset.wipe()
        if not self.year:
            raise DomainError(msg_no_year())
        header_at = next(
            (
                i
                for i, (_line, cells) in enumerate(raw[:HEADER_SEARCH_LINES])
                if _looks_like_header(cells)
            ),
            None,
        )
        if header_at is None:
            raise DomainError(msg_no_header())
        header_line, header_cells = raw[header_at]
        mapping = _map_header(header_line, header_cells)
        if mapping.errors:
            raise DomainError(" ".join(mapping.errors))
        body = [(line, cells) for line, cells in raw[header_at + 1 :] if not _is_blank(cells)]
        if not body:
            raise DomainError(msg_no_rows())

        lookup = OwnerLookup()
        self._existing = {
            hc.owner_id: hc
            for hc in HeadCount.objects.filter(year=self.year).select_related("owner")
        }
        first_line: dict[int, int] = {}
        dataset.headers = [LINE, OWNER, PUPILS, CHILDREN]
        for line, cells in body:
            row = ParsedRow(line=line)
            owner_cells = [_text(cells[i]) if i < len(cells) else "" for i in mapping.owner]
            row.owner, error = lookup.find(owner_cells, line)
            if error:
                row.errors.append(error)
            elif row.owner is not None and row.owner.pk in first_line:
                row.errors.append(
                    msg_duplicate_owner(line, owner_label(row.owner), first_line[row.owner.pk])
                )
            elif row.owner is not None:
                first_line[row.owner.pk] = line
            for attr, index, label in (
                ("pupils", mapping.pupils, pupils_label()),
                ("children", mapping.children, children_label()),
            ):
                cell = cells[index] if index is not None and index < len(cells) else None
                value, error = parse_count(cell, line=line, label=label)
                setattr(row, attr, value)
                if error:
                    row.errors.append(error)
            self.parsed[line] = row
            dataset.append([line, row.owner.number if row.owner else "", row.pupils, row.children])
            if not row.errors and row.owner is not None:
                previous = self._existing.get(row.owner.pk)
                self.preview.append(
                    PreviewRow(
                        line=line,
                        owner=row.owner,
                        pupils=row.pupils or 0,
                        children=row.children or 0,
                        previous_pupils=previous.pupils if previous else None,
                        previous_children=previous.children if previous else None,
                    )
                )
        self.owners_not_in_file = sorted(
            (o for o in lookup.by_number.values() if o.is_active and o.pk not in first_line),
            key=lambda o: o.name,
        )

    def _parsed_row(self, row) -> ParsedRow:
        return self.parsed[int(row[LINE])]

    def get_instance(self, instance_loader, row):
        parsed = self._parsed_row(row)
        return self._existing.get(parsed.owner.pk) if parsed.owner is not None else None

    def init_instance(self, row=None):
        parsed = self._parsed_row(row)
        return HeadCount(owner=parsed.owner, year=self.year)

    def import_instance(self, instance, row, **kwargs):
        parsed = self._parsed_row(row)
        if parsed.errors:
            raise ValidationError(parsed.errors)
        instance.pupils = parsed.pupils
        instance.children = parsed.children
        instance.source = self.source
        instance.counted_on = self.counted_on

    def do_instance_save(self, instance, is_create):
        saved = head_count_set(
            owner=instance.owner,
            year=self.year,
            pupils=instance.pupils,
            children=instance.children,
            source=self.source,
            counted_on=self.counted_on,
        )
        instance.pk = saved.pk

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        user = kwargs.get("user")
        event_record(
            kind="head_counts_imported",
            actor=user,
            year=self.year,
            message=_(
                "Elev- og barnetall for %(year)s ble importert for %(count)s eiere (%(source)s)."
            )
            % {"year": self.year, "count": len(self.preview), "source": self.source},
            data={
                "rows": len(self.preview),
                "source": self.source,
                "counted_on": self.counted_on.isoformat() if self.counted_on else None,
                "file": kwargs.get("file_name"),
            },
        )


def import_errors(result) -> list[str]:
    """Every problem of an import result as Norwegian text, file-level problems first."""
    messages = [str(error.error) for error in result.base_errors]
    for invalid in sorted(result.invalid_rows, key=lambda r: r.number):
        for errors in invalid.error_dict.values():
            messages.extend(str(e) for e in errors)
    for number, errors in result.row_errors():
        messages.extend(
            _("Rad %(row)s: %(error)s") % {"row": number, "error": e.error} for e in errors
        )
    return messages


# --- Admin forms ----------------------------------------------------------------------------


def year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=gettext_lazy("Tilskuddsår"),
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("Året tallene skal brukes i fordelingen for."),
    )


def source_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Kilde"),
        max_length=200,
        help_text=gettext_lazy("For eksempel «SSB, tabell 11980 og 12562, 1. oktober 2026»."),
    )


def counted_on_field() -> forms.DateField:
    return forms.DateField(
        label=gettext_lazy("Telledato"),
        help_text=gettext_lazy("Datoen tallene gjelder, for eksempel 1.10.2026."),
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
    )


class HeadCountImportForm(ImportForm):
    """The admin's import form with the year, source and counting date every row gets."""

    year = year_field()
    source = source_field()
    counted_on = counted_on_field()


class HeadCountConfirmImportForm(ConfirmImportForm):
    year = forms.IntegerField(widget=forms.HiddenInput)
    source = forms.CharField(widget=forms.HiddenInput, max_length=200)
    counted_on = forms.DateField(widget=forms.HiddenInput)
