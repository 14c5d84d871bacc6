"""Reads of the records: the public journal (offentleglova § 10) and free-text search over the
cases and documents a user may see.

Search uses PostgreSQL full-text search with the Norwegian configuration (stemming: «tiltakene»
finds «tiltak»), ranked, with the database's own highlighting; on SQLite (the embedded default)
it falls back to matching every word as a substring and highlights in Python.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import Appeal, DecisionBasis, JournalEntry, NeedsReport, Report
from networks.permissions import access_for
from workflow.models import Case

PUBLIC_PAGE_SIZE = 50
SEARCH_LIMIT = 50
SEARCH_CONFIG = "norwegian"


# --- the public journal ----------------------------------------------------------------------


def public_journal(
    *, date_from: dt.date, date_to: dt.date, query: str = ""
) -> QuerySet[JournalEntry]:
    """Entries journaled in the range, newest first. The text search never looks at a restricted
    title (only at its screened public title), nor at a private person's name, so a search cannot
    reveal what is screened."""
    entries = JournalEntry.objects.filter(
        journal_date__gte=date_from, journal_date__lte=date_to
    ).order_by("-journal_date", "-journal_sequence")
    for word in query.split():
        entries = entries.filter(
            Q(restricted=False, title__icontains=word)
            | Q(restricted=True, public_title__icontains=word)
            | Q(correspondent_is_person=False, correspondent__icontains=word)
            | Q(case_number__icontains=word)
        )
    return entries


@dataclass(frozen=True)
class PublicEntry:
    """What the public journal shows of an entry: nothing beyond what offentleglova allows."""

    pk: int
    reference: str
    journal_date: dt.date
    document_date: dt.date
    direction: str
    title: str
    correspondent: str
    restriction_basis: str
    access_request: str


def access_request_link(entry: JournalEntry) -> str:
    from urllib.parse import quote

    subject = _("Innsynskrav i %(reference)s") % {"reference": entry.document_reference}
    body = _(
        "Jeg ber om innsyn i dokument %(reference)s «%(title)s», journalført %(date)s.\n\n"
        "Navn:\nE-post:\n"
    ) % {
        "reference": entry.document_reference,
        "title": entry.shown_title,
        "date": entry.journal_date.isoformat(),
    }
    return f"mailto:{settings.RECORDS_ACCESS_EMAIL}?subject={quote(subject)}&body={quote(body)}"


def public_entry(entry: JournalEntry) -> PublicEntry:
    correspondent = entry.correspondent
    if entry.correspondent_is_person:
        correspondent = "****"
    return PublicEntry(
        pk=entry.pk,
        reference=entry.document_reference,
        journal_date=entry.journal_date,
        document_date=entry.document_date,
        direction=entry.get_direction_display(),
        title=entry.shown_title,
        correspondent=correspondent,
        restriction_basis=entry.restriction_basis,
        access_request=access_request_link(entry),
    )


# --- search ------------------------------------------------------------------------------------

KIND_LABELS = {
    "sak": gettext_lazy("Sak"),
    "behovsmelding": gettext_lazy("Behovsmelding"),
    "beslutningsgrunnlag": gettext_lazy("Beslutningsgrunnlag"),
    "rapport": gettext_lazy("Rapport"),
    "klage": gettext_lazy("Klage"),
}


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    year: int
    network: str
    snippet: SafeString
    rank: float = 0.0

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _text(*fields: str):
    parts = []
    for name in fields:
        parts += [Coalesce(F(name), Value(""), output_field=TextField()), Value(" ")]
    return Concat(*parts, output_field=TextField())


def _sources(user):
    """Each searchable kind: its queryset scoped to what ``user`` may see, its text, its title and
    its link."""
    access = access_for(user)
    networks = None if access.is_regional else access.member_network_ids
    cases = Case.objects.select_related("network", "scheme_year")
    needs = NeedsReport.objects.select_related("owner", "network", "scheme_year").filter(
        status=NeedsReport.Status.SUBMITTED
    )
    bases = DecisionBasis.objects.select_related("network", "scheme_year", "case")
    # an interim report is no case's current report: its case is found by network and year
    reports = Report.objects.select_related("network", "scheme_year").annotate(
        case_pk=Subquery(
            Case.objects.filter(
                scheme_year_id=OuterRef("scheme_year_id"), network_id=OuterRef("network_id")
            ).values("pk")[:1]
        )
    )
    appeals = Appeal.objects.select_related("decision__network", "decision__scheme_year")
    if networks is not None:
        cases = cases.filter(network_id__in=networks)
        needs = needs.filter(
            Q(owner_id__in=access.owner_ids) | Q(network_id__in=access.partnership_network_ids)
        )
        bases = bases.filter(network_id__in=networks)
        reports = reports.filter(network_id__in=networks)
        appeals = appeals.filter(decision__network_id__in=networks)
    return {
        "sak": (
            cases,
            ("case_number", "network__name"),
            lambda c: (
                _("Sak %(number)s – %(network)s")
                % {"number": c.case_number or "", "network": c.network.name},
                reverse("case_detail", args=[c.pk]),
                c.scheme_year.year,
                c.network.name,
            ),
        ),
        "behovsmelding": (
            needs,
            ("owner__name", "themes", "involvement"),
            lambda n: (
                _("Behovsmelding fra %(owner)s") % {"owner": n.owner.name},
                reverse("needs_report_detail", args=[n.pk]),
                n.scheme_year.year,
                n.network.name,
            ),
        ),
        "beslutningsgrunnlag": (
            bases,
            ("network__name", "summary"),
            lambda b: (
                _("Beslutningsgrunnlag – %(network)s") % {"network": b.network.name},
                reverse("case_documents", args=[b.case.pk]),
                b.scheme_year.year,
                b.network.name,
            ),
        ),
        "rapport": (
            reports,
            ("network__name", "assessment"),
            lambda r: (
                (_("Delrapport – %(network)s") if r.is_interim else _("Rapport – %(network)s"))
                % {"network": r.network.name},
                reverse("case_documents", args=[r.case_pk]),
                r.scheme_year.year,
                r.network.name,
            ),
        ),
        "klage": (
            appeals,
            ("decision__network__name", "text"),
            lambda a: (
                _("Klage – %(network)s") % {"network": a.decision.network.name},
                reverse("decision_detail", args=[a.decision_id]),
                a.decision.scheme_year.year,
                a.decision.network.name,
            ),
        ),
    }


def _highlight(text: str, words: list[str], width: int = 200) -> SafeString:
    """An escaped excerpt around the first match, every match wrapped in <mark>."""
    text = " ".join(text.split())
    lowered = text.lower()
    first = min((i for i in (lowered.find(w.lower()) for w in words) if i >= 0), default=0)
    start = max(0, first - width // 3)
    excerpt = text[start : start + width]
    pattern = re.compile("|".join(re.escape(w) for w in words if w), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(excerpt):
        out += [escape(excerpt[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    out.append(escape(excerpt[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)


def _postgres(queryset, fields, query: str):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    vector = SearchVector(*fields, config=SEARCH_CONFIG)
    return (
        queryset.annotate(rank=SearchRank(vector, search))
        .filter(rank__gt=0)
        .annotate(
            snippet=SearchHeadline(
                _text(*fields),
                search,
                config=SEARCH_CONFIG,
                start_sel="<mark>",
                stop_sel="</mark>",
                max_words=35,
                min_words=15,
            ),
        )
        .order_by("-rank")[:SEARCH_LIMIT]
    )


def _fallback(queryset, fields, words: list[str]):
    queryset = queryset.annotate(search_text=_text(*fields))
    for word in words:
        queryset = queryset.filter(search_text__icontains=word)
    return queryset[:SEARCH_LIMIT]


def search(*, viewer, query: str, kind: str = "", year: int | None = None) -> list[Hit]:
    """Cases and documents ``viewer`` may see that match ``query``, best first."""
    words = query.split()
    if not words:
        return []
    hits: list[Hit] = []
    postgres = connection.vendor == "postgresql"
    for name, (queryset, fields, describe) in _sources(viewer).items():
        if kind and name != kind:
            continue
        if year is not None:
            year_field = "decision__scheme_year__year" if name == "klage" else "scheme_year__year"
            queryset = queryset.filter(**{year_field: year})
        rows = (
            _postgres(queryset, fields, query) if postgres else _fallback(queryset, fields, words)
        )
        for row in rows:
            title, url, row_year, network = describe(row)
            if postgres:
                snippet = _safe_headline(row.snippet)
                rank = float(row.rank)
            else:
                snippet = _highlight(row.search_text, words)
                rank = 0.0
            hits.append(Hit(name, title, url, row_year, network, snippet, rank))
    hits.sort(key=lambda h: (-h.rank, h.kind, h.title))
    return hits


def _safe_headline(headline: str) -> SafeString:
    """PostgreSQL's headline marks matches but does not escape the text: escape it, then put the
    marks back."""
    marked = str(escape(headline))
    marked = marked.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
    return mark_safe(marked)
