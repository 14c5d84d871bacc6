"""The allocation rule: exact, deterministic, and every rounding decision explained by the rule.

Expected figures in the example tests are worked out by hand in the comments next to them; the
property tests recompute the exact quotas here with ``Fraction`` rather than trusting the
engine's own ``quota`` field.
"""

from __future__ import annotations

import ast
import json
import math
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from allocation.engine import (
    AllocationError,
    AllocationResult,
    NetworkCounts,
    allocate,
    result_as_dict,
)
from config.errors import DomainError

# --- helpers ------------------------------------------------------------------------------------


def nets(*weights: tuple[int, int]) -> list[NetworkCounts]:
    """Networks named A, B, C, ... with the given (pupils, children)."""
    return [
        NetworkCounts(network=chr(ord("A") + i), pupils=p, children=c)
        for i, (p, c) in enumerate(weights)
    ]


def pro_rata(result: AllocationResult) -> list[int]:
    return [share.pro_rata for share in result.networks]


def exact_weight(counts: NetworkCounts, pupil_weight: Decimal, child_weight: Decimal) -> Fraction:
    return Fraction(pupil_weight) * counts.pupils + Fraction(child_weight) * counts.children


def half_up_joint(total: int, percent: Decimal) -> int:
    """The joint share by decimal arithmetic: an independent route to the engine's Fraction one."""
    with localcontext() as context:
        context.prec = 80
        return int((Decimal(total) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Case:
    total: int
    base_grant: int
    networks: list[NetworkCounts]
    joint_amount: int | None
    joint_percent: Decimal | None
    pupil_weight: Decimal
    child_weight: Decimal
    expected_joint: int

    def run(self, networks: list[NetworkCounts] | None = None) -> AllocationResult:
        return allocate(
            total=self.total,
            base_grant=self.base_grant,
            networks=self.networks if networks is None else networks,
            joint_amount=self.joint_amount,
            joint_percent=self.joint_percent,
            pupil_weight=self.pupil_weight,
            child_weight=self.child_weight,
        )

    def weights(self) -> list[Fraction]:
        return [exact_weight(n, self.pupil_weight, self.child_weight) for n in self.networks]


counts_st = st.one_of(st.just(0), st.integers(0, 50), st.integers(0, 1_000_000))
weight_st = st.one_of(
    st.sampled_from([Decimal(0), Decimal(1), Decimal("0.5"), Decimal("1.5")]),
    st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
)


@st.composite
def cases(draw: st.DrawFn, max_total: int = 10**13) -> Case:
    n = draw(st.integers(1, 40))
    counts = draw(st.lists(st.tuples(counts_st, counts_st), min_size=n, max_size=n))
    networks = [
        NetworkCounts(network=f"Nettverk {i} æøå", pupils=p, children=c)
        for i, (p, c) in enumerate(counts)
    ]
    pupil_weight, child_weight = draw(weight_st), draw(weight_st)
    total = draw(st.one_of(st.integers(0, 1000), st.integers(0, max_total)))
    if draw(st.booleans()):
        joint_amount, joint_percent = draw(st.integers(0, total)), None
        expected_joint = joint_amount
    else:
        joint_amount = None
        joint_percent = draw(
            st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
        )
        expected_joint = half_up_joint(total, joint_percent)
    base_grant = draw(st.integers(0, (total - expected_joint) // n))
    case = Case(
        total,
        base_grant,
        networks,
        joint_amount,
        joint_percent,
        pupil_weight,
        child_weight,
        expected_joint,
    )
    distributable = total - expected_joint - base_grant * n
    if distributable > 0 and not any(case.weights()):
        # All weights zero is an error when there is money to share; give one network a pupil.
        networks[0] = NetworkCounts(networks[0].network, pupils=1, children=networks[0].children)
        case = Case(
            total,
            base_grant,
            networks,
            joint_amount,
            joint_percent,
            Decimal(1),
            child_weight,
            expected_joint,
        )
    return case


# --- properties ---------------------------------------------------------------------------------


@given(cases())
@example(Case(10**13, 0, nets((1, 0), (1, 0), (1, 0)), 0, None, Decimal(1), Decimal(1), 0))
def test_frames_add_up_to_total_minus_joint_to_the_krone(case: Case) -> None:
    result = case.run()

    assert result.joint_measures == case.expected_joint
    assert result.distributable == (
        case.total - case.expected_joint - case.base_grant * len(case.networks)
    )
    assert sum(pro_rata(result)) == result.distributable
    assert result.frames_total() == case.total - case.expected_joint
    assert all(isinstance(share.frame, int) for share in result.networks)


@given(cases())
def test_each_share_is_the_floor_or_ceiling_of_its_exact_quota(case: Case) -> None:
    result = case.run()
    weights = case.weights()
    weight_sum = sum(weights)

    for share, weight in zip(result.networks, weights, strict=True):
        quota = result.distributable * weight / weight_sum if weight_sum else Fraction(0)
        assert share.weight == weight
        assert share.quota == quota
        assert share.pro_rata in {math.floor(quota), math.ceil(quota)}


@given(cases())
def test_leftover_kroner_go_by_remainder_then_weight_then_input_order(case: Case) -> None:
    result = case.run()
    weights = case.weights()
    weight_sum = sum(weights)
    if not weight_sum:
        return
    quotas = [result.distributable * w / weight_sum for w in weights]
    # A network ranks by (fractional part, weight, earlier in the input): every network that got
    # an extra krone must outrank every network with a non-integer quota that did not.
    ranks = [
        (q - math.floor(q), w, -i) for i, (q, w) in enumerate(zip(quotas, weights, strict=True))
    ]
    got = [i for i, s in enumerate(result.networks) if s.pro_rata > math.floor(quotas[i])]
    missed = [
        i
        for i, s in enumerate(result.networks)
        if s.pro_rata == math.floor(quotas[i]) and quotas[i] != math.floor(quotas[i])
    ]
    assert len(got) == result.distributable - sum(math.floor(q) for q in quotas)
    for i in got:
        for j in missed:
            assert ranks[i] > ranks[j]


@given(cases())
def test_a_larger_weight_never_gets_a_smaller_share(case: Case) -> None:
    result = case.run()
    pairs = list(zip(case.weights(), pro_rata(result), strict=True))
    for weight_a, share_a in pairs:
        for weight_b, share_b in pairs:
            if weight_a > weight_b:
                assert share_a >= share_b


@given(cases(), st.randoms(use_true_random=False))
def test_same_inputs_give_same_result_in_input_order(case: Case, rng: random.Random) -> None:
    first = case.run()
    again = case.run()
    assert first == again
    assert [s.network for s in first.networks] == [n.network for n in case.networks]

    shuffled = list(case.networks)
    rng.shuffle(shuffled)
    reordered = case.run(shuffled)
    assert [s.network for s in reordered.networks] == [n.network for n in shuffled]
    assert reordered.frames_total() == first.frames_total()
    # Input order only decides exact ties; without any tie each network's share cannot change.
    keys = [(s.quota - math.floor(s.quota), s.weight) for s in first.networks]
    if len(set(keys)) == len(keys):
        by_name = {s.network: s.pro_rata for s in first.networks}
        assert {s.network: s.pro_rata for s in reordered.networks} == by_name


@given(cases())
def test_zero_weight_gets_zero_and_everyone_gets_the_base(case: Case) -> None:
    result = case.run()
    for share, weight in zip(result.networks, case.weights(), strict=True):
        assert share.base == case.base_grant
        assert share.frame == case.base_grant + share.pro_rata
        assert share.frame >= case.base_grant
        if weight == 0:
            assert share.pro_rata == 0


@settings(max_examples=50)
@given(cases(max_total=10**18))
def test_exact_for_totals_far_beyond_float_precision(case: Case) -> None:
    result = case.run()
    assert result.frames_total() == case.total - case.expected_joint


def test_float_arithmetic_would_lose_kroner_here_but_the_engine_does_not() -> None:
    # 10^16 + 1 kroner cannot be represented as a float; exactly one krone is left over after
    # the floors (quotas are (10^16 + 1) / 3 each: remainder 2 spread as 1 + 1 + 0).
    total = 10**16 + 1
    assert float(total) == float(total - 1)
    result = allocate(
        total=total, base_grant=0, joint_amount=0, networks=nets((1, 0), (1, 0), (1, 0))
    )
    floor = (10**16 + 1) // 3
    assert pro_rata(result) == [floor + 1, floor + 1, floor]
    assert result.frames_total() == total


# --- worked examples ----------------------------------------------------------------------------

# The demo scheme year: 12 000 000 kr, 15 % joint measures, 300 000 kr base, 11 networks.
# The counts are chosen so that the weights add up to 6 900 = the distributable amount / 1 000,
# which makes every share a round 1 000 kr per weight unit and easy to check by hand.
DEMO_COUNTS = [
    ("Trondheim", 1200, 800),  # weight 2000 -> 2 000 000 kr
    ("Værnesregionen", 400, 300),  # 700
    ("Orkdalsregionen", 350, 250),  # 600
    ("Fosen", 200, 100),  # 300
    ("Namdal", 300, 200),  # 500
    ("Innherred", 450, 350),  # 800
    ("Gauldal", 150, 150),  # 300
    ("Trøndelag sør", 250, 150),  # 400
    ("Hitra og Frøya", 120, 80),  # 200
    ("Røros og omegn", 200, 100),  # 300
    ("Ytre Namdal", 450, 350),  # 800   (sum of weights: 6 900)
]


def test_demo_scheme_year() -> None:
    networks = [NetworkCounts(name, p, c) for name, p, c in DEMO_COUNTS]
    result = allocate(
        total=12_000_000, base_grant=300_000, joint_percent=Decimal(15), networks=networks
    )

    assert result.joint_measures == 1_800_000  # 15 % of 12 000 000
    assert result.distributable == 6_900_000  # 12 000 000 - 1 800 000 - 11 × 300 000
    expected = [300_000 + (p + c) * 1000 for _, p, c in DEMO_COUNTS]
    assert [s.frame for s in result.networks] == expected
    assert result.networks[0].frame == 2_300_000
    assert [s.network for s in result.networks] == [name for name, _, _ in DEMO_COUNTS]
    assert result.frames_total() == 10_200_000


def test_equal_remainders_go_to_the_larger_weight_even_when_it_comes_later() -> None:
    # 3 kr over weights 1 and 5: quotas 0.5 and 2.5, floors 0 + 2, one krone left, remainders tie
    # at 0.5; the larger weight (B) wins although A comes first in the input.
    result = allocate(total=203, base_grant=100, joint_amount=0, networks=nets((1, 0), (5, 0)))
    assert pro_rata(result) == [0, 3]
    assert [s.frame for s in result.networks] == [100, 103]


def test_equal_remainders_and_equal_weights_go_to_the_first_in_the_input() -> None:
    # 7 kr over weights 1, 2, 2, 1 (sum 6): quotas 7/6, 14/6, 14/6, 7/6 -> floors 1, 2, 2, 1 (= 6),
    # one krone left; B and C tie on remainder 1/3 and on weight, so B (first) gets it.
    result = allocate(
        total=7, base_grant=0, joint_amount=0, networks=nets((1, 0), (2, 0), (1, 1), (0, 1))
    )
    assert pro_rata(result) == [1, 3, 2, 1]


@pytest.mark.parametrize("distinct_counts", [3, 50, 1_000_000])
def test_leftover_kroner_follow_the_ranking_for_thousands_of_networks(distinct_counts: int) -> None:
    # Many networks, some with equal weights (so equal remainders): the kroner left over go to
    # exactly the networks a full sort by (remainder, weight, earlier in the input) puts first.
    rng = random.Random(distinct_counts)
    networks = [
        NetworkCounts(f"N{i}", rng.randrange(distinct_counts), rng.randrange(distinct_counts))
        for i in range(3_000)
    ]
    networks[0] = NetworkCounts("N0", 1, 0)  # at least one weight above zero
    total = 987_654_321
    result = allocate(
        total=total, base_grant=0, joint_amount=0, networks=networks, child_weight="1.25"
    )
    weights = [n.pupils + Fraction(5, 4) * n.children for n in networks]
    weight_sum = sum(weights)
    quotas = [total * w / weight_sum for w in weights]
    floors = [math.floor(q) for q in quotas]
    order = sorted(range(len(networks)), key=lambda i: (quotas[i] - floors[i], weights[i], -i))
    winners = set(order[::-1][: total - sum(floors)])
    assert pro_rata(result) == [f + (i in winners) for i, f in enumerate(floors)]


def test_equal_remainders_among_thousands_go_to_larger_weights_then_earlier_networks() -> None:
    # 3 000 networks of weight 1 or 3 (sum 5 000), 17 500 kr to share: every quota is 3.5 or
    # 10.5, so every remainder is 1/2 and the 1 500 kroner left over go by weight, then by place:
    # the 1 000 weight-3 networks all get one, and the first 500 weight-1 networks.
    networks = [NetworkCounts(f"N{i}", 3 if i % 3 == 2 else 1, 0) for i in range(3_000)]
    result = allocate(total=17_500, base_grant=0, joint_amount=0, networks=networks)
    light = [i for i in range(3_000) if i % 3 != 2]
    expected = [10 if i % 3 == 2 else 3 for i in range(3_000)]
    for i in [i for i in range(3_000) if i % 3 == 2] + light[:500]:
        expected[i] += 1
    assert pro_rata(result) == expected


def test_three_equal_networks_split_100_as_34_33_33() -> None:
    result = allocate(
        total=100, base_grant=0, joint_amount=0, networks=nets((5, 5), (5, 5), (5, 5))
    )
    assert pro_rata(result) == [34, 33, 33]


def test_a_zero_weight_network_first_in_the_input_gets_no_leftover_krone() -> None:
    # 1 kr over weights 0, 1, 1: quotas 0, 1/2, 1/2; the krone goes to B, never to A.
    result = allocate(total=1, base_grant=0, joint_amount=0, networks=nets((0, 0), (1, 0), (0, 1)))
    assert pro_rata(result) == [0, 1, 0]


def test_decimal_weights_given_as_text() -> None:
    # Weights 1.5 per pupil and 0.5 per child: A = 3, B = 1, C = 2 (sum 6). 10 kr: quotas 5, 10/6,
    # 20/6 -> floors 5, 1, 3 (= 9), one krone left, largest remainder 4/6 is B's.
    result = allocate(
        total=10,
        base_grant=0,
        joint_amount=0,
        networks=nets((2, 0), (0, 2), (1, 1)),
        pupil_weight="1.5",
        child_weight="0,5",
    )
    assert pro_rata(result) == [5, 2, 3]
    assert result.pupil_weight == Decimal("1.5")
    assert result.child_weight == Decimal("0.5")
    assert [s.weight for s in result.networks] == [3, 1, 2]


def test_children_can_weigh_more_than_pupils() -> None:
    # Child weight 3: A = 10 pupils = 10, B = 10 children = 30; 400 kr -> 100 and 300.
    result = allocate(
        total=400,
        base_grant=0,
        joint_amount=0,
        networks=nets((10, 0), (0, 10)),
        child_weight=Decimal(3),
    )
    assert pro_rata(result) == [100, 300]


@pytest.mark.parametrize(
    ("total", "percent", "joint"),
    [
        (5, "10", 1),  # 0.5 rounds up (half-even would give 0)
        (25, "10", 3),  # 2.5 rounds up (half-even would give 2)
        (24, "10", 2),  # 2.4
        (26, "10", 3),  # 2.6
        (12_000_000, "12,5", 1_500_000),  # Norwegian decimal comma
        (999, "0", 0),
        (999, "100", 999),
        (10**13 + 1, "50", 5 * 10**12 + 1),  # (10^13 + 1) / 2 = 5 000 000 000 000.5 -> up
    ],
)
def test_joint_percent_rounds_half_up_to_whole_kroner(total: int, percent: str, joint: int) -> None:
    result = allocate(total=total, base_grant=0, joint_percent=percent, networks=nets((1, 0)))
    assert result.joint_measures == joint
    assert result.frames_total() == total - joint


def test_nothing_left_to_share_gives_zero_shares_even_with_zero_weights() -> None:
    result = allocate(
        total=900, base_grant=300, joint_amount=0, networks=nets((0, 0), (0, 0), (0, 0))
    )
    assert result.distributable == 0
    assert pro_rata(result) == [0, 0, 0]
    assert [s.frame for s in result.networks] == [300, 300, 300]


def test_joint_amount_may_take_everything() -> None:
    result = allocate(total=500, base_grant=0, joint_amount=500, networks=nets((3, 4)))
    assert result.joint_measures == 500
    assert pro_rata(result) == [0]


def test_result_as_dict_is_the_json_contract() -> None:
    result = allocate(total=1_000, base_grant=100, joint_amount=100, networks=nets((1, 1), (2, 2)))
    data = result_as_dict(result)
    # Distributable 1000 - 100 - 200 = 700 over weights 2 and 4: 233.3 and 466.7 -> 233 + 467.
    assert data == {
        "total": 1_000,
        "joint_measures": 100,
        "base_grant": 100,
        "distributable": 700,
        "networks": [
            {
                "network": "A",
                "pupils": 1,
                "children": 1,
                "base": 100,
                "pro_rata": 233,
                "frame": 333,
            },
            {
                "network": "B",
                "pupils": 2,
                "children": 2,
                "base": 100,
                "pro_rata": 467,
                "frame": 567,
            },
        ],
    }
    assert json.loads(json.dumps(data)) == data


# --- bad input ----------------------------------------------------------------------------------

GOOD = {"total": 1_000, "base_grant": 100, "joint_amount": 0, "networks": nets((1, 1), (2, 2))}


def fails(**changes: object) -> AllocationError:
    arguments = {**GOOD, **changes}
    with pytest.raises(AllocationError) as info:
        allocate(**arguments)  # type: ignore[arg-type]
    return info.value


def test_allocation_error_is_the_domain_error_and_a_value_error() -> None:
    error = fails(total=-1)
    assert isinstance(error, DomainError)
    assert isinstance(error, ValueError)
    assert error.field == "total"


def test_negative_total() -> None:
    error = fails(total=-5)
    assert "Totalbeløpet kan ikke være negativt" in str(error)
    assert error.code == "negative_amount"


def test_total_must_be_whole_kroner() -> None:
    assert "helt antall kroner" in str(fails(total=Decimal("1000.5")))
    assert "helt antall kroner" in str(fails(total=1000.0))


def test_negative_base_grant() -> None:
    assert "Grunntilskuddet kan ikke være negativt" in str(fails(base_grant=-1))


def test_negative_joint_amount() -> None:
    assert "fellestiltak kan ikke være negativt" in str(fails(joint_amount=-1))


@pytest.mark.parametrize(
    ("pupils", "children", "word"), [(-3, 0, "elevtall"), (0, -1, "barnetall")]
)
def test_negative_counts(pupils: int, children: int, word: str) -> None:
    message = str(fails(networks=[NetworkCounts("Fosen", pupils, children)]))
    assert f"«Fosen» har negativt {word}" in message


@pytest.mark.parametrize("value", [1.5, "12", Decimal(3), None])
def test_non_integer_counts(value: object) -> None:
    message = str(fails(networks=[NetworkCounts("Fosen", value, 0)]))  # type: ignore[arg-type]
    assert "«Fosen» må ha et helt elevtall" in message


@pytest.mark.parametrize("percent", ["-0.01", "100.01", Decimal(-1), 250])
def test_percent_outside_0_to_100(percent: object) -> None:
    error = fails(joint_amount=None, joint_percent=percent)
    assert "mellom 0 og 100" in str(error)
    assert error.field == "joint_percent"


def test_both_joint_amount_and_percent() -> None:
    assert "ikke begge" in str(fails(joint_amount=10, joint_percent=Decimal(1)))


def test_neither_joint_amount_nor_percent() -> None:
    assert "Oppgi beløp eller prosentandel" in str(fails(joint_amount=None))


def test_joint_amount_larger_than_total() -> None:
    message = str(fails(total=1_000, joint_amount=1_001))
    assert "større enn totalbeløpet" in message
    assert "1 001 kr" in message


def test_base_grants_larger_than_what_is_left_states_the_amounts() -> None:
    message = str(
        fails(
            total=12_000_000,
            base_grant=300_000,
            joint_amount=9_000_000,
            networks=[NetworkCounts(f"N{i}", 1, 1) for i in range(11)],
        )
    )
    assert message == (
        "Grunntilskuddene (11 × 300 000 kr = 3 300 000 kr) er større enn det som er igjen etter "
        "fellestiltak (3 000 000 kr)."
    )


def test_all_weights_zero_with_money_to_share() -> None:
    error = fails(networks=nets((0, 0), (0, 0)))
    assert "vekt 0" in str(error)
    assert "800 kr" in str(error)  # 1 000 - 2 × 100
    error = fails(pupil_weight=0, child_weight=0)
    assert error.code == "all_weights_zero"


def test_no_networks() -> None:
    assert "ingen nettverk" in str(fails(networks=[]))


def test_duplicate_network_is_named() -> None:
    message = str(
        fails(networks=[*nets((1, 1)), NetworkCounts("Fosen", 1, 1), NetworkCounts("Fosen", 2, 2)])
    )
    assert "«Fosen» står mer enn én gang" in message


@pytest.mark.parametrize("name", ["", "   "])
def test_network_without_a_name(name: str) -> None:
    assert "mangler navn" in str(fails(networks=[NetworkCounts(name, 1, 1)]))


@pytest.mark.parametrize(("field", "label"), [("pupil_weight", "elever"), ("child_weight", "barn")])
def test_negative_weights(field: str, label: str) -> None:
    error = fails(**{field: Decimal("-0.5")})
    assert f"Vekten for {label} kan ikke være negativ" in str(error)
    assert error.field == field


def test_float_weights_are_refused_to_keep_exactness_obvious() -> None:
    assert "flyttall" in str(fails(pupil_weight=0.1))
    assert "flyttall" in str(fails(joint_amount=None, joint_percent=15.0))


@pytest.mark.parametrize("value", ["abc", "", "1.2.3"])
def test_weight_text_that_is_not_a_number(value: str) -> None:
    assert "er ikke et tall" in str(fails(child_weight=value))


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), "inf"])
def test_weight_that_is_not_finite(value: object) -> None:
    assert "endelig" in str(fails(pupil_weight=value))


# --- purity -------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path, module: str = "") -> set[str]:
    """Absolute names of the modules a file imports; relative imports resolved from ``module``."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            package = module.split(".")[: -node.level] if node.level else []
            modules.add(".".join([*package, node.module]))
    return modules


@pytest.mark.parametrize("module", ["allocation.engine", "allocation.counts_csv"])
def test_engine_and_parser_import_nothing_from_django(module: str) -> None:
    # Checked on the source, following the project's own modules, rather than on sys.modules:
    # importing any ``config.*`` module also runs ``config/__init__.py``, which loads Celery (and
    # with it Django) for the whole project.
    seen: set[str] = set()
    pending = [module]
    while pending:
        current = pending.pop()
        seen.add(current)
        for name in imported_modules(ROOT / (current.replace(".", "/") + ".py"), current):
            assert name.split(".")[0] not in {"django", "celery"}, f"{current} imports {name}"
            if name.split(".")[0] in {"config", "allocation", "networks"} and name not in seen:
                pending.append(name)
    assert "config.formatting" in seen
    if module == "allocation.counts_csv":
        # The counts file is read by the one head-count import module, pure as well.
        assert "networks.headcount_import.csvstream" in seen
