"""pipeline/hermit.py: HermiT's printed conclusions read as triples, its input written as N-Triples."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from balises.pipeline.hermit import conclusions, write_ntriples

B = "https://w3id.org/balises/"

OUTPUT = f"""SubClassOf( <{B}def#Commune> <{B}def#Territory> )
SubClassOf( <http://www.w3.org/2002/07/owl#Nothing> <{B}def#Commune> )
SubObjectPropertyOf( ObjectInverseOf( <{B}def#partOf> ) <{B}def#hasPart> )
SubObjectPropertyOf( <{B}def#administers> <{B}def#actsIn> )
Type( <{B}territoire/a> <{B}def#Commune> )
EquivalentObjectProperties( <{B}def#hasPart> <http://schema.org/containsPlace> )
EquivalentClasses( <http://www.w3.org/2002/07/owl#Nothing> <{B}def#Impossible> )
<{B}def#partOf> (known instances: (<{B}territoire/a>, <{B}territoire/b>)(<{B}territoire/a>, <{B}territoire/c>) | possible instances: (<{B}territoire/x>, <{B}territoire/y>) )
<{B}def#status> (known instances:  | possible instances: )
owl:topObjectProperty (known instances:  | possible instances: )
"""


def test_each_kind_of_line_gives_its_triples():
    found = conclusions(OUTPUT)
    d, t = (lambda name: URIRef(B + "def#" + name)), (lambda name: URIRef(B + "territoire/" + name))
    assert found == {
        (d("Commune"), RDFS.subClassOf, d("Territory")),
        (d("administers"), RDFS.subPropertyOf, d("actsIn")),
        (t("a"), RDF.type, d("Commune")),
        (d("hasPart"), OWL.equivalentProperty, URIRef("http://schema.org/containsPlace")),
        (URIRef("http://schema.org/containsPlace"), OWL.equivalentProperty, d("hasPart")),
        (d("Impossible"), OWL.equivalentClass, OWL.Nothing),
        (t("a"), d("partOf"), t("b")),
        (t("a"), d("partOf"), t("c")),
    }, "OWL's own terms are not reparented, an inverse's axiom is not a triple, possible instances are not known"


def test_the_input_reads_back_as_the_same_triples(tmp_path):
    triples = {
        (URIRef(B + "def#Commune"), RDFS.comment, Literal('Une « commune »\nsur deux lignes, un \\ et un "', lang="fr")),
        (URIRef(B + "def"), OWL.versionInfo, Literal("0.1.0")),
        (URIRef(B + "def"), URIRef(B + "def#count"), Literal("3", datatype=XSD.integer)),
        (BNode("axiom"), RDF.type, OWL.AllDisjointClasses),
    }
    path = tmp_path / "input.nt"
    write_ntriples(triples, path)
    read = Graph().parse(path, format="nt")
    assert len(read) == 4
    assert {t for t in read if not isinstance(t[0], BNode)} == {t for t in triples if not isinstance(t[0], BNode)}
