"""Contribuer: the sheet template and its worked example, a sheet checked as `balises ingest --dry-run` does (the
report in plain words, a preview of what it adds, its Turtle to download), and suggestions for a pasted text.

Nothing is written under data/: uploads go to a throw-away directory and the ingest always runs with dry_run."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import streamlit as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from balises.contrib.ingest import MAX_SOURCE_BYTES as MAX_SOURCE
from balises.contrib.sheet import MAX_SHEET_BYTES as MAX_SHEET
from balises.contrib.sheet import SheetError
from balises.contrib.suggest import MAX_CHARS as MAX_TEXT
from balises.errors import BalisesError
from balises.rdf.namespaces import shorten
from views.common import (
    get_settings,
    guarded,
    label,
    lang,
    number,
    plain,
    store_or_stop,
    tr,
)
from views.ui import table



# --- helpers ---------------------------------------------------------------------------------------

def in_lang(message: str) -> str:
    """The part of a bilingual « français / English » message in the chosen language."""
    if " / " not in message:
        return message
    fr, en = message.split(" / ", 1)
    return en if lang() == "en" else fr


def safe_name(name: str, default: str) -> str:
    """An uploaded file's name, reduced to a plain file name."""
    base = re.sub(r"[^\w.-]+", "-", Path(name or "").name).strip(".-")
    return base[:80] or default


@st.cache_resource(show_spinner=False)
def get_models():
    """The suggestion models (spaCy's French model, the balise model, the gazetteers): once per process."""
    from balises.contrib.suggest import load_models  # scikit-learn and spaCy: only when a text is pasted

    return load_models(get_settings())


@st.cache_data(show_spinner=False, max_entries=16, ttl=600)
def check_sheet(sheet: bytes, sheet_name: str, source: bytes | None, source_name: str | None) -> dict:
    """`balises ingest --dry-run` on the uploaded sheet (and source text), in a throw-away directory.

    Returns {"ok": bool, "problems": [(line, path, fr, en, warning)], "turtle", "triples", "counts", "document"};
    BalisesError (an unreadable sheet) is raised as is."""
    from balises.contrib.ingest import ingest  # only when a sheet is uploaded

    with tempfile.TemporaryDirectory(prefix="balises-contribuer-") as tmp:
        root = Path(tmp)
        sheet_path = root / sheet_name
        sheet_path.write_bytes(sheet)
        source_path = None
        if source is not None:
            source_path = root / "source" / (source_name or "source.txt")
            source_path.parent.mkdir()
            source_path.write_bytes(source)

        def clean(text: str) -> str:
            return str(text).replace(str(root / "source") + "/", "").replace(str(root) + "/", "")

        try:
            result = ingest(sheet_path, get_settings(), source=source_path, dry_run=True)
        except SheetError as exc:
            return {"ok": False, "problems": [(p.line, p.path, clean(p.fr), clean(p.en), p.warning)
                                              for p in exc.problems]}
        except BalisesError as exc:
            raise type(exc)(clean(str(exc))) from None
        assert not result.written
        return {"ok": True, "turtle": result.turtle, "triples": result.triples, "counts": result.counts,
                "document": result.document,
                "problems": [(p.line, p.path, clean(p.fr), clean(p.en), True) for p in result.warnings]}


def problem_line(line, path, fr, en, warning) -> str:
    where = tr("ct_where_line", line=line) if line else ""
    where += tr("ct_where_field", field=path) if path else tr("ct_where_sheet")
    tag = tr("ct_warning") if warning else ""
    return f"- {where} : {tag}{plain(en if lang() == 'en' else fr)}"


def _text_of(graph: Graph, node, props) -> str:
    values = [o for p in props for o in graph.objects(node, p) if isinstance(o, Literal)]
    for wanted in (lang(), "fr", None):
        for v in values:
            if v.language == wanted or wanted is None:
                return str(v)
    return ""


def preview(turtle: str) -> tuple[list[dict], list[dict]]:
    """The entities the Turtle describes (id, kind, label) and the links from them to other things."""
    graph = Graph()
    graph.parse(data=turtle, format="turtle")
    names = {}
    for s in set(graph.subjects(RDF.type, None)):
        if isinstance(s, URIRef):
            names[s] = _text_of(graph, s, (RDFS.label, SKOS.prefLabel)) or label(str(s), shorten(str(s)))
    entities = [{tr("ct_col_id"): shorten(str(s)),
                 tr("ct_col_kind"): ", ".join(sorted(label(str(c), shorten(str(c)))
                                                     for c in graph.objects(s, RDF.type))),
                 tr("label"): names[s]} for s in sorted(names, key=str)]
    links = []
    for s, p, o in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        if s in names and isinstance(o, URIRef) and p != RDF.type:
            links.append({tr("from"): names[s], tr("ct_col_link"): label(str(p), shorten(str(p))),
                          tr("to"): names.get(o) or label(str(o), shorten(str(o))),
                          tr("ct_col_new"): "✓" if o in names else ""})
    return entities, links


# --- the page --------------------------------------------------------------------------------------

st.title(tr("ct_title"))
st.markdown(tr("ct_intro"))
store_or_stop()

tab_template, tab_sheet, tab_text = st.tabs([tr("ct_tab_template"), tr("ct_tab_sheet"), tr("ct_tab_text")])

