"""What every page shares: the store (one per process), the query library, cached query results, labels in
the chosen language, the "Voir la requête SPARQL" panel, permalink state and the error guard."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager

import streamlit as st

from balises.catalog.labels import labels_of, territory_labels, translations
from balises.errors import BalisesError
from balises.geo.reference import load_reference
from balises.query.binding import compose
from balises.query.cache import run_named
from balises.query.library import NamedQuery, find_query, load_library
from balises.quotes.citing import Basket, from_short_ids
from balises.quotes.search import StoreBank, open_bank
from balises.rdf.folding import fold_name
from balises.rdf.namespaces import expand, shorten
from balises.settings import DEFAULT_PORT, Settings, load_settings
from balises.store import GraphStore, open_store
from balises.store.server import answers
from balises.store.yasgui import yasgui_link
from views.strings import LANGS, t

#: Page files (relative to app.py) and their URL paths: the router and the links between pages use these.
PAGES = {
    "home": ("views/home.py", "accueil", ":material/home:"),
    "territories": ("views/territories.py", "territoires", ":material/location_city:"),
    "referentiel": ("views/referentiel.py", "referentiel", ":material/explore:"),
    "projects": ("views/projects.py", "projets", ":material/construction:"),
    "network": ("views/network.py", "reseau", ":material/hub:"),
    "leaps": ("views/leaps.py", "sauts", ":material/moving:"),
    "quotes": ("views/quotes.py", "citations", ":material/format_quote:"),
    "sparql": ("views/sparql.py", "sparql", ":material/terminal:"),
}


# --- the store, the library, the settings: once per process --------------------------------------

def get_settings() -> Settings:
    """Settings from the environment (cheap: read on each use, so a changed timeout applies at once)."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def get_store() -> GraphStore:
    """The graph, copied in memory once per process when it is small (a rebuild never pulls it from under us);
    a national-scale store is read on disk, read-only (copying it would take minutes)."""
    return open_store(get_settings(), in_memory=None)


@st.cache_resource(show_spinner=False)
def get_reference():
    """The official geography (data/reference/cog.json), read once per process; None where the file is absent."""
    settings = get_settings()
    return load_reference(settings.reference_file) if settings.reference_file.exists() else None


@st.cache_resource(show_spinner=False)
def get_outlines() -> dict | None:
    """The départements' outlines for the map (data/reference/departements.geojson), or None where absent."""
    path = get_settings().outlines_file
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def store_or_stop() -> GraphStore:
    """The store, or a clear message and a stop when it is missing."""
    try:
        return get_store()
    except BalisesError as exc:
        st.error(tr("store_missing", error=exc))
        st.stop()


@st.cache_resource(show_spinner=False)
def get_library() -> dict[str, NamedQuery]:
    return load_library(get_settings().queries_dir)


def named(slug: str) -> NamedQuery:
    return find_query(get_library(), slug)


@st.cache_resource(show_spinner=False)
def get_bank() -> StoreBank:
    """The quote bank, searched and counted in the store, its documents read once per process and its quotes
    as pages show them (a national graph's quotes are never all read)."""
    return open_bank(store_or_stop(), get_library(), get_settings().corpus_dir)


# --- language ------------------------------------------------------------------------------------

def lang() -> str:
    value = st.session_state.get("lang", "fr")
    return value if value in LANGS else "fr"


def tr(key: str, **values) -> str:
    """A UI string in the current language; the values (user text, error messages) are escaped for Markdown."""
    return t(key, lang(), **{k: plain(v) if isinstance(v, (str, Exception)) else v for k, v in values.items()})


_MARKDOWN = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()#+-.!|<>~$:"})


def plain(text) -> str:
    """Text shown as typed: every Markdown (and LaTeX) character escaped, control characters dropped."""
    return "".join(ch for ch in str(text) if ch.isprintable() or ch in "\n\t").translate(_MARKDOWN)


@st.cache_resource(show_spinner=False)
def _label_cache() -> dict[str, tuple[str, str]]:
    """The (French, English) labels read so far, by full IRI: filled as pages show things (once per process)."""
    return {}


