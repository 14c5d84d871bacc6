"""The reminder emails, in Norwegian bokmål: what is due, for which network and year, the date and
how many days are left, and a link to the page where it is done. Plain text and HTML; the sender
and the site address come from settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.formatting import format_date_nb
from config.mail import automatic_email
from config.site import absolute_url, site_root

from .models import Obligation, Reminder
from .rules import ACTION, ESCALATION, ObligationKind


def _first_path(*candidates: tuple[str, list]) -> str:
    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return reverse("home")


def case_path(case_id: int) -> str:
    """The case page (the start page if case pages are not installed)."""
    return _first_path(("case_detail", [case_id]))


def action_path(*, kind: str, case_id: int, year: int, owner_id: int | None) -> str:
    """The page where the obligation is done, falling back to the case page."""
    pages: dict[ObligationKind, tuple[str, list[Any]]] = {
        ObligationKind.BEHOVSMELDING: ("needs_report_edit", [year, owner_id]),
        ObligationKind.BESLUTNINGSGRUNNLAG: ("decision_basis_edit", [case_id]),
        ObligationKind.INNSTILLING: ("recommendation", [year]),
        ObligationKind.RAPPORT: ("report_edit", [case_id]),
    }
    page = pages.get(ObligationKind(kind))
    if page is None or None in page[1]:
        return case_path(case_id)
    return _first_path(page, ("case_detail", [case_id]))


def reminder_path(reminder: Reminder) -> str:
    """Where the email links: the page where it is done for the person who must do it, the case
    page for those who follow up."""
    obligation = reminder.obligation
    if reminder.audience == Reminder.Audience.ESCALATION:
        return case_path(obligation.case_id)
    return action_path(
        kind=obligation.kind,
        case_id=obligation.case_id,
        year=obligation.case.scheme_year.year,
        owner_id=obligation.owner_id,
    )


def obligation_title(obligation: Obligation) -> str:
    network = obligation.case.network.name
    if obligation.kind == ObligationKind.BEHOVSMELDING and obligation.owner is not None:
        return _("Behovsmelding fra %(owner)s (%(network)s)") % {
            "owner": obligation.owner.name,
            "network": network,
        }
    return _("%(what)s for %(network)s") % {
        "what": obligation.get_kind_display(),
        "network": network,
    }


def days_text(due_date: dt.date, today: dt.date) -> str:
    days = (due_date - today).days
    if days == 0:
        return _("i dag")
    if days == 1:
        return _("i morgen")
    if days == -1:
        return _("i går")
    if days > 0:
        return ngettext("om %(n)s dag", "om %(n)s dager", days) % {"n": days}
    return ngettext("for %(n)s dag siden", "for %(n)s dager siden", -days) % {"n": -days}


def reminder_message(reminders: list[Reminder], *, today: dt.date) -> EmailMultiAlternatives:
    """One email for reminders that share a person, a rule, a kind of deadline and a date."""
    first = reminders[0]
    recipient = first.recipient
    obligation = first.obligation
    kind = obligation.kind
    # A test or a catch-up run may plan a reminder for a day still ahead of the clock.
    reference = max(today, first.planned_for)
    with translation.override(recipient.preferred_language):
        context = {
            "recipient": recipient,
            "greeting_name": recipient.first_name
            or recipient.get_full_name()
            or recipient.username,
            "kind_label": obligation.get_kind_display(),
            "kind_lower": str(obligation.get_kind_display()).lower(),
            "action": ACTION[ObligationKind(kind)],
            "due_date": format_date_nb(first.due_date),
            "days": days_text(first.due_date, reference),
            "is_past": first.due_date < reference,
            "is_escalation": first.audience == Reminder.Audience.ESCALATION,
            "is_escalated": first.rule.escalate and kind in ESCALATION,
            "year": obligation.case.scheme_year.year,
            "rule": first.rule,
            "items": [
                {
                    "title": obligation_title(r.obligation),
                    "network": r.obligation.case.network.name,
                    "url": absolute_url(reminder_path(r)),
                }
                for r in reminders
            ],
            "calendar_url": _calendar_url(),
            "site_url": site_root(),
        }
        return automatic_email(recipient, "workflow/email/reminder", context)


def _calendar_url() -> str:
    try:
        return absolute_url(reverse("calendar_settings"))
    except NoReverseMatch:
        return ""
