"""The explorer's own work, timed: every query and computation its pages make on a first visit, at each size.

The store is opened as the explorer opens it (an in-memory copy up to 100 000 quads, else read-only on disk), then each call a page
makes is timed, uncached (median of --runs): the library queries with the parameters the page gives them
(default territory ter:lomme, balise E1, the first project of the list), the process-wide reads (label
table, quote bank) and the analysis behind the network and analogous-cases panels. Writes
benchmarks/EXPLORER.md with the 300 ms target per call.

    python benchmarks/explorer.py [--sizes curated,200k,2m] [--runs 5]

The stores are the ones `benchmarks/run.py` builds under benchmarks/.work/<size>/store.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timing import fmt_ms, median_time  # noqa: E402

WORK = HERE / ".work"
TARGET = 0.300


def calls(store, library, corpus_dir):
    """(page, what, function returning a row count) for every call of a first visit of each page."""
    from balises.analysis.analogues import (Profile, analogous_projects, analogues, profile_for, project_features,
                                            territory_features)
    from balises.analysis.facts import read_facts
    from balises.analysis.network import DRAW_MAX, build_network, filter_facts
    from balises.namespaces import expand
    from balises.citations import load_bank, read_documents
    from balises.querying import find_query, run_named

    def q(slug, **params):
        return lambda: len(run_named(store, find_query(library, slug), params).rows)

    bank = load_bank(store, library, corpus_dir)
    project = run_named(store, find_query(library, "33-projects-by-facets")).records(short=True)[0]["project"]
    facts = read_facts(store)
    lomme = profile_for(store, "ter:lomme")
    typed = Profile(kind="Commune", population=10000, themes={"alimentation"}, balises={"C1", "C2"})
    return [
        ("toutes", "label table (38-labels)", q("38-labels")),
        ("toutes", "quote bank (30-quote-bank, 31-source-documents, into Python)",
         lambda: len(load_bank(store, library, corpus_dir))),
        ("toutes", "source documents (31)", lambda: len(read_documents(store, library, corpus_dir))),
        ("accueil", "37-territory-map", q("37-territory-map")),
        ("accueil", "14-documents", q("14-documents")),
        ("territoires", "22-territories", q("22-territories")),
        ("territoires", "01-territory-profile ter:lomme", q("01-territory-profile", territory="ter:lomme")),
        ("territoires", "24-territory-projects ter:lomme", q("24-territory-projects", territory="ter:lomme")),
        ("territoires", "06-territory-actors ter:lomme", q("06-territory-actors", territory="ter:lomme")),
        ("territoires", "balises and quotes of ter:lomme (quote bank, Python)",
         lambda: len(bank.search(territories=["ter:lomme"]))),
        ("territoires", "features of every territory and project for the analogous cases (once per process)",
         lambda: len(territory_features.__wrapped__(store)) + len(project_features.__wrapped__(store))),
        ("territoires", "analogues of ter:lomme (territories and projects)",
         lambda: len(analogues(store, lomme, 8)) + len(analogous_projects(store, lomme, 8))),
        ("territoires", "34-facet-values", q("34-facet-values")),
        ("territoires", "analogues of a typed profile",
         lambda: len(analogues(store, typed, 8)) + len(analogous_projects(store, typed, 8))),
        ("référentiel", "17-enjeux-overview", q("17-enjeux-overview")),
        ("référentiel", "quotes of E1 (quote bank, Python)", lambda: len(bank.search(balises=["E1"]))),
        ("référentiel", "32-balise-practices ref:E1", q("32-balise-practices", balise="ref:E1")),
        ("référentiel", "13-balise-theme", q("13-balise-theme")),
        ("référentiel", "12-balise-cooccurrence", q("12-balise-cooccurrence")),
        ("projets", "33-projects-by-facets", q("33-projects-by-facets")),
        ("projets", f"35-project-sheet {project}", q("35-project-sheet", project=project)),
        ("projets", f"05-project-actors {project}", q("05-project-actors", project=project)),
        ("projets", "quotes of the project (quote bank, Python)", lambda: len(bank.search(about=[project]))),
        ("réseau", "facts (read_facts)", lambda: len(read_facts(store).actors)),
        ("réseau", f"actors involved, to decide whether to draw (the page draws up to {DRAW_MAX})",
         lambda: len({a for a, _, _ in facts.involvements})),
        ("réseau", "network of the projects of ter:loos-en-gohelle: graph and metrics",
         lambda: len(build_network(filter_facts(facts, expand("ter:loos-en-gohelle"))).metrics())),
    ] + ([
        ("réseau", "network of every actor: graph and metrics", lambda: len(build_network(facts).metrics())),
    ] if len({a for a, _, _ in facts.involvements}) <= DRAW_MAX else []) + [
        ("sauts", "36-leaps", q("36-leaps")),
        ("citations", "search « coopération » with a balise facet (quote bank, Python)",
         lambda: len(bank.search("coopération", balises=["C2"]))),
    ]


def measure(size: str, runs: int) -> dict:
    from balises.querying import load_library
    from balises.settings import load_settings
    from balises.store import open_store

    path = WORK / size / "store"
    settings = load_settings().with_overrides(store=path)
    started = time.perf_counter()
    store = open_store(settings, in_memory=None)  # as the explorer opens it
    opened = time.perf_counter() - started
    library = load_library(settings.queries_dir)
    out = {"open": opened, "quads": len(store), "calls": []}
    for page, what, func in calls(store, library, settings.corpus_dir):
        rows = func()
        seconds = median_time(func, runs, budget=60)
        out["calls"].append({"page": page, "call": what, "rows": rows, "seconds": seconds})
        print(f"  {size:8} {page:12} {what[:60]:60} {fmt_ms(seconds):>10}", flush=True)
    return out


def report(results: dict) -> str:
    lines = ["# The explorer's calls, timed", "",
             f"Written by `python benchmarks/explorer.py` on {time.strftime('%Y-%m-%d')}, on {platform.machine()} "
             f"with Python {platform.python_version()}. Each call a page makes on a first visit, uncached, on an "
             "the store opened as the explorer opens it (an in-memory copy up to 100 000 quads, else read-only on disk); median of the runs. Target: under 300 ms "
             "at ~2M triples. The explorer caches every answer per process (labels, quote bank and facts once; "
             "query answers per parameters), so a call is paid once, on the first visit that needs it.", ""]
    for size, res in results.items():
        met = sum(1 for c in res["calls"] if c["seconds"] < TARGET)
        lines += [f"## {size}: {res['quads']:,} quads", "",
                  f"Store opened as the explorer opens it ({'in-memory copy' if res['quads'] <= 100_000 else 'read-only on disk'}): "
                  f"{fmt_ms(res['open'])}. "
                  f"Calls under 300 ms: {met} of {len(res['calls'])}.", "",
                  "| page | call | rows | median | < 300 ms |", "| --- | --- | ---: | ---: | :---: |"]
        for c in res["calls"]:
            lines.append(f"| {c['page']} | {c['call']} | {c['rows']:,} | {fmt_ms(c['seconds'])} | "
                         f"{'✓' if c['seconds'] < TARGET else '✗'} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="curated,200k,2m")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default=str(HERE / "EXPLORER.md"))
    args = parser.parse_args()
    results = {}
    for size in ("curated", "200k", "2m"):
        cached = WORK / size / "explorer.json"
        if size in args.sizes.split(","):
            if not (WORK / size / "store").is_dir():
                raise SystemExit(f"no store for {size}: run `python benchmarks/run.py --sizes {size}` first")
            results[size] = measure(size, args.runs)
            cached.write_text(json.dumps(results[size]), encoding="utf-8")
        elif cached.exists():
            results[size] = json.loads(cached.read_text(encoding="utf-8"))
    Path(args.out).write_text(report(results), encoding="utf-8")


if __name__ == "__main__":
    main()
