"""An IRI parameter of `balises query` given by its label: the thing it names, the candidates when several things
bear it, the nearest labels when none does."""

from __future__ import annotations

import pytest

from balises.cli import main


@pytest.fixture
def cli(project_settings, store, monkeypatch, capsys):
    monkeypatch.setenv("BALISES_STORE", str(project_settings.store))

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_a_label_names_what_the_iri_names(cli):
    by_iri = cli("query", "05", "-p", "project=prj:lil-o", "--format", "csv")
    assert by_iri[0] == 0 and len(by_iri[1].splitlines()) > 5
    for label in ("Lil'Ô", "Lil’Ô", "lil'ô"):
        assert cli("query", "05", "-p", f"project={label}", "--format", "csv")[:2] == by_iri[:2], label


def test_an_ambiguous_or_unknown_label_says_what_to_give(cli):
    code, _, err = cli("query", "01", "-p", "territory=Métropole Européenne de Lille")
    assert code == 2 and "act:metropole-europeenne-de-lille (organisation)" in err
    assert "ter:metropole-europeenne-de-lille (métropole)" in err
    code, _, err = cli("query", "01", "-p", "territory=Lome")
    assert code == 2 and "nearest labels: Lomme" in err
    code, _, err = cli("query", "01", "-p", "territory=} DROP ALL {")
    assert code == 2 and "not an IRI or a known CURIE, and nothing in the graph is labelled so" in err
