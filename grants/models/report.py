"""The partnership's report on the money: per measure and per budget line."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.models import network_field, scheme_year_field

from ..messages import PARTICIPANTS_MAX, PARTICIPANTS_TOO_MANY
from .documents import BudgetLine, Measure
from .year import VersionedDocument


class Report(VersionedDocument):
    """Rapport: what the partnership did with the money, by the end of June.

    A report is final (sluttrapport) unless a measure of the decision basis runs past the report
    deadline: then the partnership first sends an interim report (delrapport) with the money used
    so far and the use it expects, and once that is approved a final report follows (a row of its
    own, so the interim report stays as it was approved)."""

    class Kind(models.TextChoices):
        INTERIM = "delrapport", _("Delrapport")
        FINAL = "sluttrapport", _("Sluttrapport")

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        SUBMITTED = "sendt", _("Sendt")
        RETURNED = "returnert", _("Returnert")
        APPROVED = "godkjent", _("Godkjent")

    scheme_year = scheme_year_field("reports")
    network = network_field()
    kind = models.CharField(
        _("type rapport"), max_length=12, choices=Kind.choices, default=Kind.FINAL
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    assessment = models.TextField(_("vurdering"), blank=True)
    return_comment = models.TextField(_("kommentar ved retur"), blank=True)
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme_year", "network", "kind"], name="report_one_per_network_year_kind"
            )
        ]

    def __str__(self) -> str:
        return f"Rapport {self.network_id} {self.scheme_year_id} {self.kind}"

    @property
    def is_interim(self) -> bool:
        return self.kind == self.Kind.INTERIM


class ReportMeasure(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    what_was_done = models.TextField(_("hva ble gjort"), blank=True)
    participants_reached = models.PositiveIntegerField(
        _("deltakere nådd"),
        default=0,
        validators=[MaxValueValidator(PARTICIPANTS_MAX, PARTICIPANTS_TOO_MANY)],
    )

    class Meta:
        ordering = ["measure__position", "measure_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="report_measure_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.measure_id}"


class ReportCost(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="costs")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="+")
    used = models.PositiveBigIntegerField(_("brukt (kr)"), default=0)
    #: in an interim report: what the partnership expects to use after it (whole kroner)
    expected = models.PositiveBigIntegerField(_("forventet videre bruk (kr)"), default=0)

    class Meta:
        ordering = ["budget_line_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "budget_line"], name="report_cost_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.budget_line_id}: {self.used}"
