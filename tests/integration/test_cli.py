"""The `balises` command: exit codes, messages without tracebacks, and the same functions as the library."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import BAD_INPUTS, make_home

from balises.cli import main

BAD = BAD_INPUTS


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_exit_codes(tmp_path, capsys, monkeypatch):
    settings = make_home(tmp_path / "home")
    monkeypatch.setenv("BALISES_HOME", str(settings.home))
    monkeypatch.setenv("BALISES_STORE", str(settings.store))
    code, out, _ = run(capsys, "validate")
    assert code == 0 and "conforms" in out
    shutil.copy(BAD / "project-without-territory.ttl", settings.data_dir)
    code, out, _ = run(capsys, "validate")
    assert code == 1 and "prj:t-sans-territoire" in out and "project-without-territory.ttl:" in out
    (settings.data_dir / "project-without-territory.ttl").unlink()
    shutil.copy(BAD / "malformed-turtle.ttl", settings.data_dir)
    code, _, err = run(capsys, "validate")
    assert code == 2 and "malformed-turtle.ttl:" in err and "Traceback" not in err


def test_build_failure_keeps_store_and_says_why(tmp_path, capsys, monkeypatch):
    settings = make_home(tmp_path / "home")
    monkeypatch.setenv("BALISES_HOME", str(settings.home))
    monkeypatch.setenv("BALISES_STORE", str(settings.store))
    assert run(capsys, "build", "--no-reasoner")[0] == 0
    code, out, _ = run(capsys, "build")
    assert code == 0 and "up to date" in out
    shutil.copy(BAD / "quote-not-in-source.ttl", settings.data_dir)
    code, _, err = run(capsys, "build", "--no-reasoner")
    assert code == 1 and "cit:t-inventee" in err and "not changed" in err
    code, out, _ = run(capsys, "query", "01", "--param", "territory=ter:t-lomme", "--format", "csv")
    assert code == 0 and "Lomme" in out


def test_missing_store_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BALISES_STORE", str(tmp_path / "none"))
    code, _, err = run(capsys, "stats")
    assert code == 2 and "balises build" in err


def test_query_stats_export(project_settings, built, capsys, monkeypatch):
    monkeypatch.setenv("BALISES_STORE", str(project_settings.store))
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0 and "01-territory-profile" in out
    code, out, _ = run(capsys, "query", "01-territory-profile", "-p", "territory=ter:lomme", "--format", "json")
    assert code == 0 and json.loads(out)["results"]["bindings"][0]["label"]["value"] == "Lomme"
    code, _, err = run(capsys, "query", "01", "-p", "territory=} DROP ALL {")
    assert code == 2 and "not an IRI" in err
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "bal:Balise" in out and "23" in out
    assert "per balise" in out and "S’engager, c’est voyager" in out and "per document" in out
    code, out, _ = run(capsys, "stats", "--format", "json")
    stats = json.loads(out)
    per_balise = {b["notation"]["value"]: int(b["quotes"]["value"]) for b in stats["per balise"]["results"]["bindings"]}
    assert len(per_balise) == 23 and min(per_balise.values()) >= 1
    per_doc = {b["document"]["value"].rsplit("/", 1)[-1]: int(b["quotes"]["value"])
               for b in stats["per document"]["results"]["bindings"]}
    assert sum(per_doc.values()) == stats["classes"]["bal:Evidence"]
    code, out, _ = run(capsys, "query", "--list", "--lang", "en")
    assert "Territory profile" in out


def test_console_script_exports_nquads(project_settings, built):
    exe = Path(sys.executable).parent / "balises"
    proc = subprocess.run([str(exe), "export", "--format", "nquads", "--all", "--store", str(project_settings.store)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    from balises.store.oxigraph import read_manifest

    # every quad, after one line of comment (version, date, licence)
    assert proc.stdout.count("\n") == read_manifest(project_settings.store)["triples"] + 1
    assert proc.stdout.startswith("# Balises ") and "licence MIT" in proc.stdout.splitlines()[0]


def test_export_defaults_to_the_knowledge_graphs(project_settings, built, capsys, monkeypatch):
    from rdflib import Dataset

    monkeypatch.setenv("BALISES_STORE", str(project_settings.store))
    graphs = {}
    for fmt, rdflib_format in (("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")):
        code, out, _ = run(capsys, "export", "--format", fmt)
        assert code == 0
        data = Dataset()
        data.parse(data=out, format=rdflib_format)
        graphs[fmt] = {str(g.identifier) for g in data.graphs() if len(g)}
    assert graphs["trig"] == graphs["nquads"] == graphs["jsonld"]
    names = graphs["trig"]
    assert {"https://w3id.org/balises/graphe/infere", "https://w3id.org/balises/graphe/reference/cog",
            "https://w3id.org/balises/graphe/description"} <= names
    assert not names & {"https://w3id.org/balises/graphe/recherche", "https://w3id.org/balises/graphe/resultats"}
    assert "http://anonymous" not in out  # no stray ontology node of the reasoner

