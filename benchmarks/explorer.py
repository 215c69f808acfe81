"""The explorer's own work, timed: every query and computation its pages make on a first visit, at each size.

The store is opened as the explorer opens it (an in-memory copy up to 100 000 quads, else read-only on disk), then each call a page
makes is timed, uncached (median of --runs): the library queries with the parameters the page gives them
(default territory ter:lomme, balise E1, the first project of the list), the labels, the quote search and its
facet counts (on the index the build writes beside the store), and the analysis behind the network and
analogous-cases panels. Writes benchmarks/EXPLORER.md with the 300 ms target per call, and the quote search
compared with the column index it replaced (benchmarks/search_before.json).

    python benchmarks/explorer.py [--sizes curated,200k,2m] [--runs 5]

The stores are the ones `benchmarks/run.py` builds under benchmarks/.work/<size>/store.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timing import fmt_ms, median_time  # noqa: E402

WORK = HERE / ".work"
TARGET = 0.300
#: The quote search's calls measured with the column index that SQLite FTS5 replaced (commit 5cafc13, this script
#: with the same calls), by size: what the comparison in EXPLORER.md reads.
BEFORE = HERE / "search_before.json"
#: (the call now, the same call with the column index); None: the column index had no such call.
COMPARED = [
    ("quote search index as the explorer gets it: the build's file opened beside a store on disk, else built in "
     "memory (once per process)", "every column of the quote search index (a process that used every filter)"),
    ("counts of every facet of the whole bank", "facet values and counts of the whole bank (materialised)"),
    ("search, no filter: the first page of 15", None),
    ("search « coopération » alone: the first page", None),
    ("search « coopération » with a balise facet: the first page", None),
    ("search « coopération élus » within an enjeu: the first page", None),
    ("search « habitants projet » within the most quoted territory and an enjeu: the first page", None),
    ("counts of every facet for that search (12 facets and filters, one pass)",
     "counts of each facet for that search, one call per facet (balise, enjeu, territory, document, about)"),
    ("search « Lil'Ô »: the first page", None),
]


def calls(store, library, corpus_dir):
    """(page, what, function returning a row count) for every call of a first visit of each page."""
    from balises.analysis.analogues import analogous_projects, analogues, profile_for
    from balises.analysis.facts import count_involved, network_options, read_facts
    from balises.analysis.features import project_features, territory_features
    from balises.analysis.network import DRAW_MAX, build_network
    from balises.analysis.scoring import Profile
    from balises.catalog.labels import labels_of, territory_labels, translations
    from balises.catalog.stats import headline
    from balises.geo import reference as geo_reference
    from balises.geo.names import fold, index_of, search
    from balises.query.cache import run_named
    from balises.query.library import find_query
    from balises.quotes.bank import read_documents
    from balises.quotes.fulltext import INDEX_FILE, QuoteIndex
    from balises.quotes.search import StoreBank, index_in_memory, open_bank
    from balises.rdf.namespaces import expand

    def q(slug, **params):
        """A named query as a page runs it (views.common.query: records, IRIs as CURIEs)."""
        return lambda: len(run_named(store, find_query(library, slug), params).records(short=True))

    bank = open_bank(store, library, corpus_dir)
    index_file = store.directory / INDEX_FILE if getattr(store, "directory", None) else None

    def fresh_bank():
        """The explorer's bank as a page finds it: the search index open (once per process, timed apart), none of
        the quotes read yet."""
        fresh = StoreBank(store, bank.documents, library)
        fresh._index = bank.index
        fresh._index._matched.clear()  # no search kept from the previous run
        return fresh

    project = run_named(store, find_query(library, "33-projects-by-facets")).records(short=True)[0]["project"]
    territory_counts = bank.facet_counts()["territory"]
    top = max(territory_counts, key=territory_counts.get)  # the most quoted territory
    two = {"territories": [top], "enjeux": ["ref:cooperation"]}
    lomme = profile_for(store, "ter:lomme")
    typed = Profile(kind="Commune", population=10000, themes={"alimentation"}, balises={"C1", "C2"})
    some = [r["territory"] for r in run_named(store, find_query(library, "22-territories")).records()][:50]
    loos = expand("ter:loos-en-gohelle")
    involved_all = count_involved(store)
    ref_path = HERE.parent / "data" / "reference" / "cog.json"
    reference = geo_reference.load_reference(ref_path)
    index_of(reference)
    names = [u.name for u in reference.units.values()]
    # 20 French communes drawn at random (seeded), none of them described by the corpus
    sample = random.Random(16).sample(sorted({u.code for u in reference.units.values() if u.kind == "commune"}), 20)

    def by_name(text):
        profile = profile_for(store, text, reference)
        return len(analogues(store, profile, 8)) + len(analogous_projects(store, profile, 8))

    def scan(text):
        """The baseline of the name search: fold every name and compare, as a plain loop would."""
        key = fold(text)
        return sum(1 for n in names if fold(n).startswith(key))
    return [
        ("toutes", "quote bank opened: its documents and size (31, counts)",
         lambda: len(open_bank(store, library, corpus_dir))),
        ("toutes", "quote search index as the explorer gets it: the build's file opened beside a store on disk, else "
                   "built in memory (once per process)",
         lambda: len(QuoteIndex.open(index_file) if index_file else index_in_memory(store, library))),
        ("toutes", "quote search index built in memory from the store's tables (an in-memory copy, a SPARQL endpoint; once per process)",
         lambda: len(index_in_memory(store, library))),
        ("toutes", "labels of 50 IRIs a page shows (one VALUES query)", lambda: len(labels_of(store, some))),
        ("toutes", "labels of every territory (materialised table, for selectors)", lambda: len(territory_labels(store))),
        ("toutes", "French -> English map of label columns (materialised)", lambda: len(translations(store))),
        ("toutes", "source documents (31)", lambda: len(read_documents(store, library, corpus_dir))),
        ("accueil", "headline counts (balises.catalog.stats)", lambda: len(headline(store))),
        ("accueil", "37-territory-map", q("37-territory-map")),
        ("accueil", "14-documents", q("14-documents")),
        ("territoires", "22-territories", q("22-territories")),
        ("territoires", "01-territory-profile ter:lomme", q("01-territory-profile", territory="ter:lomme")),
        ("territoires", "24-territory-projects ter:lomme", q("24-territory-projects", territory="ter:lomme")),
        ("territoires", "06-territory-actors ter:lomme", q("06-territory-actors", territory="ter:lomme")),
        ("territoires", "balises evidenced for ter:lomme (counted in the store)",
         lambda: len(bank.counts("balise", territory=["ter:lomme"]))),
        ("territoires", "quotes about ter:lomme: search and the 6 shown",
         lambda: len(fresh_bank().search(territories=["ter:lomme"])[:6])),
        ("territoires", "features of every territory and project for the analogous cases (once per process)",
         lambda: len(territory_features.__wrapped__(store)) + len(project_features.__wrapped__(store))),
        ("territoires", "analogues of ter:lomme (territories and projects, with their quotes)",
         lambda: len(analogues(store, lomme, 8)) + len(analogous_projects(store, lomme, 8))),
        ("territoires", "34-facet-values", q("34-facet-values")),
        ("territoires", "official geography file read (once per process)",
         lambda: len(geo_reference._load.__wrapped__(str(ref_path), 0).units)),
        ("territoires", "name index of every commune, EPCI, département and région (once per process)",
         lambda: len(index_of.__wrapped__(reference).entries)),
        ("territoires", "name search « mouans » over every commune, EPCI, département, région",
         lambda: len(search(reference, "mouans"))),
        ("territoires", "name search « saint » (the commonest start of a name)", lambda: len(search(reference, "saint"))),
        ("territoires", "baseline of the name search: every name folded and compared", lambda: scan("mouans")),
        ("territoires", "analogues of Mouans-Sartoux by name (official profile, territories, projects)",
         lambda: by_name("Mouans-Sartoux")),
        ("territoires", "analogues of 20 random French communes by code (all 20)",
         lambda: sum(by_name(code) for code in sample)),
        ("territoires", "analogues of a typed profile",
         lambda: len(analogues(store, typed, 8)) + len(analogous_projects(store, typed, 8))),
        ("référentiel", "17-enjeux-overview", q("17-enjeux-overview")),
        ("référentiel", "quotes of E1: search and the 8 shown", lambda: len(fresh_bank().search(balises=["E1"])[:8])),
        ("référentiel", "cases of E1 (quotes per subject, counted in the store)",
         lambda: len(bank.counts("about", balise=["E1"]))),
        ("référentiel", "32-balise-practices ref:E1", q("32-balise-practices", balise="ref:E1")),
        ("référentiel", "13-balise-theme", q("13-balise-theme")),
        ("référentiel", "12-balise-cooccurrence", q("12-balise-cooccurrence")),
        ("projets", "33-projects-by-facets", q("33-projects-by-facets")),
        ("projets", f"35-project-sheet {project}", q("35-project-sheet", project=project)),
        ("projets", f"05-project-actors {project}", q("05-project-actors", project=project)),
        ("projets", "quotes of the project: search and the 6 shown",
         lambda: len(fresh_bank().search(about=[project])[:6])),
        ("réseau", "territories and statuses to filter by (materialised)", lambda: len(network_options(store)[0])),
        ("réseau", f"actors involved, to decide whether to draw (the page draws up to {DRAW_MAX})",
         lambda: count_involved(store)),
        ("réseau", "actors involved in the projects of ter:loos-en-gohelle", lambda: count_involved(store, loos)),
        ("réseau", "network of the projects of ter:loos-en-gohelle: its slice of facts, graph and metrics",
         lambda: len(build_network(read_facts(store, loos)).metrics())),
    ] + ([
        ("réseau", "network of every actor: facts, graph and metrics", lambda: len(build_network(read_facts(store)).metrics())),
    ] if involved_all <= DRAW_MAX else []) + [
        ("sauts", "36-leaps", q("36-leaps")),
        ("citations", "counts of every facet of the whole bank", lambda: len(fresh_bank().facet_counts()["territory"])),
        ("citations", "search, no filter: the first page of 15", lambda: len(fresh_bank().search()[:15])),
        ("citations", "search « coopération » with a balise facet: the first page",
         lambda: len(fresh_bank().search("coopération", balises=["C2"])[:15])),
        ("citations", "search « coopération » alone: the first page", lambda: len(fresh_bank().search("coopération")[:15])),
        ("citations", "search « coopération élus » within an enjeu: the first page",
         lambda: len(fresh_bank().search("coopération élus", enjeux=["ref:cooperation"])[:15])),
        ("citations", "search « habitants projet » within the most quoted territory and an enjeu: the first page",
         lambda: len(fresh_bank().search("habitants projet", **two)[:15])),
        ("citations", "counts of every facet for that search (12 facets and filters, one pass)",
         lambda: sum(map(len, fresh_bank().facet_counts("habitants projet", **two).values()))),
        ("citations", "that search and its counts, as the page asks them (its words matched once)",
         lambda: len((page := fresh_bank()).search("habitants projet", **two)[:15])
         + len(page.facet_counts("habitants projet", **two))),
        ("citations", "search « Lil'Ô »: the first page", lambda: len(fresh_bank().search("Lil'Ô")[:15])),
    ]


def measure(size: str, runs: int) -> dict:
    from balises.query.library import load_library
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
             f"with Python {platform.python_version()}. Each call a page makes on a first visit, uncached, on "
             "the store opened as the explorer opens it (an in-memory copy up to 100 000 quads, else read-only on disk); median of the runs. Target: under 300 ms "
             "at ~2M triples. The explorer caches answers per process (labels as read, the quote search index and the analogous-cases features once, "
             "query answers and network slices per parameters), so a call is paid once, on the first visit that needs it.", ""]
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
    return "\n".join(lines + comparison(results))


def comparison(results: dict) -> list[str]:
    """The quote search now (SQLite FTS5 and the facet columns) against the column index it replaced."""
    before = json.loads(BEFORE.read_text(encoding="utf-8")) if BEFORE.exists() else {}
    lines = ["## The quote search: SQLite FTS5 against the column index it replaced", "",
             "Before: the column index (the quotes' folded texts and facets as JSON columns in the store, scanned in "
             "Python; a text search of a straight apostrophe found nothing), measured at commit 5cafc13 with the same "
             "calls (`benchmarks/search_before.json`). After: the SQLite FTS5 index the build writes beside the store, "
             "the facets counted in numpy (`src/balises/quotes/fulltext.py`, `facets.py`). The column index had no "
             "faceted counts: its counts are one call per facet, for its five facets. The rows: quotes found, values "
             "counted; « Lil'Ô » found nothing then (the corpus writes Lil’Ô). FTS5 is kept, and the column index "
             "removed: a text search over the columns was already quick, but a territory facet sent it to the store "
             "(seconds at ~2M triples) and counts took one store query per facet (tens of seconds); FTS5 matches "
             "words rather than substrings, ranks by phrase and proximity, and the counts of every facet take one "
             "pass over numpy columns. Its cost: opening the index once per process (the build's file), or building "
             "it in memory where the store is not on disk beside it (a SPARQL endpoint: seconds at ~2M triples).", "",
             "| call | size | rows then | column index | rows now | FTS5 | speed-up |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for after, old in COMPARED:
        for size, res in results.items():
            now = {c["call"]: c for c in res["calls"]}.get(after)
            then = {c["call"]: c for c in before.get(size, {}).get("calls", [])}.get(old or after)
            if now is None:
                continue
            ratio = f"{then['seconds'] / now['seconds']:.1f}×" if then and now["seconds"] else ""
            found, took = (f"{then['rows']:,}", fmt_ms(then["seconds"])) if then else ("—", "—")
            lines.append(f"| {after} | {size} | {found} | {took} | {now['rows']:,} | {fmt_ms(now['seconds'])} | "
                         f"{ratio} |")
    return lines + [""]


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
