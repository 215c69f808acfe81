"""Réseau de coopération: the actor graph (shared projects) with filters, betweenness and communities, a table of
metrics, the links by kind of cooperation, and GEXF / GraphML / CSV downloads."""

import streamlit as st
from streamlit_agraph import Config, agraph

from balises.analysis.facts import LEVELS, count_involved, network_options, read_facts
from balises.analysis.network import DRAW_MAX, KINDS, build_network, export, restrict
from balises.rdf.namespaces import expand, shorten
from views.common import (
    guarded,
    label,
    number,
    prefetch,
    query_panel,
    seed,
    store_or_stop,
    sync,
    tr,
    translate,
)
from views.graphs import agraph_elements
from views.ui import field, level_label, style, table

style()
st.title(tr("net_title"))
st.caption(tr("net_intro"))
store = store_or_stop()


@st.cache_resource(show_spinner=False, max_entries=64)
def facts(territory, status):
    """The facts of the filtered projects only, read from the store (a local network of a national graph)."""
    return read_facts(store, territory, status)


@st.cache_resource(show_spinner=False, max_entries=64)
def network(territory, status):
    return build_network(facts(territory, status))


@st.cache_data(show_spinner=False, max_entries=256)
def involved_count(territory, status) -> int:
    return count_involved(store, territory, status)


@st.cache_resource(show_spinner=False)
def options():
    return network_options(store)


def labels(codes: str, name) -> str:
    """A comma-separated list of codes as their labels."""
    return ", ".join(name(c) for c in codes.split(",") if c)


def kind_of(m: dict) -> str:
    return label("bal:Person" if m["type"] == "personne" else "bal:Organisation")


project_territories, statuses = options()
prefetch(project_territories)
territories = sorted((shorten(t) for t in project_territories), key=lambda t: label(t).lower())
c1, c2, c3, c4 = st.columns(4)
seed("net_territory", "territoire", None, territories)
seed("net_status", "statut", None, statuses)
seed("net_kind", "cooperation", None, list(KINDS))
seed("net_scale", "echelle", None, LEVELS)
seed("net_isolated", "isoles", False, kind=lambda v: v == "1")
territory = c1.selectbox(tr("facet_territory"), [None] + territories, key="net_territory", placeholder=tr("all"),
                         format_func=lambda t: tr("all") if t is None else label(t))
status = c2.selectbox(tr("facet_status"), [None] + statuses, key="net_status", placeholder=tr("all"),
                      format_func=lambda s: tr("all") if s is None else label(f"voc:{s}"))
kind = c3.selectbox(tr("net_kind"), [None] + list(KINDS), key="net_kind", placeholder=tr("all"),
                    format_func=lambda k: tr("all") if k is None else tr(f"coop_{k}"),
                    help="\n\n".join(field(tr(f"coop_{k}"), tr(f"coop_{k}_help")) for k in KINDS))
scale = c4.selectbox(tr("net_scale"), [None] + LEVELS, key="net_scale", placeholder=tr("all"),
                     format_func=lambda s: tr("all") if s is None else level_label(s))
isolated = st.checkbox(tr("net_isolated"), key="net_isolated")
sync(territoire=territory, statut=status, cooperation=kind, echelle=scale, isoles=isolated)

where = expand(territory) if territory else None
involved = involved_count(where, status)  # counted in the store before reading anything
if involved <= DRAW_MAX:
    chosen = facts(where, status)
    involved = len({actor for actor, _, _ in chosen.involvements}) + (len(chosen.actors) if isolated else 0)
if involved > DRAW_MAX:
    st.info(tr("net_too_big", n=number(involved), limit=number(DRAW_MAX)))
    query_panel("09-cooperating-pairs", "net-all", note=tr("net_note"))
    st.stop()

with guarded():
    full = network(where, status)
    net = restrict(full, kind, scale, isolated)
    metrics = net.metrics()
    summary = tr("net_summary", nodes=net.actors.number_of_nodes(), edges=net.actors.number_of_edges(),
                 communities=len(net.communities))
    st.markdown(f"**{summary}**")
    if net.actors.number_of_edges() == 0:
        st.info(tr("net_empty"))
    nodes, edges = agraph_elements(net, metrics, lambda m: tr("net_node", label=m["label"], kind=kind_of(m),
                                                              n=m["projects"]), lambda k: tr(f"coop_{k}"))
    clicked = agraph(nodes=nodes, edges=edges, config=Config(width=1100, height=560, directed=False, physics=True,
                                                             stabilization=True, fit=True))
    if clicked:
        st.markdown(tr("net_clicked", label=label(clicked)))
        query_panel("09-cooperating-pairs", "net", actor=shorten(clicked))

    st.subheader(tr("net_metrics"))
    table([dict(m, label=translate(m["label"]), type=kind_of(m), levels=labels(m["levels"], level_label),
                categories=labels(m["categories"], lambda c: label(f"ref:{c}"))) for m in metrics],
          {"label": tr("net_actor"), "type": tr("kind"), "levels": tr("net_levels"), "categories": tr("net_categories"),
           "degree": tr("net_degree"), "weighted_degree": tr("net_weighted_degree"), "projects": tr("projects"),
           "betweenness": tr("net_betweenness"), "community": tr("net_community")})
    st.subheader(tr("net_kinds"))
    counts = net.kind_counts(chosen) if net.actors.number_of_edges() else {"total": {}}
    table([{"cooperation": tr(f"coop_{k}"), "links": n, "description": tr(f"coop_{k}_help")}
           for k, n in sorted(counts["total"].items(), key=lambda kv: -kv[1])],
          {"cooperation": tr("net_kind"), "links": tr("net_links"), "description": tr("description")})
    d1, d2, d3 = st.columns(3)
    for col, fmt, mime in ((d1, "gexf", "application/xml"), (d2, "graphml", "application/xml"), (d3, "csv", "text/csv")):
        col.download_button(tr("net_download", fmt=fmt.upper()), export(net, fmt), f"balises-reseau.{fmt}", mime,
                            icon=":material/download:", key=f"dl-{fmt}")
    query_panel("09-cooperating-pairs", "net-all", note=tr("net_note"))
