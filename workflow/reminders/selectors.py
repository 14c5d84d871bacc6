"""Reads for reminders: what each case owes and when (derived from the year's data), who is
reminded (from memberships), the rules in force, and the reminders a person may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import OuterRef, Q, QuerySet, Subquery

from grants.models import (
    Decision,
    LocalDeadline,
    NeedsReport,
    RecommendationLine,
    Report,
    SchemeYear,
)
from networks.models import Membership, Owner, Partnership, User
from networks.permissions import Access, access_for
from networks.roles import Role

from ..states import NO_GRANT_STATES, CaseState
from .models import Obligation, Reminder, ReminderRule
from .rules import ESCALATION, PARTY_ROLE, RESPONSIBLE, ObligationKind, Party

#: What a reminder is read with to be sent, checked or listed (its email names all of them).
REMINDER_RELATED = (
    "rule",
    "recipient",
    "obligation__case__network",
    "obligation__case__scheme_year",
    "obligation__owner",
)

#: Case states in which each case-level obligation has been met.
_PAST_BASIS = frozenset(
    {CaseState.INNSTILLING, CaseState.VEDTAK, CaseState.RAPPORTERING, CaseState.AVSLUTTET}
)
_PAST_RECOMMENDATION = frozenset({CaseState.VEDTAK, CaseState.RAPPORTERING, CaseState.AVSLUTTET})
_REPORTING = frozenset({CaseState.RAPPORTERING, CaseState.AVSLUTTET})
_REPORT_DONE = frozenset({Report.Status.SUBMITTED, Report.Status.APPROVED})


class ObligationSpec(NamedTuple):
    """What the data say an obligation should be (a tuple: there may be 100 000 of them)."""

    case_id: int
    network_id: int
    kind: str
    owner_id: int | None
    due_date: dt.date
    met: bool
    met_at: dt.datetime | None = None

    @property
    def key(self) -> tuple[int, str, int | None]:
        return (self.case_id, self.kind, self.owner_id)


def innstilling_due_date(scheme_year: SchemeYear) -> dt.date:
    """The plan says only "before the decision": the innstilling is due by the vedtak deadline."""
    return scheme_year.decision_deadline


def obligations_compute(
    *,
    scheme_year: SchemeYear,
    case_ids: Iterable[int] | None = None,
    network_ids: Iterable[int] | None = None,
) -> list[ObligationSpec]:
    """Every obligation of the year's cases (or of some of them), with its due date and whether it
    is met, read from the cases and their documents in a fixed number of queries. A refused or
    withdrawn case has none.

    - behovsmelding: one per active owner of the network; due the network's local deadline or the
      year's; met when the owner's needs report is sent.
    - beslutningsgrunnlag: due the year's deadline (or the date the secretariat reopened it to);
      met once the case has moved past the decision-basis stage (open again if returned).
    - innstilling: due by the vedtak deadline; met once the case has moved past the innstilling.
    - vedtak: due the year's vedtak deadline; met when a vedtak is in force.
    - rapport: only once a vedtak is in force; due the vedtak's report deadline (else the year's);
      met when the report is sent or approved (open again if returned); an interim report sent
      meets it (the final report after it has no deadline here).
    """
    from ..models import Case

    cases = Case.objects.filter(scheme_year=scheme_year)
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    if network_ids is not None:
        cases = cases.filter(network_id__in=list(network_ids))
    # The report deadline's obligation is met by an interim report once it is sent; the final
    # report that follows it comes when the measures have ended (no deadline to remind of).
    interim_sent = Report.objects.filter(
        scheme_year_id=OuterRef("scheme_year_id"),
        network_id=OuterRef("network_id"),
        kind=Report.Kind.INTERIM,
        status__in=_REPORT_DONE,
    ).values("submitted_at")[:1]
    rows = list(
        cases.annotate(interim_sent_at=Subquery(interim_sent)).values(
            "id",
            "interim_sent_at",
            "network_id",
            "state",
            "decision_basis_reopened_until",
            "decision_basis__submitted_at",
            "report__status",
            "report__submitted_at",
        )
    )
    if not rows:
        return []
    networks = {row["network_id"] for row in rows}
    whole_year = case_ids is None and network_ids is None
    local = dict(
        LocalDeadline.objects.filter(
            scheme_year=scheme_year, **_in("network_id", networks, whole_year)
        ).values_list("network_id", "needs_deadline")
    )
    owners: dict[int, list[int]] = defaultdict(list)
    for owner_id, network_id in (
        Owner.objects.filter(is_active=True, network_id__in=networks)
        .order_by("id")
        .values_list("id", "network_id")
    ):
        owners[network_id].append(owner_id)
    needs_sent = dict(
        NeedsReport.objects.filter(
            scheme_year=scheme_year,
            status=NeedsReport.Status.SUBMITTED,
            **_in("network_id", networks, whole_year),
        ).values_list("owner_id", "submitted_at")
    )
    recommended = dict(
        RecommendationLine.objects.filter(
            recommendation__scheme_year=scheme_year,
            sent_at__isnull=False,
            **_in("network_id", networks, whole_year),
        ).values_list("network_id", "sent_at")
    )
    decided = {
        network_id: (decided_at, report_deadline)
        for network_id, decided_at, report_deadline in Decision.objects.filter(
            scheme_year=scheme_year,
            status=Decision.Status.DECIDED,
            **_in("network_id", networks, whole_year),
        ).values_list("network_id", "decided_at", "report_deadline")
    }

    specs: list[ObligationSpec] = []
    for row in rows:
        case_id, network_id, state = row["id"], row["network_id"], row["state"]
        if state in NO_GRANT_STATES:
            # A refused or withdrawn case has ended: it owes nothing more, so it has no
            # obligations (those it had are deactivated) and no reminder goes out.
            continue
        needs_due = local.get(network_id, scheme_year.needs_deadline)
        for owner_id in owners.get(network_id, ()):
            sent_at = needs_sent.get(owner_id)
            specs.append(
                ObligationSpec(
                    case_id,
                    network_id,
                    ObligationKind.BEHOVSMELDING,
                    owner_id,
                    needs_due,
                    sent_at is not None,
                    sent_at,
                )
            )
        specs.append(
            ObligationSpec(
                case_id,
                network_id,
                ObligationKind.BESLUTNINGSGRUNNLAG,
                None,
                row["decision_basis_reopened_until"] or scheme_year.decision_basis_deadline,
                state in _PAST_BASIS,
                row["decision_basis__submitted_at"] if state in _PAST_BASIS else None,
            )
        )
        specs.append(
            ObligationSpec(
                case_id,
                network_id,
                ObligationKind.INNSTILLING,
                None,
                innstilling_due_date(scheme_year),
                state in _PAST_RECOMMENDATION,
                recommended.get(network_id) if state in _PAST_RECOMMENDATION else None,
            )
        )
        decision = decided.get(network_id)
        specs.append(
            ObligationSpec(
                case_id,
                network_id,
                ObligationKind.VEDTAK,
                None,
                scheme_year.decision_deadline,
                decision is not None or state in _REPORTING,
                decision[0] if decision else None,
            )
        )
        if decision is not None or state in _REPORTING:
            report_done = row["report__status"] in _REPORT_DONE
            sent_at = row["report__submitted_at"] if report_done else None
            if row["interim_sent_at"] is not None:
                report_done, sent_at = True, row["interim_sent_at"]
            specs.append(
                ObligationSpec(
                    case_id,
                    network_id,
                    ObligationKind.RAPPORT,
                    None,
                    (decision[1] if decision else None) or scheme_year.report_deadline,
                    report_done,
                    sent_at,
                )
            )
    return specs


def _in(field: str, values: set[int], whole_year: bool) -> dict:
    """Restrict to some networks only when computing for part of the year (keeps the whole-year
    queries free of a long IN list)."""
    return {} if whole_year else {f"{field}__in": values}


def scheme_years_in_play(today: dt.date) -> QuerySet[SchemeYear]:
    """The years whose deadlines can fall near ``today``: a year's cycle runs from the needs
    deadline in the autumn before it to the report deadline (or a later one set in a vedtak)."""
    return SchemeYear.objects.filter(year__gte=today.year - 1, year__lte=today.year + 1).order_by(
        "year"
    )


def active_rules() -> list[ReminderRule]:
    return list(ReminderRule.objects.filter(is_active=True).order_by("-offset_days", "code"))


def rule_offsets_by_kind(rules: list[ReminderRule]) -> dict[str, list[int]]:
    return {
        kind: sorted({r.offset_days for r in rules if r.applies_to(kind)}, reverse=True)
        for kind in ObligationKind.values
    }


class RecipientDirectory:
    """Who is reminded for what, read from the memberships once per sweep: owner contacts by
    owner, coordinators by network, UH contacts by partnership network, and the regional roles.
    Only active users with an email address are reminded."""

    def __init__(self) -> None:
        self.by_owner: dict[int, set[int]] = defaultdict(set)
        self.by_network: dict[int, set[int]] = defaultdict(set)
        self.by_role: dict[str, set[int]] = defaultdict(set)
        by_university: dict[int, set[int]] = defaultdict(set)
        memberships = (
            Membership.objects.active().filter(user__is_active=True).exclude(user__email="")
        )
        for user_id, role, owner_id, network_id, university_id in memberships.values_list(
            "user_id", "role", "owner_id", "network_id", "university_id"
        ):
            if role == Role.OWNER_CONTACT:
                self.by_owner[owner_id].add(user_id)
            elif role == Role.NETWORK_COORDINATOR:
                self.by_network[network_id].add(user_id)
            elif role == Role.UH_CONTACT:
                by_university[university_id].add(user_id)
            else:
                self.by_role[role].add(user_id)
        if by_university:
            for network_id, university_id in Partnership.universities.through.objects.filter(
                university_id__in=list(by_university)
            ).values_list("partnership__network_id", "university_id"):
                self.by_network[network_id] |= by_university[university_id]

    def party(self, party: str, *, network_id: int, owner_id: int | None) -> set[int]:
        if party == Party.OWNER:
            return self.by_owner.get(owner_id, set()) if owner_id else set()
        if party == Party.PARTNERSHIP:
            return self.by_network.get(network_id, set())
        return self.by_role.get(PARTY_ROLE[Party(party)], set())

    def responsible(self, kind: str, *, network_id: int, owner_id: int | None) -> set[int]:
        return self.party(RESPONSIBLE[kind], network_id=network_id, owner_id=owner_id)

    def escalation(self, kind: str, *, network_id: int, owner_id: int | None) -> set[int]:
        party = ESCALATION.get(kind)
        if party is None:
            return set()
        return self.party(party, network_id=network_id, owner_id=owner_id)


def _access_is_party(access: Access, party: str, *, network_id: int, owner_id: int | None) -> bool:
    if party == Party.OWNER:
        return owner_id is not None and owner_id in access.owner_ids
    if party == Party.PARTNERSHIP:
        return network_id in access.partnership_network_ids
    return PARTY_ROLE[Party(party)] in access.roles


def concerns(
    access: Access,
    kind: str,
    *,
    network_id: int,
    owner_id: int | None,
    responsible_only: bool = False,
) -> bool:
    """Whether an obligation concerns a person: they answer for it or are told when it is late.
    The same mapping decides who is reminded, so the calendar and the emails agree."""
    parties = [RESPONSIBLE[kind]]
    if kind in ESCALATION and not responsible_only:
        parties.append(ESCALATION[kind])
    return any(
        _access_is_party(access, party, network_id=network_id, owner_id=owner_id)
        for party in parties
    )


def network_scope(access: Access) -> set[int] | None:
    """The networks whose obligations may concern a person (None: all of them)."""
    if access.roles & {PARTY_ROLE[p] for p in PARTY_ROLE}:
        return None
    return set(access.owner_network_ids | access.partnership_network_ids)


def case_reminder_list(*, case, viewer) -> list[Reminder]:
    """The reminders recorded for a case, newest first. The regional bodies and the partnership
    see all of them; an owner contact sees those about its own owners' needs reports and those
    sent to them."""
    access = access_for(viewer)
    reminders = Reminder.objects.filter(obligation__case=case).select_related(
        "rule", "recipient", "obligation__owner"
    )
    if not (access.is_regional or case.network_id in access.partnership_network_ids):
        if case.network_id not in access.owner_network_ids:
            return []
        reminders = reminders.filter(
            Q(obligation__owner_id__in=access.owner_ids) | Q(recipient=viewer)
        )
    return list(reminders.order_by("-created_at", "-id"))


def users_by_id(ids: Iterable[int]) -> dict[int, User]:
    return {u.pk: u for u in User.objects.filter(pk__in=set(ids))}


def open_obligation_count() -> int:
    return Obligation.objects.filter(met_at__isnull=True, is_active=True).count()
