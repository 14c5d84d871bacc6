"""Payout plans, payout batches, the year's payout settings, and the report's control."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.fields import AmountField, NbDateField
from grants.models import Settlement
from networks.parties import validate_account_number

from .base import NbForm, text_area


class PayoutSettingsForm(NbForm):
    budget_chapter = forms.CharField(
        label=_("Budsjettkapittel"),
        max_length=10,
        help_text=_("Kapittelet i statsbudsjettet tilskuddet utbetales fra, for eksempel 226."),
    )
    budget_item = forms.CharField(label=_("Budsjettpost"), max_length=10)
    repayment_account = forms.CharField(
        label=_("Kontonummer for tilbakebetaling"),
        max_length=20,
        required=False,
        help_text=_("Statsforvalterens konto som ubrukte midler betales tilbake til."),
    )
    repayment_days = forms.IntegerField(
        label=_("Betalingsfrist for tilbakebetaling (dager)"), min_value=14, max_value=365
    )
    carry_over_allowed = forms.BooleanField(
        label=_("Årets regler tillater at ubrukte midler overføres til neste år"), required=False
    )

    def clean_repayment_account(self) -> str:
        value = "".join(ch for ch in self.cleaned_data["repayment_account"] if ch.isdigit())
        if value:
            validate_account_number(value)
        return value


class PayoutBatchForm(NbForm):
    due_by = NbDateField(
        label=_("Ta med utbetalinger som forfaller til og med"),
        help_text=_("Alle planlagte utbetalinger med denne datoen eller tidligere kommer med."),
    )


class BatchPaidForm(NbForm):
    paid_on = NbDateField(label=_("Utbetalt dato"))


class InstalmentPlanForm(NbForm):
    """One payee's unpaid share as instalments: one line per instalment, date and amount."""

    lines = text_area(
        _("Utbetalinger"),
        help_text=_("Én utbetaling per linje: dato og beløp, for eksempel «15.03.2027 400 000»."),
        required=True,
        rows=4,
    )

    def clean_lines(self) -> list[tuple[dt.date, int]]:
        rows = []
        date_field, amount_field = NbDateField(), AmountField()
        for number, line in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not line.strip():
                continue
            date_text, _sep, amount_text = line.strip().partition(" ")
            try:
                rows.append((date_field.clean(date_text), amount_field.clean(amount_text)))
            except ValidationError as error:
                raise ValidationError(
                    _("Linje %(number)s: %(error)s")
                    % {"number": number, "error": " ".join(error.messages)}
                ) from error
        if not rows:
            raise ValidationError(_("Skriv minst én utbetaling."))
        return rows

    @staticmethod
    def initial_lines(instalments) -> str:
        from config.formatting import format_number

        return "\n".join(f"{i.due_on:%d.%m.%Y} {format_number(i.amount)}" for i in instalments)


class ReportControlForm(NbForm):
    """Approve the report and decide on the money it did not use."""

    settlement = forms.ChoiceField(
        label=_("Ubrukte midler"),
        choices=Settlement.Kind.choices,
        initial=Settlement.Kind.REPAYMENT,
        widget=forms.RadioSelect,
    )
    reasons = text_area(
        _("Begrunnelse for vedtaket om ubrukte midler (valgfritt)"),
        help_text=_("Står i brevet. Tom: en standard begrunnelse med beløpene."),
        rows=4,
    )
    comment = forms.CharField(
        label=_("Kommentar til godkjenningen (valgfritt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, carry_over_allowed: bool, unused: int, **kwargs):
        super().__init__(*args, **kwargs)
        if not unused:
            del self.fields["settlement"]
            del self.fields["reasons"]
        elif not carry_over_allowed:
            field = self.fields["settlement"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(Settlement.Kind.REPAYMENT, Settlement.Kind.REPAYMENT.label)]
