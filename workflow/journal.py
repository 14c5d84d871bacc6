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
    return journal_record(
        case=case,
        document=case.decision_basis,
        kind=K.DECISION_BASIS,
        direction=D.INCOMING,
        title=_("Beslutningsgrunnlag %(year)s – %(network)s")
        % {"year": case.scheme_year.year, "network": case.network.name},
        correspondent=_partnership(case),
        actor=actor,
    )


@in_record_language
def recommendation_noted(*, actor, case: Case, recommendation) -> JournalEntry:
    return journal_record(
        case=case,
        document=recommendation,
        kind=K.RECOMMENDATION,
        direction=D.INTERNAL,
        title=_("Innstilling fra samarbeidsforum %(year)s – %(network)s")
        % {"year": case.scheme_year.year, "network": case.network.name},
        correspondent=_("Samarbeidsforum"),
        actor=actor,
    )


@in_record_language
def appeal_received(*, actor, case: Case, appeal: Appeal) -> JournalEntry:
    return journal_record(
        case=case,
        document=appeal,
        kind=K.APPEAL,
        direction=D.INCOMING,
        title=_("Klage på vedtak om tilskudd %(year)s – %(network)s")
        % {"year": case.scheme_year.year, "network": case.network.name},
        correspondent=_partnership(case),
        actor=actor,
    )


@in_record_language
def report_received(*, actor, case: Case) -> JournalEntry:
    return journal_record(
        case=case,
        document=case.report,
        kind=K.REPORT,
        direction=D.INCOMING,
        title=_("Rapport %(year)s – %(network)s")
        % {"year": case.scheme_year.year, "network": case.network.name},
        correspondent=_partnership(case),
        actor=actor,
    )
