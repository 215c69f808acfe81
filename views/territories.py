"""Territoires: a territory's sheet, the territories and projects like it (with reasons), and the analogues of a
typed profile for a territory not in the graph."""

import streamlit as st

from balises.analysis.analogues import (
    Profile,
    analogous_projects,
    analogues,
    profile_for,
)
from balises.rdf.folding import fold_for_search
from balises.rdf.namespaces import shorten
from views.common import (
    fr_label,
    get_bank,
    guarded,
    label,
    prefetch,
    query,
    query_panel,
    seed,
    store_or_stop,
    sync,
    tr,
    translate,
)
from views.ui import evidenced_balises, match_card, quote_list, style, table

style()
st.title(tr("ter_title"))
store = store_or_stop()


@st.cache_data(show_spinner=False, max_entries=64)
def similar(text: str, top: int = 8):
    profile = profile_for(store, text)
    return analogues(store, profile, top), analogous_projects(store, profile, top)


@st.cache_data(show_spinner=False, max_entries=64)
def similar_to_profile(kind, population, themes, balises, area, top: int = 8):
    profile = Profile(kind=kind, population=population or None, area=area, themes=set(themes), balises=set(balises))
    return analogues(store, profile, top), analogous_projects(store, profile, top)


def open_territory(iri: str) -> None:
    st.session_state["ter_pick"] = shorten(iri)
    st.session_state["ter_search"] = ""


rows = query("22-territories")
kinds = {r["territory"]: r["kind"] for r in rows}
options = [r["territory"] for r in rows]
prefetch(options)
seed("ter_search", "recherche", "")
seed("ter_pick", "territoire", "ter:lomme" if "ter:lomme" in options else options[0], options)
search = st.text_input(tr("ter_search"), key="ter_search", help=tr("ter_search_help"), max_chars=120)
shown = [o for o in options if fold_for_search(search.strip()) in fold_for_search(label(o))] if search.strip() else options
if not shown:
    st.warning(tr("ter_no_match", text=search.strip()[:60]))
    shown = options
if st.session_state.get("ter_pick") not in shown:
    st.session_state["ter_pick"] = shown[0]
pick = st.selectbox(tr("ter_pick"), shown, key="ter_pick",
                    format_func=lambda o: f"{label(o)} ({translate(kinds.get(o)) or '?'})")
sync(territoire=pick, recherche=search.strip() or None)

sheet, like, typed = st.tabs([tr("tab_sheet"), tr("tab_similar"), tr("tab_profile")])
with sheet, guarded():
    profile = (query("01-territory-profile", territory=pick) or [{}])[0]
    st.header(label(pick))
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("kind"), translate(profile.get("kind")) or tr("unknown"))
    if profile.get("population"):
        population = f"{int(float(profile['population'])):,}".replace(",", " ")
        c2.metric(tr("population"), population)
        c2.caption(tr("pop_detail", value=population, year=profile.get("populationYear") or "?",
                      source=label(profile.get("populationSource"))))
    else:
        c2.metric(tr("population"), tr("unknown"))
    if profile.get("area"):
        c3.metric(tr("area"), f"{profile['area']} {profile.get('areaUnit') or ''}")
    st.markdown(f"**{tr('part_of')}** : {profile.get('partOf') or '—'}")
    st.markdown(f"**{tr('programmes')}** : {profile.get('programmes') or '—'}")
    query_panel("01-territory-profile", "sheet", territory=pick)

    st.subheader(tr("projects"))
    table(query("24-territory-projects", territory=pick), {"label": tr("label"), "territoryLabel": tr("territory"),
                                                 "statusLabel": tr("status"), "themes": tr("themes"),
                                                 "actors": tr("actors_n")})
    query_panel("24-territory-projects", "sheet", territory=pick)

    st.subheader(tr("people_orgs"))
    table(query("06-territory-actors", territory=pick), {"actorLabel": tr("label"), "actorType": tr("kind"),
                                                         "roles": tr("roles"), "sources": tr("sources")})
    query_panel("06-territory-actors", "sheet", territory=pick)

    evidenced_balises(pick, "sheet", tr("balises_evidenced"))
    st.subheader(tr("quotes_about"))
    quote_list(get_bank().search(territories=[pick]), "ter", limit=6)

with like, guarded():
    st.caption(tr("similar_intro"))
    territories_like, projects_like = similar(pick)
    left, right = st.columns(2)
    with left:
        st.subheader(tr("similar_territories"))
        for m in territories_like:
            match_card(m, "like", on_open=open_territory)
    with right:
        st.subheader(tr("similar_projects"))
        for m in projects_like:
            match_card(m, "likep")

with typed:
    st.caption(tr("profile_intro"))
    facets = query("34-facet-values")
    themes = [r["value"] for r in facets if r["facet"] == "theme"]
    # départements and régions, from the territory list already read (its `kind` is the class's French label)
    area_kinds = [fr_label("bal:Department"), fr_label("bal:Region")]
    areas = [r["territory"] for kind in area_kinds for r in rows if r["kind"] == kind]
    with st.form("profile"):
        f1, f2 = st.columns(2)
        kind = f1.selectbox(tr("profile_kind"), ["", "Commune", "Intercommunality", "Department", "Region"],
                            format_func=lambda k: {"": tr("kind_any"), "Commune": tr("kind_commune"),
                                                   "Intercommunality": tr("kind_intercommunalite"),
                                                   "Department": tr("kind_departement"),
                                                   "Region": tr("kind_region")}[k])
        population = f2.number_input(tr("profile_population"), min_value=0, max_value=70_000_000, step=1000)
        chosen_themes = f1.multiselect(tr("profile_themes"), themes, format_func=label, placeholder=tr("choose"))
        chosen_balises = f2.multiselect(tr("profile_balises"), [f"{e}{i}" for e in "ETCV" for i in range(1, 7)
                                                                if not (e == "T" and i == 6)],
                                        format_func=lambda b: f"{b} — {label('ref:' + b)}", placeholder=tr("choose"))
        area = f1.selectbox(tr("profile_area"), [""] + areas, format_func=lambda a: label(a) if a else tr("kind_any"))
        as_text = f2.text_input(tr("profile_text"), help=tr("profile_text_help"), max_chars=300)
        go = st.form_submit_button(tr("profile_go"))
    if go:
        with guarded():
            if as_text.strip():
                found = similar(as_text.strip())
            elif not (kind or population or chosen_themes or chosen_balises):
                st.warning(tr("profile_empty"))
                found = ([], [])
            else:
                found = similar_to_profile(kind or None, int(population), tuple(t.split(":")[-1] for t in chosen_themes),
                                           tuple(chosen_balises), area or None)
            left, right = st.columns(2)
            with left:
                st.subheader(tr("similar_territories"))
                for m in found[0]:
                    match_card(m, "typed", on_open=open_territory)
            with right:
                st.subheader(tr("similar_projects"))
                for m in found[1]:
                    match_card(m, "typedp")
