"""The sheet's values as RDF terms: texts in French, plain literals, dates only as precise as written, labels, the
facts every entity carries (label, comment, source)."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from ...rdf.folding import fold_name
from ...rdf.namespaces import SCHEMA, shorten
from ..sheet import Date
from .records import Entity


class Values:
    """The value side of the Builder: literals and the common facts of an entity."""

    # -- literals -----------------------------------------------------------------------------
    def fr(self, subject, prop, value) -> None:
        if value:
            self.g.add((subject, prop, Literal(str(value), lang="fr")))

    def plain(self, subject, prop, value) -> None:
        if value is not None and value != "":
            self.g.add((subject, prop, Literal(str(value))))

    def date(self, subject, prop, value: Date | None) -> None:
        if value is not None:
            self.g.add((subject, prop, Literal(value.lexical, datatype=XSD[value.datatype])))

    def label(self, entity: Entity, name: str | None, field_: str = "nom") -> None:
        """The French label: the graph's own when the entity is linked (labels are identical in every file)."""
        if not name:
            return
        existing = self.index.label(entity.iri) if entity.linked else None
        if existing is not None and fold_name(existing) != fold_name(name):
            self.problem(f"{entity.path}.{field_}", f"{shorten(str(entity.iri))} s'appelle « {existing} » dans le "
                         f"graphe : le libellé est le même dans chaque fichier, écrivez {field_}: {existing}",
                         f"{shorten(str(entity.iri))} is called '{existing}' in the graph: the label is the same in "
                         f"every file, write {field_}: {existing}")
        self.g.add((entity.iri, RDFS.label, Literal(existing or name, lang="fr")))

    def common(self, entity: Entity, classes) -> None:
        s, rec = entity.iri, entity.record
        for cls in classes:
            self.g.add((s, RDF.type, cls))
        self.label(entity, rec.get("nom"))
        if rec.get("nom anglais"):
            self.g.add((s, RDFS.label, Literal(rec["nom anglais"], lang="en")))
        for alt in rec.get("autres noms") or []:
            self.fr(s, SKOS.altLabel, alt)
        self.fr(s, SCHEMA.description, rec.get("description"))
        self.plain(s, SCHEMA.url, rec.get("site"))
        self.fr(s, RDFS.comment, rec.get("commentaire"))
        self.g.add((s, PROV.wasDerivedFrom, self.doc))
        self.built.origins[s] = entity.path

    def _sheet_name(self, iri) -> str | None:
        entity = self.by_iri.get(iri)
        return entity.record.get("nom") if entity else None
