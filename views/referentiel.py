"""Référentiel: the 4 enjeux and 23 balises as a tree; each balise with its definition, modes de faire,
dispositifs, quotes and cases; balise × theme and balise × balise heatmaps whose cells open their quotes."""

from collections import Counter

import streamlit as st

from views.charts import heatmap
from views.common import (
    get_bank,
    guarded,
    label,
    lang,
    prefetch,
    query,
    query_panel,
    seed,
    store_or_stop,
    sync,
    tr,
    translate,
)
from views.ui import dossier_downloads, ontology_docs, quote_list, split, style

ENJEUX = {"E": "ref:engagement", "T": "ref:action-integree", "C": "ref:cooperation", "V": "ref:valeur"}

style()
st.title(tr("ref_title"))
store_or_stop()
ontology_docs("ref", first="referentiel.html")
bank = get_bank()
overview = query("17-enjeux-overview")
notations = [r["notation"] for r in sorted(overview, key=lambda r: ("ETCV".index(r["enjeu"]), r["notation"]))]
seed("ref_balise", "balise", "E1", notations)
seed("ref_cell", "cellule", None)


def choose(notation: str) -> None:
    st.session_state["ref_balise"] = notation


tab_balise, tab_heat = st.tabs([tr("ref_tree"), tr("heatmaps")])
tree, detail = tab_balise.columns([1, 2])
with tree:
    st.subheader(tr("ref_tree"))
    for letter, enjeu in ENJEUX.items():
        rows = [r for r in overview if r["enjeu"] == letter]
        current = st.session_state["ref_balise"].startswith(letter)
        with st.expander(f"{letter} — {label(enjeu)}", expanded=current):
            for r in sorted(rows, key=lambda r: r["notation"]):
                st.button(f"{r['notation']} · {label('ref:' + r['notation'], r['title'])}",
                          key=f"tree-{r['notation']}", on_click=choose, args=(r["notation"],),
                          type="primary" if r["notation"] == st.session_state["ref_balise"] else "secondary",
                          help=tr("ref_quotes_cases", quotes=r["quotes"], cases=r["cases"]))
    query_panel("17-enjeux-overview", "tree")
    st.caption(tr("derived_from_004"))

notation = st.session_state["ref_balise"]
balise = f"ref:{notation}"
with detail, guarded():
    head = next((r for r in overview if r["notation"] == notation), {})
    quotes = bank.search(balises=[notation])
    st.header(f"{notation} — {label(balise, head.get('title'))}")
    st.caption(label(ENJEUX[notation[0]]))
    dossier_downloads("balise", notation, "ref", title=tr("dossier_title"))
    st.markdown(f"**{tr('definition')}**")
    st.markdown(f"> {head.get('definition') or '—'}")
    query_panel("02-balise-evidence", "detail", note=tr("bank_note"), balise=balise)
    practices = query("32-balise-practices", balise=balise)
    m, d = st.columns(2)
    for col, kind, title in ((m, "mode", tr("modes")), (d, "dispositif", tr("dispositifs"))):
        with col:
            st.markdown(f"**{title}**")
            for p in (p for p in practices if p["kind"] == kind):
                star = f" — *{tr('related_to_balise')}*" if p["related"] == "true" else ""
                with st.expander(label(p["concept"], p["label"]) + (" ★" if star else "")):
                    st.markdown(p["definition"] or "—")
                    if star:
                        st.caption(tr("related_to_balise"))
    query_panel("32-balise-practices", "detail", balise=balise)
    st.subheader(tr("cases"))
    about = bank.counts("about", balise=[notation])  # quotes per case, counted in the store
    prefetch(about)
    cases = Counter()
    for iri, n in about.items():
        if name := label(iri):
            cases[name] += n
    ranked = sorted(cases.items(), key=lambda kv: (-kv[1], kv[0]))
    st.markdown(" · ".join(f"{name} ({n})" for name, n in ranked[:20]) + (" …" if len(ranked) > 20 else "") or "—")
    st.subheader(tr("quotes_about"))
    quote_list(quotes, "ref", limit=8)

with tab_heat:
    st.caption(tr("heat_help"))
    by_theme = [dict(balise=r["notation"], theme=translate(r["themeLabel"]), quotes=int(r["quotes"]),
                     evidences=r["evidences"]) for r in query("13-balise-theme")]
    pairs = []
    for r in query("12-balise-cooccurrence"):
        for a, b in ((r["a"], r["b"]), (r["b"], r["a"])):
            pairs.append(dict(balise=a, other=b, quotes=int(r["quotes"]), evidences=r["evidences"]))
    cells = {f"{c['balise']}|{c['theme']}": c for c in by_theme} | {f"{c['balise']}|{c['other']}": c for c in pairs}
    tab_theme, tab_pairs = st.tabs([tr("heat_theme"), tr("heat_balise")])
    with tab_theme:
        ev = st.altair_chart(heatmap(by_theme, "theme", "balise", tr("theme"), "balise", lang(), "tcell"),
                             on_select="rerun", key="heat-theme", selection_mode="tcell", width="stretch")
        query_panel("13-balise-theme", "heat")
    with tab_pairs:
        ev2 = st.altair_chart(heatmap(pairs, "other", "balise", "balise", "balise", lang(), "bcell"),
                              on_select="rerun", key="heat-pairs", selection_mode="bcell", width="stretch")
        query_panel("12-balise-cooccurrence", "heat")
    for event, name, field in ((ev, "tcell", "theme"), (ev2, "bcell", "other")):
        picked = (event or {}).get("selection", {}).get(name) if event else None
        if picked and str(picked) != st.session_state.get(f"ref_last_{name}"):  # a new click on the chart
            st.session_state[f"ref_last_{name}"] = str(picked)
            st.session_state["ref_cell"] = f"{picked[0].get('balise')}|{picked[0].get(field)}"
    keys = sorted(cells)
    if st.session_state.get("ref_cell") not in cells:
        st.session_state["ref_cell"] = None
    cell = st.selectbox(tr("heat_cell"), [None] + keys, key="ref_cell", placeholder=tr("choose"),
                        format_func=lambda k: "—" if k is None else f"{k.replace('|', ' × ')} ({cells[k]['quotes']})")
    sync(balise=notation, cellule=cell)
    if cell:
        st.markdown(f"**{tr('cell_quotes', cell=cell.replace('|', ' × '))}**")
        quote_list(bank.fetch(split(cells[cell]["evidences"])), "cell", limit=12)
