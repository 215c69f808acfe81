"""Query layer: the library of named queries (queries/*.rq) and running SPARQL with bound parameters.

Each query file starts with a comment header:

    # title@fr: Profil d'un territoire
    # title@en: Territory profile
    # question: What kind of territory is it, how many inhabitants, what is it part of?
    # user: territory
    # param: territory iri ter:lomme -- the territory (an IRI or CURIE)

Parameters become RDF terms bound to the query's variables (pyoxigraph
substitutions), never text pasted into the query.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from . import isolated
from .errors import QueryError
from .namespaces import SPARQL_PREFIXES, expand, shorten
from .sparql_text import mask, refuse_unsafe
from .store import GraphStore, QueryOutcome

PARAM_TYPES = {"iri", "string", "integer", "decimal", "boolean", "lang"}
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`]')
_HEADER = re.compile(r"^#\s*([\w@-]+)\s*:\s*(.*)$")


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a named query."""

    name: str
    type: str
    default: str | None
    description: str

    def to_term(self, value: str | None) -> Identifier | None:
        """The RDF term for a user's value (or the default); None leaves the variable unbound."""
        raw = self.default if value is None else value
        if raw is None or raw == "":
            return None
        return make_term(self.type, raw, self.name)


def make_term(kind: str, raw: str, name: str = "value") -> Identifier:
    """A typed RDF term from user text; bad values raise QueryError naming the parameter."""
    text = str(raw)
    if kind == "iri":
        iri = expand(text)
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or _IRI_FORBIDDEN.search(iri):
            raise QueryError(f"parameter {name!r}: {text[:80]!r} is not an IRI or a known CURIE (e.g. ter:lomme)")
        return URIRef(iri)
    if kind == "integer":
        try:
            return Literal(int(text), datatype=XSD.integer)
        except ValueError as exc:
            raise QueryError(f"parameter {name!r}: {text[:80]!r} is not an integer") from exc
    if kind == "decimal":
        try:
            return Literal(Decimal(text), datatype=XSD.decimal)
        except InvalidOperation as exc:
            raise QueryError(f"parameter {name!r}: {text[:80]!r} is not a number") from exc
    if kind == "boolean":
        if text.lower() not in {"true", "false", "1", "0"}:
            raise QueryError(f"parameter {name!r}: {text[:80]!r} is not true or false")
        return Literal(text.lower() in {"true", "1"}, datatype=XSD.boolean)
    if kind == "lang":
        if not re.fullmatch(r"[a-z]{2,3}", text):
            raise QueryError(f"parameter {name!r}: {text[:80]!r} is not a language code such as fr or en")
        return Literal(text)
    return Literal(text)


