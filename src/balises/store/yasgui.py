"""YASGUI, the SPARQL editor researchers know, served by `balises serve` at /yasgui/ over the same server's /query,
with the query library (queries/*.rq) as its saved queries; and the link that opens a given query in it.

The editor's files are vendored under static/yasgui/vendor/ (see the README there); the page around them is
static/yasgui/index.html and balises.js. The library is read here as plain text and header comments, so that the
store layer needs nothing of the query layer."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

from ..rdf.namespaces import PREFIXES
from ..rdf.sparql_text import declare_prefixes, header_fields
from .static import Page, static_file

STATIC = Path(__file__).resolve().parent / "static" / "yasgui"
PREFIX = "/yasgui/"
LIBRARY = PREFIX + "library.json"


def library(queries_dir: Path) -> list[dict[str, str]]:
    """One saved query per queries/*.rq, in file order: its slug, its title (the `# title@fr:` header line, else
    `# title:` or `# title@en:`, else the slug) and its text, with a PREFIX line for each project prefix it uses
    without declaring it (none once the file declares its own)."""
    entries = []
    for path in sorted(queries_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8", errors="replace")
        header = dict(reversed(header_fields(text)))  # the first line of a key, as the library reads it
        title = header.get("title@fr") or header.get("title") or header.get("title@en") or path.stem
        entries.append({"slug": path.stem, "title": title, "query": declare_prefixes(text, PREFIXES)})
    return entries


def yasgui_page(queries_dir: Path | None, url_path: str) -> Page | None:
    """The answer to a GET under /yasgui/: the page and the editor's files, and library.json: the library's queries
    and the project's prefixes (the results show `ter:lomme` rather than its full IRI); None elsewhere."""
    if url_path == LIBRARY:
        entries = library(queries_dir) if queries_dir is not None and queries_dir.is_dir() else []
        return Page(json.dumps({"prefixes": PREFIXES, "queries": entries}, ensure_ascii=False, indent=1)
                    .encode("utf-8"), "application/json", headers={"Cache-Control": "no-cache"})
    return static_file(STATIC, PREFIX, url_path)


def yasgui_link(base_url: str, query_text: str) -> str:
    """The address that opens the YASGUI of `balises serve` at `base_url` (http://127.0.0.1:7878, or its /query
    endpoint) on a tab holding exactly `query_text`, asked of that server: YASGUI's shareable-link form,
    `/yasgui/#query=…&endpoint=…`, every character of the text %-encoded but the unreserved ones. The text should
    declare its prefixes (rdf.sparql_text.declare_prefixes), as YASGUI sends it as it is."""
    base = base_url.rstrip("/")
    base = base.removesuffix("/query").rstrip("/")
    fragment = "&".join(f"{name}={urllib.parse.quote(value, safe='')}"
                        for name, value in (("query", query_text), ("endpoint", base + "/query")))
    return f"{base}{PREFIX}#{fragment}"
