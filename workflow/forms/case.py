"""The forms of the case page: a step with its comment, reopening, the local deadline."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..steps import STEP_BY_NAME
from .base import NbDateField, NbForm, text_area


class CommentForm(NbForm):
    """The form of one step on the case page. ``seen_state`` is the stage the page showed, so a
    step posted after someone else moved the case is told so (and keeps its comment)."""

    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    seen_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: str, help_text: str = "", **kwargs):
        kwargs.setdefault("prefix", action)
        super().__init__(*args, **kwargs)
        row = STEP_BY_NAME.get(action)
        self.fields["comment"].label = str(row.comment_label) if row else _("Kommentar")
        if help_text:
            self.fields["comment"].help_text = help_text


class ReopenForm(NbForm):
    until = NbDateField(label=_("Ny frist"), help_text=_("Siste dag partnerskapet kan sende inn."))
    comment = text_area(_("Hvorfor åpnes innsendingen?"), rows=3, required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].error_messages["required"] = _("Oppgi den nye fristen.")
        self.fields["comment"].error_messages["required"] = _(
            "Skriv en kommentar som forklarer hvorfor."
        )


class LocalDeadlineForm(NbForm):
    deadline = NbDateField(
        label=_("Lokal frist for behovsmelding"),
        help_text=_("Må være før fristen for beslutningsgrunnlag."),
    )
