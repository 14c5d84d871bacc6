"""The private iCalendar feed: the deadlines that concern a person (the same ones they are reminded
of, see ``selectors.concerns``), plus the appeal deadline of each vedtak for the partnership and
Statsforvalteren (information only: no reminders are sent for it). Derived from the data when the
feed is fetched, so a moved deadline shows at once."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from config.formatting import format_date_nb
from config.site import absolute_url, site_root
from grants.models import Decision, SchemeYear
from networks.models import Network, Owner
from networks.permissions import access_for

from .emails import action_path, case_path
from .rules import ESCALATION, PARTY_ROLE, ObligationKind, Party
from .selectors import concerns, network_scope, obligations_compute

APPEAL = "klagefrist"


@dataclass
class CalendarItem:
    title: str
    met: bool
    url: str


@dataclass
class CalendarEntry:
    year: int
    kind: str
    label: str
    due_date: dt.date
    items: list[CalendarItem] = field(default_factory=list)

    @property
    def all_met(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def met_count(self) -> int:
        return sum(1 for item in self.items if item.met)

    @property
    def progress(self) -> str:
        """How many of the entry's documents are in: "1 av 39 levert"."""
        return _("%(met)s av %(n)s levert") % {"met": self.met_count, "n": len(self.items)}

    @property
    def summary(self) -> str:
        prefix = _("Klagefrist") if self.kind == APPEAL else _("Frist")
        if len(self.items) == 1:
            text = f"{prefix}: {self.items[0].title}"
            if self.kind != APPEAL and self.all_met:
                text += " – " + _("levert")
            return text
        return _("%(prefix)s: %(what)s (%(progress)s)") % {
            "prefix": prefix,
            "what": self.label,
            "progress": self.progress,
        }


def calendar_entries(*, user, today: dt.date | None = None) -> list[CalendarEntry]:
    """The deadlines that concern ``user`` from last year on, one entry per kind and date."""
    today = today or timezone.localdate()
    access = access_for(user)
    scope = network_scope(access)
    if scope is not None and not scope:
        return []
    entries: dict[tuple, CalendarEntry] = {}
    years = list(SchemeYear.objects.filter(year__gte=today.year - 1).order_by("year"))
    specs_by_year = {
        sy.pk: [
            spec
            for spec in obligations_compute(scheme_year=sy, network_ids=scope)
            if concerns(access, spec.kind, network_id=spec.network_id, owner_id=spec.owner_id)
        ]
        for sy in years
    }
    network_ids = {s.network_id for specs in specs_by_year.values() for s in specs}
    owner_ids = {s.owner_id for specs in specs_by_year.values() for s in specs if s.owner_id}
    network_names = dict(Network.objects.filter(pk__in=network_ids).values_list("pk", "name"))
    owner_names = dict(Owner.objects.filter(pk__in=owner_ids).values_list("pk", "name"))
    labels = dict(ObligationKind.choices)
    for sy in years:
        for spec in specs_by_year[sy.pk]:
            entry = entries.setdefault(
                (sy.year, spec.kind, spec.due_date),
                CalendarEntry(sy.year, spec.kind, str(labels[spec.kind]), spec.due_date),
            )
            network = network_names[spec.network_id]
            if spec.owner_id:
                title = _("Behovsmelding fra %(owner)s (%(network)s)") % {
                    "owner": owner_names[spec.owner_id],
                    "network": network,
                }
            else:
                title = _("%(what)s for %(network)s") % {"what": entry.label, "network": network}
            if _is_responsible(access, spec):
                path = action_path(
                    kind=spec.kind, case_id=spec.case_id, year=sy.year, owner_id=spec.owner_id
                )
            else:
                path = case_path(spec.case_id)
            entry.items.append(CalendarItem(title, spec.met, absolute_url(path)))
    for entry in _appeal_entries(access, scope, years):
        entries[(entry.year, entry.kind, entry.due_date, entry.items[0].title)] = entry
    return sorted(
        entries.values(), key=lambda e: (e.due_date, e.kind, e.items[0].title if e.items else "")
    )


