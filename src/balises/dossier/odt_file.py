"""A dossier as an OpenDocument text (odfpy), with real footnotes and named styles a writer's template applies.

The paragraph styles carry LibreOffice's own names, which it shows localised: Title (Titre), Subtitle
(Sous-titre), Heading 1 and 2 (Titre 1, Titre 2), Text body (Corps de texte), Quotations (Citations),
Bibliography 1 (Bibliographie 1), Footnote (Note de bas de page); one custom style, « Fiche », holds the lines of
facts. Headings are outline headings (text:h); bold and italic are automatic text styles.
"""

from __future__ import annotations

import io

from odf import dc, teletype
from odf.opendocument import OpenDocumentText
from odf.style import DefaultStyle, ParagraphProperties, Style, TextProperties
from odf.text import H, Note, NoteBody, NoteCitation, P, Span

from .blocks import Dossier, Run, xml_text

#: role -> (style name in the file, name shown, parent, outline level)
STYLES = {"title": ("Title", "Title", "Heading", 0), "subtitle": ("Subtitle", "Subtitle", "Heading", 0),
          "heading1": ("Heading_20_1", "Heading 1", "Heading", 1),
          "heading2": ("Heading_20_2", "Heading 2", "Heading", 2),
          "body": ("Text_20_body", "Text body", "Standard", 0), "facts": ("Fiche", "Fiche", "Text_20_body", 0),
          "quote": ("Quotations", "Quotations", "Standard", 0),
          "bibliography": ("Bibliography_20_1", "Bibliography 1", "Standard", 0)}
_LOOK = {"Title": {"fontsize": "24pt", "fontweight": "bold"}, "Subtitle": {"fontsize": "16pt", "fontstyle": "italic"},
         "Heading_20_1": {"fontsize": "16pt", "fontweight": "bold"},
         "Heading_20_2": {"fontsize": "13pt", "fontweight": "bold"},
         "Fiche": {"fontstyle": "italic"}, "Footnote": {"fontsize": "9pt"}}
_INDENT = {"Quotations": {"marginleft": "1cm", "marginright": "1cm"},
           "Bibliography_20_1": {"marginleft": "0.6cm", "textindent": "-0.6cm"}}


def _styles(doc: OpenDocumentText, lang: str) -> dict:
    """The named paragraph styles, the footnote's, and the automatic bold / italic text styles."""
    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(language=lang, country="FR" if lang == "fr" else "GB"))
    doc.styles.addElement(default)
    made = {}
    for name, shown, parent in (("Standard", "Default Paragraph Style", None), ("Heading", "Heading", "Standard"),
                                ("Footnote", "Footnote", "Standard"),
                                *((n, s, p) for n, s, p, _ in STYLES.values())):
        if name in made:
            continue
        parents = {"parentstylename": parent} if parent else {}
        style = Style(name=name, displayname=shown, family="paragraph", **parents)
        if name in _LOOK:
            style.addElement(TextProperties(**_LOOK[name]))
        if name in _INDENT:
            style.addElement(ParagraphProperties(**_INDENT[name]))
        doc.styles.addElement(style)
        made[name] = style
    for name, props in (("T_b", {"fontweight": "bold"}), ("T_i", {"fontstyle": "italic"}),
                        ("T_bi", {"fontweight": "bold", "fontstyle": "italic"})):
        style = Style(name=name, family="text")
        style.addElement(TextProperties(**props))
        doc.automaticstyles.addElement(style)
        made[name] = style
    return made


def _add_runs(element, runs: tuple[Run, ...], styles: dict) -> None:
    for run in runs:
        text = xml_text(run.text)
        if run.bold or run.italic:
            span = Span(stylename=styles["T_bi" if run.bold and run.italic else "T_b" if run.bold else "T_i"])
            teletype.addTextToElement(span, text)
            element.addElement(span)
        else:
            teletype.addTextToElement(element, text)


def to_odt(dossier: Dossier, lang: str = "fr") -> bytes:
    """The dossier as the bytes of an .odt file."""
    doc = OpenDocumentText()
    styles = _styles(doc, lang)
    doc.meta.addElement(dc.Title(text=dossier.title))
    doc.meta.addElement(dc.Language(text=lang))
    notes = 0
    for p in dossier.paragraphs:
        name, _, _, level = STYLES[p.role]
        element = H(outlinelevel=level, stylename=styles[name]) if level else P(stylename=styles[name])
        _add_runs(element, p.runs, styles)
        if p.note:
            notes += 1
            note = Note(id=f"ftn{notes}", noteclass="footnote")
            note.addElement(NoteCitation(text=str(notes)))
            body, text = NoteBody(), P(stylename=styles["Footnote"])
            _add_runs(text, p.note, styles)
            body.addElement(text)
            note.addElement(body)
            element.addElement(note)
        doc.text.addElement(element)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


__all__ = ["STYLES", "to_odt"]
