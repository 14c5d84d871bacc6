"""Notifications (the in-app inbox, each row also the record of its email) and each person's
email choice per kind.

The title is rendered when it is read, from the kind's wording and the stored params, so the
inbox reads in the language of the page; ``body`` holds what a person wrote (a return comment),
which is shown as written. The email fields make sending idempotent: a send first claims the row
(``email_claimed_at``), and ``email_sent_at`` is set once it has gone.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from config.formatting import format_date_nb, format_kroner
from config.models import NEWEST_FIRST, actor_field, optional_link, person_field

from .kinds import KINDS, LEGAL_EFFECT_KINDS, EmailMode, Kind


class Notification(models.Model):
    class Email(models.TextChoices):
        """What was decided for the email when the notification was made."""

        NONE = "ingen", gettext_lazy("Ingen e-post")
        IMMEDIATE = "straks", gettext_lazy("Straks")
        DIGEST = "daglig", gettext_lazy("Daglig sammendrag")

    recipient = person_field("notifications", gettext_lazy("mottaker"))
    kind = models.CharField(gettext_lazy("type"), max_length=40, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    body = models.TextField(gettext_lazy("tekst"), blank=True)
    url = models.CharField(gettext_lazy("lenke"), max_length=300, blank=True)
    case = optional_link(
        "workflow.Case", "notifications", gettext_lazy("sak"), on_delete=models.CASCADE
    )
    actor = actor_field(gettext_lazy("sendt av"))
    legal_effect = models.BooleanField(gettext_lazy("rettsvirkning"), default=False)
    created_at = models.DateTimeField(gettext_lazy("laget"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(gettext_lazy("lest"), null=True, blank=True)
    email = models.CharField(
        gettext_lazy("e-post"), max_length=10, choices=Email.choices, default=Email.NONE
    )
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(gettext_lazy("e-post sendt"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = gettext_lazy("varsel")
        verbose_name_plural = gettext_lazy("varsler")
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["email", "recipient"],
                condition=Q(email_sent_at__isnull=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def title(self) -> str:
        return render_title(self.kind, self.params)


def _display(params: dict) -> dict:
    """Stored params as text: dates and amounts formatted, choice values as their labels."""
    from grants.models import Appeal

    from ..reminders.rules import ObligationKind

    shown = dict(params)
    if shown.get("date"):
        shown["date"] = format_date_nb(dt.date.fromisoformat(shown["date"]))
    if shown.get("amount") is not None:
        shown["amount"] = format_kroner(shown["amount"])
    if shown.get("outcome") in Appeal.Outcome.values:
        shown["outcome"] = Appeal.Outcome(shown["outcome"]).label
    if shown.get("obligation") in ObligationKind.values:
        shown["obligation"] = ObligationKind(shown["obligation"]).label
    return shown


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "–"


def render_title(kind: str, params: dict) -> str:
    spec = KINDS.get(kind)
    if spec is None:
        return str(kind)
    shown = _Blank(_display(params))
    if kind == Kind.RECEIPT:
        shown["what"] = render_title(params.get("of", ""), params)
    return str(spec.title) % shown


class NotificationPreference(models.Model):
    """A person's choice of email for one kind. No row: the kind's default."""

    user = person_field("notification_preferences")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    email = models.CharField(max_length=10, choices=EmailMode.choices)

    class Meta:
        verbose_name = gettext_lazy("varselinnstilling")
        verbose_name_plural = gettext_lazy("varselinnstillinger")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
            # A letter or other decision with legal effect always reaches the person by email.
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(LEGAL_EFFECT_KINDS), email=EmailMode.OFF),
                name="notification_legal_effect_not_off",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_email_display()}"
