"""`balises docs` and `balises serve --docs`: the ontology's and the référentiel's HTML documentation shows every
class and property of ontology/balises.ttl and every enjeu and balise, and is served read-only at /docs/."""

from __future__ import annotations

import http.client
import re
import urllib.parse

import pytest

from balises.catalog.docs import PAGES, page_text
from balises.cli import main

from conftest import defined_terms, missing_from, referentiel_concepts


@pytest.fixture(scope="module")
def written(store, project_settings, tmp_path_factory):
    out = tmp_path_factory.mktemp("docs") / "out"
    code = main(["docs", "--store", str(project_settings.store), "--out", str(out)])
    assert code == 0
    return out


def test_docs_writes_the_three_pages(written):
    assert sorted(p.name for p in written.iterdir()) == sorted(PAGES)
    index = (written / "index.html").read_text(encoding="utf-8")
    assert 'href="ontology.html"' in index and 'href="referentiel.html"' in index and "0.1.0" in index


def test_every_class_and_property_of_the_ontology_is_documented(written):
    terms = defined_terms()
    assert len(terms) == 89  # the classes and properties ontology/balises.ttl defines
    text = page_text((written / "ontology.html").read_text(encoding="utf-8"))
    assert missing_from(text, terms) == []
    assert "OntPub" in text and "Balises contributors" in text


def test_the_referentiel_page_shows_the_4_enjeux_and_23_balises(written):
    concepts = referentiel_concepts()
    assert len(concepts) == 27
    text = page_text((written / "referentiel.html").read_text(encoding="utf-8"))
    assert missing_from(text, concepts) == []
    assert "E3 Créer les conditions de la confiance" in text and "Creating the conditions for trust" in text
    assert "4 enjeux, 23 balises" in text and "https://creativecommons.org/licenses/by-nc-nd/4.0/" in text


def test_the_command_says_what_it_documented(store, project_settings, tmp_path, capsys):
    assert main(["docs", "--store", str(project_settings.store), "--out", str(tmp_path / "d")]) == 0
    said = capsys.readouterr().out
    found = re.search(r"(\d+)/(\d+) classes, (\d+)/(\d+) properties, 4/4 enjeux, 23/23 balises documented", said)
    assert found and found[1] == found[2] and found[3] == found[4] and int(found[1]) >= 41 and int(found[3]) >= 47


def test_the_build_writes_them_beside_the_store(built, project_settings):
    assert project_settings.docs_dir == project_settings.store.parent / "docs"
    assert all((project_settings.docs_dir / name).is_file() for name in PAGES)
    assert "docs" in built.timings


def test_without_a_store_a_clear_message(tmp_path, capsys):
    assert main(["docs", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "d")]) == 2
    assert "balises build" in capsys.readouterr().err


def get(root: str, path: str, method: str = "GET") -> tuple[int, str, bytes]:
    """A request with its path sent as written (no client-side clean-up of `..`)."""
    url = urllib.parse.urlsplit(root)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("page", ["/docs/", "/docs/index.html", "/docs/ontology.html", "/docs/referentiel.html"])
def test_serve_docs_gives_the_pages(docs_server, page):
    status, kind, body = get(docs_server, page)
    assert (status, kind) == (200, "text/html; charset=utf-8") and b"</html>" in body


@pytest.mark.parametrize("path", ["/docs/../../etc/passwd", "/docs/%2e%2e/%2e%2e/etc/passwd",
                                  "/docs/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/docs/..%2f..%2f..%2fetc/passwd",
                                  "/docs/../store/manifest.json", "/docs/%2e%2e/.store.lock"])
def test_serve_docs_refuses_traversal(docs_server, path):
    status, _, body = get(docs_server, path)
    assert status == 404 and b"root:" not in body


def test_serve_docs_is_read_only(docs_server):
    status, _, body = get(docs_server, "/docs/index.html", "POST")
    assert status == 404 and b"read-only" in body
    assert get(docs_server, "/docs/index.html", "DELETE")[0] == 405
    assert get(docs_server, "/docs")[0] == 301
    status, _, body = get(docs_server, "/query?query=" + urllib.parse.quote("ASK {}"))
    assert status == 200, "the SPARQL endpoint answers beside the documentation"


def test_a_half_written_pylode_cache_is_written_again(tmp_path, monkeypatch):
    """pyLODE's pickled background, left half-written by two builds at once on a fresh install, is checked under a
    lock and written again, instead of failing every later build."""
    import pickle
    import shutil

    from pylode import utils

    from balises.catalog.docs import _background_ready

    folder = tmp_path / "rdf"
    shutil.copytree(utils.RDF_FOLDER, folder)
    (folder / "refs.pickle").write_bytes(b"\x01half")
    (folder / "refs_titles.pickle").unlink(missing_ok=True)
    monkeypatch.setattr(utils, "RDF_FOLDER", folder)
    _background_ready()
    for name in ("refs.pickle", "refs_titles.pickle"):
        with open(folder / name, "rb") as handle:
            assert pickle.load(handle)
