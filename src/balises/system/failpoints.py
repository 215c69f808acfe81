"""Fail points: named places in the build where the crash tests kill the process, as a power cut would.

`BALISES_FAILPOINT=swap:linked balises build --force` sends SIGKILL to the build when it reaches the point
named `swap:linked` (several names may be given, comma-separated). Unset, a fail point costs one dictionary
lookup. The names, in the order a build passes them, are in `POINTS`; `tests/integration/test_crashes.py`
kills a build at each and checks that the store opens afterwards on the old or the new data, and that the
next build cleans what the killed one left.
"""

from __future__ import annotations

import os
import signal

#: Every fail point, in the order a build reaches them.
POINTS = (
    "build:locked",          # the build lock is held, nothing read yet
    "build:loaded",          # inputs parsed
    "build:validated",       # SHACL and quotes checked
    "build:reasoning",       # HermiT is running (killed while Java works)
    "build:reasoned",        # inferred graph ready
    "store:filling",         # the new version's directory exists, half-written
    "store:filled",          # data and tables written, manifest not yet
    "store:complete",        # manifest written: the version is complete but not current
    "swap:linked",           # the temporary link to the new version exists, not yet renamed
    "swap:renamed",          # the store points to the new version; old versions not yet removed
    "cleanup:removing",      # an old version is being removed
)
#: The fail point of the build's second process (pipeline/helper.py: a build at scale), which kills that process,
#: not the build: the build must stop with its own message and leave the store as it was.
HELPER_POINTS = ("helper:computing",)


def failpoint(name: str) -> None:
    """Kill this process with SIGKILL if BALISES_FAILPOINT names this point (crash tests only)."""
    wanted = os.environ.get("BALISES_FAILPOINT")
    if wanted and name in wanted.split(","):
        os.kill(os.getpid(), signal.SIGKILL)
