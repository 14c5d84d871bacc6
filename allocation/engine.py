"""The allocation rule: how a scheme year's money becomes one pre-allocated frame per network.

Pure Python, no Django: the same inputs always give the same frames, and the frames add up to
the money distributed to the krone. Everything is exact (``int`` and ``Fraction``); weights and
the joint-measures percentage are accepted as ``Decimal``, ``int`` or text such as ``"1.5"`` (or
the Norwegian ``"1,5"``), and floats are refused, because a float such as ``0.1`` is not the
number the user typed and an exact rule should not start from an approximation.

The rule::

    joint          = joint amount, or round_half_up(total × joint_percent / 100)
    distributable  = total − joint − base_grant × number_of_networks            (must be ≥ 0)
    weight_i       = pupil_weight × pupils_i + child_weight × children_i
    pro_rata_i     = distributable × weight_i / Σ weight, in whole kroner by largest remainder
    frame_i        = base_grant + pro_rata_i

Largest remainder: every network gets the floor of its exact quota; the kroner left over go one
each to the networks with the largest fractional remainders; ties go to the larger weight, then
to the network that comes first in the input.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, NamedTuple, overload

from config.errors import DomainError
from config.formatting import format_kroner, format_number

__all__ = [
    "AllocationError",
    "AllocationResult",
    "NetworkCounts",
    "NetworkShare",
    "Shares",
    "allocate",
    "parse_decimal",
    "result_as_dict",
]


class AllocationError(DomainError, ValueError):
    """Inputs the allocation rule cannot work with; the message is shown to people as it is.

    ``code`` names the problem for programs (e.g. ``"base_grants_exceed"``) and ``field`` the
    argument of ``allocate`` it concerns (``"total"``, ``"networks"``, ...), so a form can put the
    message next to the right input.
    """


@dataclass(frozen=True)
class NetworkCounts:
    """A network's head counts: pupils (apprentices included) and kindergarten children."""

    network: str
    pupils: int
    children: int


class NetworkShare(NamedTuple):
    """One network's frame with its breakdown; ``quota`` is the exact pro-rata share.

    Immutable. ``weight`` and ``quota`` are exact ``Fraction``s made when asked for, from the
    integers the rule worked with: building 10 000 reduced fractions nobody reads is most of
    what a large allocation would otherwise cost.
    """

    network: str
    pupils: int
    children: int
    base: int
    pro_rata: int
    frame: int
    units: int  # the weight as a numerator over ``scale``
    scale: int
    distributable: int
    units_sum: int

    @property
    def weight(self) -> Fraction:
        return Fraction(self.units, self.scale)

    @property
    def quota(self) -> Fraction:
        if not self.units_sum:
            return Fraction(0)
        return Fraction(self.distributable * self.units, self.units_sum)


