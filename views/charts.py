"""Charts drawn offline (Vega-Lite through Altair, Plotly's Sankey): no tile server, no CDN."""

from __future__ import annotations

import altair as alt

from views.strings import t


def territory_map(points: list[dict], lang: str, outlines: dict | None = None) -> alt.Chart:
    """Territories on a Mercator projection of their GeoNames coordinates: size by population (`pop_text`: as the
    page writes it), colour by programme.

    No tile server (it needs the internet): the outlines of the départements (data/reference/departements.geojson,
    shipped with the project) under the points and their names; clicking a point selects it.
    """
    smallest = min((p["population"] for p in points if p["population"]), default=1000)
    data = [dict(p, size=p["population"] or smallest / 2, pop_text=p["pop_text"] or t("map_unknown_pop", lang))
            for p in points]
    pick = alt.selection_point(name="pick", fields=["territory"], on="click")
    base = alt.Chart(alt.Data(values=data)).encode(longitude="long:Q", latitude="lat:Q")
    dots = base.mark_circle(opacity=0.8, stroke="#333", strokeWidth=0.6).encode(
        size=alt.Size("size:Q", scale=alt.Scale(range=[120, 1400]), legend=None),
        color=alt.Color("programme:N", title=t("map_programme", lang), scale=alt.Scale(scheme="set1"),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)),
        tooltip=[alt.Tooltip("name:N", title=t("territory", lang)),
                 alt.Tooltip("pop_text:N", title=t("map_population", lang)),
                 alt.Tooltip("programme:N", title=t("map_programme", lang))],
    ).add_params(pick)
    names = base.mark_text(align="left", dx=9, dy=-7, fontSize=11, color="#222").encode(text="name:N")
    lons, lats = [p["long"] for p in points] or [2.0], [p["lat"] for p in points] or [47.0]
    extent = [[int(min(lons)) - 1, int(min(lats)) - 1], [int(max(lons)) + 2, int(max(lats)) + 2]]
    grid = alt.Chart(alt.graticule(extent=extent, step=[1, 1])).mark_geoshape(stroke="#dde3e8", strokeWidth=0.6,
                                                                              fill=None)
    layers = [grid]
    if outlines:
        data = alt.InlineData(values=outlines, format=alt.DataFormat(property="features", type="json"))
        layers = [alt.Chart(data).mark_geoshape(fill="#f1f3f1", stroke="#9aa7b0", strokeWidth=0.5).encode(
            tooltip=alt.Tooltip("properties.name:N", title=t("map_departement", lang)))]
    return alt.layer(*layers, dots, names).project(type="mercator").properties(height=600, width=520)


def heatmap(cells: list[dict], x: str, y: str, x_title: str, y_title: str, lang: str, name: str = "cell") -> alt.Chart:
    """Counts per (x, y) as coloured cells with their number; clicking a cell selects it (selection `name`)."""
    pick = alt.selection_point(name=name, fields=[x, y], on="click")
    base = alt.Chart(alt.Data(values=cells)).encode(
        x=alt.X(f"{x}:N", title=x_title, axis=alt.Axis(labelAngle=-45, labelLimit=180, labelOverlap=False)),
        y=alt.Y(f"{y}:N", title=y_title, sort="ascending"),
    )
    rect = base.mark_rect(stroke="white").encode(
        color=alt.Color("quotes:Q", title=t("quotes_n", lang), scale=alt.Scale(scheme="tealblues")),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
        tooltip=[alt.Tooltip(f"{y}:N", title=y_title), alt.Tooltip(f"{x}:N", title=x_title),
                 alt.Tooltip("quotes:Q", title=t("quotes_n", lang))],
    ).add_params(pick)
    text = base.mark_text(fontSize=10).encode(text="quotes:Q", color=alt.value("#111"))
    return (rect + text).properties(height=alt.Step(20))


def sankey(flows: list[dict], lang: str):
    """A Plotly Sankey of perimeter -> perimeter flows (`source`, `target`, `value`, `leaps`)."""
    import plotly.graph_objects as go  # only the leaps page draws a Sankey: the other pages skip its import

    names = sorted({f["source"] for f in flows} | {f["target"] for f in flows})
    left = [f"{n} " for n in names]  # a perimeter appears once as a start (left) and once as an end (right)
    nodes = left + names
    index = {n: i for i, n in enumerate(nodes)}
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=nodes, pad=14, thickness=14, color="#2e7d6b"),
        link=dict(source=[index[f"{f['source']} "] for f in flows], target=[index[f["target"]] for f in flows],
                  value=[f["value"] for f in flows], customdata=[f["leaps"] for f in flows],
                  hovertemplate="%{source.label}→ %{target.label}<br>%{customdata}<extra></extra>",
                  color="rgba(46,125,107,0.25)"),
    ))
    fig.update_layout(height=max(360, 26 * len(names)), margin=dict(l=10, r=10, t=30, b=10),
                      title=dict(text=f"{t('from', lang)} → {t('to', lang)}", font=dict(size=13)))
    return fig
