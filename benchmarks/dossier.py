"""The writer's dossier, timed: the dossier of the most quoted balise on the curated graph, against a baseline.

The baseline is what a writer could take away before the dossier: the Markdown export of the same quotes
(`balises.quotes.citing.to_markdown`, quotes with their citations, no grouping, no footnotes, no bibliography).
Both are timed as the explorer's download button pays them on a first click: a fresh quote bank over the store
(its documents read, the quotes searched and fetched), then the file. The dossier is timed in each format, and
split into its composition (reads, grouping, bibliography by the CSL style) and its writing; last, the whole
command `balises dossier` in a new process (Python's start and imports included). Medians of --runs, the runs
interleaved (benchmarks/timing.py). Target: under 3 s for the dossier.
Writes benchmarks/DOSSIER.md.

    python benchmarks/dossier.py [--runs 7] [--store DIR]

The store is the working tree's (`balises build` first), opened as the explorer opens it (an in-memory copy
when it is small) and as the CLI opens it (read-only on disk).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from timing import fmt_ms, median_times, ratio  # noqa: E402

from balises.dossier.content import compose_dossier  # noqa: E402
from balises.dossier.export import dossier_bytes, render  # noqa: E402
from balises.dossier.selection import Selection  # noqa: E402
from balises.query.library import load_library  # noqa: E402
from balises.quotes.citing import to_markdown  # noqa: E402
from balises.quotes.search import open_bank  # noqa: E402
from balises.settings import load_settings  # noqa: E402
from balises.store import open_store  # noqa: E402

TARGET = 3.0
FORMATS = ("docx", "odt", "md")


def measure(store, settings, runs: int) -> tuple[str, int, int, list[tuple[str, float]]]:
    """(balise, quotes, documents, [(what, median seconds)]) on one store."""
    library = load_library(settings.queries_dir)
    corpus = settings.corpus_dir
    counts = open_bank(store, library, corpus).facet_counts()["balise"]
    notation = max(sorted(counts), key=lambda n: counts[n])
    selection = Selection("balise", notation)

    def baseline():
        bank = open_bank(store, library, corpus)
        return to_markdown(list(bank.search(balises=[notation])), bank)

    def dossier(fmt):
        return lambda: dossier_bytes(store, open_bank(store, library, corpus), selection, fmt, "fr", corpus)

    def compose():
        return compose_dossier(store, open_bank(store, library, corpus), selection, "fr", corpus)

    composed = compose()
    funcs = [("baseline: Markdown export of the same quotes (citing.to_markdown)", baseline),
             *((f"dossier, {fmt}", dossier(fmt)) for fmt in FORMATS),
             ("  composing it (reads, cases, footnotes, CSL bibliography)", compose),
             *((f"  writing the {fmt} file", lambda fmt=fmt: render(composed, fmt)) for fmt in FORMATS)]
    times = median_times([f for _, f in funcs], runs=runs, budget=120.0)
    documents = len({q.document for q in composed.quotes})
    return notation, len(composed.quotes), documents, [(what, t) for (what, _), t in zip(funcs, times)]


def cli_time(settings, notation: str, runs: int) -> tuple[float, float]:
    """Median wall time and CPU time (user + system) of `balises dossier --balise N --format docx` in a new
    process."""
    exe = Path(sys.executable).parent / "balises"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    times, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(max(1, runs // 2)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run([str(exe), "dossier", "--store", str(settings.store), "--balise", notation, "--format",
                            "docx", "-o", str(Path(tmp) / "d.docx")], check=True, env=env, capture_output=True)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return sorted(times)[len(times) // 2], sorted(cpu)[len(cpu) // 2]


def table(rows: list[tuple[str, float]], base: float) -> list[str]:
    lines = ["| what | median | ratio to the baseline | < 3 s |", "| --- | ---: | ---: | :---: |"]
    for what, t in rows:
        lines.append(f"| {what} | {fmt_ms(t)} | {ratio(t, base)} | {'✓' if t < TARGET else '✗'} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--store", help="store directory (default: the working tree's .balises/store)")
    parser.add_argument("--out", default=str(HERE / "DOSSIER.md"))
    args = parser.parse_args()
    settings = load_settings().with_overrides(home=ROOT, store=args.store)
    out = ["# The writer's dossier, timed", "",
           f"Written by `python benchmarks/dossier.py` on {time.strftime('%Y-%m-%d')} ({platform.machine()}, "
           f"{os.cpu_count()} cores shared, load average {os.getloadavg()[0]:.1f} at the start, Python "
           f"{platform.python_version()}), over the curated graph. {' '.join(__doc__.split(chr(10))[2:9])}", ""]
    for how, in_memory in (("as the explorer opens it (in-memory copy)", None),
                           ("as the CLI opens it (on disk)", False)):
        store = open_store(settings, in_memory=in_memory)
        notation, quotes, documents, rows = measure(store, settings, args.runs)
        out += [f"## Store opened {how}", "",
                f"The most quoted balise: {notation}, {quotes} quotes from {documents} documents.", "",
                *table(rows, rows[0][1]), ""]
        print("\n".join(out[-len(rows) - 5:]), flush=True)
    cli, cpu = cli_time(settings, notation, args.runs)
    out += ["## The command", "",
            f"`balises dossier --balise {notation} --format docx -o FILE` in a new process: {fmt_ms(cli)} wall time, "
            f"{fmt_ms(cpu)} of CPU ({'under' if cli < TARGET else 'over'} the 3 s target), Python's start and imports "
            "included.", ""]
    Path(args.out).write_text("\n".join(out), encoding="utf-8")
    print(out[-2])


if __name__ == "__main__":
    main()
