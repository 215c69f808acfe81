"""The writer's dossier (balises.dossier): for each of the 23 balises, in DOCX, ODT and Markdown, the text read back
(python-docx, odfpy, the Markdown lines) holds every quote verbatim, the OCR's `**` bold markup aside, each
followed by a footnote giving its document and line; the other selections (theme, territory, project, basket);
the CLI and its errors."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest
from docx import Document as read_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree
from odf import teletype
from odf.opendocument import load as read_odt
from odf.text import H, NoteBody, P

from balises.cli import main
from balises.dossier.blocks import marked, unmarked
from balises.dossier.content import compose_dossier
from balises.dossier.export import FORMATS, dossier_bytes, render
from balises.dossier.selection import Selection, resolve, subjects_of_theme
from balises.errors import QueryError
from balises.quotes.search import open_bank
from balises.rdf.namespaces import expand

from conftest import referentiel_concepts

BALISES = sorted(n for n in referentiel_concepts() if len(n) == 2)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTE = ("urn:oasis:names:tc:opendocument:xmlns:text:1.0", "note")
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


@pytest.fixture(scope="module")
def bank(store, library, project_settings):
    return open_bank(store, library, project_settings.corpus_dir)


@pytest.fixture(scope="module")
def made(store, bank, project_settings):
    """Each balise's dossier, composed once and written in the three formats."""
    cache = {}

    def make(notation):
        if notation not in cache:
            dossier = compose_dossier(store, bank, Selection("balise", notation), "fr", project_settings.corpus_dir)
            cache[notation] = (dossier, {fmt: render(dossier, fmt) for fmt in ("docx", "odt", "md")})
        return cache[notation]

    return make


def docx_quotes(data: bytes) -> list[tuple[str, str]]:
    """(paragraph text, its footnote's text) of each paragraph in the Quote style."""
    document = read_docx(io.BytesIO(data))
    part = next(r.target_part for r in document.part.rels.values() if r.reltype == RT.FOOTNOTES)
    notes = {n.get(f"{W}id"): "".join(t.text or "" for t in n.iter(f"{W}t"))
             for n in etree.fromstring(part.blob).iter(f"{W}footnote")}
    out = []
    for p in document.paragraphs:
        if p.style.name == "Quote":
            refs = p._p.findall(f".//{W}footnoteReference")
            out.append((p.text, notes[refs[0].get(f"{W}id")].strip() if refs else ""))
    return out


def odt_quotes(data: bytes) -> list[tuple[str, str]]:
    """(paragraph text, its footnote's text) of each paragraph in the Quotations style."""
    document = read_odt(io.BytesIO(data))
    out = []
    for p in document.getElementsByType(P):
        if p.getAttribute("stylename") != "Quotations":
            continue
        text, note = [], ""
        for child in p.childNodes:
            if child.nodeType == child.TEXT_NODE:
                text.append(child.data)
            elif child.qname == NOTE:
                note = teletype.extractText(child.getElementsByType(NoteBody)[0])
            else:
                text.append(teletype.extractText(child))
        out.append(("".join(text), note))
    return out


_MD_TOKEN = re.compile(r"\\(.)|\*+")


def md_text(line: str) -> str:
    """A Markdown line as its reader shows it: escapes resolved, emphasis marks taken off."""
    return _MD_TOKEN.sub(lambda m: m.group(1) or "", line)


def md_quotes(data: bytes) -> list[tuple[str, str]]:
    text = data.decode("utf-8")
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.MULTILINE))
    out = []
    for line in text.splitlines():
        if line.startswith("> "):
            body, _, number = re.match(r"> (.*?)(\[\^(\d+)\])?$", line).groups()
            out.append((md_text(body), md_text(notes.get(number, ""))))
    return out


READERS = {"docx": docx_quotes, "odt": odt_quotes, "md": md_quotes}


def test_there_are_23_balises():
    assert len(BALISES) == 23 and BALISES[0] == "C1" and BALISES[-1] == "V6"


