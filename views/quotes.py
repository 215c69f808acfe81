"""Citations: full-text search over every quote with facets, highlighting, the basket and its exports."""

import heapq
import math

import streamlit as st

from balises.quotes.citing import to_csv
from balises.rdf.namespaces import expand, shorten
from balises.rdf.search_terms import MAX_SEARCH
from views.common import (
    basket,
    get_bank,
    guarded,
    label,
    prefetch,
    query_panel,
    seed,
    store_or_stop,
    sync,
    tr,
)
from views.ui import dossier_downloads, pick_many, quote_card, style

PER_PAGE = 15
#: The writers' facets beyond balise, enjeu, territory and document: (title, URL parameter) by facet.
WRITER_KEYS = {"project": ("q_projects", "projets"), "speaker": ("q_speakers", "locuteurs"),
               "theme": ("q_themes", "themes"), "programme": ("q_programmes", "programmes"),
               "status": ("q_statuses", "statuts")}
WRITERS = tuple(WRITER_KEYS)
#: Values offered per writer facet: the most quoted (a national graph has thousands of projects and speakers),
#: with those the URL or the session chose.
TOP = 300


def offered(facet: str, param: str) -> list[str]:
    """The values of a writer facet to offer, by label."""
    counts = every[facet]
    chosen = {expand(v) for v in st.query_params.get(param, "").split(",") + st.session_state.get(f"q_{facet}", [])
              if v}
    values = set(heapq.nlargest(TOP, counts, key=counts.get)) | (chosen & set(counts))
    prefetch(values)
    return sorted((shorten(x) for x in values), key=lambda x: label(x).lower())



def add_all(iris: list[str]) -> None:
    """« Ajouter les N résultats »: every result of the search, in its order (an undo of « Vider » is forgotten)."""
    st.session_state.pop("basket_undo", None)
    basket().add_all(iris)


def empty() -> None:
    """« Vider le panier », with an undo: the quotes kept until something else goes in."""
    st.session_state["basket_undo"] = list(basket())
    basket().clear()


def restore() -> None:
    basket().add_all(st.session_state.pop("basket_undo", []))


def keep(in_basket, quotes) -> None:
    """Only these quotes in the basket, in their order."""
    in_basket.clear()
    in_basket.add_all(q.iri for q in quotes)

style()
st.title(tr("q_title"))
store_or_stop()
bank = get_bank()
every = bank.facet_counts()  # every value of the bank: the options
prefetch(every["territory"])
options = {
    "balise": sorted(every["balise"], key=lambda b: ("ETCV".find(b[0]), b)),
    "enjeu": sorted((shorten(e) for e in every["enjeu"]), key=lambda e: ["ref:engagement", "ref:action-integree",
                                                                         "ref:cooperation", "ref:valeur"].index(e)
                    if e in ("ref:engagement", "ref:action-integree", "ref:cooperation", "ref:valeur") else 9),
    "territory": sorted((shorten(x) for x in every["territory"]), key=lambda x: label(x).lower()),
    "document": sorted(shorten(d) for d in every["document"]),
    **{f: offered(f, param) for f, (_, param) in WRITER_KEYS.items()},
}
years = sorted(int(y) for y in every["year"])
seed("q_text", "q", "")
seed("q_balises", "balises", [], options["balise"], many=True)
seed("q_enjeux", "enjeux", [], options["enjeu"], many=True)
seed("q_territories", "territoires", [], options["territory"], many=True)
seed("q_documents", "documents", [], options["document"], many=True)
for facet, (_, param) in WRITER_KEYS.items():
    seed(f"q_{facet}", param, [], options[facet], many=True)
seed("q_from", "depuis", None, years, kind=int)
seed("q_to", "jusqua", None, years, kind=int)
seed("q_key", "cles", False, kind=lambda v: v in ("1", "true"))

# what is chosen now (the widgets' values of this run), for the counts beside each value
state = st.session_state
chosen = dict(balises=state.get("q_balises", []), enjeux=state.get("q_enjeux", []),
              territories=state.get("q_territories", []), documents=state.get("q_documents", []),
              **{facet: state.get(f"q_{facet}", []) for facet in WRITERS})
now: dict[str, dict[str, int]] = {}
with guarded():
    counts = bank.facet_counts(state.get("q_text", ""), key_only=state.get("q_key", False),
                               year_from=state.get("q_from"), year_to=state.get("q_to"), **chosen)
    now = {f: {(v if f == "balise" else shorten(v)): n for v, n in c.items()} for f, c in counts.items()}


def counted(facet: str, value) -> int:
    return now.get(facet, {}).get(value if facet != "year" else str(value), 0)


text = st.text_input(tr("q_search"), key="q_text", help=tr("q_search_help"), max_chars=MAX_SEARCH)
c1, c2, c3, c4 = st.columns(4)
balises = pick_many(c1, tr("q_balises"), options["balise"], key="q_balises",
                    format_func=lambda b: f"{b} — {label('ref:' + b)} ({counted('balise', b)})")
