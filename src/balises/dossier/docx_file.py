"""A dossier as a Word document (python-docx), with real footnotes and named styles a writer's template applies.

The styles are Word's built-in ones, which Word and LibreOffice show under their localised names: Title (Titre),
Subtitle (Sous-titre), Heading 1 and 2 (Titre 1, Titre 2), Body Text (Corps de texte), Quote (Citation),
Bibliography (Bibliographie), footnote text and footnote reference (Note de bas de page, Appel de note de bas de
p.). One custom paragraph style, « Fiche », holds the lines of facts. python-docx writes no footnotes: the
footnotes part (word/footnotes.xml, with Word's separator notes) is added here, and each note is referenced from
the end of its paragraph.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from .blocks import Dossier, Run, xml_text

STYLES = {"title": "Title", "subtitle": "Subtitle", "heading1": "Heading 1", "heading2": "Heading 2",
          "body": "Body Text", "facts": "Fiche", "quote": "Quote", "bibliography": "Bibliography"}
FOOTNOTE_TEXT, FOOTNOTE_REFERENCE = "footnote text", "footnote reference"

_SEPARATORS = (f'<w:footnotes {nsdecls("w", "r")}>'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
               'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
               'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
               '</w:footnotes>')


def _styles(document, lang: str) -> None:
    """The styles python-docx's template lacks, and the document's language for spelling."""
    styles = document.styles
    names = {s.name for s in styles}
    for name, kind, style_id in ((FOOTNOTE_TEXT, WD_STYLE_TYPE.PARAGRAPH, "FootnoteText"),
                                 (FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER, "FootnoteReference"),
                                 ("Bibliography", WD_STYLE_TYPE.PARAGRAPH, "Bibliography"),
                                 ("Fiche", WD_STYLE_TYPE.PARAGRAPH, "Fiche")):
        if name in names:
            continue
        style = styles.add_style(name, kind, builtin=name != "Fiche")
        style.style_id = style_id
        if kind == WD_STYLE_TYPE.CHARACTER:
            style.font.superscript = True
        else:
            style.base_style = styles["Normal"]
    styles[FOOTNOTE_TEXT].font.size = Pt(9)
    styles["Fiche"].font.italic = True
    styles["Bibliography"].paragraph_format.left_indent = Pt(18)
    styles["Bibliography"].paragraph_format.first_line_indent = Pt(-18)
    rpr = styles["Normal"].element.get_or_add_rPr()
    rpr.append(OxmlElement("w:lang", {qn("w:val"): "fr-FR" if lang == "fr" else "en-GB"}))


def _add_runs(paragraph, runs: tuple[Run, ...]) -> None:
    for run in runs:
        added = paragraph.add_run(xml_text(run.text))
        added.bold = run.bold or None
        added.italic = run.italic or None


def _run_xml(run: Run) -> str:
    emphasis = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
    return (f'<w:r>{f"<w:rPr>{emphasis}</w:rPr>" if emphasis else ""}'
            f'<w:t xml:space="preserve">{escape(xml_text(run.text))}</w:t></w:r>')


def _note_xml(number: int, runs: tuple[Run, ...]) -> str:
    body = "".join(_run_xml(r) for r in runs)
    return (f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{body}</w:p></w:footnote>')


def to_docx(dossier: Dossier, lang: str = "fr") -> bytes:
    """The dossier as the bytes of a .docx file."""
    document = new_document()
    _styles(document, lang)
    document.core_properties.title = dossier.title
    document.core_properties.language = lang
    notes = parse_xml(_SEPARATORS)
    # style ids looked up once: python-docx looks a style name up in the whole styles part at every paragraph
    ids = {role: document.styles[name].style_id for role, name in STYLES.items()}
    reference_id = document.styles[FOOTNOTE_REFERENCE].style_id
    for p in dossier.paragraphs:
        paragraph = document.add_paragraph()
        paragraph._p.style = ids[p.role]
        _add_runs(paragraph, p.runs)
        if p.note:
            number = len(notes) - 1  # the two separators are -1 and 0
            notes.append(parse_xml(_note_xml(number, p.note)))
            reference = paragraph.add_run()._r
            reference.style = reference_id
            reference.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(number)}))
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, notes, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


__all__ = ["STYLES", "to_docx"]
