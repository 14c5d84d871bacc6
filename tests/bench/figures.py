"""How benchmarks print: each figure is the median of several runs, shown beside its baseline
(the base page, 1 000 networks, 10 000 obligations) with the ratio, so a reader sees at once
whether something is linear or how far a page is from the cheapest one.

The machine is shared: wall-clock medians move with other work, so the CPU time of this process
is printed too where it helps (it leaves out waiting for the CPU, but not for the database).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds, median
    cpu: float  # seconds of this process, median
    runs: int


def median_time(func: Callable[[], object], *, runs: int, warmup: int = 1) -> Timing:
    for _ in range(warmup):
        func()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Timing(statistics.median(walls), statistics.median(cpus), runs)


def _amount(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:8.2f} s "
    return f"{seconds * 1000:8.2f} ms"


def figure(label: str, timing: Timing, baseline: Timing | None = None, *, width: int = 44) -> None:
    """One line: the median (wall and CPU), and beside it the baseline and the ratio."""
    line = f"{label:<{width}} {_amount(timing.wall)} (cpu {_amount(timing.cpu).strip()})"
    if baseline is not None and baseline.wall > 0:
        line += (
            f"   grunnlinje {_amount(baseline.wall).strip()}: "
            f"×{timing.wall / baseline.wall:.1f} (cpu ×{timing.cpu / max(baseline.cpu, 1e-9):.1f})"
        )
    print(f"{line}   [median av {timing.runs}]", flush=True)


def once(label: str, seconds: float, *, width: int = 44) -> None:
    print(f"{label:<{width}} {_amount(seconds)}   [én kjøring]", flush=True)
