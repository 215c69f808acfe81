"""Shared UI pieces: quote cards with their citation and basket button, tables, small formatting helpers."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from balises.analysis.facts import LEVEL_CLASS
from balises.analysis.vocabulary import vocabulary
from balises.dossier.export import DOSSIER_FORMATS, FORMATS, dossier_bytes, file_name_of
from balises.dossier.selection import Selection
from balises.errors import BalisesError
from balises.quotes.bank import Quote, highlight_html, markup_html
from balises.quotes.citing import citation
from balises.quotes.passage import passage_of
from balises.store.server import reachable
from views.common import (
    basket,
    get_bank,
    get_settings,
    label,
    lang,
    number,
    prefetch,
    query_panel,
    serve_base,
    store_or_stop,
    tr,
    translate,
)
from views.strings import t

CSS = """
<style>
.bal-quote { border-left: 4px solid #2e7d6b; padding: 0.2rem 0 0.2rem 0.8rem; margin: 0 0 0.3rem 0;
             font-size: 1.02rem; line-height: 1.5; }
.bal-quote mark { background: #ffe08a; padding: 0 1px; }
.bal-source { font-size: 0.98rem; line-height: 1.55; max-height: 60vh; overflow-y: auto; }
.bal-source mark { background: #ffe08a; padding: 0 1px; }
.bal-cite { color: #555; font-size: 0.85rem; margin-bottom: 0.2rem; }
.bal-badge { display: inline-block; background: #e8f3f0; color: #1f5c4f; border-radius: 0.6rem;
             padding: 0 0.45rem; margin-right: 0.25rem; font-size: 0.8rem; }
.bal-key { background: #fff1c2; color: #7a5a00; }
</style>
"""


def style() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


def _toggle(iri: str) -> None:
    basket().toggle(iri)


def quote_card(q: Quote, key: str, search: str = "") -> None:
    """A quote, verbatim (the search matches marked), its full citation (authors always named), its balises
    and a basket button."""
    bank = get_bank()
    doc = bank.document_of(q)
    with st.container(border=True):
        body = highlight_html(q.text, search).replace("\n", "<br>")
        st.markdown(f'<div class="bal-quote">{body}</div>', unsafe_allow_html=True)
        badges = "".join(f'<span class="bal-badge">{html.escape(b)}</span>' for b in q.balises)
        if q.key:
            badges += f'<span class="bal-badge bal-key">★ {html.escape(tr("key_quote"))}</span>'
        speaker = f" — {html.escape(tr('speaker'))} {html.escape(q.speaker)}" if q.speaker else ""
        st.markdown(f'<div class="bal-cite">{html.escape(citation(q, doc, lang()))}{speaker}</div>'
                    f'<div>{badges}</div>', unsafe_allow_html=True)
        inside = q.iri in basket()
        left, right = st.columns(2)
        left.button(tr("remove_basket") if inside else tr("add_basket"), key=f"bk-{key}-{q.short}",
                    icon=":material/remove_shopping_cart:" if inside else ":material/add_shopping_cart:",
                    on_click=_toggle, args=(q.iri,))
        if right.button(tr("see_in_document"), key=f"src-{key}-{q.short}", icon=":material/find_in_page:"):
            st.dialog(tr("source_title"), width="large")(source)(q)


def source(q: Quote) -> None:
    """« Voir dans le document »: the quote in its paragraph of the corpus text, highlighted, with the document's
    title, licence and lines."""
    doc = get_bank().document_of(q)
    st.markdown(f"**{html.escape(doc.title)}**")
    st.caption(doc.licence_name and tr("source_licence", licence=doc.licence_name) or doc.rights or "")
    found = passage_of(get_settings().corpus_dir / doc.file_name, q.text, q.line) if doc.file_name else None
    if found is None:
        st.warning(tr("source_missing", file=doc.file_name or doc.short))
        return
    body = markup_html(found.text, [found.span])
    body = "<br><br>".join(part.replace("\n", "<br>") for part in body.split("\n\n") if part.strip())
    st.markdown(f'<div class="bal-source">{body}</div>', unsafe_allow_html=True)
    st.caption(tr("source_where", file=doc.file_name, first=found.first_line, last=found.last_line))


def quote_list(quotes: Sequence[Quote], key: str, search: str = "", limit: int = 10) -> None:
    """The first quotes of a list as cards, and how many more there are."""
    for q in quotes[:limit]:
        quote_card(q, key, search)
    if len(quotes) > limit:
        st.caption(tr("more_quotes", n=len(quotes) - limit))


#: The download buttons' icons by format.
ICONS = {"docx": ":material/description:", "odt": ":material/article:", "md": ":material/markdown:",
         "bib": ":material/menu_book:", "csl-json": ":material/data_object:", "ris": ":material/bookmarks:"}


@st.cache_resource(show_spinner=False)
def _failures() -> dict[tuple, str]:
    """Why a dossier could not be made, by (kind, name, format, language): shown by the page's next run."""
    return {}


def dossier_downloads(kind: str, value: str | tuple[str, ...], key: str, formats=DOSSIER_FORMATS,
                      title: str | None = None) -> None:
    """The dossier of a balise (its notation), a territory or a project (its CURIE), or of a list of quotes, one
    button a format: the file is made when the button is clicked, so the page stays fast; a failure is shown
    as a message."""
    store, bank, corpus, language = store_or_stop(), get_bank(), get_settings().corpus_dir, lang()
    name = "" if kind == "quotes" else str(value)
    for fmt in formats:
        if (error := _failures().pop((kind, name, fmt, language), None)) is not None:
            st.warning(tr("dossier_failed", error=error))
    if title:
        st.markdown(f"**{title}**")
    for col, fmt in zip(st.columns(len(formats)), formats):
        col.download_button(tr(f"dossier_{fmt}"), _maker(store, bank, Selection(kind, value), fmt, language, corpus),
                            file_name=file_name_of(kind, name, fmt), mime=FORMATS[fmt][1], key=f"dossier-{key}-{fmt}",
                            icon=ICONS[fmt], help=tr(f"dossier_{fmt}_help"))


def _maker(store, bank, selection: Selection, fmt: str, language: str, corpus):
    """The file's bytes, made when asked (by the download's click, on a thread of its own)."""
    def make() -> bytes:
        try:
            return dossier_bytes(store, bank, selection, fmt, language, corpus)[0]
        except BalisesError as exc:
            name = "" if selection.kind == "quotes" else str(selection.value)
            _failures()[(selection.kind, name, fmt, language)] = str(exc)
            raise
    return make


def cell(value, iri: bool = False):
    """A table cell in the page's language: an IRI by its label, a French label of the graph in English on English
    pages, a missing value empty (never None or nan)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if iri:
        return label(value)
    return translate(value) if isinstance(value, str) else value


def table(rows: list[dict], columns: dict[str, str], labels: tuple[str, ...] = (), **options) -> None:
    """A table of query rows: `columns` maps column -> header in the page's language; `labels` columns hold IRIs
    shown as labels; `options` go to st.dataframe."""
    if not rows:
        st.caption(tr("none_found"))
        return
    prefetch(r.get(c) for r in rows for c in labels)
    data, seen = [], set()
    for r in rows:  # the union of named graphs can repeat a row: show it once
        row = {header[:1].upper() + header[1:]: cell(r.get(c), c in labels) for c, header in columns.items()}
        if (key := tuple(row.values())) not in seen:
            seen.add(key)
            data.append(row)
    st.dataframe(data, hide_index=True, **options)


def evidenced_balises(subject: str, key: str, title: str) -> None:
    """The balises a territory (with what lies within it) or a project is evidenced for, counted in the store over
    the quote search index, with the query that says the same."""
    st.subheader(title)
    facet = "territory" if subject.startswith("ter:") else "about"
    counts = get_bank().counts("balise", **{facet: [subject]})  # counted in the store
    rows = [{"notation": n, "balise": f"ref:{n}", "quotes": str(c)}
            for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    table(rows, {"notation": "balise", "balise": tr("label"), "quotes": tr("quotes_n")}, labels=("balise",))
    query_panel("07-evidenced-balises", key, note=tr("bank_note"), subject=subject)


def pick_many(where, title: str, options, **kwargs) -> list:
    """A multiselect in the page's language: the placeholder from strings.py, and no « Select all » (Streamlit draws
    that option in English only, with no way to name it; and for a facet, every value chosen is no filter at all)."""
    return where.multiselect(title, options, placeholder=tr("choose"), select_all=False, **kwargs)


def split(value: str | None, sep: str = " ") -> list[str]:
    return [v for v in (value or "").split(sep) if v.strip()] if value else []


def field(name: str, value) -> str:
    """`**name** : value` as the page's language writes it (no space before the colon in English)."""
    return said("field", name=name, value=value)


def said(key: str, **values) -> str:
    """A UI string in the page's language with values from the graph or the official geography, put in as they are
    (tr escapes what a user typed)."""
    return t(key, lang(), **values)


def level_label(code: str) -> str:
    """A territorial level (commune, pole-metropolitain…) by the label of the class that names it."""
    return label(f"bal:{LEVEL_CLASS[code]}") if code in LEVEL_CLASS else code


def reason_text(reason) -> str:
    """Why a case is analogous, in the page's language, from the reason's facts (codes labelled by the graph; the
    labels and official names go in as they are, as the analysis's own words did)."""
    facts = dict(reason.facts)
    say = facts.pop("say", None)
    if say is None:
        return reason.text
    english = lang() == "en"
    if "codes" in facts:
        what = vocabulary(store_or_stop()).labels(facts["group"], facts["codes"], english)
        return said(f"why_{say}", what=what or said(f"why_{say}_none"))
    if say == "size":
        return said("why_size", theirs=number(facts["theirs"]), ours=number(facts["ours"]))
    if say.startswith("kind_"):
        return said(f"why_{say}", kind=tr(f"kind_{facts['family']}"))
    if say == "area_none":
        where = said("why_candidate", where=" ; ".join(facts["where"])) if facts["where"] else ""
        return said("why_area_none", where=where)
    if say.startswith("area_"):
        return said(f"why_{say}", names=", ".join(facts.get("names", [])))
    if say == "scales":
        return said("why_scales", what=", ".join(map(level_label, facts["levels"])) or said("why_scales_none"))
    if say == "scale":
        return said("why_scale", what=", ".join(tr(f"kind_{f}") for f in facts["families"]) or said("why_scale_none"))
    return said(f"why_{say}", **facts)  # distance (km), documented (n), and the unknowns


def match_card(match, key: str, on_open=None) -> None:
    """An analogous territory or project: its score, and each reason with the quotes behind it."""
    with st.expander(f"{label(match.iri, match.label)} — {tr('score')} {number(match.score, 2)}"):
        seen = set()
        vocab = vocabulary(store_or_stop())
        for reason in match.reasons:
            st.markdown(said("reason_line", component=tr("comp_" + reason.component),
                             score=number(reason.score, 2), text=reason_text(reason)))
            for ev in reason.evidence[:3]:
                if "quote" in ev:
                    q = get_bank().get(ev.get("evidence", ""))
                    if q is not None and q.iri not in seen:
                        seen.add(q.iri)
                        quote_card(q, f"{key}-{match.iri}-{reason.component}")
                elif "projects" in ev:
                    st.caption(said("colon", name=vocab.label("theme", ev["theme"], lang() == "en"),
                                    value=" ; ".join(translate(p) for p in ev["projects"])))
        if on_open is not None:
            st.button(tr("open_sheet"), key=f"open-{key}-{match.iri}", on_click=on_open, args=(match.iri,))


#: The documentation's pages (catalog/docs.py) and the strings that name them.
DOCS_PAGES = {"ontology.html": "docs_ontology", "referentiel.html": "docs_referentiel"}


def ontology_docs(key: str, first: str = "ontology.html") -> None:
    """« Documentation de l'ontologie »: the HTML pages `balises build` writes beside the store, to download or to
    read here, and the address where `balises serve --docs` serves them (Streamlit serves no folder of files)."""
    folder = get_settings().docs_dir
    with st.expander(tr("docs_title"), icon=":material/menu_book:"):
        if not all((folder / name).is_file() for name in DOCS_PAGES):
            st.info(tr("docs_missing", folder=str(folder)))
            return
        st.markdown(tr("docs_intro"))
        for col, (name, title) in zip(st.columns(len(DOCS_PAGES)), DOCS_PAGES.items()):
            col.download_button(tr("docs_download", page=tr(title)), (folder / name).read_bytes(), file_name=name,
                                mime="text/html", key=f"{key}-docs-{name}", icon=":material/download:")
        url = serve_base() + "/docs/"
        if docs_served(url):
            st.link_button(tr("docs_open"), url, icon=":material/open_in_new:")
        else:
            st.caption(f"{tr('docs_serve')} [{url}]({url})")
        pages = sorted(DOCS_PAGES, key=lambda name: name != first)
        shown = st.radio(tr("docs_read_here"), [None, *pages], index=0, horizontal=True, key=f"{key}-docs-show",
                         format_func=lambda name: tr("docs_hidden") if name is None else tr(DOCS_PAGES[name]))
        if shown:
            _embed(folder / shown, tr(DOCS_PAGES[shown]))


@st.cache_data(ttl=15, show_spinner=False)
def docs_served(url: str) -> bool:
    """Whether `balises serve --docs` answers at `url` (…/docs/) within half a second."""
    return reachable(url, method="HEAD")


def _embed(page: Path, title: str) -> None:
    """A whole HTML page in a frame of the app."""
    if hasattr(st, "iframe"):  # Streamlit 1.56 and later
        st.iframe(page, height=720, alt=title)
    else:
        import streamlit.components.v1 as components  # the way before st.iframe

        components.html(page.read_text(encoding="utf-8"), height=720, scrolling=True)
