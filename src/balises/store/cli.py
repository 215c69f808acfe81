"""`balises serve` and `balises export`: the store served over SPARQL 1.1, or written whole."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..options import command, count, port, seconds, settings_of
from ..settings import DEFAULT_PORT


def cmd_serve(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..errors import StoreError
    from ..store.server import ServeOptions, serve

    settings = settings_of(args)
    if args.engine == "virtuoso":
        return _serve_virtuoso(settings, args)
    docs = None
    if args.docs is not None:
        docs = Path(args.docs) if args.docs else settings.docs_dir
        if not (docs / "index.html").is_file():
            raise StoreError(f"no documentation in {docs} (no index.html): run `balises docs` (or `balises build`) "
                             "first, or give its folder: --docs DIR")
    options = ServeOptions(host=args.host, port=args.port, timeout=args.timeout, max_body=args.max_body_kb * 1024,
                           max_result=args.max_result_mb * 2**20, memory_mb=settings.query_memory_mb,
                           concurrency=args.concurrency, allow_origins=tuple(args.allow_origin or ()),
                           verbose=args.verbose, docs=docs)

    def ready(endpoint: str) -> None:  # the query below is an example built from the endpoint, for curl
        print(f"SPARQL endpoint (read-only): {endpoint}\n"
              f"  try: curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 3' "
              f"{endpoint}\n  or:  BALISES_ENDPOINT={endpoint} balises query 01\n"
              f"SPARQL editor (YASGUI, the query library in its tabs): {endpoint.removesuffix('query')}yasgui/\n"
              + (f"Documentation (read-only): {endpoint.removesuffix('query')}docs/\n" if options.docs else "") +
              "It follows the store: after `balises build`, new queries see the new graph. Ctrl-C stops it.",
              flush=True)

    return serve(settings, options, ready=ready)


def _serve_virtuoso(settings, args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..errors import StoreError
    from ..store.virtuoso import serve

    if args.docs is not None:
        raise StoreError("--docs comes with the Oxigraph engine (`balises serve --docs`); Virtuoso serves SPARQL only")

    def ready(endpoint: str, quads: int) -> None:  # the query below is an example built from the endpoint, for curl
        print(f"Virtuoso SPARQL endpoint (read-only), over a copy of {settings.store} ({quads:,} quads): {endpoint}\n"
              f"  try: curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 3' "
              f"{endpoint}\n  or:  BALISES_ENDPOINT={endpoint} balises query 01\n"
              "The copy is the store as it was at start (after `balises build`, start it again). Ctrl-C stops it.",
              flush=True)

    return serve(settings.store, host=args.host, port=args.port, ready=ready)


def cmd_export(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from .. import __version__
    from ..rdf.namespaces import GRAPH, INFERRED_GRAPH, PREFIXES, SCALE_INFERRED_GRAPH
    from ..store import open_store

    fmt = args.format or ("rdfxml" if args.owl else "nquads")
    store = open_store(settings_of(args))
    left_out = set() if args.all else {str(GRAPH["recherche"]), str(GRAPH["resultats"])}
    if args.no_inferred:
        left_out |= {str(INFERRED_GRAPH), str(SCALE_INFERRED_GRAPH)}
    if args.owl:  # the SHACL shapes are no OWL: an OWL tool reads them as undeclared classes and annotations
        left_out.add(str(GRAPH["ontologie/shapes"]))
    if fmt not in {"jsonld", "rdfxml"}:  # no comments in JSON, none before XML's declaration: the description says it
        sys.stdout.buffer.write(
            (f"# Balises {__version__}, exported {time.strftime('%Y-%m-%d', time.gmtime())}: licence MIT; each "
             "source keeps its own licence (graphe:description, data/sources.ttl); "
             + ("every named graph" if args.all else "the knowledge graphs (ontology, data, official geography, "
                "inferred, description; the build's search index and result tables left out: --all keeps them)")
             + (", without the inferred graph" if args.no_inferred else "")
             + ("; OWL 2 form: xsd:gYear, xsd:gYearMonth, xsd:date... written as text, their datatype in a "
                "bal:literalDatatype annotation; the SHACL shapes left out" if args.owl else "")
             + ".\n").encode("utf-8"))
    store.dump(sys.stdout.buffer, fmt, prefixes=PREFIXES, leave_out=left_out, owl2=args.owl)
    sys.stdout.flush()
    return 0


def add_parsers(sub) -> None:
    p = command(sub, "export", cmd_export, "write the knowledge graphs (asserted and inferred) to standard output")
    p.add_argument("--format", choices=["trig", "nquads", "jsonld", "turtle", "ntriples", "rdfxml"],
                   help="trig, nquads (default), jsonld: one named graph per source; turtle, ntriples, rdfxml: their "
                        "union (rdfxml by default with --owl)")
    p.add_argument("--all", action="store_true", help="also the build's technical graphs (search index, result tables)")
    p.add_argument("--owl", action="store_true",
                   help="the OWL 2 form, for Protégé and owlready2 (HermiT): one graph, every literal in the OWL 2 "
                        "datatype map (a date outside it written as text, its datatype in a bal:literalDatatype "
                        "annotation; the SHACL shapes left out)")
    p.add_argument("--no-inferred", action="store_true",
                   help="leave out the inferred graph (graphe:infere), for a reasoner to derive it again")
    p = command(sub, "serve", cmd_serve, "serve the built store read-only over SPARQL 1.1 (the Oxigraph server, guarded)")
    p.add_argument("--engine", choices=["oxigraph", "virtuoso"], default="oxigraph",
                   help="oxigraph (default): the Oxigraph server, guarded, following the store; virtuoso: a Virtuoso "
                        "of this machine (virtuoso-t) over a copy of the store, for comparison (the options below "
                        "from --timeout on are the Oxigraph server's)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=port, default=DEFAULT_PORT)
    p.add_argument("--timeout", type=seconds, default=30.0, help="query timeout in seconds (default 30)")
    p.add_argument("--max-body-kb", type=count, default=1024, help="largest query accepted, in KiB (default 1024)")
    p.add_argument("--max-result-mb", type=count, default=256, help="largest answer sent, in MiB (default 256)")
    p.add_argument("--concurrency", type=count, default=16,
                   help="queries evaluated at once; the others wait their turn within their timeout (default 16)")
    p.add_argument("--allow-origin", action="append", metavar="URL",
                   help="a web site whose pages may query the server (e.g. https://yasgui.triply.cc; repeatable; "
                        "default: none, requests sent by other sites' pages are refused)")
    p.add_argument("--verbose", action="store_true", help="log every request")
    p.add_argument("--docs", nargs="?", const="", metavar="DIR",
                   help="also serve the HTML documentation (`balises docs`) read-only at /docs/ (default folder: "
                        ".balises/docs, beside the store)")
