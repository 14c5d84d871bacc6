"""Automatic e-mail: what every message the product sends by itself carries (the sender from
settings, and headers that tell mail servers and people's auto-replies that no one wrote it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

#: RFC 3834: no one wrote this message. Official letters carry only this, so that a bounce or a
#: delivery report still reaches the case officer (the appeal period counts from delivery).
AUTO_SUBMITTED = {"Auto-Submitted": "auto-generated"}
#: Reminders and notifications also ask Exchange to send no automatic replies at all.
AUTOMATIC_HEADERS = {**AUTO_SUBMITTED, "X-Auto-Response-Suppress": "All"}


def automatic_email(recipient, templates: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    """An automatic e-mail to ``recipient`` (a user): its subject, plain text and HTML rendered
    from the templates ``<templates>_subject.txt``, ``<templates>.txt`` and ``.html`` (render it
    in the recipient's language)."""
    subject = " ".join(render_to_string(f"{templates}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{templates}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers=dict(AUTOMATIC_HEADERS),
    )
    message.attach_alternative(render_to_string(f"{templates}.html", context), "text/html")
    return message
