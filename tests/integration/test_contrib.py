"""Territory sheets: the template, the Lomme worked example (same graph as the curated Lomme data),
broken sheets refused with the field and line named in French and English, and ingest writing
data/contrib/<slug>.ttl only when the whole home still validates."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, make_home
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import RDF

from balises.contrib.ingest import ingest, turtle_of
from balises.contrib.ingest.builder import build_graph
from balises.contrib.ingest.index import Index
from balises.contrib.sheet import (
    SHEET,
    SheetError,
    UnreadableSheet,
    check_text,
    read_sheet,
)
from balises.pipeline.build import check
from balises.rdf.namespaces import BAL, DOC, shorten
from balises.settings import Settings

TEMPLATES = ROOT / "data" / "templates"
LOMME_SHEET = TEMPLATES / "lomme.yaml"
LOMME_TTL = ROOT / "data" / "000-lomme.ttl"
ONTOLOGY = ROOT / "ontology"


def curated_home(root: Path) -> Settings:
    """The real ontology, corpus and curated data, without the Lomme file: Lomme as a new contribution."""
    (root / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "data" / "corpus").symlink_to(ROOT / "data" / "corpus")
    for path in (ROOT / "data").glob("*.ttl"):
        if path.name != LOMME_TTL.name:
            shutil.copy(path, root / "data" / path.name)
    (root / "data" / "reference").symlink_to(ROOT / "data" / "reference")
    return Settings(home=root, store=root / ".balises" / "store")


@pytest.fixture(scope="module")
def home_without_lomme(tmp_path_factory) -> Settings:
    return curated_home(tmp_path_factory.mktemp("contrib") / "home")


@pytest.fixture(scope="module")
def index_without_lomme(home_without_lomme) -> Index:
    return Index.of_home(home_without_lomme)


def problems_of(excinfo) -> list:
    return excinfo.value.problems


def lomme_text() -> str:
    return LOMME_SHEET.read_text(encoding="utf-8")


def line_of(text: str, needle: str, after: str | None = None) -> int:
    start = text.index(after) if after else 0
    return text[:text.index(needle, start)].count("\n") + 1


# -- the format ------------------------------------------------------------------------------


def test_template_loads_and_documents_every_field():
    text = (TEMPLATES / "fiche-territoire.yaml").read_text(encoding="utf-8")
    with pytest.raises(SheetError) as excinfo:  # empty on purpose: only the two required headings are missing
        check_text(text, ONTOLOGY, "fiche-territoire.yaml")
    assert sorted(p.path for p in problems_of(excinfo)) == ["document", "territoire"]
    keys = set()

    def walk(spec):
        for f in spec:
            keys.add(f.key)
            if f.record:
                walk(f.record)
    walk(SHEET)
    written = set(re.findall(r"^\s*(?:- )?([^#:\n]+?):", text, flags=re.MULTILINE))
    assert keys - written == set(), f"fields the template does not show: {keys - written}"


def test_lomme_sheet_gives_the_curated_graph(index_without_lomme):
    sheet = read_sheet(LOMME_SHEET, ONTOLOGY)
    built = build_graph(sheet, index_without_lomme, ONTOLOGY)
    assert built.problems == []
    curated = Graph().parse(LOMME_TTL)
    ours, theirs = to_isomorphic(built.graph), to_isomorphic(curated)
    _, only_sheet, only_curated = graph_diff(ours, theirs)
    assert len(only_sheet) == 0 and len(only_curated) == 0, (sorted(only_sheet)[:5], sorted(only_curated)[:5])
    assert ours == theirs and len(built.graph) == len(curated)
    # the Turtle written for it parses back to the same graph, in the sheet's order
    turtle = turtle_of(built, LOMME_SHEET.name)
    assert to_isomorphic(Graph().parse(data=turtle, format="turtle")) == theirs
    assert turtle.index("ter:lomme a bal:Commune") < turtle.index("act:ville-de-lomme a") < turtle.index("cit:000-")


# -- broken sheets ---------------------------------------------------------------------------


def test_unknown_status_is_named_with_field_and_line():
    text = lomme_text().replace("  - id: lomme-feuille-de-route-transitions\n",
                                "  - id: lomme-feuille-de-route-transitions\n    statut: fini\n")
    with pytest.raises(SheetError) as excinfo:
        check_text(text, ONTOLOGY, "lomme.yaml")
    (problem,) = problems_of(excinfo)
    assert problem.path == "projets[1].statut"
    assert problem.line == line_of(text, "statut: fini")
    message = str(problem)
    assert f"ligne {problem.line}, champ projets[1].statut : valeur « fini » inconnue" in message
    assert "attendu réussi, à faire progresser, en cours, proposé" in message
    assert f"line {problem.line}, field projets[1].statut: unknown value 'fini'" in message


def test_schema_errors_name_every_field_in_both_languages():
    text = lomme_text().replace("    nature: collectivité\n    administre: [Lomme]",
                                "    nature: mairie-annexe\n    administre: [Lomme]\n    comentaire: x", 1)
    text = text.replace("    valeur: 28000", "    valeur: vingt-huit mille")
    with pytest.raises(SheetError) as excinfo:
        check_text(text, ONTOLOGY, "lomme.yaml")
    by_path = {p.path: p for p in problems_of(excinfo)}
    assert set(by_path) == {"territoire.population.valeur", "organisations[1].nature", "organisations[1].comentaire"}
    assert "n'est pas un nombre entier" in by_path["territoire.population.valeur"].fr
    assert "is not a whole number" in by_path["territoire.population.valeur"].en
    assert "champ inconnu « comentaire » ; vouliez-vous dire « commentaire » ?" in str(by_path["organisations[1].comentaire"])
    assert "unknown field 'comentaire'; did you mean 'commentaire'?" in str(by_path["organisations[1].comentaire"])
    assert by_path["organisations[1].nature"].line == line_of(text, "nature: mairie-annexe")


def test_missing_territory():
    text = lomme_text()
    start = text.index("territoire:\n  id: lomme")
    end = text.index("# Les territoires nommés")
    with pytest.raises(SheetError) as excinfo:
        check_text(text[:start] + text[end:], ONTOLOGY, "lomme.yaml")
    (problem,) = problems_of(excinfo)
    assert problem.path == "territoire"
    assert "champ obligatoire « territoire » manquant" in problem.fr and "required field 'territoire'" in problem.en


def test_unreadable_yaml_says_the_line(tmp_path):
    path = tmp_path / "cassee.yaml"
    path.write_text("document: doc:000\nterritoire:\n  nom: Lomme\n   nature: commune\n", encoding="utf-8")
    with pytest.raises(UnreadableSheet) as excinfo:
        read_sheet(path, ONTOLOGY)
    assert "ligne 4" in str(excinfo.value) and "line 4" in str(excinfo.value)
    assert UnreadableSheet.exit_code == 2 and SheetError.exit_code == 1


def test_quote_not_in_source_is_refused_and_nothing_written(home_without_lomme, tmp_path):
    text = lomme_text().replace("Ça fait vraiment écho au diagnostic réalisé", "Ça fait vraiment écho au diagnostic rédigé")
    sheet = tmp_path / "lomme.yaml"
    sheet.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(SheetError) as excinfo:
        ingest(sheet, home_without_lomme, out=out)
    (problem,) = problems_of(excinfo)
    assert problem.path.startswith("citations[") and problem.path.endswith(".texte")
    assert problem.line == line_of(text, "diagnostic rédigé")
    assert "citation introuvable telle quelle dans 000_8b2cff9e777a23f6.txt" in problem.fr
    assert "quote not found verbatim" in problem.en
    assert not out.exists()


def test_a_figure_needs_its_quote_verbatim_and_a_value_or_a_range(home_without_lomme, tmp_path):
    text = lomme_text().replace('citation: "sera étendue cette année à 5 autres', 'citation: "sera étendue cette année à 6 autres')
    text = text.replace("    minimum: 400\n", "    minimum: 400\n    valeur: 400\n")
    sheet = tmp_path / "lomme.yaml"
    sheet.write_text(text, encoding="utf-8")
    with pytest.raises(SheetError) as excinfo:
        ingest(sheet, home_without_lomme, out=tmp_path / "out")
    by_path = {p.path: p for p in problems_of(excinfo)}
    assert set(by_path) == {"chiffres[4].citation", "chiffres[5].valeur"}
    assert by_path["chiffres[4].citation"].line == line_of(text, "à 6 autres")
    assert "citation introuvable telle quelle" in by_path["chiffres[4].citation"].fr
    assert by_path["chiffres[5].valeur"].line == line_of(text, "valeur: 400")
    assert "pas les deux" in by_path["chiffres[5].valeur"].fr and "not both" in by_path["chiffres[5].valeur"].en
    assert not (tmp_path / "out").exists()


def test_ambiguous_name_in_the_sheet_asks_which(home_without_lomme, tmp_path):
    text = lomme_text().replace("lomme-tiers-lieu, act:metropole-europeenne-de-lille,",
                                "lomme-tiers-lieu, Métropole Européenne de Lille,")
    sheet = tmp_path / "lomme.yaml"
    sheet.write_text(text, encoding="utf-8")
    with pytest.raises(SheetError) as excinfo:
        ingest(sheet, home_without_lomme, out=tmp_path / "out")
    (problem,) = problems_of(excinfo)
    assert ".à propos de[3]" in problem.path and problem.line == line_of(text, "lomme-tiers-lieu, Métropole")
    assert "nom ambigu : « Métropole Européenne de Lille » désigne plusieurs choses de la fiche" in problem.fr
    assert "ter:metropole-europeenne-de-lille" in problem.fr and "act:metropole-europeenne-de-lille" in problem.fr
    assert "ambiguous name" in problem.en and not (tmp_path / "out").exists()


SAINT_DENIS = """@prefix bal: <https://w3id.org/balises/def#> .
@prefix ter: <https://w3id.org/balises/territoire/> .
@prefix doc: <https://w3id.org/balises/document/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ter:saint-denis a bal:Commune ; rdfs:label "Saint-Denis"@fr ; prov:wasDerivedFrom doc:001 .
ter:saint-denis-la-reunion a bal:Commune ; rdfs:label "Saint-Denis"@fr ; prov:wasDerivedFrom doc:001 .
"""

NEW_SHEET = """# a new document, not in the corpus
document:
  titre: "Fiche de test : la commune de {name}"
  date: 2025-03
  nature: fiche territoire
  éditeurs: [Fabrique des transitions]
