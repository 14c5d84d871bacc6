"""Forms for the workflow pages. They parse and check what people type; the rules of the scheme are
in the services, whose ``DomainError`` a form shows next to the field it names.

Amounts are typed and shown as people write them (``1 234 567 kr``); dates are picked or typed as
``20.02.2027``. Every document form carries the document's ``version`` (optimistic locking).
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.errors import DomainError
from config.formatting import MONTHS_NB, format_number
from grants.models import Appeal, BudgetLine, DecisionBasis, NeedsReport, TargetGroup
from networks.models import Unit, University

from .states import CaseState
from .steps import STEP_BY_NAME

MAX_AMOUNT = 2**63 - 1


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


# --- Fields ---------------------------------------------------------------------------------


class AmountInput(forms.TextInput):
    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off", "class": "amount-input"}
        super().__init__({**base, **(attrs or {})})


_AMOUNT_AFFIX = re.compile(r"^(?:kr\.?|nok)\s*|\s*(?:kr\.?|nok|,-|,–)$", re.IGNORECASE)
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


class AmountField(forms.Field):
    """Whole kroner. Accepts ``1 234 567``, ``1234567``, ``1 234 567 kr`` and ``1.234.567``;
    refuses øre and negative amounts with a message a person can act on."""

    widget = AmountInput
    default_error_messages = {
        "required": _("Skriv beløpet i hele kroner."),
        "invalid": _("Skriv beløpet med sifre, for eksempel 1 234 567."),
        "decimal": _("Skriv beløpet i hele kroner, uten øre."),
        "negative": _("Beløpet kan ikke være negativt."),
        "too_large": _("Beløpet er for stort."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = re.sub(r"\s+", "", str(value))
        previous = None
        while previous != text:
            previous, text = text, _AMOUNT_AFFIX.sub("", text).strip()
        if not text:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if text[0] in "-−–":
            raise ValidationError(self.error_messages["negative"], code="negative")
        if _DOT_THOUSANDS.match(text):
            text = text.replace(".", "")
        if re.fullmatch(r"\d*[.,]\d*", text) and re.search(r"\d", text):
            raise ValidationError(self.error_messages["decimal"], code="decimal")
        if not re.fullmatch(r"[0-9]+", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        amount = int(text)
        if amount > MAX_AMOUNT:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_number(value)
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


_NB_DATE = re.compile(r"^(\d{1,2})\.\s*([a-zæøå]+)\s+(\d{4})$", re.IGNORECASE)


class NbDateField(forms.DateField):
    """A date from the browser's date picker (ISO), or typed as 20.02.2027 or 20. februar 2027."""

    widget = DateInput
    input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
    default_error_messages = {
        "invalid": _("Skriv en gyldig dato, for eksempel 20.02.2027."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            match = _NB_DATE.match(value.strip())
            if match and match.group(2).lower() in MONTHS_NB:
                day, month, year = match.groups()
                try:
                    return dt.date(int(year), MONTHS_NB.index(month.lower()) + 1, int(day))
                except ValueError as exc:
                    raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        return super().to_python(value)


def checkboxes(choices, *, label, help_text="", required=False):
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


def text_area(label, *, help_text="", required=False, rows=5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# --- Behovsmelding --------------------------------------------------------------------------


class NeedsReportForm(VersionedForm):
    target_groups = checkboxes(
        TargetGroup.choices,
        label=_("Målgrupper"),
        help_text=_("Hvem i laget rundt barna og elevene behovene gjelder."),
    )
    unit_kinds = checkboxes(
        Unit.Kind.choices,
        label=_("Typer virksomheter som har vurdert behovene"),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Virksomheter som har vurdert sitt ståsted"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = text_area(
        _("Tema og behov"),
        help_text=_("Hva virksomhetene trenger kompetanse på, og hvorfor."),
    )
    involvement = text_area(
        _("Involvering av ansatte og ledere"),
        help_text=_("Hvordan vurderingen er forankret i virksomhetene med ansatte og ledere."),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        units = owner.units.order_by("name")
        if units.exists():
            self.fields["units"].queryset = units
        else:
            del self.fields["units"]

    @classmethod
    def initial_for(cls, report: NeedsReport | None) -> dict:
        if report is None:
            return {}
        return {
            "target_groups": report.target_groups,
            "unit_kinds": report.unit_kinds,
            "units": list(report.units.all()),
            "themes": report.themes,
            "involvement": report.involvement,
            "version": report.version,
        }


# --- Beslutningsgrunnlag --------------------------------------------------------------------

#: (field, checkbox label, justification label) for the four criteria, in the plan's order.
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
    needs_reports = forms.ModelMultipleChoiceField(
        label=_("Behovsmeldinger som besvares"),
        queryset=NeedsReport.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

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
        queryset=None,
        required=False,
        empty_label=_("Ingen valgt"),
    )
    owners = forms.ModelMultipleChoiceField(
        label=_("Deltakende eiere"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    period_start = NbDateField(label=_("Periode fra"))
    period_end = NbDateField(label=_("Periode til"))
    expected_participants = forms.IntegerField(
        label=_("Forventet antall deltakere"),
        min_value=0,
        error_messages={
            "invalid": _("Skriv et helt tall."),
            "min_value": _("Antallet kan ikke være negativt."),
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


# --- Case actions ---------------------------------------------------------------------------


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
        self.fields["comment"].label = row.comment_label if row else _("Kommentar")
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


# --- Innstilling ----------------------------------------------------------------------------


class RecommendationForm(VersionedForm):
    meeting_date = NbDateField(label=_("Møtedato"), required=False)
    consensus_note = text_area(
        _("Konsensus eller votering"),
        help_text=_("Om innstillingen er enstemmig, eller hvordan forumet stemte."),
        rows=3,
    )
    joint_measures = text_area(_("Fellestiltak"), rows=3)
    joint_amount = AmountField(label=_("Beløp til fellestiltak"), required=False)

    @classmethod
    def initial_for(cls, recommendation) -> dict:
        return {
            "meeting_date": recommendation.meeting_date,
            "consensus_note": recommendation.consensus_note,
            "joint_measures": recommendation.joint_measures,
            "joint_amount": recommendation.joint_amount,
            "version": recommendation.version,
        }


class RecommendationLineForm(NbForm):
    amount = AmountField(label=_("Innstilt beløp"))
    uh_amount = AmountField(
        label=_("Herav til UH"), help_text=_("Den delen av beløpet som utbetales til UH.")
    )
    note = text_area(_("Merknad"), rows=3)

    def clean(self):
        cleaned = super().clean()
        amount, uh = cleaned.get("amount"), cleaned.get("uh_amount")
        if amount is not None and uh is not None and uh > amount:
            self.add_error(
                "uh_amount", _("Andelen til UH kan ikke være større enn anbefalt beløp.")
            )
        return cleaned


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
    network = forms.ModelChoiceField(label=_("Nettverk"), queryset=None, empty_label=_("Velg"))
    reason = text_area(_("Grunn til inhabilitet"), rows=3)

    def __init__(self, *args, networks, **kwargs):
        kwargs.setdefault("prefix", "habilitet")
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["network"].error_messages["required"] = _("Velg nettverket.")


# --- Vedtak and klage -----------------------------------------------------------------------


class DecisionForm(VersionedForm):
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
        min_value=1,
        max_value=52,
        error_messages={"invalid": _("Skriv et helt tall.")},
    )
    appeal_instructions = text_area(_("Slik klager du"), rows=4)

    FIELDS = (
        "amount",
        "uh_amount",
        "conditions",
        "reasons",
        "legal_basis",
        "report_deadline",
        "appeal_right",
        "appeal_body",
        "appeal_weeks",
        "appeal_instructions",
        "departure_reason",
    )

    @classmethod
    def initial_for(cls, decision) -> dict:
        return {
            **{name: getattr(decision, name) for name in cls.FIELDS},
            "version": decision.version,
        }

    def clean(self):
        cleaned = super().clean()
        amount, uh = cleaned.get("amount"), cleaned.get("uh_amount")
        if amount is not None and uh is not None and uh > amount:
            self.add_error(
                "uh_amount", _("Andelen til UH kan ikke være større enn det innvilgede beløpet.")
            )
        return cleaned


class AppealForm(NbForm):
    text = text_area(_("Hva klager dere på, og hvorfor?"), rows=6)


class AppealDecideForm(NbForm):
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[
            (Appeal.Outcome.UPHELD, Appeal.Outcome.UPHELD.label),
            (Appeal.Outcome.FORWARDED, Appeal.Outcome.FORWARDED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg utfall.")},
    )
    note = text_area(_("Begrunnelse for utfallet"), rows=4)


# --- Rapport --------------------------------------------------------------------------------


class ReportForm(VersionedForm):
    assessment = text_area(
        _("Samlet vurdering"),
        help_text=_("Hva partnerskapet oppnådde, og hva dere tar med videre."),
        rows=6,
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure_items = list(report.measures.select_related("measure"))
        self.cost_items = list(report.costs.select_related("budget_line__measure"))
        for item in self.measure_items:
            title = item.measure.title
            self.fields[f"done_{item.pk}"] = forms.CharField(
                label=_("Hva ble gjort i «%(title)s»?") % {"title": title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"reached_{item.pk}"] = forms.IntegerField(
                label=_("Deltakere nådd i «%(title)s»") % {"title": title},
                min_value=0,
                required=False,
                error_messages={
                    "invalid": _("Skriv et helt tall."),
                    "min_value": _("Antallet kan ikke være negativt."),
                },
            )
        for cost in self.cost_items:
            line = cost.budget_line
            self.fields[f"used_{cost.pk}"] = AmountField(
                label=_("Brukt på «%(line)s» i «%(measure)s»")
                % {"line": line.description, "measure": line.measure.title},
                help_text=_("Budsjettert: %(amount)s kr") % {"amount": format_number(line.amount)},
                required=False,
            )

    @classmethod
    def initial_for(cls, report) -> dict:
        initial = {"assessment": report.assessment, "version": report.version}
        for item in report.measures.all():
            initial[f"done_{item.pk}"] = item.what_was_done
            initial[f"reached_{item.pk}"] = item.participants_reached
        for cost in report.costs.all():
            initial[f"used_{cost.pk}"] = cost.used
        return initial

    def measure_fields(self):
        return [
            (item, self[f"done_{item.pk}"], self[f"reached_{item.pk}"])
            for item in self.measure_items
        ]

    def cost_fields(self):
        return [(cost, self[f"used_{cost.pk}"]) for cost in self.cost_items]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "expected_version": data.get("version"),
            "assessment": data.get("assessment", ""),
            "measures": {
                item.pk: {
                    "what_was_done": data.get(f"done_{item.pk}") or "",
                    "participants_reached": data.get(f"reached_{item.pk}") or 0,
                }
                for item in self.measure_items
            },
            "costs": {cost.pk: data.get(f"used_{cost.pk}") or 0 for cost in self.cost_items},
        }


# --- Filters --------------------------------------------------------------------------------


class FilterForm(forms.Form):
    """GET filters for list pages; an unknown value is ignored rather than an error."""

    def __init__(self, *args, years, networks, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.TypedChoiceField(
            label=_("År"),
            choices=[("", _("Alle år"))] + [(y, str(y)) for y in years],
            coerce=int,
            required=False,
            empty_value=None,
        )
        self.fields["network"] = forms.ModelChoiceField(
            label=_("Nettverk"),
            queryset=networks,
            required=False,
            empty_label=_("Alle nettverk"),
            to_field_name="slug",
        )
        self.order_fields(["year", "network"])

    def values(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}


class CaseFilterForm(FilterForm):
    state = forms.ChoiceField(
        label=_("Steg"), choices=[("", _("Alle steg")), *CaseState.choices], required=False
    )


class NeedsReportFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle")), *NeedsReport.Status.choices],
        required=False,
    )


class NbDecimalField(forms.DecimalField):
    """A decimal typed the Norwegian way (12,5) or with a point (12.5)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        return super().to_python(value)


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
        help_text=_("Fyll ut enten prosent eller fast beløp til fellestiltak."),
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

    DEADLINES = (
        "needs_deadline",
        "decision_basis_deadline",
        "decision_deadline",
        "report_deadline",
    )

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
            self.add_error(
                "joint_percent",
                _("Fyll ut enten andel i prosent eller et fast beløp til fellestiltak."),
            )
        return cleaned

    def settings(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("year", None)
        deadlines = {name: data.pop(name) for name in self.DEADLINES if data.get(name)}
        for name in self.DEADLINES:
            data.pop(name, None)
        return {**data, "deadlines": deadlines}
