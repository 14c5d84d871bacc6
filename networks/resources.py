"""Head counts in the admin (django-import-export): export, and import through the one head-count
import (``networks.headcount_import``), which reads, checks and writes; this adapts it to
import-export's preview and confirm steps."""

from __future__ import annotations

import datetime as dt
import io
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

from .headcount_import.checking import HeadCountPlan, head_count_file_check
from .headcount_import.messages import MAX_MESSAGES_SHOWN, msg_no_year, shown
from .headcount_import.reading import Limits, Row, check_size, file_kind, read_rows
from .headcount_import.storing import head_counts_store
from .models import HeadCount

#: The first column of datasets made by our readers: the line in the file each row came from.
RAW_LINE = "__linje__"
#: Canonical columns after the header is mapped.
LINE, OWNER, PUPILS, CHILDREN = "linje", "eiernummer", "elever", "barn"


def _dataset(data: bytes, filename: str) -> tablib.Dataset:
    rows = list(read_rows(io.BytesIO(data), filename))
    width = max((len(cells) for _line, cells in rows), default=0)
    dataset = tablib.Dataset(headers=[RAW_LINE, *(str(i) for i in range(1, width + 1))])
    for line, cells in rows:
        dataset.append([line, *cells, *([None] * (width - len(cells)))])
    return dataset


class HeadCountCSV(base_formats.CSV):
    """CSV for the admin: read as bytes so that Windows-1252 files and title lines work."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return _dataset(in_stream, "fil.csv")


class HeadCountXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        return _dataset(in_stream, "fil.xlsx")


def _raw_rows(dataset: tablib.Dataset) -> list[Row]:
    """(line, cells) for every row, whether the dataset came from our readers or from tablib."""
    headers = list(dataset.headers or [])
    if headers and headers[0] == RAW_LINE:
        return [(int(row[0]), list(row[1:])) for row in dataset]
    rows = [(1, headers)] if headers else []
    return rows + [(number, list(row)) for number, row in enumerate(dataset, start=2)]


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
        self.plan: HeadCountPlan | None = None
        self._rows: dict[int, Any] = {}
        self._existing: dict[int, HeadCount] = {}

    def get_queryset(self):
        return HeadCount.objects.select_related("owner__network").order_by("year", "owner__name")

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # All or nothing: a bad row must roll back the good ones, also when the admin confirms.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def before_import(self, dataset, **kwargs):
        """Check the whole file with the head-count import; each row of the file becomes a row
        of the dataset, carrying its line, so that bad rows show their messages."""
        raw = _raw_rows(dataset)
        dataset.wipe()
        if not self.year:
            raise DomainError(msg_no_year())
        plan = self.plan = head_count_file_check(raw, year=self.year)
        if not plan.lines or len(plan.errors) > MAX_MESSAGES_SHOWN:
            raise DomainError(" ".join(shown(plan.errors)))
        dataset.headers = [LINE, OWNER, PUPILS, CHILDREN]
        if not plan.ok:
            for line in plan.row_errors:
                dataset.append([line, "", None, None])
            return
        self._existing = {
            hc.owner_id: hc
            for hc in HeadCount.objects.filter(year=self.year).select_related("owner")
        }
        for row in plan.rows:
            self._rows[row.line] = row
            dataset.append([row.line, row.owner.number, row.pupils, row.children])

    def get_instance(self, instance_loader, row):
        checked = self._rows.get(int(row[LINE]))
        return self._existing.get(checked.owner.pk) if checked is not None else None

    def init_instance(self, row=None):
        checked = self._rows.get(int(row[LINE]))
        return HeadCount(owner=checked.owner if checked else None, year=self.year)

    def import_instance(self, instance, row, **kwargs):
        line = int(row[LINE])
        if self.plan is not None and line in self.plan.row_errors:
            raise ValidationError(self.plan.row_errors[line])
        checked = self._rows[line]
        instance.pupils = checked.pupils
        instance.children = checked.children
        instance.source = self.source
        instance.counted_on = self.counted_on

    def save_instance(self, instance, is_create, row, **kwargs):
        """Nothing per row: the whole file is written at once in ``after_import``."""

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        if self.plan is not None:
            head_counts_store(
                plan=self.plan,
                source=self.source,
                counted_on=self.counted_on,
                actor=kwargs.get("user"),
                file_name=kwargs.get("file_name"),
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
    return shown(messages)


# --- Forms ----------------------------------------------------------------------------------


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


def clean_head_count_upload(upload):
    """The checks on an uploaded file that need no reading: its type and its size."""
    try:
        file_kind(upload.name)
        check_size(upload.size, Limits.from_settings())
    except DomainError as error:
        raise ValidationError(error.message) from None
    return upload


class HeadCountImportForm(ImportForm):
    """The admin's import form with the year, source and counting date every row gets."""

    year = year_field()
    source = source_field()
    counted_on = counted_on_field()

    def clean_import_file(self):
        return clean_head_count_upload(self.cleaned_data["import_file"])


class HeadCountConfirmImportForm(ConfirmImportForm):
    year = forms.IntegerField(widget=forms.HiddenInput)
    source = forms.CharField(widget=forms.HiddenInput, max_length=200)
    counted_on = forms.DateField(widget=forms.HiddenInput)
