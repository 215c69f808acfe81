"""The YASGUI of `balises serve`, without a server: its static files (nothing outside their folder), the library it
opens as tabs, and the link that opens a query in it."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from conftest import ROOT

from balises.store.static import static_file
from balises.store.yasgui import LIBRARY, STATIC, library, yasgui_link, yasgui_page


def test_static_files_answer_with_their_type(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "sub" / "app.js").write_text("1")
    page = static_file(tmp_path, "/x/", "/x/")
    assert (page.status, page.body, page.content_type) == (200, b"<p>home</p>", "text/html; charset=utf-8")
    assert static_file(tmp_path, "/x/", "/x/sub/app.js").content_type == "text/javascript; charset=utf-8"
    assert static_file(tmp_path, "/x/", "/x/sub/%61pp.js").body == b"1"
    moved = static_file(tmp_path, "/x/", "/x")
    assert (moved.status, moved.headers["Location"]) == (301, "/x/")


@pytest.mark.parametrize("path", ["/x/../secret", "/x/%2e%2e/secret", "/x/%2E%2E%2Fsecret", "/x/sub/..%2f..%2fsecret",
                                  "/x/.hidden", "/x//etc/passwd", "/x/%2fetc%2fpasswd", "/x/sub/..\\..\\secret",
                                  "/x/link", "/x/sub", "/x/none.js", "/y/index.html", "/x/%00", "/x/%ff"])
def test_nothing_outside_the_folder_or_hidden_is_served(tmp_path, path):
    (tmp_path / "secret").write_text("no")
    served = tmp_path / "served"
    (served / "sub").mkdir(parents=True)
    (served / "index.html").write_text("ok")
    (served / ".hidden").write_text("no")
    (served / "link").symlink_to(tmp_path / "secret")
    assert static_file(served, "/x/", path) is None


def test_the_library_has_one_entry_per_query_file_titled_in_french():
    entries = library(ROOT / "queries")
    assert [e["slug"] for e in entries] == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    first = entries[0]
    assert first["slug"] == "01-territory-profile" and first["title"] == "Profil d'un territoire"
    assert first["query"].startswith("# title@fr: Profil d'un territoire\n")
    for entry in entries:  # every project prefix the text uses is declared in it
        declared = set(re.findall(r"PREFIX\s+(\w+):", entry["query"]))
        assert {"bal", "rdfs"} & set(re.findall(r"\b(bal|rdfs):\w", entry["query"])) <= declared, entry["slug"]
    answer = json.loads(yasgui_page(ROOT / "queries", LIBRARY).body)
    assert answer["queries"] == entries and answer["prefixes"]["ter"] == "https://w3id.org/balises/territoire/"


def test_the_page_and_the_vendored_editor_are_package_files():
    for name in ("index.html", "balises.js", "balises.css", "vendor/yasgui.min.js", "vendor/yasgui.min.css",
                 "vendor/LICENSE", "vendor/README.md"):
        assert (STATIC / name).is_file(), name
    assert yasgui_page(None, "/yasgui/vendor/yasgui.min.js").content_type.startswith("text/javascript")
    assert json.loads(yasgui_page(None, LIBRARY).body)["queries"] == []


TEXT = '# « é » & 100% + ; #x=1\nSELECT ?l WHERE { ?s <http://e/p?a=1&b=2#c> ?l FILTER(?l != "a+b c") }\n'


@pytest.mark.parametrize("base", ["http://127.0.0.1:7878", "http://127.0.0.1:7878/", "http://127.0.0.1:7878/query"])
def test_the_link_carries_the_text_as_yasgui_reads_it(base):
    link = yasgui_link(base, TEXT)
    assert link.startswith("http://127.0.0.1:7878/yasgui/#query=")
    # YASGUI reads its link's fragment with jsuri: pairs split on & and ;, "+" taken for a space, then decoded
    pairs = [pair.split("=", 1) for pair in re.split("[&;]", link.split("#", 1)[1])]
    read = {name: urllib.parse.unquote(value.replace("+", "%20")) for name, value in pairs}
    assert read == {"query": TEXT, "endpoint": "http://127.0.0.1:7878/query"}