@st.cache_resource(show_spinner=False)
def _translations() -> dict[str, str]:
    """French -> English for the label columns of query results (the entities with an English label)."""
    return translations(store_or_stop())


@st.cache_resource(show_spinner=False)
def _territories_labelled() -> bool:
    """Every territory's labels in the cache, from one table (the long selectors and facets list them all)."""
    _label_cache().update(territory_labels(store_or_stop()))
    return True


def prefetch(iris) -> None:
    """Read, in one query per batch, the labels of the IRIs a page is about to show (a list, a selectbox); a long
    list (over 200 unknown IRIs: territories in selectors and facets) first takes every territory's labels from
    their materialised table."""
    cache = _label_cache()
    missing = [i for i in dict.fromkeys(expand(i) for i in iris if i) if i not in cache]
    if len(missing) > 200 and _territories_labelled():
        missing = [i for i in missing if i not in cache]
    if missing:
        cache.update(labels_of(store_or_stop(), missing))


def _pair(iri: str) -> tuple[str, str]:
    full = expand(iri)
    cache = _label_cache()
    if full not in cache:
        prefetch([full])
    return cache.get(full, ("", ""))


def label(iri: str | None, fallback: str | None = None) -> str:
    """The label of a thing of the graph in the current language (French when there is no English one)."""
    if not iri:
        return fallback or ""
    fr, en = _pair(iri)
    if lang() == "en" and en:
        return en
    return fr or fallback or shorten(expand(iri))


def fr_label(iri: str) -> str:
    """The French label of a thing of the graph (what the queries' label columns hold)."""
    return _pair(iri)[0]


def translate(text: str | None) -> str:
    """A French label of a query column into English when the graph gives one; a list « a ; b » item by item, a list
    « a, b » when each of its items is such a label (a free text with commas stays as it is)."""
    if not text or lang() != "en":
        return text or ""
    english = _translations()
    if text in english:
        return english[text]
    if " ; " in text:
        return " ; ".join(translate(item) for item in text.split(" ; "))
    items = text.split(", ")
    return ", ".join(english[i] for i in items) if len(items) > 1 and all(i in english for i in items) else text


def number(n, digits: int | None = None) -> str:
    """A number as a reader of the page writes it: 10 000 and 0,79 in French, 10,000 and 0.79 in English."""
    text = f"{n:,}" if digits is None else f"{n:,.{digits}f}"
    return text.translate(str.maketrans({",": " ", ".": ","})) if lang() == "fr" else text


# --- queries --------------------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=512)
def _records(slug: str, params: tuple[tuple[str, str], ...]) -> list[dict]:
    return run_named(store_or_stop(), named(slug), dict(params)).records(short=True)


def query(slug: str, **params) -> list[dict]:
    """The rows of a named query (IRIs as CURIEs), cached by its parameters; bad values raise BalisesError."""
    clean = tuple(sorted((k, str(v)) for k, v in params.items() if v not in (None, "")))
    return _records(slug, clean)


def query_panel(slug: str, key: str, note: str | None = None, **params) -> None:
    """The "Voir la requête SPARQL" expander: the exact query, its bound parameters, a button to the console."""
    q = named(slug)
    clean = {k: str(v) for k, v in params.items() if v not in (None, "")}
    with st.expander(f"{tr('see_query')} — {q.title(lang())}"):
        st.caption(q.ask(lang()))
        try:
            bound = q.bindings(clean)
        except BalisesError as exc:
            st.warning(tr("bad_input", error=exc))
            bound = {}
        sent_query(compose(q.text, bound), f"{key}-{slug}")
        if note:  # a UI string (its code spans kept)
            st.caption(t("python_side", lang(), what=note))
        if st.button(tr("open_console"), key=f"console-{key}-{slug}"):
            st.switch_page(PAGES["sparql"][0], query_params=console_params(slug, clean))


def serve_base() -> str:
    """Where the explorer expects `balises serve` (and its YASGUI): BALISES_SERVE_URL, else this machine's default
    port."""
    return os.environ.get("BALISES_SERVE_URL", f"http://127.0.0.1:{DEFAULT_PORT}").rstrip("/")


