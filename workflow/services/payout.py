"""Utbetaling: each vedtak's payout plan per payee, payout batches for the accounting system, and
marking a batch paid.

A vedtak in force gets a plan when it is made (``payout_plan_create``, in the decision's
transaction): one instalment per payee for its whole share, due the day the vedtak was made. The
network's host owner receives the network's part, each UH institution of the partnership its
share of the UH part. Statsforvalteren may split a payee's unpaid share into instalments with
other dates (``payout_instalments_set``), puts the due instalments in a batch
(``payout_batch_create``: refused when a payee lacks an organisation number or account number, or
when the batch would pay more than was granted), exports it, and marks it paid with the date
(``payout_batch_mark_paid``), which notifies each party.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_date_nb, format_kroner
from grants.events import document_event, year_event
from grants.locks import ensure_year_open
from grants.models import Decision, PayoutBatch, PayoutInstalment, SchemeYear
from networks.models import Owner, University, User
from networks.selectors import network_parties

from .. import permissions as perms
from ..messages import (
    PAYOUT_NOTHING_DUE,
    PAYOUT_OVER_GRANTED,
    PAYOUT_PAID_IN_FUTURE,
    PAYOUT_PAYEE_MISSING,
    PAYOUT_PLAN_SUM,
    PAYOUT_SETTINGS_MISSING,
)
from ..models import Case
from ..rules import today

P = PayoutInstalment.Status

#: Instalments that count against what was granted: paid, or on their way (planned).
NOT_CANCELLED = ~Q(status=P.CANCELLED)


def _party_key(party: Owner | University) -> tuple[str, int]:
    return ("owner" if isinstance(party, Owner) else "university", party.pk)


def payout_shares(decision: Decision) -> list[tuple[Owner | University, int]]:
    """Who receives what of a vedtak: the host owner the network's part, the partnership's UH
    institutions the UH part, split evenly (the first ones take the odd kroner) so the shares add
    up to the amount exactly; without a host owner the UH institutions receive it all. A payee
    with nothing to receive is left out."""
    parties = network_parties(decision.network)
    shares: list[tuple[Owner | University, int]] = []
    host = next((party for party in parties if isinstance(party, Owner)), None)
    universities = [party for party in parties if isinstance(party, University)]
    uh_amount = int(decision.uh_amount)
    network_amount = int(decision.amount) - uh_amount
    if not universities:
        network_amount, uh_amount = int(decision.amount), 0
    elif host is None:
        # No host owner (the joint measures with a UH institution as recipient): the UH
        # institutions receive the whole amount.
        network_amount, uh_amount = 0, int(decision.amount)
    if host is not None:
        shares.append((host, network_amount))
    if universities:
        each, odd = divmod(uh_amount, len(universities))
        shares += [(u, each + (1 if i < odd else 0)) for i, u in enumerate(universities)]
    return [(party, amount) for party, amount in shares if amount > 0]


def _earlier_instalments(decision: Decision):
    """The network's instalments of the year on other vedtak (the ones this one replaced)."""
    return PayoutInstalment.objects.filter(
        decision__scheme_year_id=decision.scheme_year_id,
        decision__network_id=decision.network_id,
    ).exclude(decision=decision)


def payout_plan_create(decision: Decision, *, due_on: dt.date | None = None) -> list[Any]:
    """The payout plan of a vedtak just made (in its transaction): one instalment per payee, due
    ``due_on`` (the day it was made). For a vedtak that replaces another, the old vedtak's
    instalments not yet in a batch are cancelled, and what was already paid or batched to a payee
    is taken off its new share."""
    due_on = due_on or today()
    taken: dict[tuple[str, int], int] = defaultdict(int)
    if decision.supersedes_id:
        earlier = _earlier_instalments(decision)
        earlier.filter(status=P.PLANNED, batch__isnull=True).update(status=P.CANCELLED)
        for row in earlier.filter(NOT_CANCELLED).values("owner_id", "university_id", "amount"):
            key = (
                ("owner", row["owner_id"])
                if row["owner_id"]
                else ("university", row["university_id"])
            )
            taken[key] += int(row["amount"])
    made = []
    for party, amount in payout_shares(decision):
        left = amount - taken[_party_key(party)]
        if left <= 0:
            continue
        made.append(
            PayoutInstalment(
                decision=decision,
                **{_party_key(party)[0]: party},
                payee_name=party.name,
                amount=left,
                due_on=due_on,
            )
        )
    return PayoutInstalment.objects.bulk_create(made)


def _can_manage(actor: User) -> None:
    if not perms.can_manage_payouts(actor):
        raise PermissionDenied


