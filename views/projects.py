"""Projets: facets (theme, status, territory, actor category, programme) over the projects; each project with
its actors and roles, balises, leaps, sources and quotes."""

import streamlit as st

from balises.quotes.figures import value_text
from balises.rdf.namespaces import PRJ, shorten
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
)
from views.figures import figures, figures_section
from views.ui import (
    dossier_downloads,
    evidenced_balises,
    field,
    quote_list,
    split,
    style,
    table,
)

PROJECT = str(PRJ)
FACETS = [("theme", "theme", "facet_theme"), ("status", "statut", "facet_status"),
          ("territory", "territoire", "facet_territory"), ("category", "categorie", "facet_category"),
          ("programme", "programme", "facet_programme")]

style()
st.title(tr("prj_title"))
store_or_stop()
values = query("34-facet-values")
prefetch(r["value"] for r in values)
chosen = {}
columns = st.columns(len(FACETS))
for col, (facet, param, title) in zip(columns, FACETS):
    options = [r["value"] for r in values if r["facet"] == facet and int(r["projects"]) > 0]
    count = {r["value"]: r["projects"] for r in values if r["facet"] == facet}
    seed(f"prj_{facet}", param, None, options)
    chosen[facet] = col.selectbox(tr(title), [None] + options, key=f"prj_{facet}", placeholder=tr("all"),
                                  format_func=lambda v, c=count: tr("all") if v is None else f"{label(v)} ({c[v]})")

# an indicator narrows the list to the projects it measures, sorted by the figure
measured = [f for f in figures() if f.about.startswith(PROJECT)]
indicators = sorted({shorten(f.variable) for f in measured}, key=lambda v: label(v).lower())
seed("prj_indicator", "indicateur", None, indicators)
i1, i2 = st.columns([3, 1])
indicator = i1.selectbox(tr("facet_indicator"), [None] + indicators, key="prj_indicator", placeholder=tr("all"),
                         format_func=lambda v: tr("all") if v is None else label(v), help=tr("facet_indicator_help"))
seed("prj_order", "ordre", "desc", ["desc", "asc"])
order = i2.radio(tr("figure_order"), ["desc", "asc"], key="prj_order", horizontal=True,
                 format_func=lambda o: tr(f"order_{o}"), disabled=indicator is None)

projects = []
with guarded():
    projects = query("33-projects-by-facets", **chosen)
if indicator:
    best: dict[str, object] = {}
    for f in measured:
        if shorten(f.variable) == indicator and shorten(f.about) not in best:
            best[shorten(f.about)] = f
    projects = [dict(p, figure=value_text(best[p["project"]], lang())) for p in projects if p["project"] in best]
    projects.sort(key=lambda p: best[p["project"]].sort_value, reverse=order == "desc")
st.markdown(f"**{tr('prj_count', n=len(projects))}**")
columns = {"label": tr("label"), "territories": tr("territory"), "status": tr("status"), "actors": tr("actors_n")}
if indicator:
    columns = {"label": tr("label"), "figure": label(indicator), **{k: v for k, v in columns.items() if k != "label"}}
table(projects, columns, labels=("status",))
query_panel("33-projects-by-facets", "list", **chosen)
if indicator:
    query_panel("39-figures", "list-figures", indicator=indicator)

ids = [p["project"] for p in projects]
prefetch(ids)
seed("prj_pick", "projet", ids[0] if ids else None, ids)
if ids and st.session_state.get("prj_pick") not in ids:
    st.session_state["prj_pick"] = ids[0]
pick = st.selectbox(tr("prj_pick"), ids, key="prj_pick", format_func=lambda p: label(p)) if ids else None
sync(**{param: chosen[facet] for facet, param, _ in FACETS}, indicateur=indicator,
     ordre=order if indicator else None, projet=pick)

if pick:
    with guarded():
        sheet = (query("35-project-sheet", project=pick) or [{}])[0]
        st.header(label(pick, sheet.get("label")))
        dossier_downloads("project", pick, "prj", title=tr("dossier_title"))
        c1, c2, c3 = st.columns(3)
        c1.markdown(field(tr("territory"), label(sheet.get("territory")) or "—"))
        c2.markdown(field(tr("status"), label(sheet.get("status")) or "—"))
        c3.markdown(field(tr("start"), sheet.get("start") or "—"))
        st.markdown(field(tr("themes"), ", ".join(label(t) for t in split(sheet.get("themes"))) or "—"))
        if sheet.get("programmes"):
            st.markdown(field(tr("programmes"), ", ".join(label(p) for p in split(sheet["programmes"]))))
        if sheet.get("description"):
            st.markdown(field(tr("description"), sheet["description"]))
        for key, title in (("resistances", "resistances"), ("successFactors", "success")):
            if sheet.get(key):
                st.markdown(f"**{tr(title)}**\n" + "\n".join(f"- {x.strip()}" for x in split(sheet[key], "|")))
        query_panel("35-project-sheet", "detail", project=pick)

        st.subheader(tr("actors_roles"))
        table(query("05-project-actors", project=pick),
              {"actorLabel": tr("label"), "roleLabel": tr("role"), "actorType": tr("kind"),
               "kindLabel": tr("organisation_kind"), "categoryLabel": tr("facet_category")})
        query_panel("05-project-actors", "detail", project=pick)

        figures_section("detail", about=pick)

        evidenced_balises(pick, "detail", tr("balises"))

        leaps = split(sheet.get("leaps"))
        if leaps:
            st.subheader(tr("leaps"))
            for leap in leaps:
                st.page_link("views/leaps.py", label=label(leap), icon=":material/moving:",
                             query_params={"saut": leap.split("/")[-1]})
        st.subheader(tr("sources"))
        st.markdown("\n".join(f"- {label(d)} ({d.split('/')[-1]})" for d in split(sheet.get("documents"))) or "—")
        st.subheader(tr("quotes_about"))
        quote_list(get_bank().search(about=[pick]), "prj", limit=6)
