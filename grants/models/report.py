"""The partnership's report on the money: per measure and per budget line."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..messages import PARTICIPANTS_MAX, PARTICIPANTS_TOO_MANY
from .documents import BudgetLine, Measure
from .year import SchemeYear, VersionedDocument, one_per_network_and_year


class Report(VersionedDocument):
    """Rapport: what the partnership did with the money, by the end of June."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        SUBMITTED = "sendt", _("Sendt")
        RETURNED = "returnert", _("Returnert")
        APPROVED = "godkjent", _("Godkjent")

    scheme_year = models.ForeignKey(SchemeYear, on_delete=models.PROTECT, related_name="reports")
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    assessment = models.TextField(_("vurdering"), blank=True)
    return_comment = models.TextField(_("kommentar ved retur"), blank=True)
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        constraints = [one_per_network_and_year("report")]

    def __str__(self) -> str:
        return f"Rapport {self.network_id} {self.scheme_year_id}"


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

    class Meta:
        ordering = ["budget_line_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "budget_line"], name="report_cost_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.budget_line_id}: {self.used}"
