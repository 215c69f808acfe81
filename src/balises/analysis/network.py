"""The cooperation network: bipartite actor–project graph, its actor–actor projection, the territory graph,
metrics (degree, betweenness, Louvain communities), and the référentiel's kinds of cooperation."""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from networkx.algorithms import bipartite

from .facts import LEVELS, Actor, Facts, filter_facts  # noqa: F401  (filter_facts: where it used to live)

SEED = 42

KINDS = {
    "verticale": "élus ↔ services d'une même collectivité",
    "horizontale": "entre services, ou entre collectivités pairs",
    "transverse": "collectivité ↔ tiers (associations, entreprises, habitants, accompagnateurs)",
    "multi-échelles": "acteurs de niveaux territoriaux différents (commune, EPCI, département, région, État)",
    "entre tiers": "entre acteurs non publics",
}


def cooperation_kinds(a: Actor, b: Actor) -> list[str]:
    """How two actors working on the same project cooperate, in the référentiel's terms."""
    kinds = []
    same_body = bool((a.organisations | {a.iri}) & (b.organisations | {b.iri})) or bool(a.territories & b.territories)
    elu_and_service = ("elus" in a.categories and "services" in b.categories) or \
        ("services" in a.categories and "elus" in b.categories)
    if a.public and b.public:
        if same_body and elu_and_service:
            kinds.append("verticale")
        else:
            kinds.append("horizontale")
    elif a.public or b.public:
        kinds.append("transverse")
    else:
        kinds.append("entre tiers")
    if a.levels and b.levels and a.levels != b.levels:
        kinds.append("multi-échelles")
    return kinds

#: Betweenness is exact up to this many actors, then estimated from a seeded sample of source nodes.
EXACT_BETWEENNESS_MAX = 5_000
BETWEENNESS_SAMPLE = 500


@dataclass
class Network:
    """The graphs and their metrics."""

    bipartite: nx.Graph
    actors: nx.Graph
    given_territories: nx.Graph | None = None  # else built on first use from `facts` (it compares every pair)
    communities: list[set[str]] = field(default_factory=list)
    facts: Facts | None = None

    @functools.cached_property
    def territories(self) -> nx.Graph:
        """The territory–territory graph (shared actors and themes)."""
        if self.given_territories is not None:
            return self.given_territories
        return territory_graph(self.facts) if self.facts is not None else nx.Graph()

    def metrics(self) -> list[dict]:
        """One row per actor: degree, weighted degree, betweenness, community, isolation."""
        # Exact up to EXACT_BETWEENNESS_MAX actors; above, estimated from BETWEENNESS_SAMPLE seeded sources
        # (Brandes' sampling): exact betweenness is O(actors x links), hours at national scale.
        n = self.actors.number_of_nodes()
        k = None if n <= EXACT_BETWEENNESS_MAX else BETWEENNESS_SAMPLE
        betweenness = nx.betweenness_centrality(self.actors, k=k, weight=None, normalized=True, seed=SEED)
        community_of = {n: i for i, c in enumerate(self.communities) for n in c}
        rows = []
        for node, data in self.actors.nodes(data=True):
            rows.append({
                "actor": node, "label": data["label"], "type": data["type"], "levels": data["levels"],
                "categories": data["categories"], "degree": self.actors.degree(node),
                "weighted_degree": self.actors.degree(node, weight="weight"),
                "projects": self.bipartite.degree(node) if node in self.bipartite else 0,
                "betweenness": round(betweenness.get(node, 0.0), 6),
                "community": community_of.get(node, -1), "isolated": self.actors.degree(node) == 0,
            })
        return sorted(rows, key=lambda r: (-r["betweenness"], -r["degree"], r["label"]))

    def kind_counts(self, facts: Facts) -> dict[str, dict[str, int]]:
        """Edges per cooperation kind, per territory of the shared projects and per project status."""
        out: dict[str, dict[str, int]] = {"total": {}, "by_territory": {}, "by_status": {}}
        for a, b, data in self.actors.edges(data=True):
            for kind in data["kinds"].split(";"):
                out["total"][kind] = out["total"].get(kind, 0) + 1
                for p in data["projects"].split(";"):
                    project = facts.projects[p]
                    t = facts.territory_labels.get(project.territory, project.territory)
                    key_t, key_s = f"{t}|{kind}", f"{project.status or 'non précisé'}|{kind}"
                    out["by_territory"][key_t] = out["by_territory"].get(key_t, 0) + 1
                    out["by_status"][key_s] = out["by_status"].get(key_s, 0) + 1
        return out


