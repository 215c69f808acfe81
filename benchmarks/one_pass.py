"""The tables computed in one pass (src/balises/query/onepass.py) against their queries, on a built store.

For each table of ONE_PASS, in one run on the same store: the wall time of its query through the layer
(`run_sparql`), the wall time of its Python computation with the reads shared between tables as the build shares
them, the ratio, and whether the rows are the same in the same order; then the peak memory of the process.
Writes benchmarks/ONE-PASS.md.

    python benchmarks/one_pass.py [--store PATH]   # default: the project's store (.balises/store)

At ~2M triples, the store of `balises build --force --store benchmarks/.work/2m/store --extra
benchmarks/.work/2m/synth` (benchmarks/PROFILE-2M.md): about four minutes, most of it the queries.
"""

from __future__ import annotations

import argparse
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from balises.pipeline.derive import ONE_PASS  # noqa: E402
from balises.query.binding import compose  # noqa: E402
from balises.query.library import load_library, reads  # noqa: E402
from balises.query.onepass import Reads  # noqa: E402
from balises.query.run import run_sparql  # noqa: E402
from balises.store.oxigraph import OxigraphStore  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / ".balises" / "store")
    args = parser.parse_args(argv)
    store = OxigraphStore.open(args.store)
    library, internal = load_library(ROOT / "queries"), reads()
    shared = Reads(store)
    lines, same_all = [], True
    for name, compute in ONE_PASS.items():
        sparql = compose((library[name] if name in library else internal[name]).text, {})
        started = time.perf_counter()
        mine = compute(store, sparql, reads=shared)
        python = time.perf_counter() - started
        started = time.perf_counter()
        theirs = run_sparql(store, sparql).outcome
        query = time.perf_counter() - started
        same = mine.columns == theirs.columns and mine.rows == theirs.rows
        same_all &= same
        lines.append(f"| {name} | {len(theirs.rows):,} | {query:.1f} s | {python:.1f} s | {query / python:.1f}× | "
                     f"{'yes' if same else 'no'} |")
        print(lines[-1], flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    text = "\n".join([
        "# One-pass tables against their queries", "",
        f"Written by `python benchmarks/one_pass.py --store {args.store.relative_to(ROOT) if args.store.is_relative_to(ROOT) else args.store}` "
        f"on {time.strftime('%Y-%m-%d')}, code at commit {commit}, on {platform.machine()} with {_cores()} cores, "
        f"Python {platform.python_version()}; {len(store):,} quads in the store.", "",
        "Each table of `ONE_PASS` (src/balises/pipeline/derive.py): its query through the layer (`run_sparql`) "
        "and its Python computation (src/balises/query/onepass.py; run first, so that the store's cold reads count against it), the reads shared between the tables in this "
        "order as the build shares them (the first table pays for the reads the others reuse); « same »: the "
        "same rows in the same order.", "",
        "| table | rows | query | Python | query ÷ Python | same |", "| --- | ---: | ---: | ---: | ---: | --- |",
        *lines, "", f"Peak memory of the process (the store read, the reads and each table's rows): {peak:,} MiB.",
        "", f"Same rows in the same order for every table: {'yes' if same_all else 'no'}.", ""])
    (HERE / "ONE-PASS.md").write_text(text, encoding="utf-8")
    return 0 if same_all else 1


def _cores() -> int:
    import os
    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
