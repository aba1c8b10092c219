"""Timing helpers and the table the benchmark prints."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def middle_half(values: list[float]) -> tuple[float, float]:
    """The first and third quartiles of `values` (inclusive method: the extremes of two or three)."""
    if len(values) < 2:
        return (values[0], values[0])
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return (q1, q3)


def interleaved(runs: int, ours: Callable[[], float], reference: Callable[[], float]) -> tuple[float, float]:
    """Median of `runs` measurements of each, taken in turn so drift on the machine hits both."""
    a, b = [], []
    for _ in range(runs):
        a.append(ours())
        b.append(reference())
    return statistics.median(a), statistics.median(b)


@dataclass
class Row:
    """One line of the table: a measure, our figure, the reference's and the goal."""

    measure: str
    ours: float
    reference: float | None
    unit: str  # "s", "ms" or "KB"/"MB" (values are kept in seconds or bytes)
    goal: str = ""
    met: bool | None = None
    # The middle half of the per-run ratios, where the runs were taken in pairs (a page and its
    # reference in turn): how far one run's ratio strays on a noisy machine.
    spread: tuple[float, float] | None = None

    def _show(self, value: float | None) -> str:
        if value is None:
            return "–"
        if self.unit == "ms":
            return f"{value * 1000:.1f} ms"
        if self.unit == "s":
            return f"{value:.2f} s"
        if self.unit == "KB":
            return f"{value / 1000:,.0f} KB"
        if self.unit == "MB":
            return f"{value / 1e6:.2f} MB"
        return f"{value:g}"

    def cells(self) -> list[str]:
        ratio = f"{self.ours / self.reference:.3g}×" if self.reference else "–"
        if self.reference and self.spread:
            ratio += f" ({self.spread[0]:.2f}–{self.spread[1]:.2f})"
        met = "–" if self.met is None else ("yes" if self.met else "NO")
        return [self.measure, self._show(self.ours), self._show(self.reference), ratio, self.goal or "–", met]


HEADER = ["measure", "bordermap", "reference", "ratio", "goal", "met?"]


def table(rows: list[Row]) -> str:
    """A Markdown table, columns padded so it also reads as plain text."""
    lines = [HEADER] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]

    def fmt(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(lines[0]), rule] + [fmt(line) for line in lines[1:]])