enjeux = pick_many(c2, tr("q_enjeux"), options["enjeu"], key="q_enjeux",
                   format_func=lambda e: f"{label(e)} ({counted('enjeu', e)})")
territories = pick_many(c3, tr("q_territories"), options["territory"], key="q_territories",
                        format_func=lambda x: f"{label(x)} ({counted('territory', x)})")
documents = pick_many(c4, tr("q_documents"), options["document"], key="q_documents",  # doc:004 shown as 004
                      format_func=lambda d: f"{d.split(':')[-1]} — {label(d)} ({counted('document', d)})")
picked = {}
for column, (facet, (title, _)) in zip(st.columns(len(WRITERS)), WRITER_KEYS.items()):
    picked[facet] = pick_many(column, tr(title), options[facet], key=f"q_{facet}",
                              format_func=lambda x, f=facet: f"{label(x)} ({counted(f, x)})")
y1, y2, y3 = st.columns([1, 1, 2])
unset = {"index": None}  # no year chosen (unless the URL gave one)
year_from = y1.selectbox(tr("q_year_from"), years, key="q_from", placeholder="—",
                         format_func=lambda y: f"{y} ({counted('year', y)})", **({} if "q_from" in state else unset))
year_to = y2.selectbox(tr("q_year_to"), years, key="q_to", placeholder="—",
                       format_func=lambda y: f"{y} ({counted('year', y)})", **({} if "q_to" in state else unset))
key_only = y3.checkbox(f"{tr('q_key_only')} ({counted('key', 'true')})", key="q_key")

results = []
with guarded():
    results = bank.search(text, balises=balises, enjeux=enjeux, territories=territories, documents=documents,
                          key_only=key_only, year_from=year_from, year_to=year_to, **picked)
pages = max(1, math.ceil(len(results) / PER_PAGE))
seed("q_page", "page", 1, kind=int)
if not 1 <= st.session_state["q_page"] <= pages:
    st.session_state["q_page"] = 1
sync(q=text.strip() or None, balises=balises, enjeux=enjeux, territoires=territories, documents=documents,
     **{param: picked[facet] for facet, (_, param) in WRITER_KEYS.items()}, depuis=year_from, jusqua=year_to,
     cles=key_only, page=st.session_state["q_page"] if st.session_state["q_page"] > 1 else None)

in_basket = basket()
chosen = in_basket.quotes(bank)
missing = len(in_basket) - len(chosen)  # an address's quote no longer in the graph
if missing:
    keep(in_basket, chosen)
tab_results, tab_basket = st.tabs([tr("q_results"), tr("q_basket", n=len(in_basket))])
with tab_results:
    left, right = st.columns([3, 1])
    left.markdown(f"**{tr('q_count', n=len(results), total=len(bank))}**")
    page = right.number_input(tr("q_page"), min_value=1, max_value=pages, step=1, key="q_page")
    shown = results[(page - 1) * PER_PAGE: page * PER_PAGE]
    if not results:
        st.info(tr("none_found"))
    found = list(getattr(results, "iris", ()))  # every result, all pages (their IRIs, not their quotes)
    if found:
        fresh = sum(1 for i in found if i not in in_basket)
        st.button(tr("q_add_all", n=len(found)), icon=":material/playlist_add:", key="q_add_all", disabled=not fresh,
                  help=tr("q_add_all_help", n=fresh), on_click=add_all, args=(found,))
    for q in shown:
        quote_card(q, "res", text)
    query_panel("30-quote-bank", "quotes", note=tr("bank_note"))

with tab_basket:
    if missing:
        st.info(tr("q_basket_missing", n=missing))
    sync(panier=in_basket.short_ids())
    st.caption(tr("q_licence_note"))
    if not chosen:
        st.info(tr("q_basket_empty"))
        if undo := st.session_state.get("basket_undo"):
            st.button(tr("q_undo", n=len(undo)), icon=":material/undo:", key="q_undo", on_click=restore)
    else:
        st.caption(tr("q_basket_share"))
        iris = tuple(q.iri for q in chosen)
        dossier_downloads("quotes", iris, "basket", title=tr("dossier_title"))
        dossier_downloads("quotes", iris, "basket", formats=("bib", "csl-json", "ris"), title=tr("dossier_refs_title"))
        d1, d2 = st.columns(2)
        d1.download_button(tr("q_export_csv"), lambda: to_csv(chosen, bank), "citations-balises.csv",
                           "text/csv", icon=":material/table:")
        d2.button(tr("q_clear"), icon=":material/delete:", key="q_clear", on_click=empty)
        for n, q in enumerate(chosen):
            up, down, _ = st.columns([1, 1, 3])
            up.button(tr("q_up"), icon=":material/arrow_upward:", key=f"up-{q.short}", disabled=n == 0,
                      on_click=in_basket.move, args=(q.iri, -1))
            down.button(tr("q_down"), icon=":material/arrow_downward:", key=f"down-{q.short}",
                        disabled=n == len(chosen) - 1, on_click=in_basket.move, args=(q.iri, 1))
            quote_card(q, "basket")
    query_panel("31-source-documents", "quotes")