@transaction.atomic
def payout_instalments_set(
    *,
    actor: User,
    decision: Decision,
    owner: Owner | None = None,
    university: University | None = None,
    instalments: Iterable[tuple[dt.date, int]],
) -> list[PayoutInstalment]:
    """Replace one payee's editable instalments (planned, in no batch) of a vedtak in force by
    ``instalments`` (due date, amount). Together they must make up what is left of the payee's
    share, to the krone."""
    _can_manage(actor)
    ensure_year_open(decision)
    if decision.status != Decision.Status.DECIDED:
        raise DomainError(_("Bare et vedtak som gjelder, kan ha en utbetalingsplan."))
    party = owner or university
    if party is None:
        raise ValueError("an owner or a university is the payee")
    party_filter = {"owner": owner} if owner is not None else {"university": university}
    rows = [(due, int(amount)) for due, amount in instalments]
    for _due, amount in rows:
        if amount <= 0:
            raise DomainError(_("Hver utbetaling må være minst 1 kr."), field="instalments")
    mine = PayoutInstalment.objects.filter(decision=decision, **party_filter).order_by("pk")
    list(mine.select_for_update(of=("self",)))
    editable = mine.filter(status=P.PLANNED, batch__isnull=True)
    locked = int(
        mine.filter(NOT_CANCELLED)
        .exclude(pk__in=editable.values("pk"))
        .aggregate(total=Sum("amount"))["total"]
        or 0
    )
    # What is left of the payee's share: the editable instalments add up to it.
    expected = int(sum(editable.values_list("amount", flat=True)))
    if sum(a for _d, a in rows) != expected:
        raise DomainError(
            PAYOUT_PLAN_SUM
            % {
                "payee": party.name,
                "expected": format_kroner(expected),
                "given": format_kroner(sum(a for _d, a in rows)),
                "locked": format_kroner(locked),
            },
            field="instalments",
        )
    editable.delete()
    made = PayoutInstalment.objects.bulk_create(
        [
            PayoutInstalment(
                decision=decision, **party_filter, payee_name=party.name, amount=a, due_on=d
            )
            for d, a in sorted(rows)
        ]
    )
    document_event(
        decision,
        "payout_plan_changed",
        _("Utbetalingsplanen til %(payee)s ble endret: %(count)s utbetalinger.")
        % {"payee": party.name, "count": len(made)},
        actor=actor,
    )
    return made


def _payee_problems(instalments: list[PayoutInstalment]) -> list[str]:
    problems = []
    seen: set[tuple[str, int]] = set()
    for instalment in instalments:
        payee = instalment.payee
        key = _party_key(payee)
        if key in seen:
            continue
        seen.add(key)
        missing = payee.missing_for_payment()
        if missing:
            problems.append(
                PAYOUT_PAYEE_MISSING % {"payee": payee.name, "missing": " og ".join(missing)}
            )
    return problems


def _over_granted(instalments: list[PayoutInstalment]) -> list[str]:
    """For each vedtak in the batch: what was paid or batched before, plus the batch, may not
    exceed the amount granted (over every vedtak of the network's year, since a replaced vedtak's
    payouts count towards the one in force)."""
    problems = []
    by_decision: dict[int, list[PayoutInstalment]] = defaultdict(list)
    for instalment in instalments:
        by_decision[instalment.decision_id].append(instalment)
    for items in by_decision.values():
        decision = items[0].decision
        batched_before = int(
            PayoutInstalment.objects.filter(
                decision__scheme_year_id=decision.scheme_year_id,
                decision__network_id=decision.network_id,
                batch__isnull=False,
            )
            .filter(NOT_CANCELLED)
            .aggregate(total=Sum("amount"))["total"]
            or 0
        )
        in_batch = sum(int(i.amount) for i in items)
        if batched_before + in_batch > decision.amount:
            problems.append(
                PAYOUT_OVER_GRANTED
                % {
                    "network": decision.network.name,
                    "total": format_kroner(batched_before + in_batch),
                    "granted": format_kroner(decision.amount),
                }
            )
    return problems


def payout_batch_due(scheme_year: SchemeYear, *, due_by: dt.date):
    """The instalments a new batch would take: planned, in no batch, due by ``due_by``, of a
    vedtak in force."""
    return (
        PayoutInstalment.objects.filter(
            decision__scheme_year=scheme_year,
            decision__status=Decision.Status.DECIDED,
            status=P.PLANNED,
            batch__isnull=True,
            due_on__lte=due_by,
        )
        .select_related("decision__network", "owner", "university")
        .order_by(
            "decision__network__name", F("university_id").asc(nulls_first=True), "due_on", "pk"
        )
    )


