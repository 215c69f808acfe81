"""`balises stats`: counts per class and per named graph, and the breakdowns of the library; `balises docs`: the
HTML documentation of the ontology and the référentiel."""

from __future__ import annotations

import json

from ..options import command, settings_of


def cmd_stats(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..catalog.stats import breakdowns, class_counts, graph_sizes
    from ..rdf.namespaces import shorten
    from ..store import open_store
    from ..store.oxigraph import read_manifest

    settings = settings_of(args)
    store = open_store(settings)
    classes, graphs = class_counts(store), graph_sizes(store)
    tables = breakdowns(store, settings.queries_dir)
    manifest = read_manifest(settings.store) or {}
    if args.format == "json":
        print(json.dumps({"classes": {f"bal:{c.cls}": c.instances for c in classes},
                          "graphs": {shorten(g): n for g, n in graphs.items()},
                          **{name: json.loads(result.to_json()) for name, result in tables.items()},
                          "manifest": manifest}, indent=1, ensure_ascii=False))
        return 0
    width = max((len(c.cls) for c in classes), default=6) + 6
    print("class".ljust(width) + "instances")
    for c in classes:
        print(f"bal:{c.cls}".ljust(width) + str(c.instances))
    print()
    gwidth = max((len(shorten(g)) for g in graphs), default=6) + 2
    print("named graph".ljust(gwidth) + "triples")
    for g, n in graphs.items():
        print(shorten(g).ljust(gwidth) + str(n))
    for name, result in tables.items():
        print(f"\n{name}\n{result.to_table()}")
    print(f"\nasserted triples: {manifest.get('asserted')}, inferred: {manifest.get('inferred')} "
          f"({manifest.get('reasoner')}), quads in store: {manifest.get('triples')}")
    return 0


def cmd_docs(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from pathlib import Path

    from ..catalog.docs import write_docs
    from ..store import open_store

    settings = settings_of(args)
    result = write_docs(open_store(settings), Path(args.out) if args.out else settings.docs_dir)
    print(result.summary())
    return 0 if result.complete else 1


def add_parsers(sub) -> None:
    p = command(sub, "stats", cmd_stats, "counts per class and per named graph")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p = command(sub, "docs", cmd_docs, "write the HTML documentation of the ontology (pyLODE) and of the référentiel")
    p.add_argument("--out", metavar="DIR", help="folder to write index.html, ontology.html and referentiel.html in "
                                                "(default: docs/ beside the store, .balises/docs)")
