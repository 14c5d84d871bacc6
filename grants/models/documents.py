"""What owners and partnerships write: needs reports, decision bases, measures, budget lines."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.models import actor_field, network_field, optional_link, owner_field, scheme_year_field

from ..messages import PARTICIPANTS_MAX, PARTICIPANTS_TOO_MANY
from .criteria import Criterion
from .year import VersionedDocument, one_per_network_and_year, one_per_year


class NeedsReport(VersionedDocument):
    """Behovsmelding: an owner's needs, from its units' own assessments, sent to its network."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        SUBMITTED = "sendt", _("Sendt")

    scheme_year = scheme_year_field("needs_reports", _("tilskuddsår"))
    owner = owner_field("needs_reports", _("eier"))
    network = network_field("needs_reports", _("nettverk"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    units = models.ManyToManyField(
        "networks.Unit", blank=True, related_name="needs_reports", verbose_name=_("virksomheter")
    )
    unit_kinds = models.JSONField(_("typer virksomheter"), default=list, blank=True)
    target_groups = models.JSONField(_("målgrupper"), default=list, blank=True)
    themes = models.TextField(_("tema og behov"), blank=True)
    involvement = models.TextField(
        _("involvering av ansatte og ledere"),
        blank=True,
        help_text=_("Hvordan vurderingen er forankret i virksomhetene med ansatte og ledere."),
    )
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    submitted_by = actor_field()
    is_late = models.BooleanField(_("sendt etter fristen"), default=False)

    class Meta:
        ordering = ["network__name", "owner__name"]
        verbose_name = _("behovsmelding")
        verbose_name_plural = _("behovsmeldinger")
        constraints = [one_per_year("needs_report", "owner")]

    def __str__(self) -> str:
        return f"{self.owner} {self.scheme_year}"


class DecisionBasis(VersionedDocument):
    """Beslutningsgrunnlag: the partnership's measures and budget inside the network's frame,
    with the four criteria confirmed. Its stage is the case's state (workflow)."""

    scheme_year = scheme_year_field("decision_bases")
    network = network_field("decision_bases")
    summary = models.TextField(_("sammendrag"), blank=True)
    needs_reports = models.ManyToManyField(
        NeedsReport,
        blank=True,
        related_name="answered_by",
        verbose_name=_("behovsmeldinger som besvares"),
    )
    criterion_local_needs = models.BooleanField(_("møter lokalt definerte behov"), default=False)
    criterion_local_needs_text = models.TextField(_("begrunnelse"), blank=True)
    criterion_workplace = models.BooleanField(
        _("arbeidsplassbasert kompetanseutvikling"), default=False
    )
    criterion_workplace_text = models.TextField(_("begrunnelse"), blank=True)
    criterion_partnership = models.BooleanField(
        _("gjennomføres i partnerskap med UH"), default=False
    )
    criterion_partnership_text = models.TextField(_("begrunnelse"), blank=True)
    criterion_interdisciplinary = models.BooleanField(_("tverrfaglig tilnærming"), default=False)
    criterion_interdisciplinary_text = models.TextField(_("begrunnelse"), blank=True)
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    #: (field name, label) of each criterion the partnership confirms
    CRITERIA = tuple((f"criterion_{c.value}", c.label) for c in Criterion)

    class Meta:
        verbose_name = _("beslutningsgrunnlag")
        verbose_name_plural = _("beslutningsgrunnlag")
        constraints = [one_per_network_and_year("decision_basis")]

    def __str__(self) -> str:
        return f"{self.network} {self.scheme_year}"

    def missing_criteria(self) -> list[str]:
        """The criteria not both confirmed and justified in writing."""
        return [
            str(label)
            for name, label in self.CRITERIA
            if not (getattr(self, name) and getattr(self, f"{name}_text").strip())
        ]


class Measure(models.Model):
    """Tiltak: one competence measure of a decision basis."""

    decision_basis = models.ForeignKey(
        DecisionBasis, on_delete=models.CASCADE, related_name="measures"
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    target_groups = models.JSONField(_("målgrupper"), default=list)
    owners = models.ManyToManyField(
        "networks.Owner", blank=True, related_name="+", verbose_name=_("deltakende eiere")
    )
    units = models.ManyToManyField(
        "networks.Unit", blank=True, related_name="+", verbose_name=_("deltakende virksomheter")
    )
    university = optional_link("networks.University", verbose_name=_("UH-partner"))
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    expected_participants = models.PositiveIntegerField(
        _("forventet antall deltakere"),
        validators=[MaxValueValidator(PARTICIPANTS_MAX, PARTICIPANTS_TOO_MANY)],
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="measure_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def total(self) -> int:
        """The measure's budget in whole kroner (uses prefetched budget lines)."""
        return sum(line.amount for line in self.budget_lines.all())


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        NETWORK = "nettverk", _("Nettverk/eiere")
        UH = "uh", _("UH")
        COORDINATION = "koordinering", _("Koordinering")
        OTHER = "annet", _("Annet")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("beskrivelse"), max_length=200)
    amount = models.PositiveBigIntegerField(_("beløp (kr)"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("budsjettlinje")
        verbose_name_plural = _("budsjettlinjer")

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"
