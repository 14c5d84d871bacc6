"""Forms for the allocation pages. Amounts are typed as people write them ("12 000 000"),
decimals with a comma or a point ("1,5"); every field has a label and help text."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.fields import AmountField, NbDecimalField
from grants.messages import JOINT_SHARE_HELP, JOINT_SHARE_ONE_OF
from grants.models import SchemeYear
from networks.resources import clean_head_count_upload, counted_on_field, source_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _weight_field(label: StrOrPromise, help_text: StrOrPromise) -> NbDecimalField:
    """A weight of the allocation key: 0 or more, with at most 4 decimals (as the engine takes)."""
    return NbDecimalField(
        label=label, min_value=Decimal(0), max_digits=9, decimal_places=4, help_text=help_text
    )


class WhatIfForm(forms.Form):
    """Inputs to try; nothing is stored. Names match ``allocation.engine.allocate``."""

    total = AmountField(
        label=_("Totalbeløp (kr)"),
        help_text=_("Hele kroner til fordeling i Trøndelag, for eksempel 12 000 000."),
    )
    joint_percent = NbDecimalField(
        label=_("Andel til fellestiltak (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        help_text=JOINT_SHARE_HELP,
    )
    joint_amount = AmountField(
        label=_("Beløp til fellestiltak (kr)"),
        required=False,
        help_text=_("Et fast beløp i stedet for prosent."),
    )
    base_grant = AmountField(
        label=_("Grunntilskudd per nettverk (kr)"),
        help_text=_("Beløpet hvert nettverk får før resten fordeles etter elev- og barnetall."),
    )
    pupil_weight = _weight_field(
        _("Vekt per elev"), _("1 betyr at en elev teller like mye som et barn med vekt 1.")
    )
    child_weight = _weight_field(_("Vekt per barn"), _("Vekt per barn i barnehage."))

    @classmethod
    def initial_for(cls, scheme_year: SchemeYear) -> dict[str, Any]:
        return {
            "total": scheme_year.total_amount,
            "joint_percent": scheme_year.joint_percent,
            "joint_amount": scheme_year.joint_amount,
            "base_grant": scheme_year.base_grant,
            "pupil_weight": scheme_year.pupil_weight,
            "child_weight": scheme_year.child_weight,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        percent, amount = data.get("joint_percent"), data.get("joint_amount")
        failed = {"joint_percent", "joint_amount"} & set(self.errors)
        if not failed and (percent is None) == (amount is None):
            self.add_error("joint_percent", JOINT_SHARE_ONE_OF)
        return data

    def engine_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in self.fields}


class SupersedeForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Hvorfor erstattes fordelingen? For eksempel «Rettede elevtall for Frøya». "
            "Begrunnelsen vises i historikken."
        ),
        error_messages={"required": _("Skriv en begrunnelse for hvorfor fordelingen erstattes.")},
    )


class HeadCountUploadForm(forms.Form):
    """The file with one row per owner, and what applies to every row in it."""

    year = forms.TypedChoiceField(
        label=_("Tilskuddsår"),
        coerce=int,
        help_text=_("Året tallene skal brukes i fordelingen for."),
    )
    source = source_field()
    counted_on = counted_on_field()
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Én rad per eier med eiernummer eller navn, elevtall og barnetall. En eksport fra "
            "Statistisk sentralbyrå kan brukes som den er."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [(y, str(y)) for y in years]
        self.fields["counted_on"].widget = forms.DateInput(
            attrs={"type": "date"}, format="%Y-%m-%d"
        )

    def clean_file(self):
        return clean_head_count_upload(self.cleaned_data["file"])