def _case_url(case_id: int) -> str:
    return absolute_url(case_path(case_id))


def _is_responsible(access, spec) -> bool:
    return concerns(
        access, spec.kind, network_id=spec.network_id, owner_id=spec.owner_id, responsible_only=True
    )


def _appeal_entries(access, scope, years) -> list[CalendarEntry]:
    """Appeal deadlines of the vedtak in force: for the partnership, which may appeal, and for
    Statsforvalteren, who receives the appeals."""
    if not years:
        return []
    statsforvalter = PARTY_ROLE[Party.STATSFORVALTER] in access.roles
    networks = None if statsforvalter else set(access.partnership_network_ids)
    if networks is not None and not networks:
        return []
    decisions = (
        Decision.objects.filter(
            scheme_year__in=years, status=Decision.Status.DECIDED, notified_on__isnull=False
        )
        .select_related("network", "scheme_year")
        .annotate(appeal_count=Count("appeals"))
        .order_by("notified_on", "network__name")
    )
    if networks is not None:
        decisions = decisions.filter(network_id__in=networks)
    from ..models import Case

    decided = list(decisions)
    case_ids = {
        (scheme_year_id, network_id): pk
        for pk, scheme_year_id, network_id in Case.objects.filter(
            scheme_year__in=years, network_id__in={d.network_id for d in decided}
        ).values_list("pk", "scheme_year_id", "network_id")
    }
    entries = []
    for decision in decided:
        case_id = case_ids.get((decision.scheme_year_id, decision.network_id))
        title = _("Vedtak for %(network)s") % {"network": decision.network.name}
        if decision.appeal_count:
            title += " (" + _("klage mottatt") + ")"
        entry = CalendarEntry(
            decision.scheme_year.year, APPEAL, _("Klagefrist"), decision.appeal_deadline()
        )
        url = _case_url(case_id) if case_id else absolute_url("/")
        entry.items.append(CalendarItem(title, False, url))
        entries.append(entry)
    return entries


def calendar_feed(*, user, today: dt.date | None = None) -> bytes:
    """The person's deadlines as an iCalendar document (all-day events)."""
    entries = calendar_entries(user=user, today=today)
    host = urlsplit(site_root()).hostname or "kompetanseloftet"
    with translation.override(getattr(user, "preferred_language", settings.LANGUAGE_CODE)):
        cal = Calendar()
        cal.add("prodid", "-//Kompetanseløftet i Trøndelag//Frister//NB")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", _("Kompetanseløftet – frister"))
        cal.add("x-wr-caldesc", _("Fristene i Kompetanseløftet i Trøndelag som gjelder deg."))
        cal.add("x-published-ttl", "PT6H")
        stamp = timezone.now()
        for entry in entries:
            event = Event()
            key = f"{user.pk}|{entry.year}|{entry.kind}|{entry.due_date}|"
            if entry.kind == APPEAL:
                key += entry.items[0].title
            digest = hashlib.sha256(key.encode()).hexdigest()[:24]
            event.add("uid", f"{entry.kind}-{entry.due_date:%Y%m%d}-{digest}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", entry.due_date)
            event.add("dtend", entry.due_date + dt.timedelta(days=1))
            event.add("summary", entry.summary)
            event.add("description", _description(entry))
            if len(entry.items) == 1:
                event.add("url", entry.items[0].url)
            event.add("transp", "TRANSPARENT")
            event.add("categories", [entry.label])
            cal.add_component(event)
    return cal.to_ical()


def _description(entry: CalendarEntry) -> str:
    lines = [
        _("Tilskuddsår %(year)s, frist %(date)s.")
        % {"year": entry.year, "date": format_date_nb(entry.due_date)}
    ]
    for item in entry.items:
        if entry.kind == APPEAL:
            lines.append(f"• {item.title}: {item.url}")
        else:
            state = _("levert") if item.met else _("ikke levert")
            lines.append(f"• {item.title} ({state}): {item.url}")
    if entry.kind in ESCALATION:
        lines.append(
            _("Dagen etter fristen sendes en påminnelse, og den som følger opp får beskjed.")
        )
    return "\n".join(lines)
