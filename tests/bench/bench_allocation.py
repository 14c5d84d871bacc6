"""Time the allocation engine for 11, 1 000 and 10 000 networks.

Run from the project root: ``python tests/bench/bench_allocation.py``. Prints one line per size
with the median of several runs; counts are pseudo-random but seeded, so runs are comparable.
Not collected by pytest (the name does not start with ``test_``).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from allocation.engine import NetworkCounts, allocate
from config.formatting import format_number

SIZES = (11, 1_000, 10_000)
RUNS = 9
TOTAL = 12_000_000_000  # large enough that 10 000 networks still get a base grant and a share
BASE_GRANT = 300_000


def networks(size: int, seed: int = 2027) -> list[NetworkCounts]:
    rng = random.Random(seed)
    return [
        NetworkCounts(f"Nettverk {i}", rng.randint(0, 40_000), rng.randint(0, 15_000))
        for i in range(size)
    ]


def median_seconds(size: int) -> float:
    counts = networks(size)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = allocate(
            total=TOTAL,
            base_grant=BASE_GRANT,
            joint_percent=Decimal(15),
            networks=counts,
            pupil_weight=Decimal("1.0"),
            child_weight=Decimal("1.25"),
        )
        timings.append(time.perf_counter() - start)
        if result.frames_total() != TOTAL - result.joint_measures:
            raise SystemExit(f"Rammene summerer ikke riktig for {size} nettverk.")
    return statistics.median(timings)


def main() -> None:
    for size in SIZES:
        milliseconds = Decimal(median_seconds(size) * 1000).quantize(Decimal("0.01"))
        print(
            f"{format_number(size):>6} nettverk: {format_number(milliseconds)} ms "
            f"(median av {RUNS} kjøringer)"
        )


if __name__ == "__main__":
    main()
