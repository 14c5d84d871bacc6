"""Reads of needs reports (behovsmelding): an owner's overview and the scoped list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from grants.models import LocalDeadline, NeedsReport, SchemeYear
from networks.models import Network, Owner, User
from networks.permissions import access_for

from .. import permissions as perms
from ._common import list_filtered


@dataclass
class OwnerYear:
    """An owner's needs report for a year as its contact sees it (``report`` may not exist)."""

    owner: Owner
    scheme_year: SchemeYear
    report: NeedsReport | None
    deadline: dt.date
    editable: bool


def owner_needs_overview(*, viewer: User, today: dt.date) -> list[OwnerYear]:
    """For an owner contact: every owner they speak for × every scheme year, newest year first."""
    access = access_for(viewer)
    owners = list(Owner.objects.filter(pk__in=access.owner_ids).order_by("name"))
    if not owners:
        return []
    years = list(SchemeYear.objects.order_by("-year"))
    reports = {
        (r.owner_id, r.scheme_year_id): r
        for r in NeedsReport.objects.filter(owner__in=owners).select_related("scheme_year")
    }
    local = {
        (d.network_id, d.scheme_year_id): d.needs_deadline
        for d in LocalDeadline.objects.filter(network_id__in={o.network_id for o in owners})
    }
    rows = []
    for scheme_year in years:
        for owner in owners:
            report = reports.get((owner.pk, scheme_year.pk))
            deadline = local.get((owner.network_id, scheme_year.pk), scheme_year.needs_deadline)
            submitted = report is not None and report.status == NeedsReport.Status.SUBMITTED
            rows.append(
                OwnerYear(
                    owner=owner,
                    scheme_year=scheme_year,
                    report=report,
                    deadline=deadline,
                    editable=not (submitted and today > deadline),
                )
            )
    return rows


def needs_report_list(
    *,
    viewer: User,
    year: int | None = None,
    network: Network | None = None,
    status: str | None = None,
) -> QuerySet[NeedsReport]:
    """The needs reports a person may read: the owners' own, their networks' for partnerships,
    all for the regional bodies."""
    access = access_for(viewer)
    reports = NeedsReport.objects.all()
    if not access.is_regional:
        reports = reports.filter(
            Q(owner_id__in=access.owner_ids) | Q(network_id__in=access.partnership_network_ids)
        )
    reports = list_filtered(reports, year=year, network=network, status=status)
    return reports.select_related("owner", "network", "scheme_year").order_by(
        "-scheme_year__year", "network__name", "owner__name"
    )


def needs_report_get(*, viewer: User, pk: int) -> NeedsReport | None:
    report = (
        NeedsReport.objects.select_related("owner", "network", "scheme_year", "submitted_by")
        .prefetch_related("units")
        .filter(pk=pk)
        .first()
    )
    if report is None or not perms.can_view_needs_report(viewer, report):
        return None
    return report
