"""Network analysis and analogous cases over the curated graph."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from rdflib import Literal, URIRef

from balises.analysis.analogues import (
    analogous_projects,
    analogues,
    profile_for,
)
from balises.analysis.facts import read_facts
from balises.analysis.network import KINDS, build_network, cooperation_kinds, export
from balises.analysis.scoring import WEIGHTS
from balises.errors import QueryError
from balises.rdf.namespaces import expand


@pytest.fixture(scope="module")
def facts(store):
    return read_facts(store)


@pytest.fixture(scope="module")
def network(facts):
    return build_network(facts)


def test_bipartite_graph_and_projection(network, facts):
    projects = [n for n, d in network.bipartite.nodes(data=True) if d["bipartite"] == 1]
    assert len(projects) == len(facts.projects) > 50
    assert network.actors.has_edge("https://w3id.org/balises/acteur/call", "https://w3id.org/balises/acteur/pma")
    assert network.actors["https://w3id.org/balises/acteur/call"]["https://w3id.org/balises/acteur/pma"]["weight"] >= 3


def test_brokers_and_isolated(network):
    rows = network.metrics()
    top = [r["label"] for r in rows[:5]]
    assert "Ville de Loos-en-Gohelle" in top
    assert rows[0]["betweenness"] > 0
    assert any(r["isolated"] for r in rows), "actors named without any project are reported as isolated"


def test_communities_are_reproducible(facts, network):
    again = build_network(facts)
    assert [sorted(c) for c in again.communities] == [sorted(c) for c in network.communities]
    loos = "https://w3id.org/balises/acteur/ville-de-loos-en-gohelle"
    call = "https://w3id.org/balises/acteur/call"
    assert network.actors.nodes[loos]["community"] == network.actors.nodes[call]["community"]


def test_every_edge_is_classified(network, facts):
    counts = network.kind_counts(facts)
    assert set(counts["total"]) <= set(KINDS)
    assert counts["total"]["transverse"] > 0 and counts["total"]["multi-échelles"] > 0
    assert any(key.startswith("Lomme|") for key in counts["by_territory"])
    assert any(key.startswith("reussi|") for key in counts["by_status"])
    for _, _, data in network.actors.edges(data=True):
        assert data["kinds"]


def test_cooperation_kinds_rules(facts):
    actors = facts.actors
    malaunay = actors["https://w3id.org/balises/acteur/ville-de-malaunay"]
    amap = actors["https://w3id.org/balises/acteur/amap-de-malaunay"]
    assert "transverse" in cooperation_kinds(malaunay, amap)
    call = actors["https://w3id.org/balises/acteur/call"]
    loos = actors["https://w3id.org/balises/acteur/ville-de-loos-en-gohelle"]
    kinds = cooperation_kinds(call, loos)
    assert "horizontale" in kinds and "multi-échelles" in kinds


def test_territory_graph(network):
    graph = network.territories
    assert graph.number_of_edges() > 0
    assert all(d["weight"] >= 1 for _, _, d in graph.edges(data=True))
    ter = "https://w3id.org/balises/territoire/"
    edge = graph[ter + "le-mene"][ter + "malaunay"]
    assert "evenement/atelier-villes-pairs" in edge["programmes"], "peer towns of the Villes pairs workshop"
    assert edge["balises"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_exports(network, fmt):
    data = export(network, fmt)
    if fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(data))
        assert graph.number_of_nodes() == network.actors.number_of_nodes()
        assert "betweenness" in next(iter(graph.nodes(data=True)))[1]
    elif fmt == "gexf":
        graph = nx.read_gexf(io.BytesIO(data))
        assert graph.number_of_edges() == network.actors.number_of_edges()
    else:
        text = data.decode("utf-8")
        assert text.startswith("actor,label,type") and "source,target,weight,kinds,projects" in text
    with pytest.raises(ValueError):
        export(network, "pdf")


def test_analogues_of_lomme_are_explained(store):
    profile = profile_for(store, "ter:lomme")
    matches = analogues(store, profile, top=5)
    labels = [m.label for m in matches]
    assert "Loos-en-Gohelle" in labels[:3]
    assert "Lomme" not in labels and "Nord" not in labels and "Métropole Européenne de Lille" not in labels
    loos = next(m for m in matches if m.label == "Loos-en-Gohelle")
    assert set(loos.components) <= set(WEIGHTS) and {"themes", "balises", "size", "distance"} <= set(loos.components)
    balises = next(r for r in loos.reasons if r.component == "balises")
    assert balises.evidence and all(e["quote"] for e in balises.evidence), "each shared balise comes with its quotes"
    assert matches == sorted(matches, key=lambda m: -m.score)
    projects = analogous_projects(store, profile, top=5)
    assert projects and all(not p.iri.endswith(("/lomme-tiers-lieu", "/lomme-tri-selectif-interne")) for p in projects)


def test_analogues_of_a_typed_profile(store):
    profile = profile_for(store, "kind=commune;population=10000;themes=alimentation;enjeux=cooperation")
    assert profile.balises == {"C1", "C2", "C3", "C4", "C5", "C6"}
    matches = analogues(store, profile, top=5)
    assert matches[0].score >= matches[-1].score
    assert {"Loos-en-Gohelle", "Malaunay", "Lomme"} & {m.label for m in matches[:3]}
    assert all(set(m.components) == {"themes", "balises", "size", "kind"} for m in matches)
    projects = analogous_projects(store, profile, top=5)
    assert any("Malaunay" in p.label or "alimentation" in p.label.lower() for p in projects)


@pytest.mark.parametrize("text", ["Atlantis", "kind=commune;color=blue", "population=beaucoup", "} DROP ALL {",
                                  "enjeux=inconnu", ""])
def test_bad_profiles_are_clear_errors(store, text):
    with pytest.raises(QueryError):
        profile_for(store, text)


def test_betweenness_is_sampled_and_seeded_above_the_exact_limit(monkeypatch):
    import networkx as nx

    from balises.analysis import network as module

    monkeypatch.setattr(module, "EXACT_BETWEENNESS_MAX", 100)
    monkeypatch.setattr(module, "BETWEENNESS_SAMPLE", 30)
    graph = nx.gnm_random_graph(400, 900, seed=1)
    nx.set_node_attributes(graph, {n: {"label": str(n), "type": "organisation", "levels": [], "categories": []}
                                   for n in graph})
    network = module.Network(bipartite=nx.Graph(), actors=graph, given_territories=nx.Graph(), communities=[])
    first, second = network.metrics(), network.metrics()
    assert [r["betweenness"] for r in first] == [r["betweenness"] for r in second]  # reproducible
    exact = nx.betweenness_centrality(graph)
    assert first[0]["betweenness"] > 0 and first[0]["betweenness"] != round(exact[first[0]["actor"]], 6)


def test_a_filtered_network_keeps_its_own_actors_and_territories(facts, network):
    """A territory or status filter keeps the actors involved in the kept projects or acting in the territory,
    and compares only the territories concerned (what keeps a local network small in a national graph)."""
    from balises.analysis.network import filter_facts
    from balises.rdf.namespaces import expand

    assert filter_facts(facts) is facts
    loos = expand("ter:loos-en-gohelle")
    kept = filter_facts(facts, loos)
    involved = {a for a, _, _ in kept.involvements}
    assert kept.projects and all(loos in p.territories for p in kept.projects.values())
    assert set(kept.actors) == involved | {a for a, actor in facts.actors.items() if loos in actor.territories}
    assert len(kept.actors) < len(facts.actors)
    local = build_network(kept)
    assert set(local.actors.nodes) == set(kept.actors)
    assert set(local.territories.nodes) <= set(network.territories.nodes)
    done = filter_facts(facts, None, "reussi")
    assert done.projects and all(p.status == "reussi" for p in done.projects.values())
    assert set(done.actors) == {a for a, _, _ in done.involvements}


def _slice_view(f):
    """What a filtered network reads of its facts (the labels and levels of the other territories are not read)."""
    places = {t for p in f.projects.values() for t in p.territories} | {t for a in f.actors.values() for t in a.territories}
    return (f.actors, f.projects, f.involvements, f.territory_programmes, f.territory_balises,
            {t: f.territory_labels[t] for t in places if t in f.territory_labels},
            {t: f.territory_levels[t] for t in places if t in f.territory_levels})


def test_a_slice_read_from_the_store_is_the_filtered_whole(any_store, facts):
    """read_facts with a territory and/or a status reads only that slice of the graph, and gives exactly what
    filter_facts keeps of the whole: every territory and status of the projects, and their combinations."""
    from balises.analysis.facts import count_involved, filter_facts, network_options

    territories, statuses = network_options(any_store)
    assert territories == sorted({t for p in facts.projects.values() for t in p.territories})
    assert statuses == ["a-faire-progresser", "en-cours", "propose", "reussi"] == sorted({p.status for p in facts.projects.values() if p.status})
    assert count_involved(any_store) == len({a for a, _, _ in facts.involvements}) == 58
    cases = [(t, None) for t in territories] + [(None, s) for s in statuses] + [(t, s) for t in territories[:8] for s in statuses]
    for territory, status in cases:
        expected = filter_facts(facts, territory, status)
        assert _slice_view(read_facts(any_store, territory, status)) == _slice_view(expected), (territory, status)
        assert count_involved(any_store, territory, status) == len({a for a, _, _ in expected.involvements})


def test_territory_features_follow_the_actors_of_every_project_there(any_store, facts):
    """The actors and scales of a territory are those of the actors involved in its projects, a project in several
    territories counting for each: read by their own queries, they agree with the network's facts."""
    from balises.analysis.analogues import territory_features

    feats = territory_features.__wrapped__(any_store)
    kinds: dict[str, set] = {}
    scales: dict[str, set] = {}
    for actor, project, _ in facts.involvements:
        a = facts.actors[actor]
        for t in facts.projects[project].territories:
            kinds.setdefault(t, set()).update(a.kinds | a.categories)
            scales.setdefault(t, set()).update(a.levels)
    assert {t for t in kinds if t in feats} and any(len(p.territories) > 1 for p in facts.projects.values())
    for t, f in feats.items():
        assert f.actor_kinds == kinds.get(t, set()), t
        assert f.scales == scales.get(t, set()), t


