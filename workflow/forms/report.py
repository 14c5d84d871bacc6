"""The partnership's report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.formatting import format_number
from grants.messages import PARTICIPANTS_MAX, PARTICIPANTS_TOO_MANY

from .base import AmountField, VersionedForm, text_area


class ReportForm(VersionedForm):
    assessment = text_area(
        _("Samlet vurdering"),
        help_text=_("Hva partnerskapet oppnådde, og hva dere tar med videre."),
        rows=6,
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure_items = list(report.measures.select_related("measure"))
        self.cost_items = list(report.costs.select_related("budget_line__measure"))
        for item in self.measure_items:
            title = item.measure.title
            self.fields[f"done_{item.pk}"] = forms.CharField(
                label=_("Hva ble gjort i «%(title)s»?") % {"title": title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"reached_{item.pk}"] = forms.IntegerField(
                label=_("Deltakere nådd i «%(title)s»") % {"title": title},
                min_value=0,
                max_value=PARTICIPANTS_MAX,
                required=False,
                error_messages={
                    "invalid": _("Skriv et helt tall."),
                    "min_value": _("Antallet kan ikke være negativt."),
                    "max_value": PARTICIPANTS_TOO_MANY,
                },
            )
        self.interim = report.is_interim
        for cost in self.cost_items:
            line = cost.budget_line
            names = {"line": line.description, "measure": line.measure.title}
            self.fields[f"used_{cost.pk}"] = AmountField(
                label=(
                    _("Brukt så langt på «%(line)s» i «%(measure)s»")
                    if self.interim
                    else _("Brukt på «%(line)s» i «%(measure)s»")
                )
                % names,
                help_text=_("Budsjettert: %(amount)s kr") % {"amount": format_number(line.amount)},
                required=False,
            )
            if self.interim:
                self.fields[f"expected_{cost.pk}"] = AmountField(
                    label=_("Forventet videre bruk på «%(line)s» i «%(measure)s»") % names,
                    help_text=_("Det dere regner med å bruke fra nå til tiltaket er avsluttet."),
                    required=False,
                )

    @classmethod
    def initial_for(cls, report) -> dict:
        initial = {"assessment": report.assessment, "version": report.version}
        for item in report.measures.all():
            initial[f"done_{item.pk}"] = item.what_was_done
            initial[f"reached_{item.pk}"] = item.participants_reached
        for cost in report.costs.all():
            initial[f"used_{cost.pk}"] = cost.used
            if report.is_interim:
                initial[f"expected_{cost.pk}"] = cost.expected
        return initial

    def measure_fields(self):
        return [
            (item, self[f"done_{item.pk}"], self[f"reached_{item.pk}"])
            for item in self.measure_items
        ]

    def cost_fields(self):
        """Each budget line with its fields: the money used, and in an interim report the use
        expected after it (``None`` otherwise)."""
        return [
            (cost, self[f"used_{cost.pk}"], self[f"expected_{cost.pk}"] if self.interim else None)
            for cost in self.cost_items
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "expected_version": data.get("version"),
            "assessment": data.get("assessment", ""),
            "measures": {
                item.pk: {
                    "what_was_done": data.get(f"done_{item.pk}") or "",
                    "participants_reached": data.get(f"reached_{item.pk}") or 0,
                }
                for item in self.measure_items
            },
            "costs": {cost.pk: data.get(f"used_{cost.pk}") or 0 for cost in self.cost_items},
            **(
                {
                    "expected": {
                        cost.pk: data.get(f"expected_{cost.pk}") or 0 for cost in self.cost_items
                    }
                }
                if self.interim
                else {}
            ),
        }
