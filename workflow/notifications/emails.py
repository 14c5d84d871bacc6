"""The notification emails (plain text and HTML): one for a single notification, one for a
person's daily digest. Written in the recipient's language (their choice, otherwise bokmål);
the sender and address from settings."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from config.mail import automatic_email
from config.site import absolute_url, site_root

from .models import Notification


def _item(notification: Notification) -> dict:
    letter = notification.params.get("letter_url")
    return {
        "title": notification.title,
        "body": notification.body,
        "url": absolute_url(notification.url) if notification.url else "",
        "letter_url": absolute_url(letter) if letter else "",
        "legal_effect": notification.legal_effect,
        "is_receipt": notification.kind == "kvittering",
    }


def _message(recipient, template: str, context: dict) -> EmailMultiAlternatives:
    with translation.override(recipient.preferred_language):
        context = {
            "greeting_name": recipient.first_name
            or recipient.get_full_name()
            or recipient.username,
            "inbox_url": absolute_url(reverse("notification_inbox")),
            "preferences_url": absolute_url(reverse("notification_preferences")),
            "site_url": site_root(),
            **context,
        }
        context["items"] = [_item(n) for n in context.pop("notifications")]
        return automatic_email(recipient, f"workflow/email/{template}", context)


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    return _message(notification.recipient, "notification", {"notifications": [notification]})


def digest_message(notifications: list[Notification]) -> EmailMultiAlternatives:
    """One email for a person's notifications of the day (all have the same recipient)."""
    return _message(notifications[0].recipient, "digest", {"notifications": notifications})
