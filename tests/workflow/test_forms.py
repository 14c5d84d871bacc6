"""The forms parse what people type the way they write it, and tie each error to its field."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms

from config.errors import DomainError
from workflow.forms import AmountField, BudgetLineForm, CommentForm, NbDateField, NbForm


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1 234 567", 1_234_567),
        ("1234567", 1_234_567),
        ("1 234 567 kr", 1_234_567),
        ("1\u00a0234\u00a0567\u00a0kr", 1_234_567),
        ("kr 250 000", 250_000),
        ("250 000,-", 250_000),
        ("1.234.567", 1_234_567),
        (" 0 ", 0),
    ],
)
def test_amounts_are_read_as_people_write_them(typed, amount):
    assert AmountField().clean(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,50", "Skriv beløpet i hele kroner, uten øre."),
        ("1234.5", "Skriv beløpet i hele kroner, uten øre."),
        ("0,5 kr", "Skriv beløpet i hele kroner, uten øre."),
        ("-100", "Beløpet kan ikke være negativt."),
        ("−100 kr", "Beløpet kan ikke være negativt."),
        ("hundre", "Skriv beløpet med sifre, for eksempel 1 234 567."),
        ("kr", "Skriv beløpet med sifre, for eksempel 1 234 567."),
        ("1e6", "Skriv beløpet med sifre, for eksempel 1 234 567."),
        ("99999999999999999999", "Beløpet er for stort."),
        ("", "Skriv beløpet i hele kroner."),
    ],
)
def test_wrong_amounts_are_refused_in_norwegian(typed, message):
    with pytest.raises(forms.ValidationError) as refused:
        AmountField().clean(typed)
    assert refused.value.messages == [message]


def test_an_amount_is_shown_back_grouped():
    form = BudgetLineForm(initial={"amount": 1_234_567, "kind": "uh", "description": "x"})
    assert 'value="1 234 567"' in str(form["amount"])
    assert 'inputmode="numeric"' in str(form["amount"])


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("2027-02-20", dt.date(2027, 2, 20)),
        ("20.02.2027", dt.date(2027, 2, 20)),
        ("20. februar 2027", dt.date(2027, 2, 20)),
        ("1. Desember 2026", dt.date(2026, 12, 1)),
    ],
)
def test_dates_are_read_as_people_write_them(typed, date):
    assert NbDateField().clean(typed) == date


@pytest.mark.parametrize("typed", ["31.02.2027", "30. februar 2027", "i morgen"])
def test_impossible_dates_are_refused(typed):
    with pytest.raises(forms.ValidationError) as refused:
        NbDateField().clean(typed)
    assert refused.value.messages == ["Skriv en gyldig dato, for eksempel 20.02.2027."]


class _Form(NbForm):
    title = forms.CharField(label="Tittel", help_text="Kort og tydelig.")
    amount = AmountField(label="Beløp")
    groups = forms.MultipleChoiceField(
        label="Målgrupper",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def test_error_summary_links_each_error_to_its_field():
    form = _Form({"title": "", "amount": "1,5"})
    assert not form.is_valid()
    summary = form.error_summary()
    assert [item["id"] for item in summary] == ["id_title", "id_amount", "id_groups"]
    assert summary[1]["message"] == "Skriv beløpet i hele kroner, uten øre."
    # The field points at its error (and its help text) for screen readers.
    rendered = str(form["title"])
    assert 'aria-describedby="id_title_helptext id_title_error"' in rendered
    assert 'aria-invalid="true"' in rendered


def test_a_domain_error_lands_on_its_field_or_at_the_top():
    form = _Form({"title": "x", "amount": "5", "groups": ["a"], "version": "3"})
    assert form.is_valid()
    form.add_domain_error(DomainError("For mye.", field="amount"))
    form.add_domain_error(DomainError("Noen andre endret dokumentet.", field="version"))
    form.add_domain_error(DomainError("Feil steg."))
    assert form.errors["amount"] == ["For mye."]
    assert form.non_field_errors() == ["Noen andre endret dokumentet.", "Feil steg."]
    assert [i["id"] for i in form.error_summary()] == ["", "", "id_amount"]


def test_a_domain_error_can_be_shown_on_a_form_that_was_never_posted():
    form = CommentForm(action="return_report")
    form.add_domain_error(DomainError("Skriv en kommentar.", field="comment"))
    assert form.error_summary() == [
        {
            "id": "id_return_report-comment",
            "message": "Skriv en kommentar.",
            "label": "Hva må partnerskapet rette opp i rapporten?",
        }
    ]
