"""The cooperation network for the explorer: filters over the facts and the actor graph, and the agraph view.

The graphs and metrics are the analysis package's (balises.analysis.network); this module only narrows them to
the user's filters and draws them.
"""

from __future__ import annotations

from collections.abc import Callable

from balises.analysis.network import Network

PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4", "#b2df8a",
           "#fb9a99", "#cab2d6", "#ffff99"]


def agraph_elements(network: Network, metrics: list[dict], title: Callable[[dict], str], kind: Callable[[str], str]):
    """Nodes sized by betweenness and coloured by community, edges weighted by shared projects; the tooltips in the
    page's language: `title` a node's from its row of metrics, `kind` the name of a kind of cooperation."""
    from streamlit_agraph import Edge, Node  # the component registers itself on import: the network page only

    top = max((m["betweenness"] for m in metrics), default=0) or 1
    nodes = [Node(id=m["actor"], label=m["label"], title=title(m),
                  size=10 + 30 * (m["betweenness"] / top), shape="dot" if m["type"] == "organisation" else "diamond",
                  color=PALETTE[m["community"] % len(PALETTE)] if m["community"] >= 0 else "#999999")
             for m in metrics]
    edges = [Edge(source=a, target=b, width=1 + d["weight"], title=", ".join(kind(k) for k in d["kinds"].split(";")),
                  color="#b9c4cc")
             for a, b, d in network.actors.edges(data=True)]
    return nodes, edges
