"""The email choices form: one radio group per kind; a kind with legal effect offers no "off"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import NbForm
from .kinds import EMAILED_KINDS, KINDS, Kind, allowed_modes


class NotificationPreferencesForm(NbForm):
    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in EMAILED_KINDS:
            self.fields[kind] = forms.ChoiceField(
                label=Kind(kind).label,
                choices=[(mode.value, mode.label) for mode in allowed_modes(kind)],
                initial=initial_choices[kind],
                widget=forms.RadioSelect,
                help_text=_("Gjelder et vedtak og kan ikke slås av.")
                if KINDS[kind].legal_effect
                else "",
            )