with tab_template:
    st.markdown(tr("ct_template_help"))
    c1, c2 = st.columns(2)
    c1.download_button(tr("ct_dl_template"), (get_settings().templates_dir / "fiche-territoire.yaml").read_bytes(),
                       "fiche-territoire.yaml", "application/yaml", key="ct_dl_template",
                       icon=":material/download:")
    c2.download_button(tr("ct_dl_example"), (get_settings().templates_dir / "lomme.yaml").read_bytes(), "lomme.yaml",
                       "application/yaml", key="ct_dl_example", icon=":material/download:")

with tab_sheet:
    st.markdown(tr("ct_sheet_help"))
    up_sheet = st.file_uploader(tr("ct_upload_sheet"), type=["yaml", "yml"], key="ct_sheet")
    up_source = st.file_uploader(tr("ct_upload_source"), type=["txt"], key="ct_source")
    if up_sheet is None:
        st.info(tr("ct_no_sheet"))
    else:
        sheet_bytes = up_sheet.getvalue()
        source_bytes = up_source.getvalue() if up_source is not None else None
        if len(sheet_bytes) > MAX_SHEET or (source_bytes is not None and len(source_bytes) > MAX_SOURCE):
            st.warning(tr("ct_too_big"))
        else:
            report = None
            with guarded(), st.spinner(tr("ct_checking")):
                try:
                    report = check_sheet(sheet_bytes, safe_name(up_sheet.name, "fiche.yaml"), source_bytes,
                                         safe_name(up_source.name, "source.txt") if up_source else None)
                except BalisesError as exc:
                    st.warning(tr("bad_input", error=in_lang(str(exc))))
            if report is not None:
                errors = [p for p in report["problems"] if not p[4]]
                if report["ok"]:
                    what = ", ".join(f"{n} {tr('ct_count_' + k.split('/')[0])}"
                                     for k, n in report["counts"].items() if n)
                    st.success(tr("ct_valid", triples=report["triples"], what=what, document=report["document"]))
                else:
                    st.error(tr("ct_refused", n=len(errors)))
                if report["problems"]:
                    st.markdown("\n".join(problem_line(*p) for p in report["problems"]))
                if report["ok"]:
                    entities, links = [], []
                    try:
                        entities, links = preview(report["turtle"])
                    except Exception as exc:  # a preview is a courtesy: never hide the Turtle behind it
                        st.warning(tr("ct_preview_failed", error=exc))
                    st.subheader(tr("ct_entities", n=len(entities)))
                    st.dataframe(entities, hide_index=True)
                    st.subheader(tr("ct_links", n=len(links)))
                    st.dataframe(links, hide_index=True)
                    stem = Path(safe_name(up_sheet.name, "fiche.yaml")).stem
                    st.download_button(tr("ct_dl_turtle"), report["turtle"], f"{stem}.ttl", "text/turtle",
                                       key="ct_dl_turtle", icon=":material/download:")
                    st.caption(tr("ct_nothing_written"))

with tab_text:
    st.markdown(tr("ct_text_help"))
    text = st.text_area(tr("ct_text"), key="ct_text", height=220, max_chars=MAX_TEXT)
    if st.button(tr("ct_suggest"), key="ct_suggest", icon=":material/auto_awesome:"):
        st.session_state.pop("ct_suggestions", None)
        raw = "".join(ch for ch in (text or "") if ch.isprintable() or ch in "\n\t")
        if not raw.strip():
            st.info(tr("ct_text_empty"))
        else:
            with guarded(), st.spinner(tr("ct_loading_models")):
                from balises.contrib.suggest import suggest_text

                st.session_state["ct_suggestions"] = (text, suggest_text(raw, get_models(), "texte-colle.txt"))
    found = st.session_state.get("ct_suggestions")
    if found is not None and found[0] == text:
        s = found[1]
        if not (s.territories or s.people or s.organisations or s.paragraphs):
            st.info(tr("ct_nothing_found"))
        for title, items in ((tr("ct_territories"), s.territories), (tr("ct_people"), s.people),
                             (tr("ct_organisations"), s.organisations)):
            if items:
                st.subheader(f"{title} ({len(items)})")
                table([{"name": f.name, "kind": label(f"bal:{f.kind}"), "mentions": f.mentions,
                        "lines": ", ".join(map(str, f.lines[:10])), "id": shorten(f.iri) if f.iri else tr("ct_new"),
                        "source": tr(f"ct_source_{f.source}")} for f in items],
                      {"name": tr("label"), "kind": tr("kind"), "mentions": tr("ct_col_mentions"),
                       "lines": tr("ct_col_lines"), "id": tr("ct_col_id"), "source": tr("ct_col_source")})
        if s.paragraphs:
            st.subheader(tr("ct_balises_per_paragraph"))
            table([{"paragraph": p.paragraph.number, "line": p.paragraph.line, "balise": b.notation,
                    "label": label("ref:" + b.notation, b.label), "score": number(b.score, 2), "sentence": b.sentence}
                   for p in s.paragraphs for b in p.balises],
                  {"paragraph": tr("ct_col_paragraph"), "line": tr("line"), "balise": tr("balises"),
                   "label": tr("label"), "score": tr("score"), "sentence": tr("ct_col_sentence")})
        elif s.territories or s.people or s.organisations:
            st.caption(tr("ct_no_paragraph"))
        st.download_button(tr("ct_dl_draft"), s.to_yaml(), "brouillon-fiche.yaml", "application/yaml",
                           key="ct_dl_draft", icon=":material/download:")
        st.caption(tr("ct_draft_note"))
