"""What every workflow form shares. Forms parse and check what people type; the rules of the
scheme are in the services, whose ``DomainError`` a form shows next to the field it names.

Amounts, decimals and dates use the product's one set of Norwegian fields (``config.fields``).
Every document form carries the document's ``version`` (optimistic locking).
"""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise

from config.errors import DomainError
from config.fields import AmountField, AmountInput, DateInput, NbDateField, NbDecimalField

__all__ = [
    "AmountField",
    "AmountInput",
    "DateInput",
    "NbDateField",
    "NbDecimalField",
    "NbForm",
    "UhShareForm",
    "VersionedForm",
    "checkboxes",
    "row_checkboxes",
    "text_area",
]


class NbForm(forms.Form):
    """A form that can show a service's ``DomainError`` and list its errors for the summary."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_domain_error(self, error: DomainError) -> None:
        name = error.field if error.field in self.fields else None
        if name is not None and self.fields[name].widget.is_hidden:
            name = None
        self.errors  # noqa: B018 -- makes an unbound form ready to carry errors
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        self.add_error(name, error.message)

    def error_summary(self) -> list[dict]:
        """Each error once, with the id of the field it belongs to (for the summary's links)."""
        items = [{"id": "", "message": message} for message in self.non_field_errors()]
        for bound in self:
            for message in bound.errors:
                if bound.is_hidden:
                    items.append({"id": "", "message": message})
                else:
                    items.append({"id": bound.auto_id, "message": message, "label": bound.label})
        return items


class VersionedForm(NbForm):
    """A document form: ``version`` is the version the person started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class UhShareForm(NbForm):
    """For a form with ``amount`` and ``uh_amount``: the UH share cannot be more than the amount.
    ``uh_over_amount`` is the message shown on ``uh_amount``."""

    uh_over_amount: str | Promise = ""

    def clean(self):
        cleaned = super().clean()
        amount, uh = cleaned.get("amount"), cleaned.get("uh_amount")
        if amount is not None and uh is not None and uh > amount:
            self.add_error("uh_amount", self.uh_over_amount)
        return cleaned


def checkboxes(choices, *, label, help_text="", required=False):
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


def row_checkboxes(model, *, label, help_text=""):
    """Optional checkboxes to pick rows of ``model``; the form's ``__init__`` sets the rows it
    offers (``queryset``)."""
    return forms.ModelMultipleChoiceField(
        label=label,
        help_text=help_text,
        queryset=model.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def text_area(label, *, help_text="", required=False, rows=5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def radio_choice(label, choices, *, when_missing) -> forms.ChoiceField:
    """A choice the person must make among ``choices`` ((value, label) pairs), as radio buttons;
    ``when_missing`` is the message that says what to do when nothing is chosen."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": when_missing},
    )