class Shares(Sequence[NetworkShare]):
    """The networks' shares in input order, kept as columns of integers.

    A ``NetworkShare`` is made when one is read: the rule itself only needs integers, and
    making 10 000 share objects up front is what used to make a large allocation slow and
    (through memory traffic) worse than linear. Compares equal to another ``Shares`` or to a
    tuple of the same ``NetworkShare``s.
    """

    __slots__ = ("_base", "_distributable", "_networks", "_pro_rata", "_scale", "_sum", "_units")

    def __init__(
        self,
        *,
        networks: tuple[NetworkCounts, ...],
        units: list[int],
        pro_rata: list[int],
        base: int,
        scale: int,
        distributable: int,
        units_sum: int,
    ) -> None:
        self._networks = networks
        self._units = units
        self._pro_rata = pro_rata
        self._base = base
        self._scale = scale
        self._distributable = distributable
        self._sum = units_sum

    def __len__(self) -> int:
        return len(self._networks)

    def _share(self, i: int) -> NetworkShare:
        n = self._networks[i]
        pro_rata = self._pro_rata[i]
        return NetworkShare(
            n.network,
            n.pupils,
            n.children,
            self._base,
            pro_rata,
            self._base + pro_rata,
            self._units[i],
            self._scale,
            self._distributable,
            self._sum,
        )

    @overload
    def __getitem__(self, index: int) -> NetworkShare: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[NetworkShare, ...]: ...
    def __getitem__(self, index: int | slice) -> NetworkShare | tuple[NetworkShare, ...]:
        if isinstance(index, slice):
            return tuple(self._share(i) for i in range(len(self))[index])
        return self._share(range(len(self))[index])

    def __iter__(self) -> Iterator[NetworkShare]:
        return (self._share(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Shares | tuple | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Shares({list(self)!r})"

    def frames_total(self) -> int:
        return self._base * len(self._networks) + sum(self._pro_rata)


@dataclass(frozen=True)
class AllocationResult:
    """The whole allocation; ``networks`` keeps the order of the input."""

    total: int
    joint_measures: int
    base_grant: int
    distributable: int
    pupil_weight: Decimal
    child_weight: Decimal
    networks: Shares

    def frames_total(self) -> int:
        """The sum of all frames, which the rule makes equal to ``total − joint_measures``."""
        return self.networks.frames_total()


def allocate(
    *,
    total: int,
    base_grant: int,
    networks: Sequence[NetworkCounts],
    joint_amount: int | None = None,
    joint_percent: Decimal | int | str | None = None,
    pupil_weight: Decimal | int | str = Decimal(1),
    child_weight: Decimal | int | str = Decimal(1),
) -> AllocationResult:
    """Split ``total`` into joint measures and one frame per network.

    Give exactly one of ``joint_amount`` (whole kroner) and ``joint_percent`` (0–100 of the
    total, rounded half up to whole kroner). Raises ``AllocationError`` for any input the rule
    cannot use.
    """
    _require_kroner(total, "Totalbeløpet", "total")
    _require_kroner(base_grant, "Grunntilskuddet", "base_grant")
    pupil_w = _weight(pupil_weight, "Vekten for elever", "pupil_weight")
    child_w = _weight(child_weight, "Vekten for barn", "child_weight")

    joint = _joint_measures(total, joint_amount, joint_percent)
    pupils, children = _check_networks(networks)

    count = len(networks)
    after_joint = total - joint
    base_total = base_grant * count
    distributable = after_joint - base_total
    if distributable < 0:
        raise AllocationError(
            f"Grunntilskuddene ({format_number(count)} × {format_kroner(base_grant)} = "
            f"{format_kroner(base_total)}) er større enn det som er igjen etter fellestiltak "
            f"({format_kroner(after_joint)}).",
            code="base_grants_exceed",
            field="base_grant",
        )

    # Bring both weights onto one denominator so that every network's weight is an integer
    # numerator over ``scale``; the quotas then need only integer division and remainders.
    pupil_f, child_f = Fraction(pupil_w), Fraction(child_w)
    scale = math.lcm(pupil_f.denominator, child_f.denominator)
    pupil_units = pupil_f.numerator * (scale // pupil_f.denominator)
    child_units = child_f.numerator * (scale // child_f.denominator)
    units = [pupil_units * p + child_units * c for p, c in zip(pupils, children, strict=True)]
    units_sum = sum(units)

    if units_sum == 0 and distributable > 0:
        raise AllocationError(
            f"Alle nettverkene har vekt 0, så {format_kroner(distributable)} kan ikke fordeles "
            "etter elev- og barnetall. Kontroller tallene og vektene.",
            code="all_weights_zero",
            field="networks",
        )

    # A network's exact quota is ``distributable × units_i / units_sum``. Each is computed once,
    # as the floor of the quota times 2**shift: its high bits are the whole kroner, its low
    # ``shift`` bits the first binary digits of the fractional part, which is what the kroner
    # left over are ranked by (see ``_add_left_over``).
    shift = math.isqrt(count).bit_length()
    if units_sum == 0:
        scaled = pro_rata = [0] * count
    else:
        scaled = [(distributable * u << shift) // units_sum for u in units]
        pro_rata = [q >> shift for q in scaled]

    # Networks with weight 0 have remainder 0 and, since the kroner left over are fewer than the
    # networks with a positive remainder, never receive one.
    left_over = distributable - sum(pro_rata)
    if left_over:
        pro_rata = _add_left_over(
            pro_rata, scaled, shift, units, distributable, units_sum, left_over
        )

    shares = Shares(
        networks=tuple(networks),
        units=units,
        pro_rata=pro_rata,
        base=base_grant,
        scale=scale,
        distributable=distributable,
        units_sum=units_sum,
    )
    return AllocationResult(
        total=total,
        joint_measures=joint,
        base_grant=base_grant,
        distributable=distributable,
        pupil_weight=pupil_w,
        child_weight=child_w,
        networks=shares,
    )


def _add_left_over(
    pro_rata: list[int],
    scaled: list[int],
    shift: int,
    units: list[int],
    distributable: int,
    units_sum: int,
    left_over: int,
) -> list[int]:
    """Give one krone each to the ``left_over`` networks ranked first by the documented order:
    largest remainder, then largest weight, then input position.

    Linear rather than a sort of every network: the low ``shift`` bits of ``scaled`` put the
    networks into 2**shift (about √n) buckets by the leading binary digits of their quota's
    fractional part, so the buckets are ordered like the remainders. Counting the buckets from
    the top finds the one bucket where the line between those who get a krone and those who do
    not falls; everyone above it gets one, and only that bucket's networks (about √n when the
    fractions are spread out) are sorted by exact remainder, weight and position.
    """
    mask = (1 << shift) - 1
    bucket_of = [q & mask for q in scaled]
    sizes = Counter(bucket_of)
    above = 0  # networks in buckets above ``line``
    line = mask
    while above + sizes[line] < left_over:
        above += sizes[line]
        line -= 1
    boundary = [i for i, b in enumerate(bucket_of) if b == line]
    boundary.sort(key=lambda i: (-(distributable * units[i] % units_sum), -units[i], i))
    pro_rata = [p + (b > line) for p, b in zip(pro_rata, bucket_of, strict=True)]
    for i in boundary[: left_over - above]:
        pro_rata[i] += 1
    return pro_rata


def result_as_dict(result: AllocationResult) -> dict[str, Any]:
    """The allocation as plain JSON data (integers and names only), in input order."""
    return {
        "total": result.total,
        "joint_measures": result.joint_measures,
        "base_grant": result.base_grant,
        "distributable": result.distributable,
        "networks": [
            {
                "network": share.network,
                "pupils": share.pupils,
                "children": share.children,
                "base": share.base,
                "pro_rata": share.pro_rata,
                "frame": share.frame,
            }
            for share in result.networks
        ],
    }


def parse_decimal(value: object, label: str, field: str | None = None) -> Decimal:
    """Turn an exact number (Decimal, int, or text; comma or point as decimal mark) into a Decimal.

    Floats are refused rather than converted: they are already rounded to binary fractions.
    """
    if isinstance(value, float):
        raise AllocationError(
            f"{label} må oppgis eksakt (som desimaltall i tekst, Decimal eller heltall), "
            f"ikke som flyttall ({value!r}).",
            code="float_not_exact",
            field=field,
        )
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise AllocationError(
                f"{label} «{value}» er ikke et tall.", code="not_a_number", field=field
            ) from None
    else:
        raise AllocationError(
            f"{label} må være et tall, ikke «{value}».", code="not_a_number", field=field
        )
    if not number.is_finite():
        raise AllocationError(
            f"{label} «{value}» er ikke et endelig tall.", code="not_a_number", field=field
        )
    return number


def _weight(value: object, label: str, field: str) -> Decimal:
    number = parse_decimal(value, label, field)
    if number < 0:
        raise AllocationError(
            f"{label} kan ikke være negativ (fikk {format_number(number)}).",
            code="negative_weight",
            field=field,
        )
    return number


def _require_kroner(value: object, label: str, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AllocationError(
            f"{label} må være et helt antall kroner, ikke «{value}».",
            code="not_whole_kroner",
            field=field,
        )
    if value < 0:
        raise AllocationError(
            f"{label} kan ikke være negativt (fikk {format_kroner(value)}).",
            code="negative_amount",
            field=field,
        )


def _joint_measures(
    total: int, joint_amount: int | None, joint_percent: Decimal | int | str | None
) -> int:
    if joint_amount is not None and joint_percent is not None:
        raise AllocationError(
            "Oppgi enten beløp eller prosentandel for fellestiltak, ikke begge deler.",
            code="joint_both",
            field="joint_amount",
        )
    if joint_amount is None and joint_percent is None:
        raise AllocationError(
            "Oppgi beløp eller prosentandel for fellestiltak (0 hvis det ikke settes av noe).",
            code="joint_missing",
            field="joint_amount",
        )
    if joint_amount is not None:
        _require_kroner(joint_amount, "Beløpet til fellestiltak", "joint_amount")
        if joint_amount > total:
            raise AllocationError(
                f"Beløpet til fellestiltak ({format_kroner(joint_amount)}) er større enn "
                f"totalbeløpet ({format_kroner(total)}).",
                code="joint_exceeds_total",
                field="joint_amount",
            )
        return joint_amount
    percent = parse_decimal(joint_percent, "Prosentandelen for fellestiltak", "joint_percent")
    if not 0 <= percent <= 100:
        raise AllocationError(
            "Prosentandelen for fellestiltak må være mellom 0 og 100 "
            f"(fikk {format_number(percent)}).",
            code="percent_out_of_range",
            field="joint_percent",
        )
    # Round half up: the exact amount is non-negative, so floor(x + 1/2) is the rule.
    return math.floor(Fraction(total) * Fraction(percent) / 100 + Fraction(1, 2))


def _check_networks(networks: Sequence[NetworkCounts]) -> tuple[list[int], list[int]]:
    """Refuse networks the rule cannot use; return their pupil and child counts as columns."""
    if not networks:
        raise AllocationError(
            "Det er ingen nettverk å fordele til.", code="no_networks", field="networks"
        )
    # The common case, checked with built-ins over whole columns; only when it fails does the
    # loop below look at each network to name the first problem.
    names = [n.network for n in networks]
    pupils = [n.pupils for n in networks]
    children = [n.children for n in networks]
    if (
        set(map(type, names)) == {str}
        and all(map(str.strip, names))
        and len(set(names)) == len(names)
        and set(map(type, pupils)) == {int}
        and set(map(type, children)) == {int}
        and min(pupils) >= 0
        and min(children) >= 0
    ):
        return pupils, children
    seen: set[str] = set()
    for n in networks:
        if not isinstance(n.network, str) or not n.network.strip():
            raise AllocationError(
                "Et nettverk mangler navn.", code="network_unnamed", field="networks"
            )
        if n.network in seen:
            raise AllocationError(
                f"Nettverket «{n.network}» står mer enn én gang.",
                code="duplicate_network",
                field="networks",
            )
        seen.add(n.network)
        for value, label in ((n.pupils, "elevtall"), (n.children, "barnetall")):
            if isinstance(value, bool) or not isinstance(value, int):
                raise AllocationError(
                    f"Nettverket «{n.network}» må ha et helt {label}, ikke «{value}».",
                    code="count_not_integer",
                    field="networks",
                )
            if value < 0:
                raise AllocationError(
                    f"Nettverket «{n.network}» har negativt {label} ({format_number(value)}).",
                    code="negative_count",
                    field="networks",
                )
    return pupils, children
