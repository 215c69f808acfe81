"""Figures and timelines on the sheets: each figure with its value, unit and date, its quote a click away; a
territory's trajectory told in order, decade by decade."""

from __future__ import annotations

import html
from itertools import groupby

import streamlit as st

from balises.quotes.citing import citation
from balises.quotes.figures import Figure, read_figures, value_text, when_text
from balises.rdf.dates import date_text
from views.common import (
    get_bank,
    get_library,
    label,
    lang,
    query_panel,
    store_or_stop,
    tr,
)
from views.ui import source, split

CSS = """
<style>
.bal-timeline { list-style: none; margin: 0 0 0.6rem 0; padding-left: 0.9rem; border-left: 3px solid #2e7d6b; }
.bal-timeline li { margin: 0 0 0.45rem 0; }
.bal-when { font-weight: 600; color: #1f5c4f; margin-right: 0.4rem; }
.bal-kind { display: inline-block; background: #e8f3f0; color: #1f5c4f; border-radius: 0.6rem;
            padding: 0 0.45rem; margin-right: 0.3rem; font-size: 0.78rem; }
.bal-desc { color: #444; font-size: 0.9rem; }
.bal-figure { font-size: 1.05rem; font-weight: 600; }
</style>
"""


@st.cache_data(show_spinner=False, max_entries=256)
def figures(**params: str | None) -> list[Figure]:
    """The figures of 39-figures for these parameters (indicator, territory, theme, balise, about), cached."""
    return read_figures(store_or_stop(), get_library(), **params)


#: The figures a sheet shows at once; the others wait in an expander.
SHOWN = 12


def figure_list(found: list[Figure], key: str, show_about: bool = True) -> None:
    """Each figure as a line: what it measures, its value and unit, when, what it is about; its quote and source
    in a popover, with « Voir dans le document »."""
    if not found:
        st.caption(tr("figures_none"))
        return
    _figure_lines(found[:SHOWN], key, 0, show_about)
    if len(found) > SHOWN:
        with st.expander(tr("figures_more", n=len(found) - SHOWN)):
            _figure_lines(found[SHOWN:], key, SHOWN, show_about)


def _figure_lines(found: list[Figure], key: str, first: int = 0, show_about: bool = True) -> None:
    for i, f in enumerate(found, first):
        left, right = st.columns([5, 1], vertical_alignment="center")
        when = when_text(f, lang())
        about = f" — {html.escape(label(f.about, f.about_label))}" if show_about else ""
        colon = " :" if lang() == "fr" else ":"
        left.markdown(f'{html.escape(label(f.variable, f.variable_label))}{colon} <span class="bal-figure">'
                      f'{html.escape(value_text(f, lang()))}</span>'
                      + (f" · {html.escape(when)}" if when else "") + about, unsafe_allow_html=True)
        with right.popover(tr("figure_quote"), icon=":material/format_quote:"):
            quote = f.as_quote()
            st.markdown(f'<div class="bal-quote">{html.escape(f.quote)}</div>', unsafe_allow_html=True)
            st.caption(citation(quote, get_bank().document_of(quote), lang()))
            if st.button(tr("see_in_document"), key=f"fig-src-{key}-{i}", icon=":material/find_in_page:"):
                st.dialog(tr("source_title"), width="large")(source)(quote)


def figures_section(key: str, **params: str) -> None:
    """« Chiffres »: the figures about a territory (and what lies within it) or a project, and the query."""
    st.subheader(tr("figures"))
    st.markdown(CSS, unsafe_allow_html=True)
    figure_list(figures(**params), key, show_about="territory" in params)
    query_panel("39-figures", key, **params)


def decade(when: str) -> str:
    """`1979` -> « années 1970 » (« 1970s »)."""
    return tr("decade", decade=f"{when[:3]}0") if when[:4].isdigit() else tr("undated")


def timeline(rows: list[dict], key: str, territory: str) -> None:
    """A territory's trajectory: its dated events, projects, leaps and figures in order, decade by decade, each
    with its date as the documents give it and a line of description."""
    st.subheader(tr("trajectory"))
    st.markdown(CSS, unsafe_allow_html=True)
    if not rows:
        st.caption(tr("trajectory_none"))
        return
    for period, items in groupby(rows, key=lambda r: decade(r.get("when") or "")):
        lines = []
        for r in items:
            when = date_text(r.get("when") or "", lang())
            if r.get("end") and r.get("end") != r.get("when"):
                when = f"{when}–{date_text(r['end'], lang())}"
            text = (r.get("description") or "").strip()
            if len(text) > 220:
                text = text[:220].rsplit(" ", 1)[0] + "…"
            extra = f' <span class="bal-desc">— {html.escape(text)}</span>' if text else ""
            as_of = r.get("asOf")
            words = f' <span class="bal-desc">(« {html.escape(as_of)} »)</span>' if as_of else ""
            lines.append(f'<li data-when="{html.escape(r.get("when") or "")}"><span class="bal-when">'
                         f'{html.escape(when)}</span><span class="bal-kind">{html.escape(label(r.get("kind")))}</span>'
                         f'<b>{html.escape(label(r.get("item"), r.get("label")))}</b>{words}{extra}</li>')
        st.markdown(f"**{html.escape(period)}**")
        st.markdown(f'<ol class="bal-timeline">{"".join(lines)}</ol>', unsafe_allow_html=True)
    st.caption(tr("trajectory_sources", documents=", ".join(sorted({label(d) for r in rows
                                                                   for d in split(r.get("documents"))}))))
    query_panel("40-territory-trajectory", key, territory=territory)
