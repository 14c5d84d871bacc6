"""The innstilling: the forum's meeting, amounts per network, sending it, conflicts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Network

from ..messages import UH_OVER_RECOMMENDED
from ..rules import meeting_date_problem, today
from .base import AmountField, NbDateField, NbForm, UhShareForm, VersionedForm, text_area


class RecommendationForm(VersionedForm):
    meeting_date = NbDateField(label=_("Møtedato"), required=False)
    consensus_note = text_area(
        _("Konsensus eller votering"),
        help_text=_("Om innstillingen er enstemmig, eller hvordan forumet stemte."),
        rows=3,
    )
    joint_measures = text_area(_("Fellestiltak"), rows=3)
    joint_amount = AmountField(label=_("Beløp til fellestiltak"), required=False)

    def clean_meeting_date(self):
        meeting_date = self.cleaned_data.get("meeting_date")
        problem = meeting_date_problem(meeting_date, today())
        if problem:
            raise forms.ValidationError(problem)
        return meeting_date

    @classmethod
    def initial_for(cls, recommendation) -> dict:
        return {
            "meeting_date": recommendation.meeting_date,
            "consensus_note": recommendation.consensus_note,
            "joint_measures": recommendation.joint_measures,
            "joint_amount": recommendation.joint_amount,
            "version": recommendation.version,
        }


class RecommendationLineForm(UhShareForm):
    uh_over_amount = UH_OVER_RECOMMENDED

    amount = AmountField(label=_("Innstilt beløp"))
    uh_amount = AmountField(
        label=_("Herav til UH"), help_text=_("Den delen av beløpet som utbetales til UH.")
    )
    note = text_area(_("Merknad"), rows=3)


class SupplementForm(UhShareForm):
    """The forum's innstilling of a supplementary grant (tilleggstildeling)."""

    uh_over_amount = UH_OVER_RECOMMENDED

    amount = AmountField(
        label=_("Tilleggstildeling"),
        help_text=_("Beløpet som kommer i tillegg til vedtaket, fra årets ubrukte midler."),
    )
    uh_amount = AmountField(
        label=_("Herav til UH"), help_text=_("Den delen av tillegget som utbetales til UH.")
    )
    reason = text_area(_("Begrunnelse"), rows=4)


class RecommendationSubmitForm(NbForm):
    comment = forms.CharField(
        label=_("Kommentar til Statsforvalteren (valgfritt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "send")
        super().__init__(*args, **kwargs)


class ConflictForm(NbForm):
    network = forms.ModelChoiceField(
        label=_("Nettverk"), queryset=Network.objects.none(), empty_label=_("Velg")
    )
    reason = text_area(_("Grunn til inhabilitet"), rows=3)

    def __init__(self, *args, networks, **kwargs):
        kwargs.setdefault("prefix", "habilitet")
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["network"].error_messages["required"] = _("Velg nettverket.")
