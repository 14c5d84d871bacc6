"""The money after the vedtak: payouts in instalments and batches, and the settlement of what a
report did not use (a repayment claim, or a carry-over into next year)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.models import actor_field, network_field, optional_link, scheme_year_field
from networks.parties import format_account_number, format_org_number

from .decision import (
    Decision,
    appeal_weeks_at_least_min,
    appeal_weeks_field,
    last_day_to_appeal,
    one_party,
)
from .report import Report
from .year import numbered_within_year


class AccountNumberShown:
    """A row that keeps an account number (eleven digits, or empty) and shows it grouped."""

    account_number: str

    @property
    def account_number_display(self) -> str:
        return format_account_number(self.account_number) if self.account_number else ""


class PayoutBatch(models.Model):
    """Utbetalingsbunt: the instalments Statsforvalteren sends to the accounting system at once,
    exported as CSV/XLSX and then marked paid with the date."""

    class Status(models.TextChoices):
        READY = "klar", _("Klar til utbetaling")
        PAID = "utbetalt", _("Utbetalt")

    scheme_year = scheme_year_field("payout_batches")
    number = models.PositiveIntegerField(_("buntnummer"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.READY
    )
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    created_by = actor_field(_("laget av"))
    paid_on = models.DateField(_("utbetalt dato"), null=True, blank=True)
    paid_by = actor_field(_("markert som betalt av"))

    class Meta:
        ordering = ["scheme_year", "-number"]
        verbose_name = _("utbetalingsbunt")
        verbose_name_plural = _("utbetalingsbunter")
        constraints = [
            numbered_within_year("payout_batch_number_once_per_year"),
            models.CheckConstraint(
                condition=Q(status="klar", paid_on__isnull=True)
                | Q(status="utbetalt", paid_on__isnull=False),
                name="payout_batch_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"UTB-{self.scheme_year.year}-{self.number:03d}"


class PayoutInstalment(AccountNumberShown, models.Model):
    """One instalment of a decided grant to one payee: the network's host owner for the
    network's part, a UH institution for its share. Editable while unpaid and not in a batch."""

    class Status(models.TextChoices):
        PLANNED = "planlagt", _("Planlagt")
        PAID = "utbetalt", _("Utbetalt")
        CANCELLED = "kansellert", _("Kansellert")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="instalments")
    owner = optional_link("networks.Owner")
    university = optional_link("networks.University")
    payee_name = models.CharField(_("mottaker"), max_length=200)
    amount = models.PositiveBigIntegerField(_("beløp (kr)"))
    due_on = models.DateField(_("utbetales"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    batch = optional_link(PayoutBatch, "instalments", _("utbetalingsbunt"))
    #: The payee's numbers as checked when the instalment was put in a batch (what was exported).
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    account_number = models.CharField(_("kontonummer"), max_length=11, blank=True)

    class Meta:
        ordering = ["decision", "university", "due_on", "pk"]
        verbose_name = _("utbetaling")
        verbose_name_plural = _("utbetalinger")
        constraints = [
            one_party("payout_instalment"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_instalment_positive"),
            models.CheckConstraint(
                condition=~Q(status="utbetalt") | Q(batch__isnull=False),
                name="payout_instalment_paid_in_a_batch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payee_name}: {self.amount} ({self.due_on})"

    @property
    def payee(self):
        return self.owner if self.owner_id else self.university

    @property
    def org_number_display(self) -> str:
        return format_org_number(self.org_number) if self.org_number else ""

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.PLANNED and self.batch_id is None


class Settlement(AccountNumberShown, models.Model):
    """Avregning: what Statsforvalteren decided, at report approval, about money granted but not
    used. A repayment claim (tilbakebetalingskrav) is an enkeltvedtak with its own letter: the
    amount, the due date, the account and reference to pay to, and the right to appeal. Where the
    year's settings allow it, the amount may instead be carried into the same network's case
    next year (``carried_to_year``); both years show it."""

    class Kind(models.TextChoices):
        REPAYMENT = "tilbakebetaling", _("Krav om tilbakebetaling")
        CARRY_OVER = "overforing", _("Overført til neste år")

    scheme_year = scheme_year_field()
    network = network_field()
    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="settlement")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="settlements")
    kind = models.CharField(_("vedtak om ubrukte midler"), max_length=20, choices=Kind.choices)
    granted = models.PositiveBigIntegerField(_("innvilget (kr)"))
    used = models.PositiveBigIntegerField(_("brukt (kr)"))
    amount = models.PositiveBigIntegerField(_("ubrukte midler (kr)"))
    due_on = models.DateField(_("betalingsfrist"), null=True, blank=True)
    account_number = models.CharField(_("kontonummer"), max_length=11, blank=True)
    reference = models.CharField(_("referanse"), max_length=40, blank=True)
    carried_to_year = models.PositiveIntegerField(_("overført til år"), null=True, blank=True)
    reasons = models.TextField(_("begrunnelse"), blank=True)
    legal_basis = models.TextField(_("hjemmel"), blank=True)
    appeal_body = models.CharField(_("klageinstans"), max_length=200, blank=True)
    appeal_weeks = appeal_weeks_field()
    appeal_instructions = models.TextField(_("slik klager du"), blank=True)
    decided_at = models.DateTimeField(_("vedtatt"))
    decided_by = actor_field(_("vedtatt av"))
    letter_pdf = models.FileField(_("brev"), upload_to="tilbakebetaling/", blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    #: Underretning of a repayment claim (fvl. § 27): e-mailed with its letter to the host
    #: owner's postmottak (``email``; empty: no address, not sent). The appeal period counts
    #: from ``delivered_on``, the day the mail server accepted it; a case officer records or
    #: corrects that day (a claim sent by post), with a reason.
    email = models.EmailField(_("e-post for offisiell post"), blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    delivered_on = models.DateField(_("mottatt"), null=True, blank=True)
    corrected_by = actor_field()
    correction_reason = models.TextField(_("begrunnelse for rettet dato"), blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    last_error = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["scheme_year", "network__name"]
        verbose_name = _("vedtak om ubrukte midler")
        verbose_name_plural = _("vedtak om ubrukte midler")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="settlement_positive"),
            models.CheckConstraint(
                condition=Q(amount=models.F("granted") - models.F("used")),
                name="settlement_amount_is_unused",
            ),
            models.CheckConstraint(
                condition=Q(kind="tilbakebetaling", due_on__isnull=False)
                | Q(kind="overforing", carried_to_year__isnull=False),
                name="settlement_kind_has_its_fields",
            ),
            appeal_weeks_at_least_min("settlement"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.network_id} {self.scheme_year_id}"

    @property
    def is_repayment(self) -> bool:
        return self.kind == self.Kind.REPAYMENT

    def appeal_deadline(self) -> dt.date | None:
        """The party's last day to appeal the claim (None while it has not reached the party)."""
        return last_day_to_appeal(self.delivered_on, self.appeal_weeks)