territoire:
  nom: {name}
  nature: commune
  fait partie de: [France]
  population: {{valeur: 1 200, en date de: "2025"}}
organisations:
  - nom: Ville de {name}
    nature: collectivité
    administre: [{name}]
personnes:
  - nom: Camille Exemple
    catégories: [élus]
    fonctions:
      - organisation: Ville de {name}
        fonction: maire
        intitulé: Maire
projets réussis:
  - nom: Jardin partagé du quartier
    thèmes: [bien-vivre alimentaire, démocratie et participation]
    acteurs:
      - {{acteur: Ville de {name}, rôle: porteur}}
      - {{acteur: fabrique des transitions, rôle: accompagnateur}}
citations:
  - texte: "Nous avons créé un jardin partagé avec les habitants du quartier, qui le gèrent eux-mêmes."
    balises: [E1, C3]
    à propos de: [Jardin partagé du quartier]
    clé: oui
"""

NEW_TEXT = ("Fiche de test\n\nLa commune de Bourg-Exemple, 1 200 habitants.\n\nNous avons créé un jardin\npartagé "
            "avec les habitants du quartier, qui le gèrent eux-mêmes.\n")


def test_ambiguous_territory_of_the_graph_lists_the_candidates(tmp_path):
    settings = make_home(tmp_path / "home", {"homonymes.ttl": SAINT_DENIS})
    sheet = tmp_path / "saint-denis.yaml"
    sheet.write_text(NEW_SHEET.format(name="Saint-Denis"), encoding="utf-8")
    source = tmp_path / "texte.txt"
    source.write_text(NEW_TEXT, encoding="utf-8")
    with pytest.raises(SheetError) as excinfo:
        ingest(sheet, settings, source=source)
    problem = next(p for p in problems_of(excinfo) if p.path == "territoire.nom")
    assert problem.line == 8
    assert "nom ambigu : « Saint-Denis » désigne plusieurs territoires du graphe" in problem.fr
    assert "ter:saint-denis (« Saint-Denis », commune, data/homonymes.ttl)" in problem.fr
    assert "ter:saint-denis-la-reunion" in problem.fr and "Précisez id: … ou geonames: …" in problem.fr
    assert "Which one? Give id: … or geonames: …" in problem.en
    assert not (settings.data_dir / "contrib").exists()


def test_new_document_contribution_is_written_with_its_source(tmp_path):
    settings = make_home(tmp_path / "home")
    sheet = tmp_path / "bourg.yaml"
    sheet.write_text(NEW_SHEET.format(name="Bourg-Exemple"), encoding="utf-8")
    source = tmp_path / "texte.txt"
    source.write_text(NEW_TEXT, encoding="utf-8")
    result = ingest(sheet, settings, source=source)
    target = settings.data_dir / "contrib" / "bourg-exemple.ttl"
    assert result.written and result.target == target and target.is_file()
    copy = settings.data_dir / "contrib" / "sources" / "bourg-exemple.txt"
    assert copy.read_bytes() == source.read_bytes()
    graph = Graph().parse(target)
    doc = DOC["fiche-de-test-la-commune-de-bourg-exemple"]
    assert (doc, RDF.type, BAL.SourceDocument) in graph
    assert str(graph.value(doc, BAL.fileName)) == "bourg-exemple.txt"
    # linked, not duplicated: the Fabrique and France of the graph
    fabrique = URIRef("https://w3id.org/balises/acteur/fabrique-des-transitions")
    assert (None, BAL.involvedActor, fabrique) in graph and (fabrique, RDF.type, None) not in graph
    bourg = URIRef("https://w3id.org/balises/territoire/bourg-exemple")
    assert shorten(str(graph.value(bourg, BAL.partOf))) == "ter:t-france"  # « France » of the test home
    # the same sheet again: the contribution replaces itself, it does not clash with its own previous file
    assert ingest(sheet, settings, source=source, dry_run=True).written is False
    _, report, _ = check(settings)
    assert report.conforms, report.text()  # the build finds the text under data/contrib/sources/


@pytest.mark.slow
def test_ingest_writes_lomme_and_the_home_still_validates(home_without_lomme, capsys, monkeypatch):
    import argparse

    from balises.cli import main, parser

    monkeypatch.setenv("BALISES_HOME", str(home_without_lomme.home))
    monkeypatch.setenv("BALISES_STORE", str(home_without_lomme.store))
    import balises.cli as cli

    def with_contrib():  # the two lines the CLI gains (see src/balises/contrib/cli.py)
        top = parser()
        if "ingest" not in top._subparsers._group_actions[0].choices:
            from balises.contrib import add_parsers

            add_parsers(next(a for a in top._actions if isinstance(a, argparse._SubParsersAction)))
        return top
    monkeypatch.setattr(cli, "parser", with_contrib)
    code = main(["ingest", str(LOMME_SHEET)])
    out = capsys.readouterr().out
    target = home_without_lomme.data_dir / "contrib" / "lomme.ttl"
    assert code == 0 and target.is_file() and "1132 triplets" in out and "conforme" in out
    assert to_isomorphic(Graph().parse(target)) == to_isomorphic(Graph().parse(LOMME_TTL))
    _, report, _ = check(home_without_lomme)
    assert report.conforms, report.text()
    # and a broken sheet through the CLI: exit 1, the messages on stderr, nothing written
    broken = home_without_lomme.home / "cassee.yaml"
    broken.write_text(lomme_text().replace(
        "  - id: lomme-feuille-de-route-transitions\n", "  - id: lomme-feuille-de-route-transitions\n    statut: fini\n"),
        encoding="utf-8")
    target.unlink()
    code = main(["ingest", str(broken)])
    err = capsys.readouterr().err
    assert code == 1 and "champ projets[1].statut : valeur « fini » inconnue" in err and not target.exists()
    code = main(["ingest", str(home_without_lomme.home / "absente.yaml")])
    assert code == 2 and "introuvable" in capsys.readouterr().err
