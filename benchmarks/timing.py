"""Timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_time(func, runs: int = 5, budget: float = 20.0) -> float:
    """Median wall time of `func()` over up to `runs` runs, fewer when one run is slow (at least 1)."""
    times = []
    started = time.perf_counter()
    for _ in range(runs):
        t = time.perf_counter()
        func()
        times.append(time.perf_counter() - t)
        if time.perf_counter() - started > budget and len(times) >= 1:
            break
    return statistics.median(times)


def fmt_ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def median_times(funcs: list, runs: int = 5, budget: float = 30.0) -> list[float]:
    """Median wall time of each function, the runs interleaved (a, b, c, a, b, c...) so that caches and
    machine noise weigh on all alike; fewer runs when one round is slow."""
    times: list[list[float]] = [[] for _ in funcs]
    started = time.perf_counter()
    for _ in range(runs):
        for i, func in enumerate(funcs):
            t = time.perf_counter()
            func()
            times[i].append(time.perf_counter() - t)
        if time.perf_counter() - started > budget:
            break
    return [statistics.median(t) for t in times]


def run_child(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """Run a command; wall time, peak RSS (MiB) of that child, its output."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    out = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out}")
    return wall, usage.ru_maxrss // 1024, out