#: Above this many involved actors the explorer asks for a territory or status filter rather than drawing a graph
#: nobody can read (and computing its metrics takes seconds: 9.7 s for the 1 407 actors of the ~200k graph,
#: benchmarks/EXPLORER.md); `balises network --export` exports any size.
DRAW_MAX = 500


def build_network(facts: Facts) -> Network:
    """Build the three graphs from the facts read off the store."""
    bip = nx.Graph()
    for iri, actor in facts.actors.items():
        bip.add_node(iri, bipartite=0, label=actor.label, type="personne" if actor.is_person else "organisation",
                     levels=",".join(sorted(actor.levels, key=LEVELS.index)), categories=",".join(sorted(actor.categories)),
                     kinds=",".join(sorted(actor.kinds)))
    for iri, project in facts.projects.items():
        bip.add_node(iri, bipartite=1, label=project.label, type="projet", status=project.status or "",
                     territory=project.territory, themes=",".join(sorted(project.themes)))
    for actor, project, role in facts.involvements:
        bip.add_edge(actor, project, role=role)
    actor_nodes = [n for n, d in bip.nodes(data=True) if d["bipartite"] == 0]
    projection = bipartite.weighted_projected_graph(bip, actor_nodes)
    for a, b, data in projection.edges(data=True):
        shared = sorted(set(bip[a]) & set(bip[b]))
        data["projects"] = ";".join(shared)
        data["kinds"] = ";".join(cooperation_kinds(facts.actors[a], facts.actors[b]))
    return Network(bip, projection, None, communities(projection), facts)


def communities(graph: nx.Graph) -> list[set[str]]:
    """Louvain communities (fixed seed), largest first, each node's index stored as its `community`."""
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED) if graph.number_of_edges() else []
    found = sorted(found, key=lambda c: (-len(c), min(c)))
    for i, members in enumerate(found):
        for n in members:
            graph.nodes[n]["community"] = i
    return found


def restrict(network: Network, kind: str | None = None, scale: str | None = None, isolated: bool = False) -> Network:
    """The actor graph keeping only the links of one kind of cooperation and the actors acting at one scale;
    communities recomputed on what is left."""
    graph = network.actors.copy()
    if kind:
        graph.remove_edges_from([(a, b) for a, b, d in graph.edges(data=True) if kind not in d["kinds"].split(";")])
    if scale:
        graph.remove_nodes_from([n for n, d in graph.nodes(data=True) if scale not in d["levels"].split(",")])
    if not isolated:
        graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return Network(network.bipartite, graph, None, communities(graph), network.facts)


def territory_graph(facts: Facts) -> nx.Graph:
    """Territories linked through shared actors, programmes, balises and themes (weight: how many in all)."""
    graph = nx.Graph()
    shared_by: dict[str, dict[str, set[str]]] = {"actors": {}, "programmes": facts.territory_programmes,
                                                  "balises": facts.territory_balises, "themes": {}}
    for actor, project, _ in facts.involvements:
        shared_by["actors"].setdefault(facts.projects[project].territory, set()).add(actor)
    for project in facts.projects.values():
        shared_by["themes"].setdefault(project.territory, set()).update(project.themes)
    for t in set().union(*shared_by.values()):
        graph.add_node(t, label=facts.territory_labels.get(t, t), level=facts.territory_levels.get(t, ""))
    for a, b in combinations(sorted(graph.nodes), 2):
        shared = {kind: sorted(by.get(a, set()) & by.get(b, set())) for kind, by in shared_by.items()}
        weight = sum(len(v) for v in shared.values())
        if weight:
            graph.add_edge(a, b, weight=weight, **{kind: ";".join(v) for kind, v in shared.items()})
    return graph


def export(network: Network, fmt: str) -> bytes:
    """The actor–actor graph with its metrics as GraphML, GEXF, or CSV (nodes then edges)."""
    graph = network.actors.copy()
    for row in network.metrics():
        graph.nodes[row["actor"]].update(betweenness=row["betweenness"], degree=row["degree"],
                                         community=row["community"], projects=row["projects"])
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer)
        return buffer.getvalue()
    if fmt == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(graph, buffer)
        return buffer.getvalue()
    if fmt == "csv":
        return (nodes_csv(network) + "\n" + edges_csv(network)).encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}: graphml, gexf or csv")


def nodes_csv(network: Network) -> str:
    rows = network.metrics()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["actor"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def edges_csv(network: Network) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "target", "weight", "kinds", "projects"])
    for a, b, data in sorted(network.actors.edges(data=True)):
        writer.writerow([a, b, data["weight"], data["kinds"], data["projects"]])
    return out.getvalue()
