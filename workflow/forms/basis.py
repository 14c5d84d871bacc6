"""The decision basis (beslutningsgrunnlag): summary, criteria, measures, budget lines."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.messages import PARTICIPANTS_MAX, PARTICIPANTS_TOO_MANY
from grants.models import BudgetLine, DecisionBasis, NeedsReport, TargetGroup
from networks.models import Owner, University

from .base import AmountField, NbDateField, VersionedForm, checkboxes, row_checkboxes, text_area

CRITERIA_FIELDS = (
    (
        "criterion_local_needs",
        _("Tiltakene møter lokalt definerte behov"),
        _("Begrunnelse for lokalt definerte behov"),
        _(
            "Behovene bygger på vurderinger i barnehager, skoler og PP-tjenester og på faglig "
            "dialog med UH, forankret hos ansatte og ledere."
        ),
    ),
    (
        "criterion_workplace",
        _("Tiltakene er arbeidsplassbasert kompetanseutvikling"),
        _("Begrunnelse for arbeidsplassbasert kompetanseutvikling"),
        _("Kollektive prosesser for profesjonsutvikling som bidrar til praksisforbedring."),
    ),
    (
        "criterion_partnership",
        _("Tiltakene gjennomføres i partnerskap mellom nettverk/eiere og UH"),
        _("Begrunnelse for partnerskap med UH"),
        _("Eiere og UH vurderer behovene, planlegger og gjennomfører tiltakene sammen."),
    ),
    (
        "criterion_interdisciplinary",
        _("Tiltakene har en tverrfaglig tilnærming"),
        _("Begrunnelse for tverrfaglig tilnærming"),
        _("Hvordan ulike faggrupper i laget rundt barn og elever arbeider sammen."),
    ),
)


class DecisionBasisForm(VersionedForm):
    summary = text_area(
        _("Sammendrag"),
        help_text=_("Hva partnerskapet vil oppnå, og hvordan tiltakene henger sammen."),
        rows=6,
    )
    needs_reports = row_checkboxes(NeedsReport, label=_("Behovsmeldinger som besvares"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs_reports"].queryset = NeedsReport.objects.filter(
            scheme_year_id=case.scheme_year_id,
            network_id=case.network_id,
            status=NeedsReport.Status.SUBMITTED,
        ).select_related("owner")
        self.fields["needs_reports"].label_from_instance = lambda r: r.owner.name
        for name, label, text_label, help_text in CRITERIA_FIELDS:
            self.fields[name] = forms.BooleanField(label=label, required=False)
            self.fields[f"{name}_text"] = forms.CharField(
                label=text_label,
                help_text=help_text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def criteria(self):
        """(legend, checkbox, justification) bound fields for the template's fieldsets."""
        return [
            (label, self[name], self[f"{name}_text"]) for name, label, _t, _h in CRITERIA_FIELDS
        ]

    @classmethod
    def initial_for(cls, basis: DecisionBasis) -> dict:
        initial = {
            "summary": basis.summary,
            "needs_reports": list(basis.needs_reports.all()),
            "version": basis.version,
        }
        for name, _label in DecisionBasis.CRITERIA:
            initial[name] = getattr(basis, name)
            initial[f"{name}_text"] = getattr(basis, f"{name}_text")
        return initial

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("needs_reports", None)
        return data


class MeasureForm(VersionedForm):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    description = text_area(_("Beskrivelse"), required=True)
    target_groups = checkboxes(TargetGroup.choices, label=_("Målgrupper"), required=True)
    university = forms.ModelChoiceField(
        label=_("UH-partner"),
        queryset=University.objects.none(),
        required=False,
        empty_label=_("Ingen valgt"),
    )
    owners = row_checkboxes(Owner, label=_("Deltakende eiere"))
    period_start = NbDateField(label=_("Periode fra"))
    period_end = NbDateField(label=_("Periode til"))
    expected_participants = forms.IntegerField(
        label=_("Forventet antall deltakere"),
        min_value=0,
        max_value=PARTICIPANTS_MAX,
        error_messages={
            "invalid": _("Skriv et helt tall."),
            "min_value": _("Antallet kan ikke være negativt."),
            "max_value": PARTICIPANTS_TOO_MANY,
        },
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # A network without a registered partnership has no UH partner to choose.
        partnership = getattr(case.network, "partnership", None)
        self.fields["university"].queryset = (
            partnership.universities.order_by("short_name")
            if partnership is not None
            else University.objects.none()
        )
        self.fields["owners"].queryset = case.network.owners.filter(is_active=True).order_by("name")
        self.fields["target_groups"].error_messages["required"] = _("Velg minst én målgruppe.")

    @classmethod
    def initial_for(cls, measure, version: int) -> dict:
        if measure is None:
            return {"version": version}
        return {
            "title": measure.title,
            "description": measure.description,
            "target_groups": measure.target_groups,
            "university": measure.university_id,
            "owners": list(measure.owners.all()),
            "period_start": measure.period_start,
            "period_end": measure.period_end,
            "expected_participants": measure.expected_participants,
            "version": version,
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Perioden kan ikke slutte før den starter."))
        return cleaned


class BudgetLineForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Type"), choices=BudgetLine.Kind.choices)
    description = forms.CharField(label=_("Beskrivelse"), max_length=200)
    amount = AmountField(
        label=_("Beløp"), help_text=_("Hele kroner, for eksempel 250 000 eller 250 000 kr.")
    )

    @classmethod
    def initial_for(cls, line, version: int) -> dict:
        if line is None:
            return {"version": version}
        return {
            "kind": line.kind,
            "description": line.description,
            "amount": line.amount,
            "version": version,
        }


class DeleteForm(VersionedForm):
    """Delete a measure or budget line: only the version the person saw."""
