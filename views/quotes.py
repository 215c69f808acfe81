"""Citations: full-text search over every quote with facets, highlighting, the basket and its exports."""

import math

import streamlit as st

from balises.quotes.citing import documents_of, to_bibtex, to_csv, to_markdown
from balises.rdf.namespaces import shorten
from balises.rdf.search_terms import MAX_SEARCH
from views.common import (
    basket,
    get_bank,
    guarded,
    label,
    lang,
    prefetch,
    query_panel,
    seed,
    store_or_stop,
    sync,
    tr,
)
from views.ui import quote_card, style

PER_PAGE = 15

style()
st.title(tr("q_title"))
store_or_stop()
bank = get_bank()
counts = bank.facet_counts()
prefetch(counts["territory"])
options = {
    "balise": sorted(counts["balise"], key=lambda b: ("ETCV".find(b[0]), b)),
    "enjeu": sorted((shorten(e) for e in counts["enjeu"]), key=lambda e: ["ref:engagement", "ref:action-integree",
                                                                          "ref:cooperation", "ref:valeur"].index(e)
                    if e in ("ref:engagement", "ref:action-integree", "ref:cooperation", "ref:valeur") else 9),
    "territory": sorted((shorten(x) for x in counts["territory"]), key=lambda x: label(x).lower()),
    "document": sorted(shorten(d) for d in counts["document"]),
}
full = {k: {shorten(i): n for i, n in v.items()} for k, v in counts.items()}
seed("q_text", "q", "")
seed("q_balises", "balises", [], options["balise"], many=True)
seed("q_enjeux", "enjeux", [], options["enjeu"], many=True)
seed("q_territories", "territoires", [], options["territory"], many=True)
seed("q_documents", "documents", [], options["document"], many=True)
seed("q_key", "cles", False, kind=lambda v: v in ("1", "true"))

text = st.text_input(tr("q_search"), key="q_text", help=tr("q_search_help"), max_chars=MAX_SEARCH)
c1, c2, c3, c4 = st.columns(4)
balises = c1.multiselect(tr("q_balises"), options["balise"], key="q_balises", placeholder=tr("choose"),
                         format_func=lambda b: f"{b} — {label('ref:' + b)} ({full['balise'].get(b, 0)})")
enjeux = c2.multiselect(tr("q_enjeux"), options["enjeu"], key="q_enjeux", placeholder=tr("choose"),
                        format_func=lambda e: f"{label(e)} ({full['enjeu'].get(e, 0)})")
territories = c3.multiselect(tr("q_territories"), options["territory"], key="q_territories", placeholder=tr("choose"),
                             format_func=lambda x: f"{label(x)} ({full['territory'].get(x, 0)})")
documents = c4.multiselect(tr("q_documents"), options["document"], key="q_documents", placeholder=tr("choose"),
                           format_func=lambda d: f"{d} — {label(d)} ({full['document'].get(d, 0)})")
key_only = st.checkbox(tr("q_key_only"), key="q_key")

results = []
with guarded():
    results = bank.search(text, balises=balises, enjeux=enjeux, territories=territories, documents=documents,
                          key_only=key_only)
pages = max(1, math.ceil(len(results) / PER_PAGE))
seed("q_page", "page", 1, kind=int)
if not 1 <= st.session_state["q_page"] <= pages:
    st.session_state["q_page"] = 1
sync(q=text.strip() or None, balises=balises, enjeux=enjeux, territoires=territories, documents=documents,
     cles=key_only, page=st.session_state["q_page"] if st.session_state["q_page"] > 1 else None)

in_basket = basket()
tab_results, tab_basket = st.tabs([tr("q_results"), tr("q_basket", n=len(in_basket))])
with tab_results:
    left, right = st.columns([3, 1])
    left.markdown(f"**{tr('q_count', n=len(results), total=len(bank))}**")
    page = right.number_input(tr("q_page"), min_value=1, max_value=pages, step=1, key="q_page")
    shown = results[(page - 1) * PER_PAGE: page * PER_PAGE]
    if not results:
        st.info(tr("none_found"))
    if shown and st.button(tr("q_add_all"), icon=":material/playlist_add:"):
        for q in shown:
            in_basket.add(q.iri)
        st.rerun()
    for q in shown:
        quote_card(q, "res", text)
    query_panel("30-quote-bank", "quotes", note=tr("bank_note"))

with tab_basket:
    chosen = in_basket.quotes(bank)
    st.caption(tr("q_licence_note"))
    if not chosen:
        st.info(tr("q_basket_empty"))
    else:
        d1, d2, d3, d4 = st.columns(4)
        d1.download_button(tr("q_export_md"), to_markdown(chosen, bank, lang()), "citations-balises.md",
                           "text/markdown", icon=":material/download:")
        d2.download_button(tr("q_export_csv"), to_csv(chosen, bank), "citations-balises.csv", "text/csv",
                           icon=":material/download:")
        d3.download_button(tr("q_export_bib"), to_bibtex(documents_of(chosen, bank)), "sources-balises.bib",
                           "application/x-bibtex", icon=":material/download:")
        if d4.button(tr("q_clear"), icon=":material/delete:"):
            in_basket.clear()
            st.rerun()
        for q in chosen:
            quote_card(q, "basket")
    query_panel("31-source-documents", "quotes")
