"""`make bench`: build, reopen, memory and query timings on the curated graph, ~200k and ~2M triples.

In one run, on this machine, each query of queries/ (default parameters) and the analysis functions are
timed (median of several runs) through (a) the project's query layer over the embedded Oxigraph store,
(b) raw pyoxigraph with the same query text, (c) the Oxigraph SPARQL server (`balises serve`), and
(d) a plain rdflib Dataset in memory, the baseline (up to ~200k triples). Where Virtuoso is installed, up to
~200k triples, a second engine beside Oxigraph: each query evaluated on Virtuoso and on the Oxigraph server, both
through the remote backend, with whether they give the same rows. Writes benchmarks/RESULTS.md.

    python benchmarks/run.py [--sizes curated,200k,2m] [--runs 5]
    python benchmarks/run.py --virtuoso-only --sizes curated,200k   # only the Virtuoso comparison, its section
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from timing import fmt_ms, median_time, median_times, ratio, run_child  # noqa: E402

WORK = HERE / ".work"
BIN = Path(sys.executable).parent
#: Synthetic sizes: communes and density for `balises synth` (see src/balises/synth/).
SIZES = {"200k": ["--communes", "450"], "2m": ["--communes", "5300"]}
RDFLIB_MAX = 400_000
VIRTUOSO_MAX = 400_000
SEED = "42"


def prepare(size: str) -> tuple[Path, list[str], dict]:
    """Generate the synthetic graph (if needed) and build its store; figures of the build."""
    store = WORK / size / "store"
    extra: list[str] = []
    figures: dict = {}
    if size != "curated":
        out = WORK / size / "synth"
        if not (out / "synthetique.nt").exists():
            wall, rss, _ = run_child([str(BIN / "balises"), "synth", *SIZES[size], "--seed", SEED, "--out", str(out)])
            figures["synth"] = wall
        extra = ["--extra", str(out)]
    wall, rss, output = run_child([str(BIN / "balises"), "build", "--force", "--store", str(store), *extra])
    built = [line for line in output.splitlines() if line.startswith(("Built", "Store"))]
    figures.update(build=wall, build_rss=rss, build_output=(built or output.strip().splitlines())[-1])
    return store, extra, figures


def reopen_time(store: Path) -> float:
    code = ("import time,pyoxigraph as ox;t=time.perf_counter();s=ox.Store.read_only(%r);"
            "bool(s.query('ASK {?s ?p ?o}'));print(time.perf_counter()-t)") % str(store / "oxigraph")
    times = sorted(float(subprocess.check_output([sys.executable, "-c", code]).decode()) for _ in range(5))
    return times[2]


def query_suite(store_path: Path, runs: int) -> dict:
    """Times of every library query and the analysis functions through the layer, raw Oxigraph and the server."""
    import pyoxigraph as ox

    from balises.analysis.analogues import analogues, profile_for
    from balises.analysis.facts import read_facts
    from balises.analysis.network import build_network
    from balises.query.binding import compose
    from balises.query.cache import run_named
    from balises.query.library import load_library
    from balises.settings import load_settings
    from balises.store import open_store
    from balises.store.server import spawn, stop
    from balises.store.versions import DATA_DIR, current

    settings = load_settings().with_overrides(store=store_path)
    embedded = open_store(settings)
    raw = ox.Store.read_only(str(current(store_path) / DATA_DIR))
    process, endpoint = spawn(settings, args=("--timeout", "300"))
    remote = open_store(settings.with_overrides(endpoint=endpoint, query_timeout=300))
    results = {"queries": {}, "functions": {}}
    try:
        for slug, query in load_library(settings.queries_dir).items():
            bindings = query.bindings({})
            text = compose(query.text, bindings)
            row = {"text": text}
            row["rows"] = len(run_named(embedded, query).rows)  # warm-up, not timed
            row["layer"], row["raw"], row["server"] = median_times([
                lambda: run_named(embedded, query),
                lambda: _consume(raw.query(text, use_default_graph_as_union=True)),
                lambda: run_named(remote, query)], runs, budget=15)
            results["queries"][slug] = row
        for name, func in {
            "network (read + build + metrics)": lambda s: build_network(read_facts(s)).metrics(),
            "analogues of ter:lomme": lambda s: analogues(s, profile_for(s, "ter:lomme")),
            "analogues of a typed profile": lambda s: analogues(s, profile_for(
                s, "kind=commune;population=10000;themes=alimentation;enjeux=cooperation")),
        }.items():
            results["functions"][name] = {"layer": median_time(lambda: func(embedded), max(1, runs // 2), budget=60),
                                          "server": median_time(lambda: func(remote), 1, budget=60)}
    finally:
        stop(process)
    return results


def virtuoso_suite(store_path: Path, runs: int) -> dict:
    """Every library query evaluated with its default parameters (materialised ones too: their text, not their
    table) on the embedded store, on the Oxigraph server and on Virtuoso, the last two through the remote backend
    (HTTP, SPARQL JSON, the layer's decoding): their times, their rows, whether Virtuoso's are the same."""
    from collections import Counter

    from balises.errors import BalisesError
    from balises.query.library import load_library
    from balises.query.run import run_sparql
    from balises.settings import load_settings
    from balises.store import open_store
    from balises.store import virtuoso as engine
    from balises.store.server import spawn, stop

    settings = load_settings().with_overrides(store=store_path)
    embedded = open_store(settings)
    memory_mb = min(4096, max(512, len(embedded) // 200))  # 5 KB of buffers a quad: the graph stays in memory
    t = time.perf_counter()
    instance = engine.start(memory_mb=memory_mb)
    out = {"start": time.perf_counter() - t, "memory_mb": memory_mb, "queries": {},
           "measured": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "commit": commit(), "runs": runs,
           "version": _virtuoso_version()}
    process = None
    try:
        t = time.perf_counter()
        out["quads"] = engine.load_store(instance, embedded)
        out["load"] = time.perf_counter() - t
        process, endpoint = spawn(settings, args=("--timeout", "300"))
        server = open_store(settings.with_overrides(endpoint=endpoint, query_timeout=300))
        virtuoso = open_store(settings.with_overrides(endpoint=instance.endpoint, query_timeout=300))
        for slug, query in load_library(settings.queries_dir).items():
            bindings = query.bindings({})
            ours = run_sparql(embedded, query.text, bindings)  # warm-up, not timed
            row = {"rows": len(ours.rows)}
            try:
                theirs = run_sparql(virtuoso, query.text, bindings)
            except BalisesError as exc:
                row.update(error=str(exc).splitlines()[0][:160], same=False)
                out["queries"][slug] = row
                continue
            row["same"] = Counter(theirs.rows) == Counter(ours.rows)
            row["embedded"], row["server"], row["virtuoso"] = median_times([
                lambda: run_sparql(embedded, query.text, bindings),
                lambda: run_sparql(server, query.text, bindings),
                lambda: run_sparql(virtuoso, query.text, bindings)], runs, budget=15)
            out["queries"][slug] = row
            print(f"   {slug}: oxigraph {row['server']:.3f} s, virtuoso {row['virtuoso']:.3f} s, "
                  f"same rows: {row['same']}", flush=True)
    finally:
        if process is not None:
            stop(process)
        instance.stop()
    return out


def _virtuoso_installed() -> bool:
    from balises.store import virtuoso as engine

    return engine.installed()


def _virtuoso_version() -> str:
    from balises.store import virtuoso as engine

    done = subprocess.run([engine.executables()[0], "-?"], capture_output=True, text=True)
    found = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Version")]
    return found[0].split(" as of")[0].removeprefix("Version ").strip() if found else "?"


def virtuoso_section(res: dict) -> list[str]:
    """The report's Virtuoso subsection of one size."""
    qs = res["queries"]
    timed = {s: q for s, q in qs.items() if "virtuoso" in q}
    same = sum(1 for q in qs.values() if q.get("same"))
    lines = ["### Virtuoso beside Oxigraph", "",
             f"Measured {res['measured']} UTC, code at commit {res['commit']}; Virtuoso Open-Source {res['version']} "
             f"(`virtuoso-t` of the machine, buffers for {res['memory_mb']} MB), medians of up to {res['runs']} "
             "run(s) per query.", "",
             "Each library query with its default parameters, evaluated (a materialised one too, from its text): "
             "on the embedded Oxigraph store through the layer; on the Oxigraph server (`balises serve`) and on "
             "Virtuoso, both through the remote backend (`BALISES_ENDPOINT`: HTTP, SPARQL JSON, the same decoding). "
             "Virtuoso ÷ Oxigraph compares the two servers; « same rows »: Virtuoso's rows equal the embedded "
             "store's, term for term, in any order.", "",
             "| figure | value |", "| --- | --- |",
             f"| Virtuoso start (new database, until /sparql answers) | {fmt_ms(res['start'])} |",
             f"| Virtuoso bulk load of the store's {res['quads']:,} quads (ld_dir, rdf_loader_run, checkpoint) "
             f"| {fmt_ms(res['load'])} |", "",
             "| query | rows | Oxigraph embedded | Oxigraph server | Virtuoso | Virtuoso ÷ Oxigraph server "
             "| same rows |",
             "| --- | ---: | ---: | ---: | ---: | ---: | :---: |"]
    for slug, q in qs.items():
        if "error" in q:
            lines.append(f"| {slug} | {q['rows']} | – | – | error: {q['error']} | – | no |")
            continue
        lines.append(f"| {slug} | {q['rows']} | {fmt_ms(q['embedded'])} | {fmt_ms(q['server'])} | "
                     f"{fmt_ms(q['virtuoso'])} | {ratio(q['virtuoso'], q['server'])} "
                     f"| {'yes' if q['same'] else 'no'} |")
    refused = [slug for slug, q in qs.items() if "error" in q]
    total = {k: sum(q[k] for q in timed.values()) for k in ("embedded", "server", "virtuoso")}
    lines += ["", f"Same rows on {same} of {len(qs)} queries. Sum over the {len(timed)} queries Virtuoso answered: "
              f"Oxigraph embedded {fmt_ms(total['embedded'])}, Oxigraph server {fmt_ms(total['server'])}, Virtuoso "
              f"{fmt_ms(total['virtuoso'])} (Virtuoso ÷ Oxigraph server {ratio(total['virtuoso'], total['server'])}); "
              f"queries where Virtuoso is faster: {sum(1 for q in timed.values() if q['virtuoso'] < q['server'])}.", ""]
    if refused:
        lines += [f"Virtuoso answered an error to {', '.join(refused)}: the message of each is in the table.", ""]
    return lines


def _consume(result):
    """Read every value of every solution, as any client of the results does."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        variables = result.variables
        return sum(len([solution[v] for v in variables]) for solution in result)
    return sum(1 for _ in result)


def rdflib_suite(store_path: Path, texts: dict[str, str], runs: int, timeout: float = 30.0, budget: float = 900.0) -> dict:
    """The same query texts on a plain rdflib Dataset in memory (a child process, killed on timeout)."""
    from rdflib_worker import serve

    from balises.settings import load_settings
    from balises.store import open_store

    dump = store_path.parent / "dump.nq"
    with open(dump, "wb") as out:
        open_store(load_settings().with_overrides(store=store_path)).dump(out, "nquads")
    _drop_derived(dump)
    results: dict = {}
    ctx = multiprocessing.get_context("fork")

    def start():
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=serve, args=(str(dump), child), daemon=True)
        proc.start()
        _, load = parent.recv()
        return proc, parent, load

    proc, conn, results["_load"] = start()
    results["_timeout"] = timeout
    started = time.perf_counter()
    for slug, text in texts.items():
        if time.perf_counter() - started > budget:
            results.setdefault("_skipped", []).append(slug)
            continue
        conn.send((text, runs))
        if conn.poll(timeout):
            status, median, _ = conn.recv()
            results[slug] = median if status == "done" else None
            if status != "done":
                results.setdefault("_errors", []).append(f"{slug} ({median})")
        else:
            results[slug] = None  # over the timeout
            results.setdefault("_timeouts", []).append(slug)
            proc.kill()
            proc, conn, _ = start()
    conn.send(None)
    proc.join(5)
    dump.unlink()
    return results


def _drop_derived(dump: Path) -> None:
    """The dump without the graphs the build derives for the explorer (materialised answers, quote search index):
    rdflib evaluates every query from the data, and parsing their JSON literals (tens of MB) took it minutes."""
    from balises.query.tables import RESULTS_GRAPH
    from balises.quotes.search import SEARCH_GRAPH

    ends = tuple(f"<{g}> .\n".encode() for g in (RESULTS_GRAPH, SEARCH_GRAPH))
    kept = dump.with_suffix(".data.nq")
    with open(dump, "rb") as src, open(kept, "wb") as out:
        out.writelines(line for line in src if not line.endswith(ends))
    kept.replace(dump)


def relayer(store_path: Path, runs: int) -> dict[str, float]:
    """The query layer's medians again (for a ratio against rdflib measured in the same window)."""
    from balises.query.cache import run_named
    from balises.query.library import load_library
    from balises.settings import load_settings
    from balises.store import open_store

    settings = load_settings().with_overrides(store=store_path)
    store = open_store(settings)
    return {slug: median_time(lambda: run_named(store, q), runs, budget=15)
            for slug, q in load_library(settings.queries_dir).items()}


def memory_of_queries(store_path: Path) -> int:
    """Peak RSS (MiB) of a process that opens the store and runs every library query once, one result held at a time."""
    code = ("from balises.settings import load_settings;from balises.store import open_store;"
            "from balises.query.library import load_library;from balises.query.cache import run_named;s=load_settings().with_overrides(store=%r);"
            "st=open_store(s)\nfor q in load_library(s.queries_dir).values(): run_named(st,q)") % str(store_path)
    _, rss, _ = run_child([sys.executable, "-c", code])
    return rss


def commit() -> str:
    """The code measured: its commit, marked when the working tree differs from it (the reports this run writes
    aside)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                            ":(exclude)benchmarks/*.md"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return f"{head} with uncommitted changes" if head and dirty else head


def triples(store_path: Path) -> int:
    from balises.store.oxigraph import read_manifest

    return int(read_manifest(store_path)["triples"])


def _timeouts(rdflib: dict) -> set[str]:
    """The queries rdflib did not finish within its timeout (older results: None, neither error nor skipped)."""
    if not rdflib:
        return set()
    if "_timeouts" in rdflib:
        return set(rdflib["_timeouts"])
    known = {e.split(" ", 1)[0] for e in rdflib.get("_errors", [])} | set(rdflib.get("_skipped", []))
    return {s for s, v in rdflib.items() if not s.startswith("_") and v is None and s not in known}


def kept_sections(path: Path, sizes: list[str]) -> dict[str, str]:
    """The sections of an existing report for sizes that have no cached results here (measured on another
    checkout or machine): kept word for word, so that re-measuring one size never drops the others."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    out = {}
    for size in sizes:
        start = text.find(f"\n## {size}: ")
        if start >= 0:
            end = text.find("\n## ", start + 1)
            section = text[start + 1:end + 1 if end >= 0 else len(text)].rstrip("\n") + "\n"
            heading, _, body = section.partition("\n")
            note = "*Not re-measured by the run that wrote this report: the section is kept from the previous report.*"
            out[size] = section if note in body else f"{heading}\n\n{note}\n{body}"
    return out


def with_virtuoso(section: str, res: dict | None) -> str:
    """A size's section (measured or kept) with its Virtuoso subsection: the new one when measured (any previous
    one dropped), else the one the section already has."""
    if res is None:
        return section
    at = section.find("### Virtuoso beside Oxigraph")
    kept = section[:at] if at >= 0 else section
    return kept.rstrip("\n") + "\n\n" + "\n".join(virtuoso_section(res)) + "\n"


def cached_virtuoso() -> dict[str, dict]:
    import json

    return {size: json.loads((WORK / size / "virtuoso.json").read_text(encoding="utf-8"))
            for size in ("curated", "200k", "2m") if (WORK / size / "virtuoso.json").exists()}


def report(all_results: dict, args, virtuoso: dict[str, dict] | None = None) -> str:
    """The whole report: each size's section (measured, or kept from the previous report), with its Virtuoso
    subsection where one was measured."""
    virtuoso = cached_virtuoso() if virtuoso is None else virtuoso
    head, *sections = _report(all_results, args).split("\n## ")
    out = [head.rstrip("\n")]
    for section in sections:
        size = section.split(":", 1)[0]
        out.append(with_virtuoso("## " + section, virtuoso.get(size)).removeprefix("## ").rstrip("\n"))
    return "\n\n## ".join(out) + "\n"


def _report(all_results: dict, args) -> str:
    lines = ["# Benchmarks", "",
             f"Written by `make bench` (`python benchmarks/run.py`) on {time.strftime('%Y-%m-%d')}, on "
             f"{platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"Linux {platform.release()}. Times are medians of the runs given for each size (fewer when a run is slow).",
             "", "Columns: (a) the project's query layer over the embedded Oxigraph store on disk; (b) raw pyoxigraph "
             "with the same query text; (c) the Oxigraph SPARQL server over HTTP (`balises serve`); (d) a plain "
             "rdflib `Dataset` in memory, the baseline; d ÷ a compares it with the layer timed in the same window "
             "(– where not run: over "
             f"{RDFLIB_MAX:,} triples, or where rdflib cannot evaluate the query; « > 30 s » over its per-query "
             "timeout, and then d ÷ a is a lower bound).", ""]
    for size, res in all_results.items():
        if isinstance(res, str):  # a section kept from the previous report
            lines += [res]
            continue
        f = res["figures"]
        when = res.get("measured") or time.strftime("%Y-%m-%d %H:%M", time.gmtime(
            (WORK / size / "results.json").stat().st_mtime if (WORK / size / "results.json").exists() else time.time()))
        lines += [f"## {size}: {res['triples']:,} quads", "",
                  f"Measured {when} UTC" + (f", code at commit {res['commit']}." if res.get("commit") else "."), "",
                  *(f"Medians of up to {res['runs']} run(s) per query (`--runs {res['runs']}`)." for _ in [0] if "runs" in res),
                  *("" for _ in [0] if "runs" in res),
                  "| figure | value |", "| --- | --- |",
                  *(f"| synthetic generation | {fmt_ms(f['synth'])} |" for _ in [0] if "synth" in f),
                  f"| build (parse, validate, reason, load), wall | {fmt_ms(f['build'])} |",
                  f"| build, as reported | {f['build_output']} |",
                  f"| build peak memory | {f['build_rss']} MiB |",
                  f"| store reopen (read-only, first ASK), median of 5 | {fmt_ms(res['reopen'])} |",
                  f"| peak memory of a process running every query | {res['query_rss']} MiB |",
                  *(f"| rdflib load of the same quads | {fmt_ms(res['rdflib']['_load'])} |" for _ in [0] if res["rdflib"]),
                  "", "| query | rows | (a) layer | (b) raw | (c) server | (d) rdflib | a ÷ b | d ÷ a |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        timeouts = _timeouts(res["rdflib"])
        limit = res["rdflib"].get("_timeout", 30.0) if res["rdflib"] else 30.0
        for slug, q in res["queries"]["queries"].items():
            d = res["rdflib"].get(slug) if res["rdflib"] else None
            a = q.get("layer_rdflib_window", q["layer"])
            d_text, d_ratio = (f"> {limit:.0f} s", f"> {ratio(limit, a)}") if slug in timeouts else (fmt_ms(d), ratio(d, a))
            lines.append(f"| {slug} | {q['rows']} | {fmt_ms(q['layer'])} | {fmt_ms(q['raw'])} | {fmt_ms(q['server'])} "
                         f"| {d_text} | {ratio(q['layer'], q['raw'])} | {d_ratio} |")
        lines += ["", "| function | (a) layer | (c) server |", "| --- | ---: | ---: |"]
        for name, t in res["queries"]["functions"].items():
            lines.append(f"| {name} | {fmt_ms(t['layer'])} | {fmt_ms(t['server'])} |")
        qs = res["queries"]["queries"].values()
        total_a, total_b = sum(q["layer"] for q in qs), sum(q["raw"] for q in qs)
        lines += ["", f"Sum over the queries: layer {fmt_ms(total_a)}, raw {fmt_ms(total_b)} "
                  f"(layer ÷ raw {ratio(total_a, total_b)}); slowest query through the layer: "
                  f"{max(res['queries']['queries'].items(), key=lambda kv: kv[1]['layer'])[0]} "
                  f"({fmt_ms(max(q['layer'] for q in qs))}).", ""]
        lines += _live_only(res, timeouts, limit)
        if res["rdflib"]:
            pairs = [(res["rdflib"][s], q.get("layer_rdflib_window", q["layer"]))
                     for s, q in res["queries"]["queries"].items() if res["rdflib"].get(s)]
            if res["rdflib"].get("_skipped"):
                lines += ["rdflib not run (its time budget for this size was spent): "
                          + ", ".join(res["rdflib"]["_skipped"]) + ".", ""]
            if res["rdflib"].get("_errors"):
                lines += ["rdflib could not evaluate: " + ", ".join(res["rdflib"]["_errors"]) + ".", ""]
            if pairs:
                lines += [f"rdflib ÷ layer over the queries rdflib finished: {ratio(sum(a for a, _ in pairs), sum(b for _, b in pairs))} "
                          f"(sum of medians, {len(pairs)} queries).", ""]
            if timeouts:
                bound = pairs + [(limit, q.get("layer_rdflib_window", q["layer"]))
                                 for s, q in res["queries"]["queries"].items() if s in timeouts]
                lines += [f"rdflib went over its {limit:.0f}-second timeout on {len(timeouts)} queries: "
                          + ", ".join(sorted(timeouts)) + f". Counting each of them as {limit:.0f} s (a lower bound), "
                          f"rdflib ÷ layer over {len(bound)} queries is at least "
                          f"{ratio(sum(a for a, _ in bound), sum(b for _, b in bound))}.", ""]
    return "\n".join(lines) + "\n"


def _report_from_cache(all_results: dict, args) -> None:
    """Write the report from every size's cached results, keeping the previous report's sections for the others."""
    import json
    for size in ("curated", "200k", "2m"):
        cached = WORK / size / "results.json"
        if cached.exists():
            all_results[size] = json.loads(cached.read_text(encoding="utf-8"))
    kept = kept_sections(Path(args.out), [k for k in ("curated", "200k", "2m") if k not in all_results])
    Path(args.out).write_text(report(_ordered(all_results, kept), args), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="curated,200k,2m")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--report-only", action="store_true", help="rewrite the report from the cached results")
    parser.add_argument("--virtuoso-only", action="store_true",
                        help="measure only the Virtuoso comparison for --sizes (building a store that is missing) "
                             "and write its subsections; the other figures are kept from the cached results or the "
                             "previous report")
    parser.add_argument("--rdflib-only", action="store_true",
                        help="re-time only the rdflib baseline for --sizes (stores already built), with the layer "
                             "re-timed in the same window so that both see the same machine load")
    args = parser.parse_args()
    import json

    all_results = {}
    for size in ("curated", "200k", "2m"):
        cached = WORK / size / "results.json"
        if size not in args.sizes.split(",") and cached.exists():
            all_results[size] = json.loads(cached.read_text(encoding="utf-8"))
    if args.report_only:
        _report_from_cache(all_results, args)
        return
    if args.virtuoso_only:
        from balises.store.oxigraph import read_manifest

        for size in args.sizes.split(","):
            store = WORK / size / "store"
            if size == "curated" or read_manifest(store) is None:  # the curated store follows the data: rebuilt
                print(f"== {size}: building its store", flush=True)
                store, _, _ = prepare(size)
            print(f"== {size}: Virtuoso beside Oxigraph", flush=True)
            (WORK / size / "virtuoso.json").write_text(json.dumps(virtuoso_suite(store, args.runs), default=str),
                                                       encoding="utf-8")
        _report_from_cache(all_results, args)
        return
    if args.rdflib_only:
        for size in args.sizes.split(","):
            cached = WORK / size / "results.json"
            res = json.loads(cached.read_text(encoding="utf-8"))
            store = WORK / size / "store"
            texts = {slug: q["text"] for slug, q in res["queries"]["queries"].items()}
            res["rdflib"] = rdflib_suite(store, texts, args.runs)
            layer = relayer(store, args.runs)
            for slug, t in layer.items():
                res["queries"]["queries"][slug]["layer_rdflib_window"] = t
            cached.write_text(json.dumps(res, default=str), encoding="utf-8")
            all_results[size] = res
        kept = kept_sections(Path(args.out), [k for k in ("curated", "200k", "2m") if k not in all_results])
        Path(args.out).write_text(report(_ordered(all_results, kept), args), encoding="utf-8")
        return
    kept = kept_sections(Path(args.out), [k for k in ("curated", "200k", "2m")
                                          if k not in all_results and k not in args.sizes.split(",")])
    for size in args.sizes.split(","):
        print(f"== {size}", flush=True)
        store, _, figures = prepare(size)
        res = {"figures": figures, "triples": triples(store), "reopen": reopen_time(store), "runs": args.runs,
               "measured": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "commit": commit()}
        res["queries"] = query_suite(store, args.runs)
        res["query_rss"] = memory_of_queries(store)
        texts = {slug: q["text"] for slug, q in res["queries"]["queries"].items()}
        res["rdflib"] = rdflib_suite(store, texts, args.runs) if res["triples"] <= RDFLIB_MAX else {}
        if res["triples"] <= VIRTUOSO_MAX and _virtuoso_installed():
            (WORK / size / "virtuoso.json").write_text(json.dumps(virtuoso_suite(store, args.runs), default=str),
                                                       encoding="utf-8")
        all_results[size] = res
        (WORK / size / "results.json").write_text(json.dumps(res, default=str), encoding="utf-8")
        Path(args.out).write_text(report(_ordered(all_results, kept), args), encoding="utf-8")
        print(f"   {res['triples']} quads, build {figures['build']:.1f} s; wrote {args.out}", flush=True)


def _live_only(res: dict, timeouts: set[str], limit: float) -> list[str]:
    """The same sums over the queries the layer evaluates (those not answered from a materialised table): what
    the layer costs where it does the same work as raw Oxigraph and rdflib."""
    from balises.query.library import load_library
    from balises.settings import load_settings

    marked = {slug for slug, q in load_library(load_settings().queries_dir).items() if q.materialise}
    live = {s: q for s, q in res["queries"]["queries"].items() if s not in marked}
    if not live:
        return []
    a, b = sum(q["layer"] for q in live.values()), sum(q["raw"] for q in live.values())
    out = [f"Over the {len(live)} queries evaluated live (the {len(marked)} marked `materialise: yes` are answered "
           f"from their table, which raw Oxigraph and rdflib evaluate): layer {fmt_ms(a)}, raw {fmt_ms(b)} "
           f"(layer ÷ raw {ratio(a, b)})"]
    rd = res["rdflib"] or {}
    pairs = [(rd[s], q.get("layer_rdflib_window", q["layer"])) for s, q in live.items() if rd.get(s)]
    if pairs:
        out[-1] += (f"; rdflib ÷ layer {ratio(sum(x for x, _ in pairs), sum(y for _, y in pairs))} over the "
                    f"{len(pairs)} of them rdflib finished")
        bound = pairs + [(limit, q.get("layer_rdflib_window", q["layer"])) for s, q in live.items() if s in timeouts]
        if len(bound) > len(pairs):
            out[-1] += f", at least {ratio(sum(x for x, _ in bound), sum(y for _, y in bound))} counting its timeouts"
    return out + [""]


def _ordered(results: dict, kept: dict[str, str]) -> dict:
    """Every size in order: measured results, or the section kept from the previous report."""
    return {k: results.get(k, kept.get(k)) for k in ("curated", "200k", "2m") if k in results or k in kept}


if __name__ == "__main__":
    main()
