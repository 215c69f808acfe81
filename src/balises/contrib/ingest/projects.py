"""The triples of a sheet's projects, involvements, systemic leaps and evidence quotes."""

from __future__ import annotations

from rdflib import BNode, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from ...rdf.namespaces import BAL, OA, SCHEMA, shorten
from .records import Entity, shorten_text


class ProjectsAndQuotes:
    """The Builder's emitters for projects, involvements, leaps and quotes."""

    def emit_projet(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.Project])
        if rec.get("territoire"):
            self.ref(s, BAL.territory, rec["territoire"], ("territoire",), f"{e.path}.territoire")
        else:
            self.g.add((s, BAL.territory, self.main))
        status = rec.get("statut") or (self.vocabs["statut"].lookup(rec["_status"]) if rec.get("_status") else None)
        if status is not None:
            self.g.add((s, BAL.status, status))
        for theme in rec.get("thèmes") or []:
            self.g.add((s, BAL.theme, theme))
        self.refs(s, BAL.programme, rec.get("programmes"), ("programme",), f"{e.path}.programmes")
        self.date(s, SCHEMA.startDate, rec.get("début"))
        self.date(s, SCHEMA.endDate, rec.get("fin"))
        self.date(s, DCTERMS.date, rec.get("date"))
        self.fr(s, BAL.dateNote, rec.get("note de date"))
        self.refs(s, DCTERMS.isPartOf, rec.get("fait partie de"), ("projet",), f"{e.path}.fait partie de")
        for text in rec.get("résistances") or []:
            self.fr(s, BAL.resistance, text)
        for text in rec.get("facteurs de réussite") or []:
            self.fr(s, BAL.successFactor, text)

    def emit_implication(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        project: Entity = rec["_project"]
        g = self.g
        g.add((s, RDF.type, BAL.Involvement))
        actor = self.ref(s, BAL.involvedActor, rec.get("acteur"), ("acteur",), f"{e.path}.acteur")
        g.add((s, BAL.involvedIn, project.iri))
        if rec.get("rôle") is not None:
            g.add((s, BAL.involvementRole, rec["rôle"]))
        if rec.get("libellé"):
            self.label(e, rec["libellé"], "libellé")
        elif actor is not None:
            actor_name = self.index.label(actor) if actor in self.index.kinds else self._sheet_name(actor)
            role = self.vocabs["rôle"].display.get(rec.get("rôle"), "")
            self.label(e, f"{actor_name}, {role} : {project.record.get('nom')}", "libellé")
        self.fr(s, RDFS.comment, rec.get("commentaire"))
        g.add((s, PROV.wasDerivedFrom, self.doc))
        self.built.origins[s] = e.path

    def emit_saut(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        self.common(e, [BAL.SystemicLeap])
        self.g.add((s, BAL.fromPerimeter, rec["depuis"]))
        self.g.add((s, BAL.toPerimeter, rec["vers"]))
        if rec.get("territoire"):
            self.ref(s, BAL.territory, rec["territoire"], ("territoire",), f"{e.path}.territoire")
        else:
            self.g.add((s, BAL.territory, self.main))
        self.refs(s, BAL.throughProject, rec.get("projets"), ("projet",), f"{e.path}.projets")
        self.refs(s, BAL.newActor, rec.get("nouveaux acteurs"), ("acteur",), f"{e.path}.nouveaux acteurs")
        for cat in rec.get("nouvelles catégories") or []:
            self.g.add((s, BAL.newActorCategory, cat))

    def emit_citation(self, e: Entity) -> None:
        rec, s = e.record, e.iri
        g = self.g
        g.add((s, RDF.type, BAL.Evidence))
        default = f"{self.index.label(self.main) or self.sheet.data['territoire']['nom']} : " + \
            shorten_text(rec["texte"], 90)
        self.label(e, rec.get("libellé") or default, "libellé")
        g.add((s, OA.motivatedBy, OA.classifying))
        target, selector = BNode(), BNode()
        g.add((s, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, self.doc))
        g.add((target, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextQuoteSelector))
        g.add((selector, OA.exact, Literal(rec["texte"])))
        known = self.index.quotes.get((str(self.doc), " ".join(str(rec["texte"]).split())))
        if known is not None and known != s and not e.linked:
            self.problem(f"{e.path}.texte", f"cette citation est déjà dans le graphe : {self.index.describe(known)}",
                         f"this quote is already in the graph: {self.index.describe(known)}", warning=True)
        self.plain(selector, OA.prefix, rec.get("avant"))
        self.plain(selector, OA.suffix, rec.get("après"))
        for concept in rec.get("balises") or []:
            g.add((s, BAL.illustrates, concept))
        if rec.get("à propos de"):
            self.refs(s, BAL.about, rec["à propos de"],
                      ("territoire", "acteur", "projet", "saut", "programme", "offre"), f"{e.path}.à propos de")
        else:
            g.add((s, BAL.about, self.main))
        self.plain(s, BAL.section, rec.get("section"))
        if rec.get("clé") is not None:
            g.add((s, BAL.keyQuote, Literal(bool(rec["clé"]))))
        self.ref(s, BAL.speaker, rec.get("locuteur"), ("acteur",), f"{e.path}.locuteur")
        self.fr(s, RDFS.comment, rec.get("commentaire"))
        g.add((s, PROV.wasDerivedFrom, self.doc))
        self.built.origins[s] = e.path

    def check_leaps(self) -> None:
        """A leap is shown by at least one quote about it (the SHACL rule, said at the sheet's line)."""
        for e in self.entities:
            if e.kind == "saut" and (None, BAL.about, e.iri) not in self.g and \
                    (None, BAL.about, e.iri) not in self.index.graph:
                self.problem(e.path, f"le saut systémique {shorten(str(e.iri))} n'est montré par aucune citation : "
                             f"ajoutez une citation avec « à propos de: {e.record.get('id') or e.record['nom']} »",
                             f"systemic leap {shorten(str(e.iri))} is shown by no quote: add a quote with "
                             f"'à propos de: {e.record.get('id') or e.record['nom']}'")
