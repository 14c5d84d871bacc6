"""GET filters for the list pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import NeedsReport

from ..states import CaseState


class FilterForm(forms.Form):
    """GET filters for list pages; an unknown value is ignored rather than an error."""

    def __init__(self, *args, years, networks, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.TypedChoiceField(
            label=_("År"),
            choices=[("", _("Alle år"))] + [(y, str(y)) for y in years],
            coerce=int,
            required=False,
            empty_value=None,
        )
        self.fields["network"] = forms.ModelChoiceField(
            label=_("Nettverk"),
            queryset=networks,
            required=False,
            empty_label=_("Alle nettverk"),
            to_field_name="slug",
        )
        self.order_fields(["year", "network"])

    def values(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}


class CaseFilterForm(FilterForm):
    state = forms.ChoiceField(
        label=_("Steg"), choices=[("", _("Alle steg")), *CaseState.choices], required=False
    )


class NeedsReportFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle")), *NeedsReport.Status.choices],
        required=False,
    )
