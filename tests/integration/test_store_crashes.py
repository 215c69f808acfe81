"""The store under faults: a build killed (SIGKILL, as a power cut) at every phase and every step of the swap,
readers looping while the store is rebuilt ten times, two builds started together. After each: the store opens,
holds the old data or the new data (never a mix, never nothing), and the next build removes what was left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from conftest import make_home

from balises.pipeline.build import build
from balises.query.run import run_sparql
from balises.settings import Settings
from balises.store import open_store
from balises.store.oxigraph import read_manifest
from balises.store.versions import current, lock_file, stray
from balises.system.failpoints import POINTS

#: A fact the second state of the data adds: the store holds it or not, never half of it.
EXTRA = ('\nter:t-crash a bal:Commune ; rdfs:label "Crash (test)"@fr ; bal:partOf ter:t-nord ; '
         'prov:wasDerivedFrom doc:000 .\n')
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
#: Points reached once the new version is current (killed there, the store holds the new data).
AFTER_SWAP = {"swap:renamed", "cleanup:removing"}


def quads(settings) -> int:
    store = open_store(settings)
    try:
        return int(run_sparql(store, COUNT).rows[0][0])
    finally:
        store.close()


def run_build(settings, *args, env=None) -> subprocess.CompletedProcess:
    """`balises build ARGS` in a process of its own (its pid in `.pid`)."""
    process = subprocess.Popen([sys.executable, "-m", "balises.cli", "build", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, BALISES_HOME=str(settings.home), BALISES_STORE=str(settings.store),
                                        **(env or {})))
    out, err = process.communicate(timeout=300)
    done = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    done.pid = process.pid
    return done


def orphan_javas() -> list[int]:
    """HermiT's Java processes whose parent has died (adopted by init)."""
    found = subprocess.run(["pgrep", "-f", "org.semanticweb.HermiT"], capture_output=True, text=True).stdout.split()
    orphans = []
    for pid in map(int, found):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:"))) == 1:
            orphans.append(pid)
    return orphans


@pytest.fixture(scope="module")
def built_home(tmp_path_factory) -> Path:
    """A home with its store built on the first state of the data, once: each test works on a copy of it."""
    settings = make_home(tmp_path_factory.mktemp("built") / "home")
    build(settings, use_hermit=False)
    return settings.home


@pytest.fixture
def two_states(tmp_path, built_home):
    """A home with its store built on the first state of the data (a copy of `built_home`: the store's link is
    relative, the copy is a home of its own); `flip()` writes the other state."""
    shutil.copytree(built_home, tmp_path / "home", symlinks=True)
    settings = Settings(home=tmp_path / "home", store=tmp_path / "home" / ".balises" / "store")
    assert build(settings, use_hermit=False).skipped  # the copy is up to date where it lies
    data = settings.data_dir / "minimal.ttl"
    first = data.read_text(encoding="utf-8")
    old = quads(settings)

    def flip(extra: bool) -> None:
        data.write_text(first + (EXTRA if extra else ""), encoding="utf-8")

    return settings, old, flip


@pytest.mark.parametrize("point", POINTS)
def test_a_build_killed_at_any_point_leaves_a_store_and_the_next_build_cleans_up(two_states, point):
    settings, old, flip = two_states
    old_version, old_hash = current(settings.store), read_manifest(settings.store)["inputs_hash"]
    flip(True)
    args = ["--force"] + ([] if point == "build:reasoning" else ["--no-reasoner"])
    killed = run_build(settings, *args, env={"BALISES_FAILPOINT": point})
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    # the store opens, on the old data or the new, as the manifest it holds says
    now = quads(settings)
    if point in AFTER_SWAP:
        assert now > old and current(settings.store) != old_version
    else:
        assert now == old and current(settings.store) == old_version
        assert read_manifest(settings.store)["inputs_hash"] == old_hash
    reasoner_dirs = list(Path(tempfile.gettempdir()).glob(f"balises-reason-{killed.pid}-*"))
    if point == "build:reasoning":  # killed while Java works: Java dies with it
        assert reasoner_dirs, "the fail point was reached while HermiT ran"
        time.sleep(0.5)
        assert orphan_javas() == []
    left = stray(settings.store)
    # (another test's build, in the other worker, may remove the killed reasoner's directory first: looked at again)
    reasoner_dirs = list(Path(tempfile.gettempdir()).glob(f"balises-reason-{killed.pid}-*"))
    again = run_build(settings, "--no-reasoner")
    assert again.returncode == 0, again.stderr[-2000:]
    if left or reasoner_dirs:  # the next build says what it removed: a killed build's leftovers, a former version
        said = "Removed 1 former version" if point == "swap:renamed" else "leftover(s) of an interrupted build"
        assert said in again.stdout, again.stdout
    assert stray(settings.store) == []
    assert quads(settings) > old
    assert not list(Path(tempfile.gettempdir()).glob(f"balises-reason-{killed.pid}-*"))


