"""Fewer malloc arenas for a build's processes (`fewer_arenas()`), and Python's cycle collector kept off the
millions of objects a build at scale holds (`collector_paused`).

glibc gives each thread that contends for the allocator an arena of its own, up to eight per core; RocksDB's
background threads (Oxigraph's store) and the engine's reads then leave memory spread over many arenas, freed but
not returned. Two arenas bound that: at ~2M triples the whole build's largest process peaks at 1 640 MiB instead
of 1 944 MiB, both processes together at 1 936 MiB instead of 2 202 MiB, in the same time
(benchmarks/PROFILE-2M.md). It is what MALLOC_ARENA_MAX=2 does at a program's start, set here by `mallopt` before
the store is opened; a MALLOC_ARENA_MAX the user set is left as it is. Elsewhere than glibc, nothing is done.
"""

from __future__ import annotations

import ctypes
import gc
import os
from contextlib import contextmanager

M_ARENA_MAX = -8  # glibc's malloc.h
ARENAS = 2


def fewer_arenas(count: int = ARENAS) -> bool:
    """Limit this process's malloc arenas to `count`; whether the limit was set (False: not glibc, or the
    user's MALLOC_ARENA_MAX kept)."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return mallopt(M_ARENA_MAX, count) == 1


@contextmanager
def collector_paused():
    """Python's cycle collector paused while millions of objects are made that are in no cycle (a build's reads
    of a ~2M-triple store): it would walk every live object again at each growth of a quarter, ~15 s at ~2M."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
