"""Bounded load test on loopback: N concurrent clients run the explorer's queries against `balises serve`.

    python benchmarks/load.py [--clients 20] [--seconds 60] [--store .balises/store] [--out benchmarks/LOAD.md]

Each client loops over the query library (default parameters) for the given time, then stops by itself.
It sends what the query layer sends: the read of its table for a query the build materialised, the query
text for the others (`--evaluate`: the query text always, every answer evaluated by the server). Reports throughput, p50/p95/max latency and errors; appends nothing,
writes its table to --out. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    from balises.materialised import result_key, table_query
    from balises.namespaces import SPARQL_PREFIXES
    from balises.querying import bind_values, load_library
    from balises.server import start_server, stop_server
    from balises.settings import load_settings
    from balises.store.oxigraph import read_manifest

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--store", default=None)
    parser.add_argument("--out", default=str(HERE / "LOAD.md"))
    parser.add_argument("--evaluate", action="store_true",
                        help="send every query's text, the materialised ones too (the server evaluates them all)")
    args = parser.parse_args()
    settings = load_settings().with_overrides(store=args.store)

    def sent(q) -> str:
        """What the query layer asks the server for this query (see materialised.answer)."""
        if q.materialise and not args.evaluate:
            return table_query(result_key(q.text, q.bindings({})))
        return SPARQL_PREFIXES + bind_values(q.text, q.bindings({}))

    library = load_library(settings.queries_dir)
    texts = [(slug, sent(q)) for slug, q in library.items()]
    tables = sum(1 for q in library.values() if q.materialise) if not args.evaluate else 0
    process, endpoint = start_server(settings, host="127.0.0.1", timeout=60)
    assert endpoint.startswith("http://127.0.0.1:")
    latencies: list[float] = []
    per_query: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < deadline:
            slug, text = texts[i % len(texts)]
            i += 1
            request = urllib.request.Request(endpoint, data=text.encode("utf-8"), method="POST", headers={
                "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()
                elapsed = time.perf_counter() - t
                with lock:
                    latencies.append(elapsed)
                    per_query.setdefault(slug, []).append(elapsed)
            except (urllib.error.URLError, OSError) as exc:
                with lock:
                    errors.append(f"{slug}: {exc}")

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    stop_server(process)
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0.0  # noqa: E731
    manifest = read_manifest(settings.store) or {}
    lines = [
        "# Load test", "",
        f"`python benchmarks/load.py --clients {args.clients} --seconds {args.seconds:g}"
        f"{' --evaluate' if args.evaluate else ''}` on {time.strftime('%Y-%m-%d')}, "
        f"{platform.machine()}, {os.cpu_count()} cores; the Oxigraph server (`balises serve`) on 127.0.0.1 over a store of "
        f"{manifest.get('triples', '?'):,} quads; each client loops over the {len(texts)} library queries, "
        + (f"as the query layer sends them ({tables} read from the table the build materialised, the others evaluated)."
           if tables else "each evaluated by the server from its text."), "",
        "| figure | value |", "| --- | --- |",
        f"| clients | {args.clients} |", f"| duration | {wall:.1f} s |",
        f"| requests completed | {len(latencies)} |", f"| throughput | {len(latencies) / wall:.1f} requests/s |",
        f"| latency p50 | {pct(0.50) * 1000:.0f} ms |", f"| latency p95 | {pct(0.95) * 1000:.0f} ms |",
        f"| latency max | {(latencies[-1] if latencies else 0) * 1000:.0f} ms |", f"| errors | {len(errors)} |", "",
        "| query | requests | median | p95 |", "| --- | ---: | ---: | ---: |",
    ]
    for slug, values in sorted(per_query.items()):
        values.sort()
        lines.append(f"| {slug} | {len(values)} | {statistics.median(values) * 1000:.0f} ms | "
                     f"{values[min(len(values) - 1, int(0.95 * len(values)))] * 1000:.0f} ms |")
    if errors:
        lines += ["", "Errors (first 10):", *(f"- {e}" for e in errors[:10])]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:16]))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
