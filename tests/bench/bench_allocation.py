"""Time the allocation engine for 11, 1 000 and 10 000 networks.

Run from the project root: ``python -m tests.bench.bench_allocation``. Prints one line per size
with the median of several runs beside the 1 000-network baseline and the ratio (linear is
×10 at 10 000); counts are pseudo-random but seeded, so runs are comparable.
Not collected by pytest (the name does not start with ``test_``).
"""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from allocation.engine import NetworkCounts, allocate
from tests.bench.figures import Timing, figure, median_time

SIZES = (11, 1_000, 10_000)
BASELINE = 1_000  # each size is shown beside this one: linear means ×10 at 10 000
RUNS = 9
TOTAL = 12_000_000_000  # large enough that 10 000 networks still get a base grant and a share
BASE_GRANT = 300_000


def networks(size: int, seed: int = 2027) -> list[NetworkCounts]:
    rng = random.Random(seed)
    return [
        NetworkCounts(f"Nettverk {i}", rng.randint(0, 40_000), rng.randint(0, 15_000))
        for i in range(size)
    ]


def timing(size: int) -> Timing:
    counts = networks(size)

    def run() -> None:
        result = allocate(
            total=TOTAL,
            base_grant=BASE_GRANT,
            joint_percent=Decimal(15),
            networks=counts,
            pupil_weight=Decimal("1.0"),
            child_weight=Decimal("1.25"),
        )
        if result.frames_total() != TOTAL - result.joint_measures:
            raise SystemExit(f"Rammene summerer ikke riktig for {size} nettverk.")

    return median_time(run, runs=RUNS)


def main() -> None:
    timings = {size: timing(size) for size in SIZES}
    baseline = timings[BASELINE]
    for size in SIZES:
        figure(f"allokering, {size:>6} nettverk".replace(",", " "), timings[size], baseline)
    # Reading every share (what the services do when they store a run) on top of the rule.
    counts = networks(10_000)
    full = median_time(
        lambda: sum(
            s.frame
            for s in allocate(
                total=TOTAL,
                base_grant=BASE_GRANT,
                joint_percent=Decimal(15),
                networks=counts,
                pupil_weight=Decimal("1.0"),
                child_weight=Decimal("1.25"),
            ).networks
        ),
        runs=RUNS,
    )
    figure("allokering + lese alle andeler, 10 000", full, timings[10_000])


if __name__ == "__main__":
    main()
