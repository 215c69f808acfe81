"""The closed lists a territory sheet's values come from, read off the ontology.

A sheet names a value as a curator would say it (« à faire progresser », « porteuse »,
« collectivité », « bien-vivre alimentaire »), by its slug (``a-faire-progresser``) or by
its CURIE (``voc:a-faire-progresser``); accents, case, hyphens and apostrophes do not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..rdf.folding import fold_name
from ..rdf.namespaces import BAL, IND, REF, THEME, VOC, expand, shorten


def slug(text: str, limit: int = 60) -> str:
    """A readable IRI slug: lower case ASCII words joined by `-`, cut at a word boundary."""
    words = fold_name(text).split()
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit and out:
            break
        out = candidate
    return out[:limit] or "sans-nom"


@dataclass
class Vocabulary:
    """One closed list: its values (IRIs), the names that designate them, and how to show them."""

    name: str
    en: str
    values: list[URIRef] = field(default_factory=list)
    keys: dict[str, URIRef] = field(default_factory=dict)
    display: dict[URIRef, str] = field(default_factory=dict)

    def add(self, iri: URIRef, shown: str, *names: str) -> None:
        if iri not in self.values:
            self.values.append(iri)
        self.display.setdefault(iri, shown)
        for n in (shown, str(iri), shorten(str(iri)), str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1], *names):
            if n:
                self.keys.setdefault(fold_name(n), iri)

    def lookup(self, text: str) -> URIRef | None:
        value = str(text).strip()
        if ":" in value and not value.startswith("http"):
            iri = URIRef(expand(value))
            return iri if iri in self.values else None
        return self.keys.get(fold_name(value))

    def expected(self) -> str:
        return ", ".join(self.display[v] for v in self.values)


#: Territory kinds: the classes of ontology/balises.ttl.
TERRITORY_KINDS = [
    (BAL.Commune, "commune", ("ville", "village")),
    (BAL.CommunityOfCommunes, "communauté de communes", ("cc",)),
    (BAL.AgglomerationCommunity, "communauté d'agglomération", ("ca", "agglomeration")),
    (BAL.UrbanCommunity, "communauté urbaine", ("cu",)),
    (BAL.Metropolis, "métropole", ()),
    (BAL.Intercommunality, "intercommunalité", ("epci", "intercommunalite (epci)")),
    (BAL.MetropolitanPole, "pôle métropolitain", ()),
    (BAL.Department, "département", ()),
    (BAL.Region, "région", ()),
    (BAL.Country, "pays", ()),
    (BAL.NamedArea, "aire nommée", ("quartier", "bassin", "aire", "zone")),
]

#: Short names shown in messages where the SKOS label is long; extra names a writer may use.
_SHORT = {
    VOC.propose: ("proposé", ("envisagé", "propose")),
    VOC.reussi: ("réussi", ("réussie",)),
    VOC.porteur: ("porteur", ("porteuse", "pilote", "maître d'ouvrage")),
    VOC.accompagnateur: ("accompagnateur", ("accompagnatrice", "appui")),
    VOC.participant: ("participant", ("participante",)),
    VOC.partenaire: ("partenaire", ()),
    VOC.financeur: ("financeur", ("financeuse",)),
    VOC.beneficiaire: ("bénéficiaire", ()),
    VOC.collectivite: ("collectivité", ("collectivité territoriale", "mairie", "ville")),
    VOC["structure-ess"]: ("structure ESS", ("ess", "économie sociale et solidaire")),
    VOC["etat-agence"]: ("État ou agence", ("état", "agence", "agence de l'état")),
    VOC["conseil-recherche"]: ("conseil ou recherche", ("conseil", "recherche", "formation", "bureau d'études")),
    VOC.collectif: ("collectif", ("groupe informel", "collectif d'habitants")),
    VOC["evenement-ecoute-territoriale"]: ("écoute territoriale", ("diagnostic sensible",)),
    VOC["document-fiche-territoire"]: ("fiche territoire", ("fiche",)),
    VOC["document-lettre-information"]: ("lettre d'information", ("newsletter",)),
    VOC["document-ecoute-territoriale"]: ("écoute territoriale", ("compte rendu d'écoute territoriale",)),
    VOC.dgs: ("DGS", ("directeur général des services", "directrice générale des services")),
    REF.elus: ("élus", ("élu", "élue")),
    REF.services: ("services", ("service", "agents")),
    REF["acteurs-economiques"]: ("acteurs économiques", ("entreprises", "entrepreneurs")),
    REF.habitants: ("habitants", ("habitant", "citoyens")),
    REF.tiers: ("tiers", ()),
}

_SCHEMES = {
    "statut": (VOC["statut-projet"], "project status"),
    "rôle": (VOC["role-implication"], "involvement role"),
    "nature d'organisation": (VOC["nature-organisation"], "organisation kind"),
    "nature d'événement": (VOC["nature-evenement"], "event kind"),
    "nature de document": (VOC["nature-document"], "document kind"),
    "fonction": (VOC.fonction, "post"),
    "thème": (THEME.themes, "theme"),
    "catégorie d'acteurs": (REF["categories-acteurs"], "actor category"),
    "indicateur": (IND.indicateurs, "indicator"),
}

_CONCEPT_CLASSES = (BAL.Balise, BAL.Enjeu, BAL.OperationalConcept, BAL.ModeDeFaire, BAL.Dispositif,
                    BAL.CodeSourceElement)


def _fr(graph: Graph, s, prop=SKOS.prefLabel) -> str | None:
    for o in graph.objects(s, prop):
        if getattr(o, "language", None) == "fr":
            return str(o)
    return None


@lru_cache(maxsize=4)
def vocabularies(ontology_dir: Path) -> dict[str, Vocabulary]:
    """Every closed list of the sheet, read from ontology/*.ttl (cached per ontology directory)."""
    graph = Graph()
    for name in ("vocabulaires.ttl", "themes.ttl", "referentiel.ttl", "indicateurs.ttl"):
        path = ontology_dir / name
        if path.is_file():
            graph.parse(path, format="turtle")
    out: dict[str, Vocabulary] = {}
    for name, (scheme, en) in _SCHEMES.items():
        vocab = Vocabulary(name, en)
        members = sorted(set(graph.subjects(SKOS.inScheme, scheme)), key=lambda s: _order(graph, s))
        for term in members:
            short, extra = _SHORT.get(term, (None, ()))
            label = _fr(graph, term) or str(term).rsplit("/", 1)[-1]
            alts = [str(o) for o in graph.objects(term, SKOS.altLabel)] + \
                   [str(o) for o in graph.objects(term, SKOS.prefLabel)]
            vocab.add(term, short or label, label, *alts, *extra)
        out[name] = vocab
    kinds = Vocabulary("nature de territoire", "territory kind")
    for cls, shown, extra in TERRITORY_KINDS:
        kinds.add(cls, shown, *extra)
    out["nature de territoire"] = kinds
    concepts = Vocabulary("balise ou concept", "balise or concept")
    for cls in _CONCEPT_CLASSES:
        for term in sorted(set(graph.subjects(RDF.type, cls)), key=lambda s: _order(graph, s)):
            notation = graph.value(term, SKOS.notation)
            label = _fr(graph, term) or _fr(graph, term, RDFS.label) or shorten(str(term))
            shown = str(notation) if cls == BAL.Balise and notation else shorten(str(term))
            names = [str(o) for o in graph.objects(term, SKOS.altLabel)] + [label]
            if cls == BAL.Balise and notation:
                names.append(str(notation))
            concepts.add(term, shown, *names)
    out["balise ou concept"] = concepts
    return out


_FIRST = [VOC.reussi, VOC["a-faire-progresser"], VOC["en-cours"], VOC.propose, VOC.porteur, VOC.partenaire,
          VOC.financeur, VOC.accompagnateur, VOC.participant, VOC.beneficiaire, REF.elus, REF.services,
          REF["acteurs-economiques"], REF.habitants, REF.tiers]


def _order(graph: Graph, term) -> tuple:
    """Balises in référentiel order (E1…E6, T1…, C1…, V1…), statuses and roles in the ontology's order,
    everything else by French name."""
    notation = str(graph.value(term, SKOS.notation) or "")
    if len(notation) == 2 and notation[0] in "ETCV":
        return (0, "ETCV".index(notation[0]), notation[1], "")
    if term in _FIRST:
        return (1, _FIRST.index(term), "", "")
    return (2, 0, fold_name(_fr(graph, term) or str(term)), str(term))


__all__ = ["Vocabulary", "vocabularies", "slug", "TERRITORY_KINDS"]
