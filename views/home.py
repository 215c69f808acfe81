"""Accueil: what the graph holds, a map of the territories, three ways in for the three kinds of users."""

from pathlib import Path

import streamlit as st

from balises import __version__
from balises.catalog.stats import headline
from balises.quotes.bank import licence_name
from views.charts import territory_map
from views.common import (
    PAGES,
    get_outlines,
    label,
    lang,
    number,
    query,
    query_panel,
    store_or_stop,
    switch,
    tr,
)
from views.ui import ontology_docs, split, table

ROOT = Path(__file__).resolve().parents[1]

st.title(tr("app_title"))
st.markdown(tr("home_intro"))
store = store_or_stop()


@st.cache_data(show_spinner=False)
def counts():
    return [(c.cls, c.label_fr, c.label_en, c.instances) for c in headline(store)]


st.subheader(tr("home_entries"))
for col, (key, page) in zip(st.columns(3), [("entry_territory", "territories"), ("entry_researcher", "network"),
                                             ("entry_writer", "quotes")]):
    with col.container(border=True):
        st.page_link(PAGES[page][0], label=tr(key), icon=PAGES[page][2],
                     query_params={"lang": lang()} if lang() != "fr" else None)
        st.caption(tr(f"{key}_help"))

st.subheader(tr("home_counts"))
cols = st.columns(6)
for i, (cls, fr, en, n) in enumerate(counts()):
    cols[i % 6].metric((en if lang() == "en" else fr).capitalize(), n)

st.subheader(tr("home_map"))
rows = query("37-territory-map")
points = []
for r in rows:
    programmes = split(r["programmes"])
    colour = (label(programmes[0]) if len(programmes) == 1 else tr("map_several") if programmes else tr("map_none"))
    population = int(float(r["population"])) if r["population"] else None
    points.append({"territory": r["territory"], "name": r["label"], "lat": float(r["lat"]), "long": float(r["long"]),
                   "population": population, "pop_text": number(population) if population else "",
                   "programme": colour})
left, right = st.columns([3, 2])
event = left.altair_chart(territory_map(points, lang(), get_outlines()), on_select="rerun", key="map", selection_mode="pick",
                          width="content")
with right:
    table(points, {"name": tr("territory"), "pop_text": tr("map_population"), "programme": tr("map_programme")},
          height=560)
picked = (event or {}).get("selection", {}).get("pick") if event else None
if picked:
    switch("territories", territoire=picked[0].get("territory"))
st.caption(tr("home_map_caption"))
query_panel("37-territory-map", "home")

st.subheader(tr("home_sources"))
documents = [dict(r, document=r["document"].split(":")[-1], licence=licence_name(r.get("licence")))
             for r in query("14-documents")]
table(documents, {"document": tr("col_document"), "title": tr("col_title"), "date": tr("col_date"),
                  "licence": tr("col_licence"), "quotes": tr("quotes_n")})
query_panel("14-documents", "home")

ontology_docs("home")

st.subheader(tr("home_cite"))
st.markdown(tr("home_cite_text", version=__version__))
st.download_button(tr("home_cite_download"), (ROOT / "CITATION.cff").read_bytes(), file_name="CITATION.cff",
                   mime="application/x-yaml", key="cite")
