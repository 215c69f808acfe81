"""The triples of a sheet's projects, involvements, systemic leaps and evidence quotes."""

from __future__ import annotations

from decimal import Decimal

from rdflib import BNode, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

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
        selector = self.quote_target(s, OA.hasTarget, rec["texte"])
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

    def emit_chiffre(self, e: Entity) -> None:
        """A figure (bal:Observation): what it is about and measures, its value or range, unit, date, and the
        passage that states it, quoted verbatim."""
        rec, s = e.record, e.iri
        g = self.g
        g.add((s, RDF.type, BAL.Observation))
        if rec.get("à propos de"):
            about = self.ref(s, SCHEMA.observationAbout, rec["à propos de"],
                             ("territoire", "acteur", "projet", "programme", "saut"), f"{e.path}.à propos de")
        else:
            about = self.main
            g.add((s, SCHEMA.observationAbout, about))
        name = (self.index.label(about) if about in self.index.kinds else self._sheet_name(about)) if about else None
        default = f"{name or self.sheet.data['territoire']['nom']} : {shorten_text(rec['citation'], 80)}"
        self.label(e, rec.get("libellé") or default, "libellé")
        if rec.get("indicateur") is not None:
            g.add((s, SCHEMA.variableMeasured, rec["indicateur"]))
        bounds = [k for k in ("minimum", "maximum") if rec.get(k) is not None]
        if rec.get("valeur") is not None and bounds:
            self.problem(f"{e.path}.valeur", "un chiffre a une valeur OU un intervalle (minimum, maximum), pas les deux",
                         "a figure has a value OR a range (minimum, maximum), not both")
        elif rec.get("valeur") is None and not bounds:
            self.problem(e.path, "un chiffre a besoin d'une valeur, ou d'un minimum et/ou d'un maximum "
                         "(« plus de 400 » : minimum: 400)",
                         "a figure needs a value, or a minimum and/or a maximum ('plus de 400': minimum: 400)")
        for key, prop in (("valeur", SCHEMA.value), ("minimum", SCHEMA.minValue), ("maximum", SCHEMA.maxValue)):
            if rec.get(key) is not None:
                g.add((s, prop, _number(rec[key])))
        self.plain(s, SCHEMA.unitText, rec.get("unité"))
        self.plain(s, SCHEMA.unitCode, rec.get("code d'unité"))
        if rec.get("approximatif") is not None:
            g.add((s, BAL.approximate, Literal(bool(rec["approximatif"]))))
        self.date(s, SCHEMA.startDate, rec.get("début"))
        self.date(s, SCHEMA.endDate, rec.get("fin"))
        self.date(s, DCTERMS.date, rec.get("date"))
        self.plain(s, BAL.asOf, rec.get("en date de"))
        selector = self.quote_target(s, BAL.statedIn, rec["citation"])
        self.plain(selector, OA.prefix, rec.get("avant"))
        self.plain(selector, OA.suffix, rec.get("après"))
        self.fr(s, RDFS.comment, rec.get("commentaire"))
        g.add((s, PROV.wasDerivedFrom, self.doc))
        self.built.origins[s] = e.path

    def quote_target(self, subject, prop, exact: str) -> BNode:
        """`subject prop [ oa:SpecificResource ; oa:hasSource doc ; oa:hasSelector [ oa:TextQuoteSelector ; oa:exact
        … ] ]` (an evidence's oa:hasTarget, a figure's bal:statedIn): the selector, for its prefix and suffix."""
        g, target, selector = self.g, BNode(), BNode()
        g.add((subject, prop, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, self.doc))
        g.add((target, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextQuoteSelector))
        g.add((selector, OA.exact, Literal(exact)))
        return selector

    def check_leaps(self) -> None:
        """A leap is shown by at least one quote about it (the SHACL rule, said at the sheet's line)."""
        for e in self.entities:
            if e.kind == "saut" and (None, BAL.about, e.iri) not in self.g and \
                    (None, BAL.about, e.iri) not in self.index.graph:
                self.problem(e.path, f"le saut systémique {shorten(str(e.iri))} n'est montré par aucune citation : "
                             f"ajoutez une citation avec « à propos de: {e.record.get('id') or e.record['nom']} »",
                             f"systemic leap {shorten(str(e.iri))} is shown by no quote: add a quote with "
                             f"'à propos de: {e.record.get('id') or e.record['nom']}'")


def _number(value: Decimal) -> Literal:
    """A whole number as an integer (« 400 »), any other as a decimal (« 9,3 »), as the curated files write them."""
    if value.is_finite() and value == value.to_integral_value():
        return Literal(int(value))
    return Literal(str(value), datatype=XSD.decimal)
