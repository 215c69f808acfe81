"""Sauts systémiques: each leap from perimeter to perimeter, with its territory, project, new actors and quotes,
and a Sankey of the flows between perimeters."""

import streamlit as st

from balises.rdf.namespaces import shorten
from views.charts import sankey
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
from views.ui import field, quote_list, split, style

style()
st.title(tr("leaps_title"))
st.caption(tr("leaps_intro"))
store_or_stop()
everything = query("36-leaps")
places = sorted({shorten(p) for r in everything for p in split(r.get("places"))})
prefetch(places)
places.sort(key=lambda p: label(p).lower())
seed("leap_territory", "territoire", None, places)
territory = st.selectbox(tr("territory"), [None] + places, key="leap_territory", placeholder=tr("all"),
                         format_func=lambda p: tr("all") if p is None else label(p))
rows = []
with guarded():
    rows = query("36-leaps", territory=territory)
leaps: dict[str, dict] = {}
for r in rows:
    leap = leaps.setdefault(r["leap"], dict(r, places=set(), froms=set(), tos=set(), projects=set()))
    for column in ("places", "froms", "tos", "projects"):
        leap[column].update(split(r.get(column)))
ids = list(leaps)
seed("leap_pick", "saut", None, [i.split(":")[-1] for i in ids], kind=lambda v: v)
if st.session_state.get("leap_pick") not in [None] + [i.split(":")[-1] for i in ids]:
    st.session_state["leap_pick"] = None

st.markdown(f"**{tr('leaps_count', n=len(leaps))}**")
flows: dict[tuple[str, str], list[str]] = {}
for leap in leaps.values():
    for a in leap["froms"]:
        for b in leap["tos"]:
            flows.setdefault((label(a), label(b)), []).append(label(leap["leap"], leap["label"]))
if flows:
    st.subheader(tr("leaps_flow"))
    st.plotly_chart(sankey([{"source": a, "target": b, "value": len(v), "leaps": "<br>".join(v[:4])}
                            for (a, b), v in sorted(flows.items())], lang()), key="sankey")
query_panel("36-leaps", "flow", territory=territory)

pick = st.selectbox(tr("leaps_title"), [None] + [i.split(":")[-1] for i in ids], key="leap_pick",
                    placeholder=tr("all"),
                    format_func=lambda s: tr("all") if s is None else label(f"saut:{s}"))
sync(territoire=territory, saut=pick)
bank = get_bank()
for iri, leap in leaps.items():
    if pick and iri.split(":")[-1] != pick:
        continue
    with st.container(border=True):
        st.markdown(f"#### {label(iri, leap['label'])}")
        st.markdown(f"**{tr('from')}** {', '.join(label(x) for x in sorted(leap['froms'])) or '—'} → "
                    f"**{tr('to')}** {', '.join(label(x) for x in sorted(leap['tos'])) or '—'}")
        examples = [label(c) for c in split(leap.get("examples"))]
        where = ", ".join(label(p) for p in sorted(leap["places"]))
        if not where and examples:  # a generic example of the référentiel: the leap of no territory
            where = f"{tr('leap_generic')} ({', '.join(examples)})"
        st.markdown(field(tr("territory"), where or "—")
                    + (" · " + field(tr("through_project"), ", ".join(label(p) for p in sorted(leap["projects"])))
                       if leap["projects"] else ""))
        new = [label(a) for a in split(leap.get("newActors"))] + [label(c) for c in split(leap.get("newCategories"))]
        if new:
            st.markdown(field(tr("new_actors"), ", ".join(new)))
        for description in (leap.get("descriptions") or "").split("\n"):
            if description.strip():
                st.caption(description)
        quote_list(bank.search(about=[iri]), f"leap-{shorten(iri)}", limit=3 if not pick else 10)
