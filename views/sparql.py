"""SPARQL: a read-only console with the queries of queries/ as examples (title, question, parameters), a timeout,
results as a table with CSV/JSON downloads; syntax errors and refused updates shown as messages."""

import pickle
import re
import subprocess
import sys
import time

import streamlit as st

from balises.errors import BalisesError
from balises.namespaces import SPARQL_PREFIXES
from views.common import ROOT, get_library, get_settings, lang, seed, store_or_stop, sync, tr

MAX_QUERY = 20_000
PREFIX_LINES = SPARQL_PREFIXES.count("\n")  # the query layer prepends them: error lines are the user's
DEFAULT = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) LIMIT 20"

st.title(tr("sparql_title"))
store_or_stop()
timeout = get_settings().query_timeout
st.caption(tr("sparql_intro", timeout=f"{timeout:g}"))
library = get_library()


@st.cache_data(show_spinner=False, max_entries=64, ttl=900)
def execute(text: str, bindings: dict, limit: float):
    """Run the query in a child process (killed at the timeout): ("ok", result), ("error", msg) or ("timeout", s)."""
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, str(ROOT / "views" / "sparql_worker.py")], cwd=ROOT,
                              input=pickle.dumps((text, bindings)), capture_output=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return ("timeout", limit, 0.0)
    if done.returncode != 0 or not done.stdout:
        return ("error", (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1], 0.0)
    status, value = pickle.loads(done.stdout)
    return (status, value, time.monotonic() - started)


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
    st.markdown(f"**{tr('sparql_question')}** : {named.question}  \n**{tr('sparql_user')}** : "
                f"{tr('user_' + named.user) if named.user in ('territory', 'researcher', 'writer') else named.user}")
    for p in named.params:
        seed(f"sp_p_{p.name}", f"p_{p.name}", p.default or "")

with st.form("console"):
    text = st.text_area(tr("sparql_text"), key="sp_text", height=320)
    values = {}
    for p in (named.params if named else ()):
        values[p.name] = st.text_input(tr("sparql_param", name=p.name, type=p.type, description=p.description),
                                       key=f"sp_p_{p.name}", max_chars=500)
    st.form_submit_button(tr("sparql_run"), icon=":material/play_arrow:", key="sp_run")

is_example = named is not None and text == named.text
sync(requete=example, sparql=None if is_example or text == DEFAULT else text[:4000],
     **{f"p_{name}": value for name, value in values.items()})

if not text.strip():
    st.info(tr("sparql_empty"))
elif len(text) > MAX_QUERY:
    st.warning(tr("sparql_too_long", n=len(text), max=MAX_QUERY))
else:
    try:
        bindings = named.bindings({k: v for k, v in values.items() if v.strip()}) if named else {}
        status, value, seconds = execute(text, bindings, timeout)
    except BalisesError as exc:
        status, value, seconds = "error", str(exc), 0.0
    if status == "timeout":
        st.error(tr("sparql_timeout", timeout=f"{timeout:g}"))
    elif status == "error":
        refused = "refused" in value or "read-only" in value
        value = re.sub(r"error at (\d+):", lambda m: f"error at {int(m.group(1)) - PREFIX_LINES}:", value)
        st.error(tr("sparql_refused" if refused else "sparql_error", error=value))
    else:
        records = value.records(short=True)
        st.success(tr("sparql_rows", n=len(records), seconds=seconds))
        st.dataframe(records, hide_index=True)
        d1, d2 = st.columns(2)
        d1.download_button(tr("download_csv"), value.to_csv(), "balises-requete.csv", "text/csv",
                           icon=":material/download:")
        d2.download_button(tr("download_json"), value.to_json(), "balises-requete.json", "application/sparql-results+json",
                           icon=":material/download:")
