"""The ledger (regnskapet for året): per network and in total, what was granted, paid out,
reported used, reclaimed and carried over, and what of the year's money was never granted.

One function computes it (``ledger``); the ``ledger`` command and the ledger page only render it.
Whole kroner, exact: a settled network has granted = used + reclaimed + carried over.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from allocation.engine import _joint_measures
from allocation.models import AllocationRun, RunStatus
from allocation.selectors import nb_sort_key
from grants.models import Decision, PayoutInstalment, SchemeYear, Settlement
from workflow.amounts import reported_costs
from workflow.models import Case

#: The amounts of a ledger row, in the order the JSON and the table show them.
COLUMNS = ("granted", "paid", "used", "reclaimed", "carried_over")


@dataclass(frozen=True)
class LedgerRow:
    network: str
    granted: int = 0
    paid: int = 0
    used: int = 0
    reclaimed: int = 0
    carried_over: int = 0
    #: the joint-measures case's row (shown last)
    joint: bool = field(default=False, compare=False)

    @property
    def open(self) -> int:
        """Granted and not yet accounted for (used, reclaimed or carried over)."""
        return self.granted - self.used - self.reclaimed - self.carried_over

    def as_dict(self) -> dict[str, Any]:
        return {"network": self.network, **{name: getattr(self, name) for name in COLUMNS}}


@dataclass(frozen=True)
class Ledger:
    year: int
    total: int
    joint_set_aside: int
    rows: list[LedgerRow]
    #: money carried into this year from the year before, per network name
    carried_in: dict[str, int] = field(default_factory=dict)

    @property
    def totals(self) -> dict[str, int]:
        return {name: sum(getattr(row, name) for row in self.rows) for name in COLUMNS}

    @property
    def unspent(self) -> int:
        """The year's money that was never granted (refused, withdrawn, granted below the
        frame, or the joint-measures share not yet granted)."""
        return self.total - self.totals["granted"]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``manage.py ledger --format json`` (kept exactly)."""
        return {
            "year": self.year,
            "total": self.total,
            "joint_set_aside": self.joint_set_aside,
            "unspent": self.unspent,
            "networks": [row.as_dict() for row in self.rows],
            "totals": self.totals,
        }


def joint_set_aside(scheme_year: SchemeYear) -> int:
    """The share set aside for joint measures: the frozen allocation's, else computed from the
    year's settings as the allocation would."""
    frozen = (
        AllocationRun.objects.filter(scheme_year=scheme_year, status=RunStatus.FROZEN)
        .values_list("joint_measures", flat=True)
        .first()
    )
    if frozen is not None:
        return int(frozen)
    return int(
        _joint_measures(
            int(scheme_year.total_amount),
            None if scheme_year.joint_amount is None else int(scheme_year.joint_amount),
            scheme_year.joint_percent,
        )
    )


def _is_joint(network: Any) -> bool:
    """The joint-measures case is kept as a special network; its row comes last."""
    return bool(getattr(network, "is_joint", False) or getattr(network, "is_joint_measures", False))


def _by_network(rows) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for network_id, amount in rows:
        totals[network_id] += int(amount or 0)
    return totals


def settled_by_network(scheme_year: SchemeYear) -> tuple[dict[int, int], dict[int, int]]:
    """What the year's settlements claimed back and carried over, per network id (0 if none)."""
    reclaimed: dict[int, int] = defaultdict(int)
    carried: dict[int, int] = defaultdict(int)
    settled = Settlement.objects.filter(scheme_year=scheme_year).values_list(
        "network_id", "kind", "amount"
    )
    for network_id, kind, amount in settled:
        target = reclaimed if kind == Settlement.Kind.REPAYMENT else carried
        target[network_id] += int(amount)
    return reclaimed, carried


def ledger(scheme_year: SchemeYear) -> Ledger:
    """The year's ledger, read in a fixed number of queries."""
    year = scheme_year
    networks = [
        case.network for case in Case.objects.filter(scheme_year=year).select_related("network")
    ]
    granted = _by_network(
        Decision.objects.filter(scheme_year=year, status=Decision.Status.DECIDED).values_list(
            "network_id", "amount"
        )
    )
    paid = _by_network(
        PayoutInstalment.objects.filter(
            decision__scheme_year=year, status=PayoutInstalment.Status.PAID
        )
        .order_by()
        .values("decision__network_id")
        .annotate(total=Sum("amount"))
        .values_list("decision__network_id", "total")
    )
    used = _by_network(
        reported_costs()
        .filter(report__scheme_year=year)
        .order_by()
        .values("report__network_id")
        .annotate(total=Sum("used"))
        .values_list("report__network_id", "total")
    )
    reclaimed, carried = settled_by_network(year)
    rows = [
        LedgerRow(
            network=network.name,
            granted=granted[network.pk],
            paid=paid[network.pk],
            used=used[network.pk],
            reclaimed=reclaimed[network.pk],
            carried_over=carried[network.pk],
            joint=_is_joint(network),
        )
        for network in networks
    ]
    rows.sort(key=lambda row: (row.joint, nb_sort_key(row.network)))
    carried_in: dict[str, int] = defaultdict(int)
    for name, amount in Settlement.objects.filter(
        kind=Settlement.Kind.CARRY_OVER, carried_to_year=year.year
    ).values_list("network__name", "amount"):
        carried_in[name] += int(amount)
    return Ledger(
        year=year.year,
        total=int(year.total_amount),
        joint_set_aside=joint_set_aside(year),
        rows=rows,
        carried_in=dict(carried_in),
    )


def group_digits(amount: int) -> str:
    """``1234567`` as ``1 234 567`` (plain spaces: the command's table)."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", " ")


def ledger_table(ledger: Ledger, *, headers: dict[str, str]) -> str:
    """The ledger as a text table with aligned columns (``headers``: the column titles by name,
    ``network`` and each of ``COLUMNS``; ``total``, ``joint_set_aside``, ``unspent`` and
    ``sum`` for the lines below)."""
    names = ("network", *COLUMNS)
    body = [[row.network, *(group_digits(getattr(row, n)) for n in COLUMNS)] for row in ledger.rows]
    footer = [headers["sum"], *(group_digits(ledger.totals[n]) for n in COLUMNS)]
    table = [[headers[n] for n in names], *body, footer]
    widths = [max(len(line[i]) for line in table) for i in range(len(names))]

    def render(line: list[str]) -> str:
        first = line[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * width for width in widths)
    lines = [render(table[0]), rule, *(render(line) for line in body), rule, render(footer), ""]
    label_width = max(len(headers[k]) for k in ("total", "joint_set_aside", "unspent"))
    amounts = [ledger.total, ledger.joint_set_aside, ledger.unspent]
    amount_width = max(len(group_digits(a)) for a in amounts)
    for key, amount in zip(("total", "joint_set_aside", "unspent"), amounts, strict=True):
        lines.append(
            f"{headers[key].ljust(label_width)}  {group_digits(amount).rjust(amount_width)}"
        )
    return "\n".join(lines) + "\n"