def iri_or_none(text: str) -> URIRef | None:
    """The IRI of a full IRI or CURIE, or None for a string that is no IRI (it names nothing in the graph)."""
    try:
        return make_term("iri", text)
    except QueryError:
        return None


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library, with the metadata of its header."""

    slug: str
    path: Path
    title_fr: str
    title_en: str
    question: str
    user: str
    params: tuple[QueryParam, ...]
    text: str
    materialise: bool = False  # header `# materialise: yes`: the build stores its default answer

    def title(self, lang: str = "fr") -> str:
        return self.title_en if lang == "en" else self.title_fr

    def bindings(self, values: Mapping[str, str] | None = None) -> dict[str, Identifier]:
        values = dict(values or {})
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            names = ", ".join(p.name for p in self.params) or "none"
            raise QueryError(f"query {self.slug!r} has no parameter {', '.join(sorted(unknown))} (its parameters: {names})")
        return {p.name: term for p in self.params if (term := p.to_term(values.get(p.name))) is not None}


#: The longest query file read (the library's longest is a few KB; the server takes 1 MiB).
MAX_QUERY_BYTES = 1024 * 1024


def parse_header(path: Path) -> NamedQuery:
    """Read a query file and its comment header."""
    if path.stat().st_size > MAX_QUERY_BYTES:
        raise QueryError(f"{path}: {path.stat().st_size // 1024} KiB; a query file holds at most "
                         f"{MAX_QUERY_BYTES // 1024} KiB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text (byte {exc.start}): save the query as UTF-8") from exc
    meta: dict[str, str] = {}
    params: list[QueryParam] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "param":
            spec, _, description = value.partition("--")
            parts = spec.split()
            if len(parts) < 2 or parts[1] not in PARAM_TYPES:
                raise QueryError(f"{path}: bad param line {line!r}: write `# param: NAME TYPE [DEFAULT] -- description`")
            default = " ".join(parts[2:]) or None
            params.append(QueryParam(parts[0], parts[1], default, description.strip()))
        else:
            meta[key] = value
    missing = [k for k in ("title@fr", "title@en", "question", "user") if k not in meta]
    if missing:
        raise QueryError(f"{path}: header lacks {', '.join(missing)}")
    return NamedQuery(slug=path.stem, path=path, title_fr=meta["title@fr"], title_en=meta["title@en"],
                      question=meta["question"], user=meta["user"], params=tuple(params), text=text,
                      materialise=meta.get("materialise", "").lower() in {"yes", "oui", "true"})


def load_library(queries_dir: Path) -> dict[str, NamedQuery]:
    """Every queries/*.rq by slug, in file order."""
    return {q.slug: q for q in (parse_header(p) for p in sorted(Path(queries_dir).glob("*.rq")))}


def find_query(library: Mapping[str, NamedQuery], name: str) -> NamedQuery:
    """A query by slug, by number prefix (`01`) or by path to a .rq file."""
    if name in library:
        return library[name]
    matches = [q for slug, q in library.items() if slug.split("-", 1)[0] == name or slug.startswith(name + "-")]
    if len(matches) == 1:
        return matches[0]
    path = Path(name)
    if path.suffix == ".rq" and path.is_file():
        return parse_header(path)
    raise QueryError(f"unknown query {name!r}: `balises query --list` shows the library")


@dataclass
class QueryResult:
    """Rows of a SELECT (or the answer of an ASK, the triples of a CONSTRUCT) with output formats."""

    outcome: QueryOutcome
    query: str = ""
    bindings: dict[str, Identifier] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        if self.outcome.kind == "ask":
            return ["answer"]
        if self.outcome.kind == "graph":
            return ["subject", "predicate", "object"]
        return self.outcome.columns

    @property
    def rows(self) -> list[tuple]:
        if self.outcome.kind == "ask":
            return [(Literal(self.outcome.boolean),)]
        if self.outcome.kind == "graph":
            return list(self.outcome.triples)
        return self.outcome.rows

    def records(self, short: bool = False) -> list[dict[str, str | None]]:
        """Rows as dicts of plain strings (IRIs shortened to CURIEs when `short`)."""
        return [{c: _plain(v, short) for c, v in zip(self.columns, row)} for row in self.rows]

    def plain_rows(self) -> list[tuple[str | None, ...]]:
        """Rows as tuples of plain strings (IRIs in full, None where unbound): the analysis reads these."""
        return [tuple(None if v is None else str(v) for v in row) for row in self.rows]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else str(v) for v in row])
        return out.getvalue()

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        if self.outcome.kind == "ask":
            return json.dumps({"head": {}, "boolean": self.outcome.boolean})
        bindings = [{c: json_term(v) for c, v in zip(self.columns, row) if v is not None} for row in self.rows]
        return json.dumps({"head": {"vars": self.columns}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)

    def to_table(self, width: int = 60) -> str:
        records = self.records(short=True)
        if not records:
            return "(no result)"
        cols = self.columns
        cells = [[(r[c] or "")[:width] for c in cols] for r in records]
        widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
        line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
        return "\n".join([line(cols), line(["-" * w for w in widths])] + [line(r) for r in cells])


class TableResult(QueryResult):
    """A materialised answer (see materialised.py): kept as SPARQL JSON bindings, turned into rdflib terms only
    when rows are asked for; records come straight from the JSON."""

    def __init__(self, columns: list[str], cells: list[dict], query: str = "",
                 bindings: dict[str, Identifier] | None = None):
        super().__init__(QueryOutcome(kind="select", columns=list(columns)), query=query, bindings=dict(bindings or {}))
        self._cells = cells
        self._decoded = False

    @property
    def rows(self) -> list[tuple]:
        if not self._decoded:
            from .materialised import decode_rows

            self.outcome.rows = decode_rows(self.outcome.columns, self._cells)
            self._decoded = True
        return self.outcome.rows

    def plain_rows(self) -> list[tuple[str | None, ...]]:
        columns = self.outcome.columns
        return [tuple(cell["value"] if (cell := b.get(c)) is not None else None for c in columns) for b in self._cells]

    def records(self, short: bool = False) -> list[dict[str, str | None]]:
        columns = self.outcome.columns
        out = []
        for b in self._cells:
            record = {}
            for c in columns:
                cell = b.get(c)
                if cell is None:
                    record[c] = None
                elif short and cell["type"] == "uri":
                    record[c] = shorten(cell["value"])
                else:
                    record[c] = cell["value"]
            out.append(record)
        return out


def _plain(term, short: bool) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef) and short:
        return shorten(str(term))
    return str(term)


def json_term(term) -> dict:
    """An RDF term as a SPARQL 1.1 Query Results JSON term (simple literals without a datatype)."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def run_sparql(store: GraphStore, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
    """Run SPARQL text (the shared PREFIX header prepended) with its parameters bound; updates, LOAD and
    SERVICE are refused (refuse_unsafe)."""
    refuse_unsafe(sparql)
    bound = {k: v for k, v in (bindings or {}).items() if v is not None}
    try:
        outcome = store.query(compose(sparql, bound))
    except QueryError as exc:
        raise QueryError(user_lines(str(exc))) from exc
    return QueryResult(outcome, query=sparql, bindings=bound)


def compose(sparql: str, bindings: Mapping[str, Identifier] | None = None) -> str:
    """The text the store receives: the shared PREFIX header, then the query with its parameters bound."""
    return SPARQL_PREFIXES + bind_values(sparql, {k: v for k, v in (bindings or {}).items() if v is not None})


_PREFIX_LINES = SPARQL_PREFIXES.count("\n")
_ERROR_AT = re.compile(r"\b(error at |line )(\d+)(?=[:, ])")


def user_lines(message: str) -> str:
    """An engine's message with its line numbers counted in the user's text (the prefix header taken off)."""
    def shift(match: re.Match) -> str:
        line = int(match.group(2)) - _PREFIX_LINES
        return f"{match.group(1)}{line}" if line >= 1 else match.group(0)

    return _ERROR_AT.sub(shift, message)


@dataclass
class PagedResult(QueryResult):
    """The first page of a user's query (at most `isolated.HEAD_ROWS` rows), with how many rows it has in all
    (counted up to `isolated.COUNT_LIMIT`; `more` when there are more still)."""

    counted: int = 0
    more: bool = False
    seconds: float = 0.0

    @property
    def truncated(self) -> bool:
        return self.more or self.counted > len(self.rows)


def run_user_query(settings, sparql: str, bindings: Mapping[str, Identifier] | None = None,
                   head: int | None = None) -> PagedResult:
    """A user's own query (the console, a .rq file of theirs): refused if unsafe, then run in a child process
    (isolated.py) on the embedded store, so that an engine crash, a runaway or a memory blow-up is a QueryError
    here. Against a remote endpoint (BALISES_ENDPOINT) the engine is already in another process: run directly."""
    refuse_unsafe(sparql)
    bound = {k: v for k, v in (bindings or {}).items() if v is not None}
    head = isolated.HEAD_ROWS if head is None else head
    started = time.monotonic()
    if settings.endpoint:
        from .store import open_store

        full = run_sparql(open_store(settings), sparql, bound)
        rows = full.outcome.rows if full.outcome.kind == "select" else full.outcome.triples
        outcome = QueryOutcome(kind=full.outcome.kind, columns=full.outcome.columns, rows=full.outcome.rows[:head],
                               boolean=full.outcome.boolean, triples=full.outcome.triples[:head])
        return PagedResult(outcome, sparql, bound, counted=len(rows) if outcome.kind != "ask" else 1,
                           seconds=time.monotonic() - started)
    try:
        answer = isolated.run_isolated(isolated.Request(settings, compose(sparql, bound), head=head))
    except QueryError as exc:
        raise QueryError(user_lines(str(exc))) from exc
    return PagedResult(answer.outcome, sparql, bound, counted=answer.counted, more=answer.more,
                       seconds=answer.seconds)


def export_user_query(settings, sparql: str, fmt: str, path: str | None = None,
                      bindings: Mapping[str, Identifier] | None = None, stdout=None):
    """A user's own query written whole in a standard format (csv, tsv, json, xml; N-Triples for a graph), by the
    engine, streamed to `path` (or standard output), in a child process as `run_user_query`; returns the child's
    answer (bytes written, complete or cut at isolated.EXPORT_MAX_BYTES)."""
    refuse_unsafe(sparql)
    text = compose(sparql, bindings)
    if settings.endpoint:
        from .store import open_store

        result = QueryResult(open_store(settings).query(text), sparql)
        data = (result.to_json() if fmt == "json" else result.to_csv()).encode("utf-8")
        if path:
            Path(path).write_bytes(data)
        else:
            (stdout or sys.stdout.buffer).write(data)
        return isolated.Answer(written=len(data))
    try:
        return isolated.run_isolated(isolated.Request(settings, text, mode="export", export_format=fmt,
                                                      export_path=path), stdout=stdout)
    except QueryError as exc:
        raise QueryError(user_lines(str(exc))) from exc


def term_sparql(term: Identifier) -> str:
    """A term in SPARQL syntax, every character of user text escaped: it can only ever be one RDF term."""
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(str(term)):
            raise QueryError(f"{str(term)[:80]!r} is not a valid IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        escaped = "".join(_ESCAPES.get(ch, ch) for ch in str(term))
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype is not None:
            return f'"{escaped}"^^<{term.datatype}>'
        return f'"{escaped}"'
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals are parameters")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def bind_values(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """Pre-bind variables with a VALUES block of typed terms opening the query's WHERE group.

    Filters and optional parts of the group then see the bound values, as with initBindings;
    unbound parameters stay free. Works the same on any SPARQL 1.1 store.
    """
    if not bindings:
        return sparql
    return bind_rows(sparql, list(bindings), [tuple(bindings.values())])


def bind_rows(sparql: str, names: list[str], rows: list[tuple[Identifier, ...]]) -> str:
    """`bind_values` for several rows of terms: the query is answered for each row of the VALUES block
    (e.g. the labels of a page's IRIs in one query)."""
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    masked = mask(sparql)
    where = re.search(r"\bWHERE\b", masked, re.IGNORECASE)
    brace = masked.find("{", where.end() if where else 0)
    if brace < 0:
        raise QueryError("the query has no WHERE group to bind parameters in")
    head = " ".join(f"?{n}" for n in names)
    values = " ".join("(" + " ".join(term_sparql(t) for t in row) + ")" for row in rows)
    return f"{sparql[:brace + 1]} VALUES ({head}) {{ {values} }} {sparql[brace + 1:]}"


def rows_for(store: GraphStore, sparql: str, name: str, iris, batch: int = 2000) -> tuple[list[str], list[tuple]]:
    """The query answered for each of these IRIs bound to ?name (a VALUES block of IRI terms per batch): its
    columns and its rows as plain strings. No IRI, no query."""
    columns: list[str] = []
    rows: list[tuple] = []
    ordered = list(iris)
    for start in range(0, len(ordered), batch):
        terms = [(URIRef(i),) for i in ordered[start:start + batch]]
        result = QueryResult(store.query(SPARQL_PREFIXES + bind_rows(sparql, [name], terms)))
        columns, rows = result.columns, rows + result.plain_rows()
    return columns, rows


def run_named(store: GraphStore, query: NamedQuery, values: Mapping[str, str] | None = None) -> QueryResult:
    """Run a query of the library with the user's parameter values bound as RDF terms.

    A query marked `materialise: yes`, asked with its default bindings, is answered from the table the build
    stored for exactly this text and these bindings (see materialised.py); otherwise it is evaluated.
    """
    bindings = query.bindings(values)
    if query.materialise:
        from .materialised import answer

        return answer(store, query.text, bindings)
    return run_sparql(store, query.text, bindings)
