"""Bad input, table-driven: every case is a `balises` command a user could type, with a file, an option, an
environment variable or a fault the machine could throw at it. Each must end with the expected exit code (1: the
data does not conform; 2: unreadable input, bad option, refused query), a message naming the file, field or value
(a fragment is asserted), no traceback, and the store exactly as it was (same version, same inputs hash, same
number of quads, nothing left beside it).

The Turtle fixtures of tests/bad_inputs/ run through `balises build` here (tests/integration/test_pipeline_inputs.py checks
that the validation names their entity, file and line); the other cases are written below.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from conftest import BAD_INPUTS, make_home

from balises.cli import main
from balises.pipeline.build import build
from balises.query.run import run_sparql
from balises.store import open_store
from balises.store.oxigraph import read_manifest
from balises.store.versions import build_lock, current, stray

BAD = BAD_INPUTS


@dataclass
class Case:
    id: str
    argv: list[str]
    code: int
    expect: str
    files: dict[str, str | bytes] = field(default_factory=dict)  # written under the home (or {tmp}) for the case
    env: dict[str, str] = field(default_factory=dict)
    setup: Callable | None = None  # (home, tmp) -> context manager, for faults that are not files
    skip: str | None = None


def header(rest: str) -> str:
    return f"# title@fr: t\n# title@en: t\n# question: q\n# user: researcher\n{rest}\n"


SHEET = """document: doc:000
territoire:
  nom: Testville
  nature: commune
{extra}"""


def fixture_cases() -> list[Case]:
    cases = []
    for path in sorted(BAD.glob("*.ttl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        entity = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("# expect-entity:"))
        expect = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("# expect:"))
        code = 2 if entity == "input" else 1
        cases.append(Case(f"data-{path.stem}", ["build", "--no-reasoner"], code, expect,
                          files={f"data/{path.name}": path.read_text(encoding="utf-8")}))
    return cases


@contextmanager
def nothing(home, tmp):
    yield


def made(create: Callable, remove: Callable) -> Callable:
    """A setup that makes something under the home for the case (create(home, tmp)) and unmakes it after."""
    def setup(home, tmp):
        @contextmanager
        def context():
            create(home, tmp)
            try:
                yield
            finally:
                remove(home, tmp)
        return context()
    return setup


def _closed_file(home, tmp):
    path = home / "data" / "ferme.ttl"
    path.write_text("# nothing\n", encoding="utf-8")
    path.chmod(0)


fifo = made(lambda home, tmp: os.mkfifo(home / "data" / "tube.ttl"),
            lambda home, tmp: (home / "data" / "tube.ttl").unlink())
dangling_link = made(lambda home, tmp: (home / "data" / "lien.ttl").symlink_to(tmp / "absent.ttl"),
                     lambda home, tmp: (home / "data" / "lien.ttl").unlink())
folder_named_ttl = made(lambda home, tmp: (home / "data" / "dossier.ttl").mkdir(),
                        lambda home, tmp: (home / "data" / "dossier.ttl").rmdir())
unreadable = made(_closed_file, lambda home, tmp: (home / "data" / "ferme.ttl").unlink())


def build_running(home, tmp):
    return build_lock(home / ".balises" / "store")


def busy_port(home, tmp):
    @contextmanager
    def held():
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            sock.listen()
            os.environ["BALISES_TEST_PORT"] = str(sock.getsockname()[1])
            try:
                yield
            finally:
                del os.environ["BALISES_TEST_PORT"]
    return held()


def broken_endpoint(home, tmp):
    """An HTTP server that answers every query with 200 and a body that is not SPARQL JSON."""
    class Broken(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": '
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    @contextmanager
    def served():
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Broken)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        os.environ["BALISES_ENDPOINT"] = f"http://127.0.0.1:{server.server_address[1]}/query"
        try:
            yield
        finally:
            del os.environ["BALISES_ENDPOINT"]
            server.shutdown()
            server.server_close()
    return served()


#: Numbers sorted with texts whose spelling disagrees with their value: Oxigraph 0.5 aborts on it (the values are
#: in the query, so the abort does not depend on the graph: 300 pairs are enough, 100 are not).
MIXED = " ".join(f'{i * 37 % 997} "{i * 53 % 1000}-x"' for i in range(300))
ORDER_BY = header(f"SELECT ?c WHERE {{ VALUES ?c {{ {MIXED} }} }} ORDER BY ?c")
CARTESIAN = header("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
LONG_LINE = "Lomme " * 900_000

CASES: list[Case] = fixture_cases() + [
    # --- input files that are not Turtle files
    Case("data-not-utf8", ["build"], 2, "not UTF-8", files={"data/latin1.ttl": "# é\n".encode("latin-1")}),
    Case("data-fifo", ["build"], 2, "not a regular file", setup=fifo),
    Case("data-fifo-validate", ["validate"], 2, "not a regular file", setup=fifo),
    Case("data-dangling-link", ["build"], 2, "does not exist", setup=dangling_link),
    Case("data-folder-named-ttl", ["build"], 2, "a directory", setup=folder_named_ttl),
    Case("data-unreadable", ["build"], 2, "permission denied", setup=unreadable,
         skip="root reads any file" if os.geteuid() == 0 else None),
    Case("data-over-10-mib", ["build"], 2, "at most 10 MiB",
         files={"data/enorme.ttl": "# " + "x" * 100 + "\n" * 1 + ("# padding line\n" * 760_000)}),
    Case("corpus-not-utf8", ["build"], 2, "not UTF-8",
         files={"data/contrib/sources/latin1.txt": "Texte à citer.".encode("latin-1"),
                "data/doc-latin1.ttl": """@prefix bal: <https://w3id.org/balises/def#> .
