"""The dossier as a file: one pure function for the CLI and the explorer's download buttons.

    data, filename, mime = dossier_bytes(store, bank, Selection("balise", "E3"), "docx")
    data, filename, mime = dossier_bytes(store, bank, Selection("quotes", tuple(basket)), "odt")

`bank` is the explorer's StoreBank (quotes/search.py `open_bank`); `corpus_dir` (settings.corpus_dir), when
given, lets the balise's definition be cited with its line. The formats: docx, odt, md (the dossier), and bib,
csl-json, ris (the references of the documents it cites, for Zotero and other reference managers).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import QueryError
from ..quotes.references import to_bibtex, to_csl_json, to_ris
from ..quotes.search import StoreBank
from ..store import GraphStore
from .blocks import Dossier
from .content import compose_dossier, slug
from .docx_file import to_docx
from .markdown_file import to_markdown
from .odt_file import to_odt
from .selection import Selection

#: format -> (file extension, MIME type)
FORMATS = {
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": ("odt", "application/vnd.oasis.opendocument.text"),
    "md": ("md", "text/markdown; charset=utf-8"),
    "bib": ("bib", "application/x-bibtex; charset=utf-8"),
    "csl-json": ("json", "application/vnd.citationstyles.csl+json"),
    "ris": ("ris", "application/x-research-info-systems; charset=utf-8"),
}
DOSSIER_FORMATS = ("docx", "odt", "md")


def render(dossier: Dossier, fmt: str, lang: str = "fr") -> bytes:
    """A composed dossier in one of FORMATS."""
    if fmt == "docx":
        return to_docx(dossier, lang)
    if fmt == "odt":
        return to_odt(dossier, lang)
    if fmt == "md":
        return to_markdown(dossier).encode("utf-8")
    if fmt == "bib":
        return to_bibtex(dossier.references).encode("utf-8")
    if fmt == "csl-json":
        return to_csl_json(dossier.references, lang).encode("utf-8")
    if fmt == "ris":
        return to_ris(dossier.references, lang).encode("utf-8")
    raise QueryError(f"unknown dossier format {fmt!r}: one of {', '.join(FORMATS)}")


def filename(dossier: Dossier, fmt: str) -> str:
    return named(dossier.slug, fmt)


def named(stem: str, fmt: str) -> str:
    ext = FORMATS[fmt][0]
    return f"{stem}.{ext}" if fmt in DOSSIER_FORMATS else f"{stem}-references.{ext}"


def file_name_of(kind: str, name: str, fmt: str) -> str:
    """The file name of the dossier of an entity known by its notation or CURIE (or of a list of quotes), before
    it is composed: the explorer names its download buttons with it."""
    return named(slug(kind, name), fmt)


def dossier_bytes(store: GraphStore, bank: StoreBank, selection: Selection, fmt: str = "docx", lang: str = "fr",
                  corpus_dir: Path | None = None) -> tuple[bytes, str, str]:
    """(the file's bytes, its file name, its MIME type) of a selection's dossier in a format of FORMATS."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown dossier format {fmt!r}: one of {', '.join(FORMATS)}")
    dossier = compose_dossier(store, bank, selection, lang, corpus_dir)
    return render(dossier, fmt, lang), filename(dossier, fmt), FORMATS[fmt][1]


__all__ = ["DOSSIER_FORMATS", "FORMATS", "dossier_bytes", "file_name_of", "filename", "render"]
