"""Obligations (what is due, derived from the year's data and kept in sync by the sweep), reminder
rules (data), reminders (each recorded once before it is sent) and calendar tokens."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.models import NEWEST_FIRST, optional_link, person_field

from .rules import ObligationKind


class Obligation(models.Model):
    """Something a party must deliver by a date: one row per case, kind and (for needs reports)
    owner. Kept in step with the case and its documents by ``obligations_sync``; never edited by
    hand. ``due_date`` follows the deadline when it is moved; ``met_at`` is set once it is done."""

    Kind = ObligationKind

    case = models.ForeignKey(
        "workflow.Case",
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("sak"),
    )
    kind = models.CharField(_("hva"), max_length=30, choices=ObligationKind.choices)
    owner = optional_link("networks.Owner", verbose_name=_("eier"), on_delete=models.CASCADE)
    due_date = models.DateField(_("frist"))
    met_at = models.DateTimeField(_("oppfylt"), null=True, blank=True)
    is_active = models.BooleanField(
        _("gjelder"),
        default=True,
        help_text=_("Av når den ikke lenger gjelder (for eksempel en eier som er lagt ned)."),
    )
    updated_at = models.DateTimeField(_("sist oppdatert"), auto_now=True)

    class Meta:
        ordering = ["due_date", "kind", "id"]
        verbose_name = _("forpliktelse")
        verbose_name_plural = _("forpliktelser")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(owner__isnull=True),
                name="obligation_once_per_case_kind",
            ),
            models.UniqueConstraint(
                fields=["case", "kind", "owner"],
                condition=Q(owner__isnull=False),
                name="obligation_once_per_case_kind_owner",
            ),
            models.CheckConstraint(
                condition=Q(kind=ObligationKind.BEHOVSMELDING, owner__isnull=False)
                | (~Q(kind=ObligationKind.BEHOVSMELDING) & Q(owner__isnull=True)),
                name="obligation_owner_only_for_needs_report",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=Q(met_at__isnull=True, is_active=True),
                name="obligation_open_by_due_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id}/{self.owner_id or '-'} {self.due_date}"

    @property
    def is_open(self) -> bool:
        return self.is_active and self.met_at is None


class ReminderRule(models.Model):
    """When to remind: ``offset_days`` before the deadline (negative: after it). With
    ``escalate`` the follow-up body (the forum secretariat or Statsforvalteren) is told as well."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    offset_days = models.SmallIntegerField(
        _("dager før fristen"), help_text=_("Negativt tall betyr dager etter fristen.")
    )
    escalate = models.BooleanField(
        _("varsle oppfølgingsansvarlig"),
        default=False,
        help_text=_(
            "Gi også beskjed til sekretariatet for samarbeidsforum (behovsmelding og "
            "beslutningsgrunnlag) eller Statsforvalteren (rapport)."
        ),
    )
    kinds = models.JSONField(
        _("gjelder for"),
        default=list,
        blank=True,
        help_text=_('Tom liste: alle frister. Ellers for eksempel ["rapport"].'),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["-offset_days", "code"]
        verbose_name = _("påminnelsesregel")
        verbose_name_plural = _("påminnelsesregler")
        constraints = [
            models.CheckConstraint(
                condition=Q(offset_days__gte=-60, offset_days__lte=120),
                name="reminder_rule_offset_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds

    def clean(self) -> None:
        if not isinstance(self.kinds, list) or any(
            kind not in ObligationKind.values for kind in self.kinds
        ):
            raise ValidationError(
                {
                    "kinds": _("Bruk en liste med noen av disse: %(kinds)s.")
                    % {"kinds": ", ".join(f'"{k}"' for k in ObligationKind.values)}
                }
            )


class Reminder(models.Model):
    """One reminder to one person. Recorded (unique per obligation, rule, recipient and due date)
    before it is sent, so that no sweep, retry or second process sends it twice; a moved deadline
    has a new due date and so gets fresh reminders. Sending moves it queued → sending (committed
    before the mail server is asked) → sent; a worker that dies in between leaves it "sending",
    and it is never sent again without an administrator's say."""

    class Status(models.TextChoices):
        QUEUED = "i_ko", _("I kø")
        SENDING = "sendes", _("Sendes")
        SENT = "sendt", _("Sendt")
        FAILED = "feilet", _("Feilet")
        SKIPPED = "ikke_sendt", _("Ikke sendt")

    class Audience(models.TextChoices):
        RESPONSIBLE = "ansvarlig", _("Ansvarlig")
        ESCALATION = "varsling", _("Til orientering (frist passert)")

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("frist")
    )
    rule = models.ForeignKey(
        ReminderRule, on_delete=models.PROTECT, related_name="+", verbose_name=_("regel")
    )
    recipient = person_field("reminders", _("mottaker"))
    due_date = models.DateField(_("frist da påminnelsen ble laget"))
    audience = models.CharField(
        _("som"), max_length=20, choices=Audience.choices, default=Audience.RESPONSIBLE
    )
    planned_for = models.DateField(_("planlagt dato"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.TextField(_("siste feil"), blank=True)
    note = models.CharField(_("merknad"), max_length=200, blank=True)
    #: The hand-over the row belongs to (the sweep that recorded it, or a later requeue): each
    #: hands to the broker only its own rows, so two sweeps never both send one.
    batch = models.UUIDField(editable=False, db_index=True)
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    queued_at = models.DateTimeField(_("lagt i kø"), null=True, blank=True)
    #: When a worker took the row for sending (committed before the mail server is asked).
    claimed_at = models.DateTimeField(_("tatt til sending"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "rule", "recipient", "due_date"],
                name="reminder_once_per_obligation_rule_recipient_date",
            )
        ]
        indexes = [models.Index(fields=["status", "queued_at"], name="reminder_status_queued")]

    def __str__(self) -> str:
        return f"{self.rule_id} → {self.recipient_id} ({self.get_status_display()})"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's calendar feed address. Regenerating replaces it; revoking deletes
    it; either way the old address stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("bruker"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("sist hentet"), null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderadresse")
        verbose_name_plural = _("kalenderadresser")

    def __str__(self) -> str:
        return str(self.user)