@prefix doc: <https://w3id.org/balises/document/> .
@prefix cit: <https://w3id.org/balises/citation/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix ref: <https://w3id.org/balises/referentiel/> .
@prefix prj: <https://w3id.org/balises/projet/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
doc:t-latin1 a bal:SourceDocument ; rdfs:label "Latin-1"@fr ; bal:fileName "latin1.txt" .
cit:t-latin1 a bal:Evidence ; rdfs:label "c"@fr ; oa:hasTarget [ oa:hasSource doc:t-latin1 ;
  oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Texte à citer." ] ] ; bal:illustrates ref:T3 ;
  bal:about prj:t-tri ; prov:wasDerivedFrom doc:t-latin1 .
"""}),
    Case("orphan-blank-node", ["validate"], 1, "hangs from no named entity",
         files={"data/orphelin.ttl": '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n[] rdfs:label "seul"@fr .\n'}),
    Case("validate-negative-population", ["validate"], 1, "above 0",
         files={"data/moins.ttl": (BAD / "negative-population.ttl").read_text(encoding="utf-8")}),
    Case("build-extra-missing-dir", ["build", "--extra", "{tmp}/absent"], 1, "not a directory"),
    Case("build-while-another-runs", ["build", "--force"], 2, "another build", setup=build_running),
    # --- settings
    Case("timeout-not-a-number", ["stats"], 2, "BALISES_QUERY_TIMEOUT", env={"BALISES_QUERY_TIMEOUT": "abc"}),
    Case("timeout-negative", ["stats"], 2, "BALISES_QUERY_TIMEOUT", env={"BALISES_QUERY_TIMEOUT": "-1"}),
    Case("timeout-nan", ["stats"], 2, "BALISES_QUERY_TIMEOUT", env={"BALISES_QUERY_TIMEOUT": "nan"}),
    Case("timeout-inf", ["stats"], 2, "BALISES_QUERY_TIMEOUT", env={"BALISES_QUERY_TIMEOUT": "inf"}),
    Case("memory-not-a-number", ["stats"], 2, "BALISES_QUERY_MEMORY_MB", env={"BALISES_QUERY_MEMORY_MB": "lots"}),
    Case("endpoint-not-http", ["stats"], 2, "not an http(s)", env={"BALISES_ENDPOINT": "ftp://example.org/x"}),
    Case("endpoint-unreachable", ["query", "01"], 2, "cannot reach", env={"BALISES_ENDPOINT": "http://127.0.0.1:9/q"}),
    Case("endpoint-broken-json", ["query", "01"], 2, "not a SPARQL result", setup=broken_endpoint),
    Case("store-missing", ["stats", "--store", "{tmp}/nowhere"], 2, "balises build"),
    Case("store-missing-query", ["query", "01", "--store", "{tmp}/nowhere"], 2, "no store"),
    # --- query: library parameters
    Case("query-unknown", ["query", "99"], 2, "unknown query"),
    Case("query-param-not-iri", ["query", "01", "-p", "territory=not an iri"], 2, "not an IRI"),
    Case("query-param-unknown", ["query", "01", "-p", "nope=1"], 2, "has no parameter"),
    Case("query-param-without-value", ["query", "01", "-p", "territory"], 2, "NAME=VALUE"),
    Case("query-param-hostile", ["query", "01", "-p", 'territory=ter:x> } ; DROP ALL ; #'], 2, "not an IRI"),
    Case("query-param-integer", ["query", "03", "-p", "limit=beaucoup"], 2, "parameter"),
    # --- query: a file of the user's own
    Case("query-file-service", ["query", "{tmp}/q.rq"], 2, "SERVICE",
         files={"{tmp}/q.rq": header("SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")}),
    Case("query-file-service-silent", ["query", "{tmp}/q.rq"], 2, "SERVICE",
         files={"{tmp}/q.rq": header("select * where { service silent ?x { ?s ?p ?o } }")}),
    Case("query-file-insert", ["query", "{tmp}/q.rq"], 2, "refused",
         files={"{tmp}/q.rq": header("INSERT DATA { <a:b> <a:c> <a:d> }")}),
    Case("query-file-load", ["query", "{tmp}/q.rq"], 2, "refused", files={"{tmp}/q.rq": header("LOAD <http://x/>")}),
    Case("query-file-order-by-abort", ["query", "{tmp}/q.rq"], 2, "ORDER BY", files={"{tmp}/q.rq": ORDER_BY}),
    Case("query-file-order-by-abort-csv", ["query", "{tmp}/q.rq", "--format", "csv"], 2, "ORDER BY",
         files={"{tmp}/q.rq": ORDER_BY}),
    # the line of the user's file, as Oxigraph counts it in that text alone (not 31 lines further for the prefixes)
    Case("query-file-syntax", ["query", "{tmp}/q.rq"], 2, "error at 7:13",
         files={"{tmp}/q.rq": header("SELECT ?x WHERE {\n  FILTER(?x = )\n  ?a ?b ?c .\n}")}),
    Case("query-file-timeout", ["query", "{tmp}/q.rq"], 2, "stopped after 1 s",
         files={"{tmp}/q.rq": CARTESIAN}, env={"BALISES_QUERY_TIMEOUT": "1"}),
    Case("query-file-memory", ["query", "{tmp}/q.rq"], 2, "MiB of memory",
         files={"{tmp}/q.rq": header("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a")},
         env={"BALISES_QUERY_MEMORY_MB": "900", "BALISES_QUERY_TIMEOUT": "60"}),
    Case("query-file-not-utf8", ["query", "{tmp}/q.rq"], 2, "not UTF-8",
         files={"{tmp}/q.rq": header("SELECT * WHERE { ?s ?p 'é' }").encode("latin-1")}),
    # a file without the library's header runs as an ad-hoc query: its own errors are still counted in its lines
    Case("query-file-no-header", ["query", "{tmp}/q.rq"], 2, "error at 2:",
         files={"{tmp}/q.rq": "SELECT * WHERE {\n  ?s a bal:Project ; ?p }"}),
    Case("query-file-too-big", ["query", "{tmp}/q.rq"], 2, "at most 1024 KiB",
         files={"{tmp}/q.rq": header("SELECT * WHERE { ?s ?p ?o }" + " " * 1_100_000)}),
    Case("query-file-missing", ["query", "{tmp}/absent.rq"], 2, "unknown query"),
    Case("query-file-is-a-folder", ["query", "{tmp}"], 2, "unknown query"),
    # --- analogues
    Case("analogues-negative-population", ["analogues", "population=-5"], 2, "number of inhabitants"),
    Case("analogues-population-text", ["analogues", "population=beaucoup"], 2, "not a valid value"),
    Case("analogues-lat-inf", ["analogues", "lat=inf"], 2, "latitude"),
    Case("analogues-lat-nan", ["analogues", "lat=nan"], 2, "latitude"),
    Case("analogues-lat-out-of-range", ["analogues", "lat=95"], 2, "latitude"),
    Case("analogues-long-text", ["analogues", "long=est"], 2, "not a valid value"),
    Case("analogues-unknown-key", ["analogues", "taille=10"], 2, "unknown profile key"),
    Case("analogues-unknown-enjeu", ["analogues", "enjeux=bonheur"], 2, "unknown enjeu"),
    Case("analogues-unknown-territory", ["analogues", "ter:nulle-part"], 2, "unknown territory"),
    Case("analogues-empty", ["analogues", ""], 2, "unknown territory"),
    Case("analogues-top-zero", ["analogues", "ter:t-lomme", "--top", "0"], 2, "above 0"),
    # --- network, export, stats
    Case("network-export-missing-folder", ["network", "--export", "gexf", "{tmp}/absent/reseau.gexf"], 2,
         "does not exist"),
    Case("network-export-to-a-folder", ["network", "--export", "csv", "{tmp}"], 2, "it is a folder"),
    Case("network-export-bad-format", ["network", "--export", "pdf", "{tmp}/r.pdf"], 2, "gexf, graphml or csv"),
    Case("network-top-negative", ["network", "--top", "-1"], 2, "above 0"),
    Case("export-bad-format", ["export", "--format", "xml"], 2, "invalid choice"),
    Case("export-owl-named-graphs", ["export", "--owl", "--format", "trig"], 2, "OWL has no named graphs"),
    # --- serve (options refused before anything starts)
    Case("serve-port-too-big", ["serve", "--port", "99999"], 2, "not a port number"),
    Case("serve-port-text", ["serve", "--port", "http"], 2, "not a port number"),
    Case("serve-timeout-nan", ["serve", "--timeout", "nan"], 2, "--timeout"),
    Case("serve-timeout-negative", ["serve", "--timeout", "-5"], 2, "--timeout"),
    Case("serve-timeout-inf", ["serve", "--timeout", "inf"], 2, "--timeout"),
    Case("serve-max-body-zero", ["serve", "--max-body-kb", "0"], 2, "above 0"),
    Case("serve-no-store", ["serve", "--store", "{tmp}/nowhere"], 2, "no store"),
    Case("serve-busy-port", ["serve", "--port", "{port}"], 2, "cannot listen", setup=busy_port),
    # --- ingest
    Case("ingest-missing-sheet", ["ingest", "{tmp}/absente.yaml"], 2, "file not found"),
    Case("ingest-sheet-is-a-folder", ["ingest", "{tmp}"], 2, "not a file"),
    Case("ingest-sheet-not-utf8", ["ingest", "{tmp}/f.yaml"], 2, "UTF-8",
         files={"{tmp}/f.yaml": SHEET.format(extra="  commentaire: é\n").encode("latin-1")}),
    Case("ingest-sheet-not-yaml", ["ingest", "{tmp}/f.yaml"], 2, "YAML", files={"{tmp}/f.yaml": "territoire: [\n"}),
    Case("ingest-sheet-too-deep", ["ingest", "{tmp}/f.yaml"], 2, "nested too deeply",
         files={"{tmp}/f.yaml": "territoire: " + "[" * 5000 + "]" * 5000 + "\n"}),
    Case("ingest-sheet-too-big", ["ingest", "{tmp}/f.yaml"], 2, "more than 1000 KB",
         files={"{tmp}/f.yaml": "# " + "x" * 1_100_000 + "\n"}),
    Case("ingest-yaml-bomb", ["ingest", "{tmp}/f.yaml"], 1, "",
         files={"{tmp}/f.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"}),
    Case("ingest-negative-population", ["ingest", "{tmp}/f.yaml", "--dry-run"], 1, "above 0",
         files={"{tmp}/f.yaml": SHEET.format(extra="  population:\n    valeur: -5\n    en date de: \"2023\"\n")}),
    Case("ingest-id-not-an-iri", ["ingest", "{tmp}/f.yaml", "--dry-run"], 1, "not an identifier",
         files={"{tmp}/f.yaml": SHEET.format(extra='  id: \'ter:a>b "c"\'\n')}),
    Case("ingest-source-dev-zero", ["ingest", "{tmp}/f.yaml", "--source", "/dev/zero"], 2, "not a regular file",
         files={"{tmp}/f.yaml": SHEET.format(extra="")}),
    Case("ingest-source-missing", ["ingest", "{tmp}/f.yaml", "--source", "/nonexistent.txt"], 2, "file not found",
         files={"{tmp}/f.yaml": SHEET.format(extra="")}),
    Case("ingest-source-folder", ["ingest", "{tmp}/f.yaml", "--source", "{tmp}"], 2, "not a regular file",
         files={"{tmp}/f.yaml": SHEET.format(extra="")}),
    Case("ingest-out-unwritable", ["ingest", "{tmp}/f.yaml", "--out", "/proc/balises"], 2, "cannot write",
         files={"{tmp}/f.yaml": SHEET.format(extra="")}),
    # --- suggest
    Case("suggest-missing", ["suggest", "{tmp}/absent.txt"], 2, "file not found"),
    Case("suggest-folder", ["suggest", "{tmp}"], 2, "not a text file"),
    Case("suggest-binary", ["suggest", "{tmp}/t.txt"], 2, "binary", files={"{tmp}/t.txt": b"\x00\x01\x02" * 100}),
    Case("suggest-latin1", ["suggest", "{tmp}/t.txt"], 2, "UTF-8",
         files={"{tmp}/t.txt": "La commune a réuni les habitants.".encode("latin-1")}),
    Case("suggest-one-line-5mb", ["suggest", "{tmp}/t.txt"], 2, "characters", files={"{tmp}/t.txt": LONG_LINE}),
    Case("suggest-out-missing-folder", ["suggest", "{tmp}/t.txt", "--out", "{tmp}/absent/x.yaml"], 2,
         "does not exist", files={"{tmp}/t.txt": "La commune de Lomme réunit ses habitants."}),
]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    settings = make_home(tmp_path_factory.mktemp("bad-inputs") / "home")
    build(settings, use_hermit=False)
    return settings


def fingerprint(settings) -> tuple:
    """What must not change: the current version, its inputs hash, its quads, and nothing beside it."""
    store = open_store(settings)
    try:
        count = int(run_sparql(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0])
    finally:
        store.close()
    return current(settings.store).name, read_manifest(settings.store)["inputs_hash"], count, tuple(stray(settings.store))


def test_the_table_is_large():
    assert len(CASES) >= 100
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_a_clear_message_and_the_store_is_untouched(case, home, tmp_path, capsys, monkeypatch):
    if case.skip:
        pytest.skip(case.skip)
    before = fingerprint(home)
    monkeypatch.setenv("BALISES_HOME", str(home.home))
    monkeypatch.setenv("BALISES_STORE", str(home.store))
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    written = []
    for name, content in case.files.items():
        path = Path(name.replace("{tmp}", str(tmp_path))) if name.startswith("{tmp}") else home.home / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
        written.append(path)
    try:
        with (case.setup or nothing)(home.home, tmp_path):
            argv = [a.replace("{tmp}", str(tmp_path)).replace("{port}", os.environ.get("BALISES_TEST_PORT", ""))
                    for a in case.argv]
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse refuses an option: exit 2 and its usage message
                code = exc.code
    finally:
        for path in written:
            if path.is_relative_to(home.home):
                path.unlink()
        shutil.rmtree(home.data_dir / "contrib", ignore_errors=True)
    out, err = capsys.readouterr()
    said = out + err
    assert code == case.code, f"exit {code}, expected {case.code}:\n{said[-2000:]}"
    assert case.expect in said, said[-2000:]
    assert "Traceback" not in said and "internal error" not in said, said[-2000:]
    assert fingerprint(home) == before
