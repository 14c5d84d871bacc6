"""What is written in a scheme year: the year's settings, and the documents of each step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def default_deadlines(year: int) -> dict[str, dt.date]:
    """The long-term plan's defaults (seed 003): 1 Dec the year before, 1 Feb, 15 Mar, 30 Jun."""
    return {
        "needs_deadline": dt.date(year - 1, 12, 1),
        "decision_basis_deadline": dt.date(year, 2, 1),
        "decision_deadline": dt.date(year, 3, 15),
        "report_deadline": dt.date(year, 6, 30),
    }


class SchemeYear(models.Model):
    """One year of the grant scheme: the money, the allocation key and the deadlines."""

    year = models.PositiveIntegerField(_("år"), unique=True)
    total_amount = models.PositiveBigIntegerField(
        _("totalbeløp (kr)"), help_text=_("Hele kroner til fordeling i Trøndelag dette året.")
    )
    joint_percent = models.DecimalField(
        _("andel til fellestiltak (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Bruk enten prosent eller fast beløp til fellestiltak."),
    )
    joint_amount = models.PositiveBigIntegerField(
        _("beløp til fellestiltak (kr)"), null=True, blank=True
    )
    base_grant = models.PositiveBigIntegerField(_("grunntilskudd per nettverk (kr)"), default=0)
    pupil_weight = models.DecimalField(
        _("vekt per elev"), max_digits=9, decimal_places=4, default=Decimal(1)
    )
    child_weight = models.DecimalField(
        _("vekt per barn"), max_digits=9, decimal_places=4, default=Decimal(1)
    )
    needs_deadline = models.DateField(
        _("frist for behovsmelding"),
        help_text=_("Anbefalt frist; hvert nettverk kan sette sin egen lokale frist."),
    )
    decision_basis_deadline = models.DateField(_("frist for beslutningsgrunnlag"))
    decision_deadline = models.DateField(_("frist for vedtak"))
    report_deadline = models.DateField(_("frist for rapportering"))
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opprettet av"),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("tilskuddsår")
        verbose_name_plural = _("tilskuddsår")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(joint_percent__isnull=False, joint_amount__isnull=True)
                    | Q(joint_percent__isnull=True, joint_amount__isnull=False)
                ),
                name="scheme_year_joint_percent_xor_amount",
            ),
            models.CheckConstraint(
                condition=Q(joint_percent__isnull=True)
                | Q(joint_percent__gte=0, joint_percent__lte=100),
                name="scheme_year_joint_percent_0_100",
            ),
            models.CheckConstraint(
                condition=Q(pupil_weight__gte=0, child_weight__gte=0),
                name="scheme_year_weights_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)
