"""What still stands between a scheme year and its closing: the year's checklist.

The checklist is a list of checks (``YEAR_CHECKS``). Each check has a title and a function that
returns what is still missing for the year, one ``Missing`` item per case or document, with a link
to where it is put right. The year closes when every check returns nothing
(``workflow.services.scheme_year_close``); the checklist page shows the same rows.

A part of the product that adds something which must be settled before the year closes (payouts,
repayment claims) adds a check: a ``YearCheck`` appended to ``YEAR_CHECKS`` here, or registered
with ``year_check(...)`` from an app that comes later in the dependency order (call it when the
app is ready).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import Appeal, Decision, Report, SchemeYear

from ..models import Case
from ..states import OUTCOME_STATES
from .money import payouts_open


@dataclass(frozen=True)
class Missing:
    """One thing that must be settled before the year can close, and where to settle it."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class YearCheck:
    name: str
    #: the row's heading on the checklist page
    title: Promise | str
    #: what is still missing for the year (empty: the row is done)
    find: Callable[[SchemeYear], list[Missing]]


@dataclass
class ChecklistRow:
    check: YearCheck
    missing: list[Missing] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not self.missing


def _case_url(case: Case) -> str:
    return reverse("case_detail", kwargs={"pk": case.pk})


def _cases(scheme_year: SchemeYear):
    return Case.objects.filter(scheme_year=scheme_year).select_related("network")


def _cases_without_outcome(scheme_year: SchemeYear) -> list[Missing]:
    open_cases = _cases(scheme_year).exclude(state__in=list(OUTCOME_STATES))
    return [
        Missing(
            _("%(network)s: saken er i steget «%(state)s» og har ikke fått et utfall.")
            % {"network": case.network.name, "state": case.get_state_display()},
            _case_url(case),
        )
        for case in open_cases.order_by("network__name")
    ]


def _reports_not_approved(scheme_year: SchemeYear) -> list[Missing]:
    """Every report is approved (the money helper's repayment decision settles one too: see the
    module's docstring for how its check is added). An approved interim report is not the
    report: its final report follows, and is listed here until it is approved."""
    cases = {
        case.network_id: case
        for case in _cases(scheme_year).filter(report__isnull=False).select_related("report")
    }
    waiting = Report.objects.filter(scheme_year=scheme_year).exclude(status=Report.Status.APPROVED)
    interim_approved = dict.fromkeys(
        Report.objects.filter(
            scheme_year=scheme_year, kind=Report.Kind.INTERIM, status=Report.Status.APPROVED
        ).values_list("network_id", flat=True),
        True,
    )
    found = []
    for report in waiting.order_by("network__name"):
        case = cases.get(report.network_id)
        if case is None or case.state in OUTCOME_STATES - {Case.State.AVSLUTTET}:
            # A refused or withdrawn case's unused report is settled by its outcome.
            continue
        if report.kind == Report.Kind.INTERIM:
            text = _("%(network)s: delrapporten er ikke godkjent (%(status)s).")
        elif case.report_id == report.pk and interim_approved.get(report.network_id):
            text = _(
                "%(network)s: sluttrapporten er ikke godkjent (%(status)s); delrapporten er "
                "godkjent."
            )
        else:
            text = _("%(network)s: rapporten er ikke godkjent (%(status)s).")
        found.append(
            Missing(
                text % {"network": case.network.name, "status": report.get_status_display()},
                _case_url(case),
            )
        )
    return found


def _appeals_open(scheme_year: SchemeYear) -> list[Missing]:
    open_appeals = (
        Appeal.objects.filter(decision__scheme_year=scheme_year)
        .filter(
            Q(outcome=Appeal.Outcome.PENDING)
            | Q(outcome=Appeal.Outcome.FORWARDED, ruling=Appeal.Ruling.NONE)
        )
        .select_related("decision__network")
        .order_by("decision__network__name", "lodged_at")
    )
    return [
        Missing(
            _("%(network)s: en klage er ikke avgjort (%(outcome)s).")
            % {"network": appeal.decision.network.name, "outcome": appeal.get_outcome_display()},
            reverse("appeal_decide", kwargs={"pk": appeal.pk}),
        )
        for appeal in open_appeals
    ]


def _corrections_undecided(scheme_year: SchemeYear) -> list[Missing]:
    drafts = (
        Decision.objects.filter(
            scheme_year=scheme_year, status=Decision.Status.DRAFT, supersedes__isnull=False
        )
        .select_related("network")
        .order_by("network__name")
    )
    return [
        Missing(
            _("%(network)s: det nye vedtaket etter klage er ikke fattet.")
            % {"network": draft.network.name},
            reverse("decision_detail", kwargs={"pk": draft.pk}),
        )
        for draft in drafts
    ]


#: The rows of the year's checklist, in the order the page shows them.
def _payouts_open(scheme_year: SchemeYear) -> list[Missing]:
    return [Missing(text, url) for text, url in payouts_open(scheme_year)]


YEAR_CHECKS: list[YearCheck] = [
    YearCheck("outcomes", gettext_lazy("Alle saker har fått et utfall"), _cases_without_outcome),
    YearCheck("reports", gettext_lazy("Alle rapporter er godkjent"), _reports_not_approved),
    YearCheck("appeals", gettext_lazy("Alle klager er avgjort"), _appeals_open),
    YearCheck(
        "corrections",
        gettext_lazy("Alle nye vedtak etter klage er fattet"),
        _corrections_undecided,
    ),
    YearCheck(
        "payouts", gettext_lazy("Alle utbetalinger er betalt eller kansellert"), _payouts_open
    ),
    # Repayment claims need no row of their own: one is decided when its report is approved.
]


def year_check(check: YearCheck) -> YearCheck:
    """Add a row to the checklist (once per name) from a part of the product that comes later."""
    if all(existing.name != check.name for existing in YEAR_CHECKS):
        YEAR_CHECKS.append(check)
    return check


def year_checklist(scheme_year: SchemeYear) -> list[ChecklistRow]:
    """Every check of the year, with what is still missing for each."""
    return [ChecklistRow(check, check.find(scheme_year)) for check in YEAR_CHECKS]


def year_missing(scheme_year: SchemeYear) -> list[Missing]:
    """Everything still missing before the year can close (empty: it may close)."""
    return [item for row in year_checklist(scheme_year) for item in row.missing]
