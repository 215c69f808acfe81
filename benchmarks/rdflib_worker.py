"""A child process holding the graph in a plain rdflib Dataset (the baseline), answering queries by pipe."""

from __future__ import annotations

import sys
import time


def serve(nquads_path: str, conn) -> None:
    from rdflib import Dataset

    t = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(nquads_path, format="nquads")
    conn.send(("loaded", time.perf_counter() - t))
    while True:
        message = conn.recv()
        if message is None:
            return
        query, runs = message
        times = []
        try:
            for _ in range(runs):
                t = time.perf_counter()
                rows = list(dataset.query(query))
                times.append(time.perf_counter() - t)
                if sum(times) > 20:
                    break
        except Exception as exc:  # rdflib cannot evaluate this query: reported as such
            conn.send(("error", f"{type(exc).__name__}", 0))
            continue
        times.sort()
        conn.send(("done", times[len(times) // 2], len(rows)))


if __name__ == "__main__":
    sys.exit("use through benchmarks/run.py")
