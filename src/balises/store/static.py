"""The files of one directory, answered under a URL prefix: the static pages `balises serve` offers beside /query.

A URL names a file only when every segment of its decoded path is a plain name: no `..` (written or %-encoded),
no hidden file, no empty segment, no backslash, and the file, symbolic links resolved, inside the directory.
Anything else is not found: nothing outside the directory can be read through it."""

from __future__ import annotations

import mimetypes
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

#: Content types of the files a page loads; others from the standard library's table.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    "": "text/plain; charset=utf-8",  # LICENSE
}


@dataclass(frozen=True)
class Page:
    """An answer of the front other than a query's: status, body, Content-Type, extra headers."""

    body: bytes
    content_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def static_file(directory: Path, prefix: str, url_path: str, index: str = "index.html") -> Page | None:
    """The file of `directory` that `url_path` (as the request line has it, %-encoded) names under `prefix`
    (ending with "/"); the prefix without its slash is redirected to it; None when the path names no file there."""
    if url_path == prefix.rstrip("/"):
        return Page(b"", "text/plain; charset=utf-8", 301, {"Location": prefix})
    if not url_path.startswith(prefix):
        return None
    names = urllib.parse.unquote(url_path[len(prefix):]).split("/")
    if names[-1] == "":
        names[-1] = index
    if any(not name or name.startswith(".") or "\\" in name or "\0" in name for name in names):
        return None
    root = directory.resolve()
    path = root.joinpath(*names).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return Page(path.read_bytes(), content_type(path.name), headers={"Cache-Control": "no-cache",
                                                                     "X-Content-Type-Options": "nosniff"})