@pytest.mark.slow
def test_readers_never_fail_while_the_store_is_rebuilt_ten_times(two_states):
    settings, old, flip = two_states
    flip(True)
    build(settings, use_hermit=False)
    new = quads(settings)
    errors: list[str] = []
    seen: set[int] = set()
    done: list[int] = []
    stop = threading.Event()
    reader = subprocess.Popen([sys.executable, "-c", READER, str(settings.store), str(old), str(new)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def in_process() -> None:
        while not stop.is_set():
            try:
                count = quads(settings)
                if count not in (old, new):
                    errors.append(f"a mix: {count} quads")
                seen.add(count)
                done.append(count)
            except Exception as exc:  # noqa: BLE001 - every failure is what this test counts
                errors.append(repr(exc))

    threads = [threading.Thread(target=in_process) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for i in range(10):
            flip(i % 2 == 0)
            build(settings, use_hermit=False)
    finally:
        stop.set()
        for t in threads:
            t.join()
        reader.send_signal(signal.SIGTERM)
        out, err = reader.communicate(timeout=30)
    reads, failures = (int(x) for x in out.split())
    print(f"\nreads during ten rebuilds: {reads} in a process, {len(done)} in two threads; errors "
          f"{failures + len(errors)}")
    assert errors == [] and failures == 0, (errors[:5], err[-2000:])
    assert reads > 10 and seen == {old, new}
    # versions a reader held during the last build are kept by it; the next build, readers gone, removes them
    assert "Removed" in build(settings, use_hermit=False).summary() or stray(settings.store) == []
    assert stray(settings.store) == []


READER = """
import signal, sys
from balises.settings import load_settings
from balises.query.run import run_sparql
from balises.settings import Settings
from balises.store import open_store
settings = load_settings().with_overrides(store=sys.argv[1])
valid = {int(sys.argv[2]), int(sys.argv[3])}
reads = failures = 0
running = True
def stop(*_):
    global running
    running = False
signal.signal(signal.SIGTERM, stop)
while running:
    try:
        store = open_store(settings)
        n = int(run_sparql(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0])
        store.close()
        reads += 1
        failures += n not in valid
    except Exception as exc:
        failures += 1
        print(repr(exc), file=sys.stderr)
print(reads, failures)
"""


def test_two_builds_at_once_one_waits_or_refuses(two_states):
    settings, old, flip = two_states
    flip(True)
    env = dict(os.environ, BALISES_HOME=str(settings.home), BALISES_STORE=str(settings.store))
    first = subprocess.Popen([sys.executable, "-m", "balises.cli", "build", "--force", "--no-reasoner"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while lock_file(settings.store).read_text().strip() != str(first.pid):  # the first holds the lock
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    refused = run_build(settings, "--force", "--no-reasoner")
    waiting = subprocess.Popen([sys.executable, "-m", "balises.cli", "build", "--wait", "--no-reasoner"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert first.wait(timeout=120) == 0, first.stderr.read()
    assert waiting.wait(timeout=120) == 0, waiting.stderr.read()
    assert refused.returncode == 2 and "another build" in refused.stderr and "--wait" in refused.stderr
    assert "up to date" in waiting.stdout.read()  # it waited, then found the first one's store current
    assert stray(settings.store) == [] and quads(settings) > old


def test_a_full_disk_while_writing_the_store_keeps_the_previous_one(two_states, monkeypatch):
    """ENOSPC from the engine while it fills the new version: a message that says so, the previous store current."""
    import errno

    from balises.errors import StoreError
    from balises.store import writing

    settings, old, flip = two_states
    before = current(settings.store)
    flip(True)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writing, "_fill", full)
    with pytest.raises(StoreError, match="No space left on device.*free some space.*previous store is untouched"):
        build(settings, use_hermit=False, force=True)
    assert current(settings.store) == before and quads(settings) == old and stray(settings.store) == []


def test_a_full_disk_while_ingesting_writes_nothing(tmp_path, monkeypatch):
    """The sheet's Turtle is written whole or not at all: a disk that fills up mid-write leaves no truncated file
    for every later validate and build to stumble on."""
    import errno

    from balises.system import atomic
    from balises.contrib.ingest.ingest import _write
    from balises.errors import InputError

    target = tmp_path / "contrib" / "fiche.ttl"
    real_replace = os.replace

    def full(source, destination):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(InputError, match="cannot write .*fiche.ttl: No space left on device. Nothing was written"):
        _write(target.parent, target, "@prefix ex: <http://e/> .\n" * 1000, None, None)
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert list(target.parent.iterdir()) == []