@transaction.atomic
def payout_batch_create(
    *, actor: User, scheme_year: SchemeYear, due_by: dt.date | None = None
) -> PayoutBatch:
    """Put every instalment due by ``due_by`` (default today) in a new batch. Refused, with
    nothing saved, when nothing is due, the year has no budget chapter and item, a payee lacks an
    organisation number or account number, or a vedtak would be paid more than was granted."""
    _can_manage(actor)
    ensure_year_open(scheme_year)
    due_by = due_by or today()
    SchemeYear.objects.select_for_update().filter(pk=scheme_year.pk).first()
    instalments = list(payout_batch_due(scheme_year, due_by=due_by))
    if not instalments:
        raise DomainError(PAYOUT_NOTHING_DUE % {"date": format_date_nb(due_by)})
    problems = []
    if not (scheme_year.budget_chapter.strip() and scheme_year.budget_item.strip()):
        problems.append(str(PAYOUT_SETTINGS_MISSING))
    problems += _payee_problems(instalments)
    problems += _over_granted(instalments)
    if problems:
        raise DomainError(" ".join(problems), code="payout_refused")
    number = (
        PayoutBatch.objects.filter(scheme_year=scheme_year).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    batch = PayoutBatch.objects.create(scheme_year=scheme_year, number=number, created_by=actor)
    for instalment in instalments:
        payee = instalment.payee
        instalment.batch = batch
        instalment.org_number = payee.org_number
        instalment.account_number = payee.account_number
    PayoutInstalment.objects.bulk_update(instalments, ["batch", "org_number", "account_number"])
    year_event(
        scheme_year,
        "payout_batch_created",
        _("Utbetalingsbunt %(ref)s ble laget: %(count)s utbetalinger, %(total)s.")
        % {
            "ref": batch.reference,
            "count": len(instalments),
            "total": format_kroner(sum(int(i.amount) for i in instalments)),
        },
        actor=actor,
        subject=batch,
    )
    return batch


@transaction.atomic
def payout_batch_mark_paid(*, actor: User, batch: PayoutBatch, paid_on: dt.date) -> PayoutBatch:
    """The accounting system has paid the batch: mark it and its instalments paid on
    ``paid_on`` and notify each network's parties (after commit)."""
    _can_manage(actor)
    ensure_year_open(batch)
    batch = PayoutBatch.objects.select_for_update().select_related("scheme_year").get(pk=batch.pk)
    if batch.status == PayoutBatch.Status.PAID:
        raise DomainError(_("Utbetalingsbunten er allerede markert som betalt."), code="paid")
    if paid_on > today():
        raise DomainError(PAYOUT_PAID_IN_FUTURE, field="paid_on")
    created_on = timezone.localdate(batch.created_at)
    if paid_on < created_on:
        raise DomainError(
            _("Utbetalingsdatoen kan ikke være før bunten ble laget (%(date)s).")
            % {"date": format_date_nb(created_on)},
            field="paid_on",
        )
    batch.status = PayoutBatch.Status.PAID
    batch.paid_on = paid_on
    batch.paid_by = actor
    batch.save(update_fields=["status", "paid_on", "paid_by"])
    batch.instalments.filter(status=P.PLANNED).update(status=P.PAID)
    by_network: dict[int, int] = defaultdict(int)
    for network_id, amount in batch.instalments.values_list("decision__network_id", "amount"):
        by_network[network_id] += int(amount)
    year_event(
        batch.scheme_year,
        "payout_batch_paid",
        _("Utbetalingsbunt %(ref)s ble markert som betalt %(date)s.")
        % {"ref": batch.reference, "date": format_date_nb(paid_on)},
        actor=actor,
        subject=batch,
    )
    cases = list(
        Case.objects.filter(scheme_year=batch.scheme_year, network_id__in=list(by_network))
        .select_related("network", "scheme_year")
        .order_by("network__name")
    )

    def notify() -> None:
        from ..notifications.handovers import payout_handover

        for case in cases:
            payout_handover(
                case=case, amount=by_network[case.network_id], actor=actor, paid_on=paid_on
            )

    transaction.on_commit(notify)
    return batch


@transaction.atomic
def payout_settings_set(*, actor: User, scheme_year: SchemeYear, **values: Any) -> SchemeYear:
    """The year's payout and repayment settings (``SchemeYear.PAYOUT_FIELDS``)."""
    _can_manage(actor)
    ensure_year_open(scheme_year)
    unknown = set(values) - set(SchemeYear.PAYOUT_FIELDS)
    if unknown:
        raise ValueError(f"not payout settings: {sorted(unknown)}")
    for name, value in values.items():
        setattr(scheme_year, name, value)
    scheme_year.full_clean(validate_unique=False, validate_constraints=False)
    scheme_year.save(update_fields=list(values))
    year_event(
        scheme_year,
        "payout_settings_changed",
        _("Innstillingene for utbetaling og tilbakebetaling for %(year)s ble endret.")
        % {"year": scheme_year.year},
        actor=actor,
        subject=scheme_year,
    )
    return scheme_year
