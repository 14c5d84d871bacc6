"""Behovsmelding: the owners' needs reports and the network's local deadline for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_date_nb
from grants.events import document_event, year_event
from grants.models import LocalDeadline, NeedsReport, SchemeYear
from networks.models import Network, Owner, User

from .. import journal
from .. import permissions as perms
from ..notifications import handovers as notifications
from ..rules import needs_deadline, today
from ._common import bump_version, fields_known, fields_save, permitted_in_open_year, related_set


@transaction.atomic
def local_deadline_set(
    *, actor: User, scheme_year: SchemeYear, network: Network, deadline: dt.date
) -> None:
    permitted_in_open_year(perms.can_set_local_deadline(actor, network), scheme_year)
    if deadline >= scheme_year.decision_basis_deadline:
        raise DomainError(
            _("Den lokale fristen må være før fristen for beslutningsgrunnlag (%(date)s).")
            % {"date": format_date_nb(scheme_year.decision_basis_deadline)},
            field="deadline",
        )
    LocalDeadline.objects.update_or_create(
        scheme_year=scheme_year, network=network, defaults={"needs_deadline": deadline}
    )
    year_event(
        scheme_year,
        "local_deadline_set",
        _("Lokal frist for behovsmelding satt til %(date)s.") % {"date": format_date_nb(deadline)},
        actor=actor,
        network=network,
    )


NEEDS_FIELDS = ("unit_kinds", "target_groups", "themes", "involvement")


@transaction.atomic
def needs_report_save(
    *,
    actor: User,
    scheme_year: SchemeYear,
    owner: Owner,
    expected_version: int | None = None,
    units: Iterable[Any] | None = None,
    **fields: Any,
) -> NeedsReport:
    """Create or update an owner's needs report (draft, or submitted while before the deadline)."""
    permitted_in_open_year(perms.can_write_needs_report(actor, owner), scheme_year)
    fields_known(fields, NEEDS_FIELDS)
    report, created = NeedsReport.objects.get_or_create(
        scheme_year=scheme_year, owner=owner, defaults={"network_id": owner.network_id}
    )
    deadline = needs_deadline(scheme_year=scheme_year, network=owner.network)
    if report.status == NeedsReport.Status.SUBMITTED and today() > deadline:
        raise DomainError(
            _("Behovsmeldingen er sendt, og fristen %(date)s er passert. Den kan ikke endres.")
            % {"date": format_date_nb(deadline)}
        )
    if not created:
        bump_version(report, expected_version, actor=actor)
    report.updated_by = actor
    fields_save(report, fields, "updated_by", "updated_at")
    related_set(
        report.units,
        units,
        belongs=lambda unit: unit.owner_id == owner.pk,
        refused=_("Du kan bare velge virksomheter som tilhører eieren."),
    )
    return report


@transaction.atomic
def needs_report_submit(*, actor: User, report: NeedsReport) -> NeedsReport:
    permitted_in_open_year(perms.can_write_needs_report(actor, report.owner), report)
    if report.status == NeedsReport.Status.SUBMITTED:
        raise DomainError(_("Behovsmeldingen er allerede sendt."))
    problems = []
    if not report.themes.strip():
        problems.append(_("Beskriv tema og behov."))
    if not report.target_groups:
        problems.append(_("Velg minst én målgruppe."))
    if not report.involvement.strip():
        problems.append(_("Beskriv hvordan ansatte og ledere er involvert."))
    if problems:
        raise DomainError(" ".join(problems))
    deadline = needs_deadline(scheme_year=report.scheme_year, network=report.network)
    report.status = NeedsReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.is_late = today() > deadline
    report.save(update_fields=["status", "submitted_at", "submitted_by", "is_late"])
    notifications.needs_report_handover(report=report, actor=actor)
    if report.is_late:
        document_event(
            report,
            "late_submission",
            _("Behovsmelding fra %(owner)s sendt etter fristen %(date)s.")
            % {"owner": report.owner.name, "date": format_date_nb(deadline)},
            actor=actor,
        )
    journal.needs_report_received(actor=actor, report=report)
    return report