@pytest.mark.parametrize("fmt", ["docx", "odt", "md"])
@pytest.mark.parametrize("notation", BALISES)
def test_every_quote_of_a_balise_verbatim_with_its_reference(made, bank, notation, fmt):
    dossier, files = made(notation)
    expected = list(bank.search(balises=[notation]))
    assert [q.iri for q in sorted(dossier.quotes, key=lambda q: q.iri)] == sorted(q.iri for q in expected)
    read_back = READERS[fmt](files[fmt])
    definition, quotes = read_back[0], read_back[1:]  # the référentiel's definition opens the dossier
    assert "Patrice Vuidel, Julian Perdrigeat" in definition[1]
    by_text: dict[str, list[str]] = {}
    for text, note in quotes:
        by_text.setdefault(text, []).append(note)
    for q in expected:
        doc = bank.document_of(q)
        notes = by_text.get(unmarked(q.text))
        assert notes, f"{q.short} missing from the {fmt} dossier of {notation}"
        assert any(doc.title in n and f"ligne {q.line}" in n for n in notes), (q.short, notes)
        if doc.short == "doc:004":  # CC BY-NC-ND: quoted with its authors
            assert all("Patrice Vuidel, Julian Perdrigeat" in n for n in notes)
    assert len(quotes) == len(expected)


def test_the_definition_is_quoted_with_its_line(made, project_settings):
    dossier, files = made("E3")
    text, note = docx_quotes(files["docx"])[0]
    corpus = (project_settings.corpus_dir / "004_64da2f158898dd37.txt").read_text(encoding="utf-8").splitlines()
    assert text.startswith("L'engagement dans une démarche de transition") and text in corpus[347]
    assert note.endswith("21 mars 2019, ligne 348.")


def test_bold_markup_becomes_bold_runs(made, bank):
    marked_quotes = [q for n in BALISES for q in made(n)[0].quotes if "**" in q.text]
    assert marked_quotes, "the corpus has quotes with **bold** markup"
    q = marked_quotes[0]
    notation = next(n for n in BALISES if q in made(n)[0].quotes)
    bold = [r.text for r in marked(q.text) if r.bold]
    document = read_docx(io.BytesIO(made(notation)[1]["docx"]))
    paragraph = [p for p in document.paragraphs if p.text == unmarked(q.text)][-1]  # after a definition alike
    assert [r.text for r in paragraph.runs if r.bold] == bold
    assert "**" not in paragraph.text and f"**{bold[0]}**" in made(notation)[1]["md"].decode("utf-8").replace("\\", "")


def test_named_styles_a_template_applies(made):
    _, files = made("C2")
    document = read_docx(io.BytesIO(files["docx"]))
    used = {p.style.name for p in document.paragraphs}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Quote", "Bibliography", "Fiche"} <= used
    odt = read_odt(io.BytesIO(files["odt"]))
    names = {s.getAttrNS(STYLE_NS, "name") for s in odt.styles.childNodes}
    assert {"Heading_20_1", "Heading_20_2", "Quotations", "Footnote", "Bibliography_20_1", "Title"} <= names
    headings = [teletype.extractText(h) for h in odt.getElementsByType(H)]
    assert "Bibliographie" in headings and "Définition du référentiel" in headings


def test_cases_grouped_by_territory_then_project_with_facts(made):
    md = made("E3")[1]["md"].decode("utf-8")
    lomme, tri = md.index("\n## Lomme\n"), md.index("\n### Lomme : tri sélectif en interne\n")
    assert lomme < tri < md.index("\n## Loos-en-Gohelle\n")
    assert "*Commune ; dans : Lille, Métropole Européenne de Lille, Nord, Hauts-de-France, France*" in md
    assert "Statut : à faire progresser. Début : 2023." in md and "Ville de Lomme (porteur)" in md
    bibliography = md[md.index("## Bibliographie"):md.index("[^1]:")]
    assert bibliography.count("\n- ") == 5 and "VUIDEL, Patrice et PERDRIGEAT, Julian, 2019." in bibliography


@pytest.mark.parametrize("kind, name, facet", [("territory", "Lomme", {"territories": ["ter:lomme"]}),
                                               ("project", "prj:lomme-tri-selectif-interne",
                                                {"about": ["prj:lomme-tri-selectif-interne"]})])
def test_territory_and_project_dossiers(store, bank, kind, name, facet):
    dossier = compose_dossier(store, bank, Selection(kind, name))
    assert {q.iri for q in dossier.quotes} == {q.iri for q in bank.search(**facet)}
    texts = {text for text, _ in md_quotes(render(dossier, "md"))}
    assert all(unmarked(q.text) in texts for q in dossier.quotes)


