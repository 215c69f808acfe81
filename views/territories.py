"""Territoires: a territory's sheet, the territories and projects like it (with reasons), and the analogues of a
typed profile for a territory not in the graph."""

import streamlit as st

from balises.analysis.analogues import (
    analogous_projects,
    analogues,
    profile_for,
)
from balises.analysis.vocabulary import vocabulary
from balises.geo.names import describe, lookup
from balises.geo.names import search as search_units
from balises.geo.reference import COG
from balises.rdf.folding import fold_for_search
from balises.rdf.namespaces import shorten
from views.common import (
    get_bank,
    get_reference,
    guarded,
    label,
    lang,
    number,
    prefetch,
    query,
    query_panel,
    seed,
    store_or_stop,
    sync,
    tr,
    translate,
)
from views.figures import figures_section, timeline
from views.ui import (
    dossier_downloads,
    evidenced_balises,
    field,
    match_card,
    pick_many,
    quote_list,
    said,
    style,
    table,
)

style()
st.title(tr("ter_title"))
store = store_or_stop()


@st.cache_data(show_spinner=False, max_entries=64)
def similar(text: str, top: int = 8):
    """The note, analogous territories and projects of a profile: the CLI's function (`balises analogues TEXT`)."""
    profile = profile_for(store, text, get_reference())
    return profile.note, analogues(store, profile, top), analogous_projects(store, profile, top)


def label_of_unit(local: str) -> str:
    """`departement-62` -> `Pas-de-Calais (département)`."""
    unit = get_reference().units.get(f"{COG}{local}")
    return f"{unit.name} ({unit.kind_label})" if unit else local


def unit_code(unit) -> str:
    """The unit's official code where it names it alone (06084), else its kind and code (departement-32)."""
    return unit.code if len(lookup(get_reference(), unit.code)) == 1 else unit.iri.rsplit("/", 1)[-1]


def profile_text(unit) -> str:
    """The typed profile as `balises analogues` takes it (`territoire=06084;themes=alimentation`): the explorer
    and the CLI compute the same thing."""
    state = st.session_state
    parts = [f"territoire={unit_code(unit)}"] if unit else []
    for key, name in (("prof_themes", "themes"), ("prof_enjeux", "enjeux"), ("prof_balises", "balises")):
        if state.get(key):
            parts.append(f"{name}={','.join(state[key])}")
    if unit is None:
        if state.get("prof_kind"):
            parts.append(f"kind={state['prof_kind']}")
        if state.get("prof_population"):
            parts.append(f"population={int(state['prof_population'])}")
        if state.get("prof_area"):
            parts.append(f"area={state['prof_area']}")
    return ";".join(parts)


def official_note(unit) -> str:
    """What the page says of a territory the corpus does not describe: its official profile (as the note of
    balises.analysis.profiles.reference_profile says it in French)."""
    reference = get_reference()
    chain = " > ".join(p.name for p in reference.parents(unit))
    details = [unit.kind_label, said("inhabitants", n=number(unit.population)) if unit.population else "", chain,
               said("geonames_at", lat=f"{unit.lat:.3f}", long=f"{unit.long:.3f}") if unit.lat is not None
               else said("geonames_none")]
    return said("profile_official_note", unit=describe(reference, unit), details=", ".join(d for d in details if d))


def show_matches(territories_found, projects_found, key: str) -> None:
    """Analogous territories (each opens its sheet) and projects, side by side, each with its reasons."""
    left, right = st.columns(2)
    with left:
        st.subheader(tr("similar_territories"))
        for m in territories_found:
            match_card(m, key, on_open=open_territory)
    with right:
        st.subheader(tr("similar_projects"))
        if not projects_found:
            st.caption(tr("profile_no_projects"))
        for m in projects_found:
            match_card(m, key + "p")


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

# a permalink that carries a typed profile opens on it, with its results
profile_keys = ("commune", "themes", "enjeux", "balises", "zone", "nature", "population")
if "prof_from_url" not in st.session_state:
    st.session_state["prof_from_url"] = any(st.query_params.get(k) for k in profile_keys)
sheet, like, typed = st.tabs([tr("tab_sheet"), tr("tab_similar"), tr("tab_profile")],
                             default=tr("tab_profile") if st.session_state["prof_from_url"] else None)
