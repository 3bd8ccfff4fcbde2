"""Helpers shared by the benchmark scripts: optional imports, timing, tables.

Benchmarks are scripts, not tests: they print figures and never assert timings. Every figure
is the MEDIAN of several repeats, because the machines they run on are shared and noisy.
"""

from __future__ import annotations

import gc
import importlib
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType
from typing import Any

INSTALL_HINT = "pip install '.[bench]'"


def import_slaclock() -> ModuleType:
    """slaclock itself, from the environment or else from this checkout's ``src``."""
    try:
        return importlib.import_module("slaclock")
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
        return importlib.import_module("slaclock")


def optional_import(name: str) -> ModuleType | None:
    """Import an anchor library, or say it is not installed and return ``None``."""
    try:
        return importlib.import_module(name)
    except ImportError as err:
        print(f"{name}: not installed: {INSTALL_HINT} ({err})")
        return None


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def environment(packages: Sequence[str]) -> list[str]:
    """Lines describing where and when the figures were taken."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    versions = ", ".join(f"{name} {package_version(name)}" for name in packages)
    return [
        f"date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"python: {platform.python_implementation()} {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, load average {load}",
        f"packages: {versions}",
    ]


@dataclass(frozen=True)
class Timing:
    """Microseconds per call of each repeat, and how many calls each repeat made."""

    per_call_us: tuple[float, ...]
    calls: int
    loops: int

    @property
    def median(self) -> float:
        return statistics.median(self.per_call_us)

    @property
    def low(self) -> float:
        return min(self.per_call_us)

    @property
    def high(self) -> float:
        return max(self.per_call_us)

    @property
    def shape(self) -> str:
        """``calls per repeat x repeats`` as shown in the table."""
        return f"{self.calls * self.loops:,} x{len(self.per_call_us)}"


def run_calls(function: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> float:
    """Seconds taken by ``function(*args)`` over *calls*, with the garbage collector off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.perf_counter()
        for args in calls:
            function(*args)
        return time.perf_counter() - started
    finally:
        if enabled:
            gc.enable()


def estimate(
    function: Callable[..., Any], calls: Sequence[tuple[Any, ...]], probe: int = 5
) -> float:
    """A rough cost per call in seconds, from the first few calls, run twice (once to warm up)."""
    sample = calls[: max(1, min(probe, len(calls)))]
    run_calls(function, sample)
    return run_calls(function, sample) / len(sample)


def affordable(per_call: float, available: int, budget: float, min_calls: int) -> int:
    """How many calls fit in *budget* seconds at *per_call* seconds each (at least *min_calls*)."""
    if per_call * available <= budget:
        return available
    return min(available, max(min_calls, int(budget / per_call)))


def time_interleaved(
    entries: Sequence[tuple[Callable[..., Any], Sequence[tuple[Any, ...]], float]],
    *,
    repeats: int,
    min_repeat_time: float,
) -> list[Timing]:
    """Time several ``(function, calls, estimated seconds per call)`` entries, timeit style.

    Each repeat runs every entry once, in an order rotated from one repeat to the next, so a
    burst of load on a shared machine hits all of them alike and their ratios stay
    meaningful. A fast entry loops over its calls until one repeat lasts about
    *min_repeat_time*. Returns, per entry, the µs per call of each repeat.
    """
    work = []
    for function, calls, per_call in entries:
        loops = max(1, math.ceil(min_repeat_time / max(per_call * len(calls), 1e-9)))
        work.append((function, list(calls) * loops, len(calls), loops))
    results: list[list[float]] = [[] for _ in work]
    for repeat in range(repeats):
        for offset in range(len(work)):
            index = (repeat + offset) % len(work)
            function, calls, _, _ = work[index]
            results[index].append(run_calls(function, calls) / len(calls) * 1e6)
    return [
        Timing(tuple(per_call_us), count, loops)
        for per_call_us, (_, _, count, loops) in zip(results, work, strict=True)
    ]


def time_first_calls(
    make: Callable[[], Any],
    call: Callable[[Any, tuple[Any, ...]], Any],
    calls: Sequence[tuple[Any, ...]],
    count: int,
) -> Timing:
    """µs taken by the first call on each of *count* freshly made objects (made untimed)."""
    results = []
    for index in range(count):
        subject = make()
        args = calls[index % len(calls)]
        enabled = gc.isenabled()
        gc.disable()
        try:
            started = time.perf_counter()
            call(subject, args)
            results.append((time.perf_counter() - started) * 1e6)
        finally:
            if enabled:
                gc.enable()
    return Timing(tuple(results), 1, 1)


def time_each(factory: Callable[[], Any], count: int) -> Timing:
    """µs taken by each of *count* calls of *factory* (for one-time setup costs)."""
    return time_first_calls(lambda: None, lambda _, args: factory(), [()], count)


def format_us(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_ratio(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}x"
    if value >= 10:
        return f"{value:.1f}x"
    return f"{value:.2f}x"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table, columns padded so it also reads well in a terminal."""
    widths = [len(header) for header in headers]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])
