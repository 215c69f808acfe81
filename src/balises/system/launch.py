"""Start a program bound to the process that asked for it: `python -m balises.system.launch PARENT MEMORY_MB PROGRAM ARGS...`.

The program (Oxigraph's server, HermiT's Java) is given a memory limit (address space, 0 for none) and, on
Linux, the parent-death signal: when the Python process that started it dies, even by kill -9, the kernel
kills the program too, so that no engine or reasoner outlives a stopped `balises serve` or a killed build.
The launcher then replaces itself with the program (same process id). It imports nothing of the project:
it must start in milliseconds.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys


def command(program: list[str], memory_mb: int = 0) -> list[str]:
    """The command line that runs `program` bound to this process, under a memory limit."""
    return [sys.executable, "-m", "balises.system.launch", str(os.getpid()), str(int(memory_mb)), *program]


def _bind_to_parent(parent: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the program outlives a killed parent, as any child would
    if os.getppid() != parent:
        sys.exit(1)  # the parent died before the signal was set


def main(argv: list[str]) -> int:
    parent, memory_mb, program = int(argv[0]), int(argv[1]), argv[2:]
    _bind_to_parent(parent)
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):
            pass  # a lower hard limit is already in force
    os.execv(program[0], program)
    return 127


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