with sheet, guarded():
    profile = (query("01-territory-profile", territory=pick) or [{}])[0]
    st.header(label(pick))
    dossier_downloads("territory", pick, "ter", title=tr("dossier_title"))
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("kind"), translate(profile.get("kind")) or tr("unknown"))
    if profile.get("population"):
        population = number(int(float(profile["population"])))
        c2.metric(tr("population"), population)
        c2.caption(tr("pop_detail", value=population, year=profile.get("populationYear") or "?",
                      source=label(profile.get("populationSource"))))
    else:
        c2.metric(tr("population"), tr("unknown"))
    if profile.get("area"):
        c3.metric(tr("area"), f"{number(float(profile['area']))} {profile.get('areaUnit') or ''}")
    if profile.get("officialPopulation"):
        official = number(int(float(profile["officialPopulation"])))
        c2.caption(tr("pop_official", value=official, year=profile.get("officialYear") or "?"))
    if profile.get("officialCode"):
        c3.caption(tr("official_code", code=profile["officialCode"]))
    st.markdown(field(tr("part_of"), translate(profile.get("partOf")) or "—"))
    st.markdown(field(tr("programmes"), translate(profile.get("programmes")) or "—"))
    query_panel("01-territory-profile", "sheet", territory=pick)

    figures_section("sheet", territory=pick)
    timeline(query("40-territory-trajectory", territory=pick), "sheet", pick)

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
    _, territories_like, projects_like = similar(pick)
    show_matches(territories_like, projects_like, "like")

with typed:
    st.caption(tr("profile_intro"))
    reference = get_reference()
    vocab = vocabulary(store)
    # one search box for any French commune, EPCI, département or région (name or code), then labelled pickers
    seed("prof_name", "commune", "")
    name = st.text_input(tr("profile_name"), key="prof_name", help=tr("profile_name_help"), max_chars=120)
    units = search_units(reference, name, limit=20) if reference and name.strip() else []
    unit = None
    if name.strip() and not units:
        st.warning(tr("profile_no_unit", text=name.strip()[:60]))
    elif units:
        unit = st.selectbox(tr("profile_unit"), units, format_func=lambda u: describe(reference, u), key="prof_unit")
    seed("prof_themes", "themes", [], sorted(vocab.terms.get("theme", {})), many=True)
    seed("prof_enjeux", "enjeux", [], sorted(vocab.terms.get("enjeu", {})), many=True)
    seed("prof_balises", "balises", [], sorted(vocab.terms.get("balise", {})), many=True)
    areas = [u.iri.rsplit("/", 1)[-1] for u in (reference.units.values() if reference else ())
             if u.kind in ("departement", "region")]
    seed("prof_area", "zone", "", [""] + areas)
    seed("prof_kind", "nature", "", ["", "Commune", "Intercommunality", "Department", "Region"])
    seed("prof_population", "population", 0, kind=int)
    f1, f2 = st.columns(2)
    pick_many(f1, tr("profile_themes"), sorted(vocab.terms.get("theme", {}), key=lambda c: vocab.label("theme", c)),
              format_func=lambda c: vocab.label("theme", c, lang() == "en"), key="prof_themes")
    pick_many(f2, tr("profile_enjeux"), sorted(vocab.terms.get("enjeu", {})),
              format_func=lambda c: vocab.label("enjeu", c, lang() == "en"), key="prof_enjeux")
    pick_many(f2, tr("profile_balises"), sorted(vocab.terms.get("balise", {})),
              format_func=lambda c: vocab.label("balise", c, lang() == "en"), key="prof_balises")
    if unit is None:  # a territory without its official profile: its kind, size and place, typed
        f1.selectbox(tr("profile_kind"), ["", "Commune", "Intercommunality", "Department", "Region"],
                     format_func=lambda k: {"": tr("kind_any"), "Commune": tr("kind_commune"),
                                            "Intercommunality": tr("kind_intercommunalite"),
                                            "Department": tr("kind_departement"), "Region": tr("kind_region")}[k],
                     key="prof_kind")
        f1.number_input(tr("profile_population"), min_value=0, max_value=70_000_000, step=1000, key="prof_population")
        f2.selectbox(tr("profile_area"), [""] + sorted(areas, key=lambda a: (a.startswith("region"), label_of_unit(a))),
                     format_func=lambda a: label_of_unit(a) if a else tr("kind_any"), key="prof_area")
    typed_profile = profile_text(unit)
    go = st.button(tr("profile_go"), type="primary")
    sync(commune=unit_code(unit) if unit else None, themes=",".join(st.session_state["prof_themes"]) or None,
         enjeux=",".join(st.session_state["prof_enjeux"]) or None,
         balises=",".join(st.session_state["prof_balises"]) or None,
         zone=(st.session_state.get("prof_area") or None) if unit is None else None,
         nature=(st.session_state.get("prof_kind") or None) if unit is None else None,
         population=(st.session_state.get("prof_population") or None) if unit is None else None)
    # a permalink with a profile shows its results at once
    if go or (typed_profile and st.session_state.get("prof_from_url")):
        with guarded():
            if not typed_profile:
                st.warning(tr("profile_empty"))
            else:
                note, territories_found, projects_found = similar(typed_profile)
                if note:  # the analysis says it in French: the page says it in its language
                    st.info(official_note(unit) if unit is not None else note)
                st.caption(tr("profile_as_text", text=typed_profile))
                show_matches(territories_found, projects_found, "typed")
