"""SPARQL: a read-only console with the queries of queries/ as examples (title, question, parameters).

A query the user wrote (typed, or carried by a permalink's `sparql=`) runs only when « Exécuter » is clicked:
opening an address never runs someone else's query. It runs in a child process (balises.store.isolated) with a
timeout and a memory limit, so a crash or a runaway of the engine is a message here; the page shows its first
rows (isolated.HEAD_ROWS) and says how many there are; « Télécharger tout » writes the whole result as CSV,
streamed by the engine to a file, when clicked. Syntax errors and refused queries are messages."""

import tempfile
from pathlib import Path

import streamlit as st

from balises.errors import BalisesError
from balises.query.binding import compose
from balises.query.run import export_user_query, run_user_query
from balises.store.isolated import COUNT_LIMIT, EXPORT_MAX_BYTES, HEAD_ROWS
from views.common import get_library, get_settings, lang, number, seed, sent_query, store_or_stop, sync, tr

MAX_QUERY = 20_000
# The console's first example, built from nothing the user typed: the classes of the graph and their counts.
DEFAULT = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) LIMIT 20"

st.title(tr("sparql_title"))
store_or_stop()
settings = get_settings()
st.caption(tr("sparql_intro", timeout=f"{settings.query_timeout:g}", rows=number(HEAD_ROWS)))
library = get_library()


def load_example() -> None:
    slug = st.session_state.get("sp_example")
    st.session_state["sp_text"] = library[slug].text if slug else DEFAULT
    for key in [k for k in st.session_state if str(k).startswith("sp_p_")]:
        del st.session_state[key]


seed("sp_example", "requete", None, list(library))
example = st.selectbox(tr("sparql_example"), [None] + list(library), key="sp_example", on_change=load_example,
                       placeholder=tr("sparql_free"),
                       format_func=lambda s: tr("sparql_free") if s is None
                       else f"{s.split('-')[0]} — {library[s].title(lang())}")
named = library.get(example) if example else None
seed("sp_text", "sparql", named.text if named else DEFAULT)
if named:
    st.markdown(f"**{tr('sparql_question')}** : {named.ask(lang())}  \n**{tr('sparql_user')}** : "
                f"{tr('user_' + named.user) if named.user in ('territory', 'researcher', 'writer') else named.user}")
    for p in named.params:
        seed(f"sp_p_{p.name}", f"p_{p.name}", p.default or "")

with st.form("console"):
    text = st.text_area(tr("sparql_text"), key="sp_text", height=320)
    values = {}
    for p in (named.params if named else ()):
        values[p.name] = st.text_input(tr("sparql_param", name=p.name, type=tr("ptype_" + p.type),
                                          description=p.describe(lang())),
                                       key=f"sp_p_{p.name}", max_chars=500)
    clicked = st.form_submit_button(tr("sparql_run"), icon=":material/play_arrow:", key="sp_run")

ours = text == DEFAULT or (named is not None and text == named.text)
sync(requete=example, sparql=None if ours else text[:4000], **{f"p_{name}": value for name, value in values.items()})


def run(query_text: str, bindings: dict) -> tuple[str, object]:
    try:
        return "ok", run_user_query(settings, query_text, bindings)
    except BalisesError as exc:
        return "error", str(exc)


def download_all(query_text: str, bindings: dict):
    """The deferred « download everything »: the engine streams the whole result as CSV into a file, read back
    when the button is clicked (at most isolated.EXPORT_MAX_BYTES)."""
    def write() -> bytes:
        with tempfile.TemporaryDirectory(prefix="balises-console-") as tmp:
            path = Path(tmp) / "result.csv"
            try:
                export_user_query(settings, query_text, "csv", str(path), bindings=bindings)
            except BalisesError as exc:
                return f"error\n{exc}\n".encode("utf-8")
            return path.read_bytes()
    return write


if not text.strip():
    st.info(tr("sparql_empty"))
elif len(text) > MAX_QUERY:
    st.warning(tr("sparql_too_long", n=len(text), max=MAX_QUERY))
else:
    try:
        bindings = named.bindings({k: v.strip() for k, v in values.items()}) if named else {}
    except BalisesError as exc:
        bindings = None
        st.session_state.pop("sp_answer", None)
        st.error(tr("sparql_error", error=exc))
    key = (text, tuple(sorted((k, str(v)) for k, v in (bindings or {}).items())))
    answer = st.session_state.get("sp_answer")
    if bindings is not None and (clicked or (ours and (answer is None or answer[0] != key))):
        answer = (key, *run(text, bindings))
        st.session_state["sp_answer"] = answer
    if bindings is None:
        pass
    elif answer is None or answer[0] != key:
        st.info(tr("sparql_click"))
    elif answer[1] == "error":
        error = answer[2]
        if "stopped after" in error:
            st.error(tr("sparql_timeout", timeout=f"{settings.query_timeout:g}"))
        else:
            refused = "refused" in error or "read-only" in error
            st.error(tr("sparql_refused" if refused else "sparql_error", error=error))
    else:
        result = answer[2]
        records = result.records(short=True)
        st.success(tr("sparql_rows", n=number(len(records)), seconds=number(result.seconds, 2)))
        if result.truncated:
            total = tr("sparql_more", n=number(COUNT_LIMIT)) if result.more else number(result.counted)
            st.warning(tr("sparql_truncated", shown=number(len(records)), total=total, mb=EXPORT_MAX_BYTES // 2**20))
        st.dataframe([{k: "" if v is None else v for k, v in r.items()} for r in records],  # unbound: an empty cell
                     hide_index=True)
        d1, d2, d3 = st.columns(3)
        d1.download_button(tr("download_csv"), result.to_csv(), "balises-requete.csv", "text/csv",
                           icon=":material/download:")
        d2.download_button(tr("download_json"), result.to_json(), "balises-requete.json",
                           "application/sparql-results+json", icon=":material/download:")
        if result.truncated:
            d3.download_button(tr("download_all_csv"), download_all(text, dict(bindings)), "balises-requete-tout.csv",
                               "text/csv", icon=":material/download:", key="sp_all")
    if bindings is not None:
        with st.expander(tr("sparql_sent")):
            sent_query(compose(text, bindings), "console")
