"""What the workflow journals, and how: one call at the end of each service that receives a
document (inngående) or writes an internal note. Sent letters are journaled by reporting."""

from __future__ import annotations

from django.utils.translation import gettext as _

from grants.models import Appeal, JournalEntry, NeedsReport
from grants.records.services import in_record_language, journal_record

from .models import Case

K = JournalEntry.Kind
D = JournalEntry.Direction


def _partnership(case: Case) -> str:
    return _("Partnerskapet %(network)s") % {"network": case.network.name}


def _of_case(title: str, case: Case) -> str:
    """A title with the case's ``%(year)s`` and ``%(network)s`` filled in."""
    return title % {"year": case.scheme_year.year, "network": case.network.name}


def _from_partnership(*, actor, case: Case, document, kind: str, title: str) -> JournalEntry:
    """A document the case's partnership sent in (``title`` as for ``_of_case``)."""
    return journal_record(
        case=case,
        document=document,
        kind=kind,
        direction=D.INCOMING,
        title=_of_case(title, case),
        correspondent=_partnership(case),
        actor=actor,
    )


@in_record_language
def needs_report_received(*, actor, report: NeedsReport) -> JournalEntry:
    case = Case.objects.select_related("network").get(
        scheme_year_id=report.scheme_year_id, network_id=report.network_id
    )
    return journal_record(
        case=case,
        document=report,
        kind=K.NEEDS_REPORT,
        direction=D.INCOMING,
        title=_("Behovsmelding %(year)s fra %(owner)s")
        % {"year": report.scheme_year.year, "owner": report.owner.name},
        correspondent=report.owner.name,
        actor=actor,
    )


@in_record_language
def decision_basis_received(*, actor, case: Case) -> JournalEntry:
    return _from_partnership(
        actor=actor,
        case=case,
        document=case.decision_basis,
        kind=K.DECISION_BASIS,
        title=_("Beslutningsgrunnlag %(year)s – %(network)s"),
    )


@in_record_language
def recommendation_noted(*, actor, case: Case, recommendation) -> JournalEntry:
    return journal_record(
        case=case,
        document=recommendation,
        kind=K.RECOMMENDATION,
        direction=D.INTERNAL,
        title=_of_case(_("Innstilling fra samarbeidsforum %(year)s – %(network)s"), case),
        correspondent=_("Samarbeidsforum"),
        actor=actor,
    )


@in_record_language
def appeal_received(*, actor, case: Case, appeal: Appeal) -> JournalEntry:
    return _from_partnership(
        actor=actor,
        case=case,
        document=appeal,
        kind=K.APPEAL,
        title=_("Klage på vedtak om tilskudd %(year)s – %(network)s"),
    )


@in_record_language
def report_received(*, actor, case: Case) -> JournalEntry:
    return _from_partnership(
        actor=actor,
        case=case,
        document=case.report,
        kind=K.REPORT,
        title=_("Delrapport %(year)s – %(network)s")
        if case.report is not None and case.report.is_interim
        else _("Rapport %(year)s – %(network)s"),
    )
