"""The explanation of every number of an allocation ("how did this frame come about") for pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from config.formatting import format_date_nb, format_kroner, format_number
from config.tables import ColumnTotal
from grants.models import SchemeYear
from networks.models import Network

from ..engine import AllocationResult, allocate
from ..models import AllocationLine, AllocationRun
from .inputs import NetworkInput, year_inputs


def plain_number(value: Decimal | int | Fraction) -> str:
    """A weight or count as people write it: 36 160, 1,5 (no trailing zeros)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return format_number(int(value))
        return format_number(value.normalize())
    return format_number(value)


def signed_kroner(value: int | None) -> str:
    """A change in kroner with its sign: +12 345 kr, −12 345 kr, 0 kr; None -> '–'."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + format_kroner(value)


def approx_kroner(value: Fraction) -> str:
    """An exact share to two decimals, Norwegian style: 2 395 467,84 kr."""
    rounded = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return format_kroner(rounded)


def to_decimal(value: Fraction) -> Decimal:
    """An exact Fraction whose denominator divides 10⁴ (weights have at most 4 decimals)."""
    result = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(result) != value:
        raise ValueError(f"{value} is not a decimal with at most 4 places")
    return result


@dataclass
class Row:
    """One network in a table of frames, with the text that explains its numbers."""

    name: str
    pupils: int
    children: int
    weight: Decimal
    base: int
    pro_rata: int
    frame: int
    quota: Fraction
    network: Network | None = None
    owners_counted: int | None = None
    counts_source: str = ""
    counted_on: dt.date | None = None
    formula: str = ""
    weight_formula: str = ""
    rounding_note: str = ""
    compared_frame: int | None = None

    @property
    def difference(self) -> int | None:
        return None if self.compared_frame is None else self.frame - self.compared_frame

    @property
    def difference_text(self) -> str:
        return signed_kroner(self.difference)

    @property
    def weight_text(self) -> str:
        return plain_number(self.weight)

    @property
    def counted_on_text(self) -> str:
        return format_date_nb(self.counted_on) if self.counted_on else ""


@dataclass
class Table:
    """A whole allocation (stored or what-if) explained: summary lines, rows and totals."""

    total: int
    joint_measures: int
    joint_text: str
    base_grant: int
    base_text: str
    distributable: int
    distributable_text: str
    weights_text: str
    weight_total: Decimal
    rows: list[Row] = field(default_factory=list)

    pupils_total = ColumnTotal("pupils")
    children_total = ColumnTotal("children")
    base_total = ColumnTotal("base")
    pro_rata_total = ColumnTotal("pro_rata")
    frames_total = ColumnTotal("frame")

    @property
    def compared_total(self) -> int | None:
        compared = [r.compared_frame for r in self.rows]
        if any(c is None for c in compared):
            return None
        return sum(c for c in compared if c is not None)

    @property
    def difference_total(self) -> int | None:
        compared = self.compared_total
        return None if compared is None else self.frames_total - compared

    @property
    def difference_total_text(self) -> str:
        return signed_kroner(self.difference_total)

    @property
    def weight_total_text(self) -> str:
        return plain_number(self.weight_total)

    @property
    def has_comparison(self) -> bool:
        return any(r.compared_frame is not None for r in self.rows)


def _explain_rows(
    rows: list[Row],
    *,
    distributable: int,
    weight_total: Decimal,
    pupil_w: Decimal,
    child_w: Decimal,
) -> None:
    for row in rows:
        row.weight_formula = _(
            "%(pw)s × %(pupils)s elever + %(cw)s × %(children)s barn = %(w)s"
        ) % {
            "pw": plain_number(pupil_w),
            "pupils": format_number(row.pupils),
            "cw": plain_number(child_w),
            "children": format_number(row.children),
            "w": plain_number(row.weight),
        }
        if weight_total:
            share = _("%(distributable)s × %(weight)s / %(total)s") % {
                "distributable": format_kroner(distributable),
                "weight": plain_number(row.weight),
                "total": plain_number(weight_total),
            }
        else:
            share = format_kroner(0)
        row.formula = _("%(name)s: %(base)s + %(share)s = %(base)s + %(pro_rata)s = %(frame)s") % {
            "name": row.name,
            "base": format_kroner(row.base),
            "share": share,
            "pro_rata": format_kroner(row.pro_rata),
            "frame": format_kroner(row.frame),
        }
        if row.quota.denominator == 1:
            row.rounding_note = _("Andelen går opp i hele kroner.")
        elif row.pro_rata > row.quota:
            row.rounding_note = _(
                "Eksakt andel %(exact)s, rundet opp til hele kroner (største rest)."
            ) % {"exact": approx_kroner(row.quota)}
        else:
            row.rounding_note = _("Eksakt andel %(exact)s, rundet ned til hele kroner.") % {
                "exact": approx_kroner(row.quota)
            }


def _table(
    *,
    total: int,
    joint_percent: Decimal | None,
    joint_measures: int,
    base_grant: int,
    distributable: int,
    pupil_weight: Decimal,
    child_weight: Decimal,
    weight_total: Decimal,
    rows: list[Row],
    network_count: int | None = None,
) -> Table:
    """The table of ``rows``; the base grants are shared by ``network_count`` networks (all the
    rows unless it says otherwise: a network's own table still states how many share them)."""
    if joint_percent is not None:
        joint_text = _("%(percent)s %% av %(total)s = %(joint)s") % {
            "percent": plain_number(joint_percent),
            "total": format_kroner(total),
            "joint": format_kroner(joint_measures),
        }
        if Fraction(total) * Fraction(joint_percent) / 100 != joint_measures:
            joint_text += " " + _("(rundet til hele kroner)")
    else:
        joint_text = _("Fast beløp: %(joint)s") % {"joint": format_kroner(joint_measures)}
    count = len(rows) if network_count is None else network_count
    base_text = _("%(count)s nettverk × %(base)s = %(sum)s") % {
        "count": count,
        "base": format_kroner(base_grant),
        "sum": format_kroner(base_grant * count),
    }
    distributable_text = _("%(total)s − %(joint)s − %(base)s = %(rest)s") % {
        "total": format_kroner(total),
        "joint": format_kroner(joint_measures),
        "base": format_kroner(base_grant * count),
        "rest": format_kroner(distributable),
    }
    weights_text = _(
        "Vekt per elev %(pw)s, vekt per barn %(cw)s; samlet vekt for alle nettverk %(total)s"
    ) % {
        "pw": plain_number(pupil_weight),
        "cw": plain_number(child_weight),
        "total": plain_number(weight_total),
    }
    _explain_rows(
        rows,
        distributable=distributable,
        weight_total=weight_total,
        pupil_w=pupil_weight,
        child_w=child_weight,
    )
    return Table(
        total=total,
        joint_measures=joint_measures,
        joint_text=joint_text,
        base_grant=base_grant,
        base_text=base_text,
        distributable=distributable,
        distributable_text=distributable_text,
        weights_text=weights_text,
        weight_total=weight_total,
        rows=rows,
    )


def _line_row(line: AllocationLine) -> Row:
    return Row(
        name=line.network_name,
        pupils=line.pupils,
        children=line.children,
        weight=line.weight,
        base=line.base,
        pro_rata=line.pro_rata,
        frame=line.frame,
        quota=line.quota_fraction,
        network=line.network,
        owners_counted=line.owners_counted,
        counts_source=line.counts_source,
        counted_on=line.counted_on,
    )


def run_table(run: AllocationRun, lines: Iterable[AllocationLine] | None = None) -> Table:
    """A stored run explained. ``lines`` limits the rows (a network sees only its own)."""
    rows = [_line_row(line) for line in (run.lines.all() if lines is None else lines)]
    return _table(
        total=run.total_amount,
        joint_percent=run.joint_percent,
        joint_measures=run.joint_measures,
        base_grant=run.base_grant,
        distributable=run.distributable,
        pupil_weight=run.pupil_weight,
        child_weight=run.child_weight,
        weight_total=run.weight_total,
        rows=rows,
        network_count=None if lines is None else run.lines.count(),
    )


def result_table(
    result: AllocationResult,
    inputs: Sequence[NetworkInput],
    *,
    joint_percent: Decimal | None,
    compare_with: AllocationRun | None = None,
) -> Table:
    """An engine result (not stored) explained, optionally compared with a stored run."""
    compared = {}
    if compare_with is not None:
        compared = {line.network_id: line.frame for line in compare_with.lines.all()}
    rows = [
        Row(
            name=share.network,
            pupils=share.pupils,
            children=share.children,
            weight=to_decimal(share.weight),
            base=share.base,
            pro_rata=share.pro_rata,
            frame=share.frame,
            quota=share.quota,
            network=item.network,
            owners_counted=item.owners_counted,
            counts_source=item.source_text,
            counted_on=item.counted_on,
            compared_frame=compared.get(item.network.pk),
        )
        for share, item in zip(result.networks, inputs, strict=True)
    ]
    return _table(
        total=result.total,
        joint_percent=Decimal(joint_percent) if joint_percent is not None else None,
        joint_measures=result.joint_measures,
        base_grant=result.base_grant,
        distributable=result.distributable,
        pupil_weight=result.pupil_weight,
        child_weight=result.child_weight,
        weight_total=to_decimal(sum((s.weight for s in result.networks), Fraction(0))),
        rows=rows,
    )


def recomputed_table(
    scheme_year: SchemeYear,
    *,
    compare_with: AllocationRun | None,
    settings: dict[str, Any] | None = None,
) -> Table:
    """The year allocated now from its current head counts, with its own settings or with others
    (``settings``: the what-if's engine arguments), compared with a stored run. Nothing is
    stored. Raises DomainError when it cannot be computed (an AllocationError names the setting)."""
    inputs = year_inputs(scheme_year)
    engine_kwargs = inputs.engine_kwargs if settings is None else settings
    return result_table(
        allocate(**engine_kwargs, networks=inputs.counts),
        inputs.networks,
        joint_percent=engine_kwargs["joint_percent"],
        compare_with=compare_with,
    )