def test_theme_dossier_gathers_its_projects_quotes(store, bank):
    dossier = compose_dossier(store, bank, Selection("theme", "alimentation"))
    assert dossier.title == "Thème : bien-vivre alimentaire"
    subjects = set(subjects_of_theme(store, expand("theme:alimentation")))
    assert expand("prj:lomme-cooperative-achat-groupe") in subjects
    assert any(q.iri.endswith("000-bio-pas-reserve-aux-aises") for q in dossier.quotes)
    assert all(subjects & set(q.about) for q in dossier.quotes)
    assert {q.iri for q in dossier.quotes} == {q.iri for q in bank.search(about=sorted(subjects))}


def test_basket_keeps_its_order_and_refuses_unknown_quotes(store, bank):
    chosen = [q.iri for q in bank.search(balises=["V5"])][::-1]
    dossier = compose_dossier(store, bank, Selection("quotes", tuple(["# my basket", *chosen, ""])))
    assert [q.iri for q in dossier.quotes] == chosen and dossier.title == "Sélection de citations"
    with pytest.raises(QueryError, match="cit:nope"):
        compose_dossier(store, bank, Selection("quotes", ("cit:nope",)))


@pytest.mark.parametrize("kind, name, said", [("balise", "E9", "nearest: E6"),
                                              ("theme", "alimentaton", "theme:alimentation"),
                                              ("territory", "lome", "Lomme (ter:lomme)"),
                                              ("balise", "confiance", "E3 Créer les conditions de la confiance")])
def test_unknown_names_are_refused_with_the_nearest(store, kind, name, said):
    with pytest.raises(QueryError, match=re.escape(said)) as error:
        resolve(store, kind, name)
    assert f"unknown {kind} {name!r}" in str(error.value)


def test_names_resolve_by_notation_tail_label_and_curie(store):
    assert resolve(store, "balise", "e3").iri == expand("ref:E3")
    assert resolve(store, "balise", "Créer les conditions de la confiance").notation == "E3"
    assert resolve(store, "theme", "bien-vivre alimentaire").iri == resolve(store, "theme", "alimentation").iri
    assert resolve(store, "territory", "ter:lomme").iri == resolve(store, "territory", "LOMME").iri


def test_dossier_bytes_for_the_explorer(store, bank):
    for fmt, (ext, mime) in FORMATS.items():
        data, name, kind = dossier_bytes(store, bank, Selection("balise", "V5"), fmt)
        assert data and name.endswith("." + ext) and kind == mime
    assert dossier_bytes(store, bank, Selection("balise", "V5"), "ris")[1] == "dossier-balise-V5-references.ris"


def test_cli_writes_the_dossier_and_refuses_unknown_names(built, project_settings, tmp_path, capsys):
    out = tmp_path / "e3.odt"
    assert main(["dossier", "--store", str(project_settings.store), "--balise", "E3", "--format", "odt",
                 "-o", str(out)]) == 0
    assert odt_quotes(out.read_bytes()) and "17 quote(s)" in capsys.readouterr().out
    basket = tmp_path / "basket.txt"
    basket.write_text("cit:000-tensions-dechets\n", encoding="utf-8")
    assert main(["dossier", "--store", str(project_settings.store), "--quotes", str(basket), "--format", "bib",
                 "-o", str(tmp_path / "b.bib")]) == 0
    assert (tmp_path / "b.bib").read_text(encoding="utf-8").startswith("@misc{negre2024000,")
    assert main(["dossier", "--store", str(project_settings.store), "--theme", "alimentaton"]) == 2
    assert "unknown theme 'alimentaton'; nearest: bien-vivre alimentaire" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["docx", "odt", "md"])
def test_pandoc_reads_the_footnotes(made, fmt):
    """An independent reader: pandoc finds one footnote per quote, fact line and definition. Outside CI a missing
    pandoc skips with the reason; in CI (CI=true) `make system-deps` installs it, and its absence fails."""
    if shutil.which("pandoc") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pandoc is missing in CI: `make system-deps` installs the Debian package pandoc")
        pytest.skip("pandoc is not installed (Debian package pandoc, installed by `make system-deps` when CI=true)")
    dossier, files = made("C2")
    read = subprocess.run(["pandoc", "-f", {"md": "markdown"}.get(fmt, fmt), "-t", "markdown"], input=files[fmt],
                          capture_output=True, timeout=60, check=True).stdout.decode("utf-8")
    assert len(re.findall(r"^\[\^\d+\]:", read, re.MULTILINE)) == sum(1 for p in dossier.paragraphs if p.note)
