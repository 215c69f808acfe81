"""Load test of `balises serve`, with and without hostile queries mixed in: `python benchmarks/load.py`.

For each number of well-behaved clients (--clients 20,50), three runs of --seconds each:
- raw engine: the clients loop over the library's queries, as the query layer sends them, straight to an Oxigraph
  server (what `balises serve` ran before it had a front): the cost of the front is the next row ÷ this one;
- baseline: the same, through `balises serve --timeout T` (a fresh server for each run);
- hostile: the same clients, plus --hostile clients that loop over queries meant to hurt: ORDER BY variants that
  abort Oxigraph (each one new, so each brings an engine down), SERVICE to a local listener, cartesian products
  past the timeout (streaming and counting), 20 MB bodies, cross-site form posts, updates.
The table gives, for the well-behaved clients, requests, errors, throughput, p50 and p95 latency, and the
hostile run's ratios to the baseline; for the hostile clients, the answers by status; the engines the server
started; the connections the SERVICE listener received (0). Written to benchmarks/LOAD.md.
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from probes import MIXED, Listener  # noqa: E402  (shared with tests/integration/test_hostile_queries.py)


def library_texts(settings, evaluate: bool) -> list[tuple[str, str]]:
    """(slug, text) of every library query as the query layer sends it (a materialised one: its table's read)."""
    from balises.query.binding import compose
    from balises.query.library import load_library
    from balises.query.tables import result_key, table_query

    texts = []
    for slug, q in load_library(settings.queries_dir).items():
        if q.materialise and not evaluate:
            texts.append((slug, table_query(result_key(q.text, q.bindings({})))))
        else:
            texts.append((slug, compose(q.text, q.bindings({}))))
    return texts


def hostile_requests(endpoint: str, listener: str):
    """An endless cycle of (kind, request) meant to hurt the server."""
    cartesian = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    n = 0
    while True:
        n += 1
        for kind, text, headers, url in (
            ("order-by-abort", f"# variant {n}\nSELECT ?c WHERE {{ VALUES ?c {{ {MIXED} }} }} ORDER BY ?c", {}, endpoint),
            ("service", f"SELECT * WHERE {{ SERVICE <{listener}> {{ ?s ?p ?o }} }}", {}, endpoint),
            ("timeout-streaming", f"{cartesian} # {n}", {}, endpoint),
            ("timeout-counting", f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }} # {n}", {},
             endpoint),
            ("20 MB body", "ASK {} #" + "x" * (20 * 2**20), {}, endpoint),
            ("cross-site post", "ASK {}", {"Origin": "https://evil.example"}, endpoint),
            ("update", "DROP ALL", {}, endpoint.rsplit("/", 1)[0] + "/update"),
        ):
            data = urllib.parse.urlencode({"query": text}).encode()
            yield kind, urllib.request.Request(url, data=data, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json",
                **headers})


