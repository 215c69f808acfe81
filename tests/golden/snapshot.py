"""Every library query's answer on the curated store, as a fingerprint per query: its columns, its number of rows
and a hash of its rows (sorted, blank nodes named alike; concatenated values as they come, since the query layer
puts their parts in one order, query/results.in_order). A change that must not change answers (moving code)
leaves this file as it is: `tests/integration/test_golden.py` compares. A change that adds or corrects facts
rewrites it, deliberately: `python tests/golden/snapshot.py --write` (with the store built: `balises build`)."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from rdflib import BNode

HERE = Path(__file__).resolve().parent
FILE = HERE / "library.json"


def cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, BNode):
        return "_:b"
    return str(value)


def _print(columns, rows) -> dict:
    lines = sorted(json.dumps([cell(v) for v in row], ensure_ascii=False) for row in rows)
    return {"columns": list(columns), "rows": len(lines),
            "sha256": hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()}


def fingerprints(store, library, reads: dict[str, str] | None = None) -> dict[str, dict]:
    """The library's answers; the internal reads' (`reads`: name -> SPARQL); the analysis (analogous cases of every
    territory, network metrics) and the quote bank's searches."""
    from balises.query.cache import run_named
    from balises.query.run import run_sparql

    out = {}
    for slug, query in library.items():
        result = run_named(store, query)
        out[slug] = _print(result.columns, result.rows)
    for name, text in sorted((reads or {}).items()):
        result = run_sparql(store, text)
        out[f"read:{name}"] = _print(result.columns, result.rows)
    out.update(analysis(store, library))
    return out


def analysis(store, library) -> dict[str, dict]:
    from balises.analysis.analogues import (
        analogous_projects,
        analogues,
        profile_for,
        territory_features,
    )
    from balises.analysis.facts import read_facts
    from balises.analysis.network import build_network

    matches = []
    for iri in sorted(territory_features(store)):
        profile = profile_for(store, iri)
        for kind, found in (("territory", analogues(store, profile, top=5)),
                            ("project", analogous_projects(store, profile, top=5))):
            for rank, m in enumerate(found):
                matches.append((iri, kind, rank, m.iri, f"{m.score:.6f}",
                                json.dumps([(r.component, f"{r.score:.6f}", r.text,
                                             sorted(e.get("evidence", "") for e in r.evidence)) for r in m.reasons],
                                           ensure_ascii=False)))
    metrics = [tuple(str(row[k]) for k in sorted(row)) for row in build_network(read_facts(store)).metrics()]
    out = {"analysis:analogues": _print(["of", "kind", "rank", "match", "score", "reasons"], matches),
           "analysis:network-metrics": _print(["metrics"], metrics)}
    out.update(quote_searches(store, library))
    return out


def quote_searches(store, library) -> dict[str, dict]:
    from balises.quotes.search import open_bank

    bank = open_bank(store, library)
    out = {}
    for name, kwargs in {"coopération": {"text": "coopération"}, "élus C2": {"text": "élus", "balises": ["C2"]},
                         "lomme": {"territories": ["https://w3id.org/balises/territoire/lomme"]},
                         "key": {"key_only": True}, "Lil'Ô": {"text": "Lil'Ô"},
                         "projet de territoire": {"text": "projet de territoire"}}.items():
        hits = bank.search(**kwargs)
        iris = list(hits.iris)
        out[f"quotes:{name}"] = _print(["rank", "iri"], list(enumerate(iris)))
    counts = bank.counts("balise", text="coopération")
    out["quotes:counts"] = _print(["balise", "n"], sorted(counts.items()))
    facets = bank.facet_counts(text="habitants", territories=["https://w3id.org/balises/territoire/loos-en-gohelle"])
    out["quotes:facets"] = _print(["facet", "value", "n"], [(f, v, n) for f, c in facets.items() for v, n in c.items()])
    return out


def internal_reads() -> dict[str, str]:
    """The SPARQL the analysis, the labels, the counts and the quote search read, by name."""
    from balises.pipeline.derive import fixed_reads

    return fixed_reads()


def main(argv: list[str]) -> int:
    from balises.query.library import load_library
    from balises.settings import load_settings
    from balises.store import open_store

    settings = load_settings()
    found = fingerprints(open_store(settings), load_library(settings.queries_dir), internal_reads())
    if "--write" in argv:
        FILE.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {FILE}: {len(found)} queries")
        return 0
    kept = json.loads(FILE.read_text(encoding="utf-8"))
    changed = sorted(slug for slug in set(found) | set(kept) if found.get(slug) != kept.get(slug))
    print("unchanged" if not changed else "changed: " + ", ".join(changed))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
