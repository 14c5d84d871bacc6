"""The innstilling: the forum's recommendation, its lines per network, and conflicts of interest."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.models import actor_field, network_field, person_field, scheme_year_field

from .decision import UhShare, uh_share_within_amount
from .year import SchemeYear, VersionedDocument


class Recommendation(VersionedDocument):
    """Innstilling: the forum's recommendation to Statsforvalteren for the whole year."""

    scheme_year = models.OneToOneField(
        SchemeYear, on_delete=models.PROTECT, related_name="recommendation"
    )
    meeting_date = models.DateField(_("møtedato"), null=True, blank=True)
    consensus_note = models.TextField(
        _("konsensus eller votering"),
        blank=True,
        help_text=_("Hvordan forumet kom fram til innstillingen."),
    )
    joint_measures = models.TextField(_("fellestiltak"), blank=True)
    joint_amount = models.PositiveBigIntegerField(_("beløp til fellestiltak (kr)"), default=0)

    class Meta:
        verbose_name = _("innstilling")
        verbose_name_plural = _("innstillinger")

    def __str__(self) -> str:
        return str(_("Innstilling %(year)s") % {"year": self.scheme_year.year})


class RecommendationLine(UhShare, models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="lines"
    )
    network = network_field()
    amount = models.PositiveBigIntegerField(_("anbefalt beløp (kr)"))
    uh_amount = models.PositiveBigIntegerField(_("herav til UH (kr)"), default=0)
    note = models.TextField(_("merknad"), blank=True)
    recorded_by = actor_field(blank=False)
    recorded_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sendt Statsforvalteren"), null=True, blank=True)

    class Meta:
        ordering = ["network__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "network"], name="recommendation_line_one_per_network"
            ),
            uh_share_within_amount("recommendation"),
        ]

    def __str__(self) -> str:
        return f"{self.network_id}: {self.amount}"


class ConflictOfInterest(models.Model):
    """A forum member's declared conflict of interest (inhabilitet) for a network in a year."""

    scheme_year = scheme_year_field(on_delete=models.CASCADE)
    user = person_field("conflicts")
    network = network_field(on_delete=models.CASCADE)
    reason = models.TextField(_("grunn"))
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("habilitetserklæring")
        verbose_name_plural = _("habilitetserklæringer")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme_year", "user", "network"], name="conflict_once_per_network_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.network_id}"
