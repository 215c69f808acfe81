"""`balises serve` offers YASGUI at /yasgui/: the page, its files, the library, nothing outside its folder, and the
editor's own requests to /query answered while other sites' stay refused."""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse

import pytest
from conftest import ROOT


def get(endpoint: str, path: str, method: str = "GET", body: bytes | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    """Status, Content-Type and body of a request sent with its path exactly as written (no normalising)."""
    url = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.getheader("Content-Type", ""), answer.read()
    finally:
        connection.close()


def test_the_page_and_every_file_it_loads_answer_with_their_type(sparql_endpoint):
    status, kind, page = get(sparql_endpoint, "/yasgui/")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    loaded = re.findall(r'(?:src|href)="([^"#:]+)"', page.decode("utf-8"))
    assert set(loaded) == {"vendor/yasgui.min.css", "balises.css", "vendor/yasgui.min.js", "balises.js"}
    for name in loaded:
        status, kind, body = get(sparql_endpoint, "/yasgui/" + name)
        expected = "text/css" if name.endswith(".css") else "text/javascript"
        assert status == 200 and kind == expected + "; charset=utf-8" and body, name
    assert get(sparql_endpoint, "/yasgui")[0] == 301
    assert get(sparql_endpoint, "/yasgui/vendor/yasgui.min.js", "HEAD")[:2] == (200, "text/javascript; charset=utf-8")


@pytest.mark.parametrize("path", ["/yasgui/../../etc/passwd", "/yasgui/%2e%2e/%2e%2e/etc/passwd",
                                  "/yasgui/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/yasgui/vendor/..%2f..%2f..%2fserver.py",
                                  "/yasgui/..%5c..%5cserver.py", "/yasgui//etc/passwd", "/yasgui/.%2e/static.py",
                                  "/yasgui/nothing.js", "/etc/passwd"])
def test_paths_that_climb_out_are_not_found(sparql_endpoint, path):
    status, _, body = get(sparql_endpoint, path)
    assert status == 404 and b"root:" not in body and b"import" not in body


def test_the_library_lists_every_query_file(sparql_endpoint):
    status, kind, body = get(sparql_endpoint, "/yasgui/library.json")
    assert (status, kind) == (200, "application/json")
    queries = json.loads(body)["queries"]
    assert [q["slug"] for q in queries] == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert all(q["title"] and q["query"] for q in queries)


def test_the_editors_requests_pass_and_other_sites_stay_refused(sparql_endpoint):
    """YASGUI POSTs `query=` form-encoded, with the page's own Origin (what Chromium sends from /yasgui/)."""
    host = urllib.parse.urlsplit(sparql_endpoint).netloc
    form = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    own = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://{host}",
           "Sec-Fetch-Site": "same-origin", "Accept": "application/sparql-results+json,*/*;q=0.9"}
    status, _, body = get(sparql_endpoint, "/query", "POST", form, own)
    assert status == 200 and json.loads(body)["boolean"] is True
    for foreign in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        status, _, _ = get(sparql_endpoint, "/query", "POST", form, {**own, "Origin": "", **foreign})
        assert status == 403, foreign
    assert get(sparql_endpoint, "/yasgui/", "POST", b"x", {"Content-Length": "1"})[0] == 404