def run(settings, texts, clients: int, hostile: int, seconds: float, timeout: float, log: Path,
        raw: bool = False) -> dict:
    from balises.store.engine import Engine
    from balises.store.server import spawn, stop

    if raw:
        engine = Engine.start(settings.store, timeout, settings.query_memory_mb, "raw", lambda line: None)
        endpoint = f"http://{engine.host}:{engine.port}/query"
        log.write_text("", encoding="utf-8")
    else:
        with open(log, "w", encoding="utf-8") as err:
            process, endpoint = spawn(settings, args=("--timeout", f"{timeout:g}"), stderr=err)
    listener = Listener()
    good: list[float] = []
    errors: list[str] = []
    statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < deadline:
            slug, text = texts[i % len(texts)]
            i += 1
            request = urllib.request.Request(endpoint, data=text.encode("utf-8"), method="POST", headers={
                "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=timeout + 30) as response:
                    response.read()
                with lock:
                    good.append(time.perf_counter() - t)
            except (urllib.error.URLError, OSError) as exc:
                with lock:
                    errors.append(f"{slug}: {getattr(exc, 'code', '')} {exc}")

    def attacker(offset: int) -> None:
        cycle = hostile_requests(endpoint, listener.url)
        for _ in range(offset):
            next(cycle)
        while time.monotonic() < deadline:
            kind, request = next(cycle)
            try:
                with urllib.request.urlopen(request, timeout=timeout + 30) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except (urllib.error.URLError, OSError) as exc:
                status = type(exc).__name__
            with lock:
                statuses[kind][status] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    threads += [threading.Thread(target=attacker, args=(k * 3,)) for k in range(hostile)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    engine.stop() if raw else stop(process)
    listener.close()
    engines = sum(1 for line in log.read_text(encoding="utf-8").splitlines() if " serves " in line)
    good.sort()
    pct = lambda p: good[min(len(good) - 1, int(p * len(good)))] if good else 0.0  # noqa: E731
    return {"clients": clients, "hostile": hostile, "raw": raw, "wall": wall, "requests": len(good), "errors": errors,
            "throughput": len(good) / wall, "p50": pct(0.50), "p95": pct(0.95), "max": good[-1] if good else 0.0,
            "statuses": statuses, "engines": engines, "service_connections": listener.connections}


def main() -> None:
    from balises.settings import load_settings
    from balises.store.oxigraph import read_manifest

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="20,50", help="numbers of well-behaved clients, comma-separated")
    parser.add_argument("--hostile", type=int, default=2, help="hostile clients in the hostile runs")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's --timeout")
    parser.add_argument("--store", default=None)
    parser.add_argument("--out", default=str(HERE / "LOAD.md"))
    parser.add_argument("--evaluate", action="store_true",
                        help="send every query's text, the materialised ones too (the server evaluates them all)")
    args = parser.parse_args()
    settings = load_settings().with_overrides(store=args.store)
    texts = library_texts(settings, args.evaluate)
    work = HERE / ".work"
    work.mkdir(exist_ok=True)
    runs = []
    for clients in (int(c) for c in args.clients.split(",")):
        for raw, hostile in ((True, 0), (False, 0), (False, args.hostile)):
            print(f"{clients} clients, {hostile} hostile{', raw engine' if raw else ''}, {args.seconds:g} s ...",
                  flush=True)
            runs.append(run(settings, texts, clients, hostile, args.seconds, args.timeout,
                            work / f"serve-{clients}-{hostile}{'-raw' if raw else ''}.log", raw=raw))
    manifest = read_manifest(settings.store) or {}
    lines = [
        "# Load test", "",
        f"`python benchmarks/load.py --clients {args.clients} --hostile {args.hostile} --seconds {args.seconds:g} "
        f"--timeout {args.timeout:g}{' --evaluate' if args.evaluate else ''}` on {time.strftime('%Y-%m-%d')}, "
        f"{platform.machine()}, {os.cpu_count()} cores: `balises serve --timeout {args.timeout:g}` on 127.0.0.1 "
        f"over a store of {manifest.get('triples', '?'):,} quads, a fresh server for each run. The well-behaved "
        f"clients loop over the {len(texts)} library queries as the query layer sends them; in the hostile runs, "
        f"{args.hostile} more clients loop over queries meant to hurt (see the second table).", "",
        "The ratios compare each run with the baseline through `balises serve` of the same number of clients.", "",
        "| server | clients | hostile clients | requests | errors | throughput | p50 | p95 | max | "
        "throughput ÷ baseline | p95 ÷ baseline | engines started |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    baseline = {r["clients"]: r for r in runs if not r["raw"] and not r["hostile"]}
    for r in runs:
        base = baseline[r["clients"]]
        server = "Oxigraph alone" if r["raw"] else "`balises serve`"
        lines.append(f"| {server} | {r['clients']} | {r['hostile']} | {r['requests']} | {len(r['errors'])} | "
                     f"{r['throughput']:.1f}/s | {r['p50'] * 1000:.0f} ms | {r['p95'] * 1000:.0f} ms | "
                     f"{r['max'] * 1000:.0f} ms | {r['throughput'] / base['throughput']:.2f} | "
                     f"{r['p95'] / base['p95']:.2f} | {r['engines']} |")
    lines += ["", "Answers to the hostile clients, by kind and status (all runs):", "",
              "| hostile query | answers |", "| --- | --- |"]
    merged: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in runs:
        for kind, counter in r["statuses"].items():
            merged[kind].update(counter)
    for kind, counter in merged.items():
        lines.append(f"| {kind} | " + ", ".join(f"{status}: {n}" for status, n in sorted(counter.items(), key=str))
                     + " |")
    lines += ["", f"Connections received by the SERVICE listener: {sum(r['service_connections'] for r in runs)}."]
    failures = [e for r in runs for e in r["errors"]]
    if failures:
        lines += ["", "Errors of well-behaved clients (first 10):", *(f"- {e}" for e in failures[:10])]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
