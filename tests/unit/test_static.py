"""store/static.py: the files of one folder under a URL prefix, and nothing else (the server's part: test_docs.py)."""

from __future__ import annotations

import pytest

from balises.store.static import Mount, answer

TRAVERSALS = ["/docs/../secret.txt", "/docs/../../etc/passwd", "/docs/%2e%2e/secret.txt", "/docs/%2E%2E/secret.txt",
              "/docs/..%2fsecret.txt", "/docs/%2e%2e%2fsecret.txt", "/docs/%2e%2e%5csecret.txt",
              "/docs/sub/../../secret.txt", "/docs/%252e%252e/secret.txt", "/docs//etc/passwd", "/docs/%2fetc/passwd",
              "/docs/.hidden.html", "/docs/out", "/docs/out/secret.txt", "/docs/index.html%00.txt", "/docs/%ff",
              "/docs/missing.html", "/docs/sub/"]


@pytest.fixture
def mount(tmp_path):
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text("<p>index</p>", encoding="utf-8")
    (site / "ontology.html").write_text("<p>ontologie é</p>", encoding="utf-8")
    (site / "style.css").write_text("p {}", encoding="utf-8")
    (site / "sub" / "page.html").write_text("<p>sub</p>", encoding="utf-8")
    (site / ".hidden.html").write_text("temporary", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (site / "out").symlink_to(tmp_path)  # a link that leads out of the folder
    return Mount("/docs/", site)


def body(reply) -> bytes:
    if isinstance(reply.body, bytes):
        return reply.body
    with reply.body:
        return reply.body.read()


@pytest.mark.parametrize("path, expected, kind", [
    ("/docs/", b"<p>index</p>", "text/html; charset=utf-8"),
    ("/docs/index.html", b"<p>index</p>", "text/html; charset=utf-8"),
    ("/docs/ontology.html", "<p>ontologie é</p>".encode(), "text/html; charset=utf-8"),
    ("/docs/style.css", b"p {}", "text/css; charset=utf-8"),
    ("/docs/sub/page.html", b"<p>sub</p>", "text/html; charset=utf-8"),
    ("/docs/%6fntology.html", "<p>ontologie é</p>".encode(), "text/html; charset=utf-8"),
])
def test_the_folder_s_files_with_their_type(mount, path, expected, kind):
    reply = answer(mount, path)
    assert (reply.status, reply.content_type, reply.length, body(reply)) == (200, kind, len(expected), expected)
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_the_folder_nor_hidden_nor_missing(mount, path):
    reply = answer(mount, path)
    assert reply.status == 404 and b"secret" not in body(reply)


def test_the_prefix_without_its_slash_is_redirected(mount):
    reply = answer(mount, "/docs")
    assert (reply.status, reply.headers["Location"]) == (301, "/docs/")
    assert mount.owns("/docs") and mount.owns("/docs/x") and not mount.owns("/docsx") and not mount.owns("/query")


def test_a_prefix_must_be_a_folder_path(tmp_path):
    with pytest.raises(ValueError, match="starts and ends with '/'"):
        Mount("docs", tmp_path)