@st.cache_data(ttl=15, show_spinner=False)
def serve_running(base: str) -> bool:
    return answers(base + "/query")


def sent_query(text: str, key: str) -> None:
    """The exact text the engine receives (its prefixes and bound values in it), with the code block's copy button,
    and a link that opens it in YASGUI on `balises serve` (or how to start it)."""
    st.caption(tr("query_sent"))
    st.code(text, language="sparql")
    base = serve_base()
    if serve_running(base):
        st.link_button(tr("open_yasgui"), yasgui_link(base, text), icon=":material/open_in_new:")
    else:
        st.caption(tr("yasgui_needs_serve", url=base + "/yasgui/"))


def console_params(slug: str, params: dict[str, str]) -> dict[str, str]:
    out = {"requete": slug, **{f"p_{k}": v for k, v in params.items()}}
    if lang() != "fr":
        out["lang"] = lang()
    return out


@contextmanager
def guarded():
    """Show a BalisesError (bad input, refused query) as a message, never as a traceback."""
    try:
        yield
    except BalisesError as exc:
        st.warning(tr("bad_input", error=exc))


# --- permalink state -------------------------------------------------------------------------------

def seed(key: str, param: str, default=None, options=None, many: bool = False, kind=str):
    """Give the widget `key` its first value from the URL's query parameter `param` (else `default`).

    Values not among `options` are dropped with a message (a hand-edited or stale URL is no error).
    """
    if key in st.session_state:
        return
    raw = st.query_params.get(param)
    value = default
    if raw not in (None, ""):
        try:
            if many:
                value = [kind(v) for v in raw.split(",") if v]
            else:
                value = kind(raw)
        except (TypeError, ValueError):
            st.info(tr("unknown_value", name=param, value=raw[:60]))
            value = default
        if options is not None:
            allowed = set(options)
            value = [by_label(v, options) for v in value] if many else by_label(value, options)
            if many:
                bad = [v for v in value if v not in allowed]
                value = [v for v in value if v in allowed]
            else:
                bad = [value] if value not in allowed else []
                value = value if not bad else default
            if bad:
                st.info(tr("unknown_value", name=param, value=", ".join(map(str, bad))[:60]))
    if value is not None:
        st.session_state[key] = value


def by_label(value, options):
    """A URL value given by its label (`?territoire=Lomme` for ter:lomme), in French or English, case, accents and
    apostrophes aside: the one option of that label; anything else comes back as it is."""
    if not isinstance(value, str) or value in options:
        return value
    wanted = fold_name(value)
    iris = [o for o in options if isinstance(o, str) and ":" in o]
    prefetch(iris)
    found = [o for o in iris if wanted in {fold_name(x) for x in _pair(o) if x}]
    return found[0] if len(found) == 1 else value


def sync(**params) -> None:
    """Write the view's state to the URL (empty values removed), so the address reopens the same view."""
    for name, value in params.items():
        if isinstance(value, (list, tuple, set)):
            value = ",".join(str(v) for v in value)
        if value in (None, "", False):
            if name in st.query_params:
                del st.query_params[name]
        else:
            text = "1" if value is True else str(value)
            if st.query_params.get(name) != text:
                st.query_params[name] = text


#: The URL parameter that holds the basket: its quotes' short ids, in order (`?panier=000-tensions-dechets,…`).
BASKET_PARAM = "panier"


def basket() -> Basket:
    """The writer's basket of quotes, kept across pages for the session; a session opened on an address with
    `?panier=` starts with those quotes, in that order."""
    if "basket" not in st.session_state:
        iris, bad = from_short_ids(st.query_params.get(BASKET_PARAM))
        if bad:
            st.info(tr("unknown_value", name=BASKET_PARAM, value=", ".join(bad)[:60]))
        st.session_state["basket"] = Basket(iris)
    return st.session_state["basket"]


def switch(page: str, **params) -> None:
    """Go to another page with its state in the URL."""
    clean = {k: str(v) for k, v in params.items() if v not in (None, "")}
    if lang() != "fr":
        clean["lang"] = lang()
    st.switch_page(PAGES[page][0], query_params=clean)
