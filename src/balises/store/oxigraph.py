"""The embedded store: a persistent Oxigraph (RocksDB) store on disk, each build a new version (versions.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from ..errors import QueryError, StoreError
from ..rdf.owl2 import owl2_form
from .interface import QueryOutcome
from .versions import DATA_DIR, MANIFEST, Lease, current, lease


def to_ox(term: Identifier):
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _convert(term) -> Identifier | None:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported term {term!r}")


_XSD_STRING = str(XSD.string)
_CACHE: dict = {}
_CACHE_MAX = 200_000


def from_ox(term) -> Identifier | None:
    """pyoxigraph term -> rdflib term (memoised: the same IRIs and labels come back in every result)."""
    if term is None:
        return None
    try:
        return _CACHE[term]
    except KeyError:
        converted = _convert(term)
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[term] = converted
        return converted
    except TypeError:  # unhashable term (quoted triples)
        return _convert(term)


def quad_to_ox(s, p, o, g) -> ox.Quad:
    return ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g) if g is not None else ox.DefaultGraph())


class EngineTerms:
    """How to read the engine's terms that raw_rows gives: SPARQL's STR(), whether a term is a blank node, a
    literal's language, whether it is a simple literal, and the rdflib term (the query layer's)."""

    @staticmethod
    def text(term) -> str:
        return term.value

    @staticmethod
    def is_blank(term) -> bool:
        return isinstance(term, ox.BlankNode)

    @staticmethod
    def language(term) -> str | None:
        return getattr(term, "language", None)

    @staticmethod
    def is_literal(term) -> bool:
        return isinstance(term, ox.Literal)

    @staticmethod
    def is_plain(term) -> bool:
        """A simple literal (xsd:string, no language)."""
        return isinstance(term, ox.Literal) and term.language is None and term.datatype.value == _XSD_STRING

    to_rdflib = staticmethod(from_ox)


class OxigraphStore:
    """A pyoxigraph store (on disk, read-only, or in memory); the default graph is the union of all graphs.

    `directory` is the version directory of a store read (or written) on disk, where the build keeps the files it
    derives beside the data (the quote search index); None for a store in memory. `building`: a version the build
    is writing, whose directory it may add files to (query/plain.py), `former` the version it was copied from (an
    incremental build), whose files it may take."""

    def __init__(self, store: ox.Store, description: str, held: Lease | None = None, directory: Path | None = None,
                 former: Path | None = None, building: bool = False):
        self._store = store
        self.description = description
        self._held = held  # the version this store reads on disk: no build removes it while it is held
        self.directory = directory if directory is not None else (held.version if held is not None else None)
        self.former, self.building = former, building

    @classmethod
    def open(cls, path: Path, in_memory: bool = False) -> "OxigraphStore":
        """The current version of the store at `path`, read-only on disk (held until `close()`) or copied in memory."""
        held = lease(path)
        data = held.version / DATA_DIR
        try:
            disk = ox.Store.read_only(str(data))
        except OSError as exc:
            held.release()
            raise StoreError(f"cannot open the store at {path}: {exc}. Rebuild it with `balises build --force`.") from exc
        if not in_memory:
            return cls(disk, f"Oxigraph store at {path}", held)
        memory = ox.Store()
        memory.bulk_extend(disk.quads_for_pattern(None, None, None, None))
        del disk
        held.release()
        return cls(memory, f"in-memory copy of the Oxigraph store at {path}")

    @classmethod
    def read_snapshot(cls, target: Path) -> "OxigraphStore":
        """A snapshot written by `snapshot`, read-only (no lease: the process that wrote it removes it)."""
        try:
            return cls(ox.Store.read_only(str(target)), f"snapshot of a store at {target}")
        except OSError as exc:
            raise StoreError(f"cannot open the snapshot at {target}: {exc}") from exc

    def snapshot(self, target: Path) -> Path:
        """The store as it is now, at `target`, for another process to read while this one goes on writing: a
        RocksDB checkpoint (its files hard-linked, not copied: instant at any size). Open it with
        `read_snapshot`; remove it when done. Only a store on disk has one."""
        if self.directory is None:
            raise StoreError(f"{self.description} is not on disk: it has no snapshot")
        self._store.flush()
        self._store.backup(str(target))
        return target

    @classmethod
    def from_quads(cls, quads: Iterable[tuple], description: str) -> "OxigraphStore":
        """A store in memory holding these quads (rdflib terms; None as graph: the default graph)."""
        memory = ox.Store()
        memory.bulk_extend(quad_to_ox(*q) for q in quads)
        return cls(memory, description)

    def raw_query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None,
                  graphs: Sequence[str] | None = None):
        """The engine's own answer (pyoxigraph solutions, triples or boolean), to stream or serialise."""
        substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items() if v is not None}
        dataset = {"default_graph": [ox.NamedNode(g) for g in graphs]} if graphs is not None \
            else {"use_default_graph_as_union": True}
        try:
            return self._store.query(sparql, substitutions=substitutions or None, **dataset)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise QueryError(f"the store could not answer: {exc}") from exc

    def raw_rows(self, sparql: str) -> tuple[list[tuple], "type[EngineTerms]"]:
        """A SELECT's rows as the engine's own terms, not converted (what a computation over millions of them
        can afford: quotes/bank_rows.py), with how to read those terms (EngineTerms)."""
        return [tuple(solution) for solution in self.raw_query(sparql)], EngineTerms

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None,
              graphs: Sequence[str] | None = None) -> QueryOutcome:
        result = self.raw_query(sparql, bindings, graphs)
        if isinstance(result, ox.QueryBoolean):
            return QueryOutcome(kind="ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = result.variables
            columns = [v.value for v in variables]
            rows = [tuple(from_ox(solution[v]) for v in variables) for solution in result]
            return QueryOutcome(kind="select", columns=columns, rows=rows)
        triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]
        return QueryOutcome(kind="graph", triples=triples)

    def quads(self):
        for q in self._store.quads_for_pattern(None, None, None, None):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name)

    def dump(self, output, fmt: str, prefixes: dict[str, str] | None = None, leave_out: set[str] = frozenset(),
             owl2: bool = False) -> None:
        """Write the store to a binary stream: quads (nquads, trig, jsonld) or the union of graphs as triples
        (turtle, ntriples, rdfxml), without the named graphs of `leave_out`; `owl2`: the union in its OWL 2 form
        (balises.rdf.owl2), every literal inside the OWL 2 datatype map."""
        formats = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
                   "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}
        if fmt not in formats:
            raise StoreError(f"unknown export format {fmt!r}: one of {', '.join(formats)}")
        quads = fmt in {"nquads", "trig", "jsonld"}
        if owl2 and quads:
            raise StoreError(f"the OWL 2 form is one graph (OWL has no named graphs): write it as turtle, ntriples or "
                             f"rdfxml, not {fmt}")
        kept = (q for q in self._store if str(getattr(q.graph_name, "value", "")) not in leave_out)
        extra = {"prefixes": prefixes} if fmt in {"trig", "turtle", "rdfxml"} and prefixes else {}
        if quads:
            ox.serialize(kept, output, formats[fmt], **extra)
            return
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in kept}
        if owl2:
            triples = {ox.Triple(*map(to_ox, t)) for t in owl2_form(tuple(map(from_ox, t)) for t in triples)}
        ox.serialize(sorted(triples, key=str), output, formats[fmt], **extra)

    # Writing: a store opened on a new version being filled (write_store, revise_store), never the current one.

    def graph_triples(self, graph: URIRef) -> set[tuple]:
        """The triples of one named graph, as rdflib terms. Asked as SPARQL with the graph's IRI in the text
        (`ox.NamedNode` checks it): after an incremental build has removed many quads, Oxigraph's pattern
        lookup with the graph alone bound (or the same query with the graph substituted) walked past their
        deletions: 5.9 s for the 4 361 inferred triples at ~2M, against 0.18 s so. The text is built here, from
        the IRI of a graph the build names."""
        text = f"SELECT ?s ?p ?o WHERE {{ GRAPH {ox.NamedNode(str(graph))} {{ ?s ?p ?o }} }}"
        return {(from_ox(row[0]), from_ox(row[1]), from_ox(row[2])) for row in self._store.query(text)}

    def graph_pattern(self, graph: URIRef, s=None, p=None, o=None) -> list[tuple]:
        """The triples of `graph` matching a pattern (None: any term), as rdflib terms."""
        found = self._store.quads_for_pattern(*(None if t is None else to_ox(t) for t in (s, p, o)),
                                              ox.NamedNode(str(graph)))
        return [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in found]

    def graph_names(self) -> list[str]:
        return [g.value for g in self._store.named_graphs()]

    def add_quads(self, quads: Iterable[tuple]) -> None:
        """Add quads (rdflib terms)."""
        self._store.extend(quad_to_ox(*q) for q in quads)

    def drop_graph(self, graph: URIRef) -> None:
        """Remove a named graph and its quads."""
        name = ox.NamedNode(str(graph))
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)

    def replace_graph(self, graph: URIRef, quads: Iterable[tuple]) -> None:
        """Make a named graph hold exactly these quads (rdflib terms, blank nodes aside), writing only the
        differences: a large graph that changes little (the search graph) is not written again whole."""
        name = ox.NamedNode(str(graph))
        new = {quad_to_ox(*q) for q in quads}
        old = set(self._store.quads_for_pattern(None, None, None, name))
        for quad in old - new:
            self._store.remove(quad)
        self._store.extend(new - old)

    def drop_subjects(self, graph: URIRef, subjects: Iterable) -> None:
        """Remove every quad of `graph` whose subject is one of `subjects`."""
        name = ox.NamedNode(str(graph))
        for subject in subjects:
            for quad in list(self._store.quads_for_pattern(to_ox(subject), None, None, name)):
                self._store.remove(quad)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store = None
        if self._held is not None:
            self._held.release()
            self._held = None


def read_manifest(path: Path) -> dict | None:
    """The build manifest of the current version of the store at `path` (inputs hash, counts), if any."""
    version = current(path)
    try:
        return json.loads((version / MANIFEST).read_text(encoding="utf-8")) if version else None
    except (OSError, ValueError):
        return None
