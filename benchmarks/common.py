"""Shared by the benchmarks: repeated timing with the median, and a printed line per figure."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    median_s: float
    target_s: float | None = None
    note: str = ""

    def line(self) -> str:
        target = f"  target < {self.target_s:g} s" if self.target_s is not None else ""
        verdict = ""
        if self.target_s is not None:
            verdict = "  OK" if self.median_s < self.target_s else "  MISSED"
        return f"{self.name:<58} median {self.median_s * 1000:9.1f} ms{target}{verdict}  {self.note}"


def median_time(
    fn: Callable[[], object], repeat: int = 5, setup: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
