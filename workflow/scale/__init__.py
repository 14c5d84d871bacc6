"""A large, realistic world for load tests and benchmarks, built with bulk inserts.

**Bulk inserts bypass the services on purpose.** Going through the services (one case, one
measure, one transition at a time, with permission checks, audit events and version bumps) takes
minutes for a hundred networks; this builds 1 100 networks × 5 years in well under two minutes by
writing finished rows with ``bulk_create``. The rows are the ones the services would have left:
every case has the documents its state implies (see ``STATE_DOCUMENTS`` below), the transitions
are in django-fsm-log's table, and the money adds up (each decision basis spends exactly its
frozen frame). What it does not write: audit events, emails, reminders already sent, decision
letter PDFs. The demo organisations and users (``networks.demo``) are made first, through the
same code as ``seed_demo``, so every demo login works in the large world too.

The last year is the current one, with the networks spread round-robin over every stage; the
earlier years are closed (every case ``avsluttet``, report approved).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType

from networks.models import University

from ..models import Case
from .common import STAGES, S, ScaleSummary
from .organisations import build_organisations
from .years import _build_year

__all__ = ["STAGES", "ScaleSummary", "build_organisations", "build_scale_world"]


def build_scale_world(
    *,
    networks: int,
    years: int,
    last_year: int,
    progress: Callable[[str], None] = lambda message: None,
) -> ScaleSummary:
    """Build ``networks`` networks (the 11 demo networks among them) over ``years`` years."""
    first_year = last_year - years + 1
    summary = ScaleSummary()
    organisations = build_organisations(networks=networks, year=last_year)
    all_networks, owners_of, users = (
        organisations.networks,
        organisations.owners_of,
        organisations.users,
    )
    deciding = users["statsforvalter"]
    writer = users["koordinator"]
    forum = users["forum"]
    universities = list(University.objects.order_by("pk"))
    summary.networks = len(all_networks)
    summary.owners = sum(len(pks) for pks in owners_of.values())
    progress(f"{summary.networks} nettverk, {summary.owners} eiere, brukere og medlemskap")

    case_type = ContentType.objects.get_for_model(Case)
    for year in range(first_year, last_year + 1):
        current = year == last_year
        states = {
            n.pk: (STAGES[i % len(STAGES)] if current else S.AVSLUTTET)
            for i, n in enumerate(all_networks)
        }
        _build_year(
            year=year,
            networks=all_networks,
            owners_of=owners_of,
            states=states,
            case_type=case_type,
            deciding=deciding,
            approving=users["godkjenner"],
            writer=writer,
            forum=forum,
            secretariat=users["sekretariat"],
            universities=universities,
        )
        summary.years.append(year)
        progress(f"år {year}")

    for state in STAGES:
        summary.cases_by_state[state] = Case.objects.filter(state=state).count()
    return summary