def test_the_features_the_build_computed_are_those_computed_live(any_store):
    """The build computes the analogous cases' features into tables of their own; read back (through either
    backend) they are, in the same order, what the same functions compute from the reads."""
    from balises.analysis import features as analogues
    from balises.query.tables import read_computed

    for name, (layout, _) in analogues.COMPUTED.items():
        assert read_computed(any_store, name, layout) is not None
    stored, live = analogues.territory_features.__wrapped__(any_store), analogues.compute_territory_features(any_store)
    assert list(stored) == list(live) and stored == live and len(live) > 40
    assert any(f.quotes and f.actor_kinds and f.population and f.lat is not None for f in live.values())
    stored, live = analogues.project_features.__wrapped__(any_store), analogues.compute_project_features(any_store)
    assert list(stored) == list(live) and stored == live and any(p["balises"] for p in live.values())


def test_a_store_without_the_computed_features_computes_them_live(store):
    """A store whose computed table has another layout (older code) is not misread: the features are computed."""
    from balises.analysis import features as analogues
    from balises.query.tables import read_computed

    layout, compute = analogues.COMPUTED["analogues-territory-features"]
    analogues.COMPUTED["analogues-territory-features"] = ("another layout", compute)
    try:
        assert read_computed(store, "analogues-territory-features", "another layout") is None
        assert analogues.territory_features.__wrapped__(store) == analogues.compute_territory_features(store)
    finally:
        analogues.COMPUTED["analogues-territory-features"] = (layout, compute)


