"""The scheme year's money, allocation key and deadlines."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.messages import JOINT_SHARE_HELP, JOINT_SHARE_ONE_OF
from grants.models import SchemeYear

from .base import AmountField, NbDateField, NbDecimalField, NbForm


class SchemeYearForm(NbForm):
    """The year's money, allocation key and deadlines. Deadlines left empty when a year is opened
    get the long-term plan's defaults (1 December, 1 February, 15 March, 30 June)."""

    year = forms.IntegerField(label=_("Tilskuddsår"), min_value=2020, max_value=2100)
    total_amount = AmountField(
        label=_("Totalbeløp"), help_text=_("Hele kroner til fordeling i Trøndelag dette året.")
    )
    joint_percent = NbDecimalField(
        label=_("Andel til fellestiltak (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=JOINT_SHARE_HELP,
    )
    joint_amount = AmountField(label=_("Fast beløp til fellestiltak"), required=False)
    base_grant = AmountField(label=_("Grunntilskudd per nettverk"))
    pupil_weight = NbDecimalField(
        label=_("Vekt per elev"), min_value=0, decimal_places=4, initial=1
    )
    child_weight = NbDecimalField(
        label=_("Vekt per barn"), min_value=0, decimal_places=4, initial=1
    )
    needs_deadline = NbDateField(label=_("Frist for behovsmelding"), required=False)
    decision_basis_deadline = NbDateField(label=_("Frist for beslutningsgrunnlag"), required=False)
    decision_deadline = NbDateField(label=_("Frist for vedtak"), required=False)
    report_deadline = NbDateField(label=_("Frist for rapportering"), required=False)

    DEADLINES = SchemeYear.DEADLINE_FIELDS

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["year"]
            for name in self.DEADLINES:
                self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        percent, amount = cleaned.get("joint_percent"), cleaned.get("joint_amount")
        if (percent is None) == (amount is None) and not self.errors.get("joint_percent"):
            self.add_error("joint_percent", JOINT_SHARE_ONE_OF)
        return cleaned

    def settings(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("year", None)
        deadlines = {name: data.pop(name) for name in self.DEADLINES if data.get(name)}
        for name in self.DEADLINES:
            data.pop(name, None)
        return {**data, "deadlines": deadlines}
