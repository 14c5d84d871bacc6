"""The form for correcting a journal entry (the archive keepers' page)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from workflow.forms import NbForm


class JournalCorrectionForm(NbForm):
    title = forms.CharField(label=_("Tittel"), max_length=255)
    correspondent = forms.CharField(label=_("Avsender/mottaker"), max_length=255, required=False)
    correspondent_is_person = forms.BooleanField(
        label=_("Avsender/mottaker er en privatperson (navnet vises ikke i offentlig journal)"),
        required=False,
    )
    restriction_basis = forms.CharField(
        label=_("Hjemmel for skjerming"),
        max_length=100,
        required=False,
        help_text=_("For eksempel «Offl. § 13 jf. fvl. § 13». Tom betyr ingen skjerming."),
    )
    public_title = forms.CharField(
        label=_("Offentlig tittel (skjermede ord erstattet med ****)"),
        max_length=255,
        required=False,
    )
    reason = forms.CharField(label=_("Begrunnelse for rettingen"), widget=forms.Textarea)