def test_a_match_cites_the_first_and_last_quote_of_each_shared_balise(any_store):
    """The quotes cited per shared balise are the first and the last by IRI of those the graph has for that
    territory (kept with its features) or project (read for the best matches only, bound to them)."""
    from balises.analysis import analogues as module
    from balises.analysis.evidence import cited
    from balises.query.library import read
    from balises.query.run import run_sparql

    def whole(text):
        return {(s, n): tuple(dict.fromkeys((a, b))) for s, n, a, b in run_sparql(any_store, text).plain_rows()}

    expected = whole(read("analogues-project-quotes"))
    wanted = {s: f["balises"] for s, f in list(module.project_features(any_store).items())[:60]}
    got = cited(any_store, read("analogues-project-quotes"), "p", wanted)
    assert any(got.values())
    for s, quotes in got.items():
        assert quotes == {n: expected[(s, n)] for n in wanted[s] if (s, n) in expected}, s
    expected = whole(read("analogues-balises"))
    for t, f in module.territory_features(any_store).items():
        assert f.quotes == {n: q for (s, n), q in expected.items() if s == t}, t


def test_each_quote_a_match_cites_shows_its_balise_there(store):
    """The quotes cited for a shared balise illustrate that balise and are about the territory (its projects, its
    actors) or the project: at most two per balise, the first and the last by IRI."""
    from balises.query.run import run_sparql

    profile = profile_for(store, "ter:lomme")
    for match in analogues(store, profile, 6) + analogous_projects(store, profile, 6):
        cited = [e for r in match.reasons if r.component == "balises" for e in r.evidence]
        assert cited, match.iri
        for notation in {e["balise"] for e in cited}:
            assert 1 <= sum(e["balise"] == notation for e in cited) <= 2
        for e in cited:
            assert run_sparql(store, """ASK { ?e bal:illustrates/skos:notation ?n ; oa:hasTarget/oa:hasSelector/oa:exact ?q .
                { ?e bal:about ?m } UNION { ?e bal:about/(bal:territory|bal:actsIn) ?m } }""",
                              {"e": URIRef(expand(e["evidence"])), "n": Literal(e["balise"]), "q": Literal(e["quote"]),
                               "m": URIRef(match.iri)}).outcome.boolean, (match.iri, e)
