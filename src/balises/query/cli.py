"""`balises query`: a query of the library (queries/), by slug, number or file, with bound parameters; a file of
the user's own runs in a child process (store/isolated.py)."""

from __future__ import annotations

import sys
import time

from ..errors import BalisesError
from ..options import command, settings_of


def cmd_query(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..query.cache import run_named
    from ..query.library import find_query, load_library

    settings = settings_of(args)
    library = load_library(settings.queries_dir)
    if args.list or not args.name:
        for q in library.values():
            params = ", ".join(f"{p.name}:{p.type}" + (f"={p.default}" if p.default else "") for p in q.params)
            print(f"{q.slug}  [{q.user}]  {q.title(args.lang)}" + (f"  ({params})" if params else ""))
        return 0
    query = find_query(library, args.name)
    if query.adhoc:
        print(f"note: {query.path} is not in the library (no `# title@fr:`, `# title@en:`, `# question:`, `# user:` "
              "header): run as an ad-hoc query; `# param: NAME TYPE [DEFAULT] -- description` lines declare its "
              "parameters", file=sys.stderr)
    values = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise BalisesError(f"--param {item!r}: write NAME=VALUE")
        values[key.strip()] = value
    if query.slug not in library or library[query.slug].path != query.path:
        return _user_query(settings, query, values, args.format)
    from ..store import open_store

    store = open_store(settings)
    values = by_label(store, query, values)
    started = time.perf_counter()
    result = run_named(store, query, values)
    elapsed = time.perf_counter() - started
    if args.format == "csv":
        sys.stdout.write(result.to_csv())
    elif args.format == "json":
        print(result.to_json())
    else:
        print(result.to_table())
        print(f"\n{len(result.rows)} row(s) in {elapsed * 1000:.0f} ms", file=sys.stderr)
    return 0


def by_label(store, query, values: dict[str, str]) -> dict[str, str]:
    """An IRI parameter given by its label (`-p project="Lil'Ô"`) replaced by the IRI of what it names."""
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..query.binding import iri_or_none
    from ..query.by_label import resolve_label

    kinds = {p.name: p.type for p in query.params}
    return {name: (resolve_label(store, name, value) if kinds.get(name) == "iri" and value
                   and iri_or_none(value) is None else value) for name, value in values.items()}


def _user_query(settings, query, values, fmt: str) -> int:
    """A query file of the user's own: run in a child process (isolated.py), whatever it does to the engine."""
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..query.run import export_user_query, run_user_query
    from ..store.isolated import EXPORT_MAX_BYTES

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


def add_parsers(sub) -> None:
    p = command(sub, "query", cmd_query, "run a query of queries/ (by slug, number or file) with bound parameters")
    p.add_argument("name", nargs="?", help="query slug (01-territory-profile), number (01) or .rq file")
    p.add_argument("--list", action="store_true", help="list the queries with their titles and parameters")
    p.add_argument("--param", "-p", action="append", metavar="NAME=VALUE", help="parameter value (repeatable)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--lang", choices=["fr", "en"], default="fr", help="language of titles in --list")
