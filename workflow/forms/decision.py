"""The vedtak and the klage."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import Appeal, Criterion, Decision, DeliveryRecord

from ..messages import APPEAL_PERIOD_TOO_SHORT, REASONS_REQUIRED, UH_OVER_GRANTED
from .base import (
    AmountField,
    NbDateField,
    NbForm,
    UhShareForm,
    VersionedForm,
    radio_choice,
    text_area,
)


class DecisionForm(UhShareForm, VersionedForm):
    uh_over_amount = UH_OVER_GRANTED

    amount = AmountField(label=_("Innvilget beløp"))
    uh_amount = AmountField(label=_("Herav til UH"))
    reasons = text_area(_("Begrunnelse"), rows=4)
    conditions = text_area(_("Vilkår"), rows=4)
    departure_reason = text_area(
        _("Begrunnelse for avvik fra innstillingen"),
        help_text=_("Må fylles ut når beløpet er et annet enn det samarbeidsforum innstilte."),
        rows=3,
    )
    legal_basis = text_area(_("Hjemmel"), rows=3)
    report_deadline = NbDateField(label=_("Frist for rapport"), required=False)
    appeal_right = text_area(_("Klagerett"), rows=3)
    appeal_body = forms.CharField(label=_("Klageinstans"), max_length=200, required=False)
    appeal_weeks = forms.IntegerField(
        label=_("Klagefrist (uker)"),
        min_value=Decision.APPEAL_WEEKS_MIN,
        max_value=52,
        help_text=_("Minst tre uker. Fristen kan forlenges, men ikke forkortes."),
        error_messages={"invalid": _("Skriv et helt tall."), "min_value": APPEAL_PERIOD_TOO_SHORT},
    )
    appeal_instructions = text_area(_("Slik klager du"), rows=4)
    change_reason = text_area(
        _("Begrunnelse for endringen"),
        help_text=_("Bare for et nytt vedtak etter klage: hvorfor vedtaket det erstatter endres."),
        rows=3,
    )

    FIELDS = Decision.EDITABLE_FIELDS
    MET, NOT_MET = "oppfylt", "ikke_oppfylt"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Statsforvalteren's assessment of each of the four criteria (the letter's reasons).
        for criterion in Criterion:
            self.fields[f"criterion_{criterion.value}"] = forms.ChoiceField(
                label=criterion.label,
                choices=[(self.MET, _("Oppfylt")), (self.NOT_MET, _("Ikke oppfylt"))],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"criterion_{criterion.value}_text"] = text_area(
                _("Vurdering: %(criterion)s") % {"criterion": criterion.label}, rows=3
            )

    def pop_assessments(self, data: dict) -> dict[str, tuple[bool | None, str]]:
        """Take the assessments out of ``cleaned_data`` (a copy): ``{criterion: (met, text)}``."""
        assessments = {}
        for criterion in Criterion:
            choice = data.pop(f"criterion_{criterion.value}", "")
            text = data.pop(f"criterion_{criterion.value}_text", "")
            met = {self.MET: True, self.NOT_MET: False}.get(choice)
            assessments[criterion.value] = (met, text)
        return assessments

    @classmethod
    def initial_for(cls, decision) -> dict:
        initial = {
            **{name: getattr(decision, name) for name in cls.FIELDS},
            "version": decision.version,
        }
        for assessment in decision.assessments.all():
            if assessment.met is not None:
                initial[f"criterion_{assessment.criterion}"] = (
                    cls.MET if assessment.met else cls.NOT_MET
                )
            initial[f"criterion_{assessment.criterion}_text"] = assessment.text
        return initial


class RefusalForm(NbForm):
    reasons = text_area(
        _("Begrunnelse for avslaget"),
        rows=6,
        required=True,
        help_text=_(
            "Reglene, de faktiske forholdene og hovedhensynene avslaget bygger på "
            "(forvaltningsloven §§ 24 og 25). Teksten står i vedtaksbrevet."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].error_messages["required"] = REASONS_REQUIRED


class AppealForm(NbForm):
    text = text_area(_("Hva klager dere på, og hvorfor?"), rows=6)


def _choices(*members) -> list[tuple[str, str]]:
    return [(member, member.label) for member in members]


class AppealDecideForm(NbForm):
    outcome = radio_choice(
        _("Utfall"),
        _choices(Appeal.Outcome.UPHELD, Appeal.Outcome.PARTLY_UPHELD, Appeal.Outcome.FORWARDED),
        when_missing=_("Velg utfall."),
    )
    note = text_area(_("Begrunnelse for utfallet"), rows=4)
    forwarding_letter = text_area(
        _("Oversendelsesbrev"),
        help_text=_(
            "Når vedtaket opprettholdes: Statsforvalterens vurdering av klagen, som sendes med "
            "saken til klageinstansen."
        ),
        rows=6,
    )


class AppealRulingForm(NbForm):
    """The appeal body's ruling on a forwarded appeal."""

    ruling = radio_choice(
        _("Klageinstansens avgjørelse"),
        _choices(Appeal.Ruling.CONFIRMED, Appeal.Ruling.CHANGED, Appeal.Ruling.SET_ASIDE),
        when_missing=_("Velg klageinstansens avgjørelse."),
    )
    ruling_on = NbDateField(label=_("Dato for avgjørelsen"))
    ruling_note = text_area(
        _("Merknad"),
        help_text=_("Hva klageinstansen endret, eller hvorfor vedtaket ble opphevet."),
        rows=3,
    )


class ReceivedOnForm(NbForm):
    """Record or correct the day a letter with legal effect reached its party, with a reason
    (a repayment claim sent by post)."""

    delivered_on = NbDateField(label=_("Mottatt"))
    reason = text_area(_("Begrunnelse for rettet dato"), rows=2)


class DeliveryCorrectForm(ReceivedOnForm):
    """Correct the day a vedtak reached one party, and how (one form per party on the vedtak
    page; the prefix is the delivery's id)."""

    channel = forms.ChoiceField(label=_("Kanal"), choices=DeliveryRecord.Channel.choices)
    field_order = ["delivered_on", "channel", "reason"]


class AppealLateForm(NbForm):
    """A late appeal: consider it all the same (fvl. § 31) or dismiss it, with reasons."""

    CONSIDER = "behandles"
    DISMISS = "avvises"

    handling = radio_choice(
        _("Hva gjøres med klagen?"),
        [
            (CONSIDER, _("Behandles likevel (forvaltningsloven § 31)")),
            (DISMISS, _("Avvises fordi den kom for sent")),
        ],
        when_missing=_("Velg om klagen skal behandles eller avvises."),
    )
    reason = text_area(_("Begrunnelse"), rows=4)
