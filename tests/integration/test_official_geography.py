"""The official geography in the graph: every curated territory linked to its unit, with the reference as the only
source of official links; and any French territory's analogues by name or code, on the command line."""

from __future__ import annotations

import json

import pytest
from conftest import make_home

from balises.cli import main
from balises.errors import ValidationError
from balises.pipeline.build import build
from balises.query.cache import run_named
from balises.query.library import find_query
from balises.query.run import run_sparql

#: Codes of the curated territories, as INSEE's COG gives them (communes, départements, régions: INSEE code;
#: intercommunalities: SIREN).
EXPECTED = {
    "lomme": "59355", "lille": "59350", "loos-en-gohelle": "62528", "arras": "62041", "beauvais": "60057",
    "saint-jean-de-braye": "45284", "l-ile-saint-denis": "93039", "le-mene": "22046", "dunkerque": "59183",
    "grande-synthe": "59271", "malaunay": "76402", "paris": "75056", "besancon": "25056", "audruicq": "62057",
    "nord": "59", "pas-de-calais": "62", "doubs": "25", "seine-saint-denis": "93", "hauts-de-france": "32",
    "normandie": "28", "metropole-europeenne-de-lille": "200093201",
    "communaute-urbaine-d-arras": "200033579", "communaute-d-agglomeration-de-lens-lievin": "246200364",
    "plaine-commune": "200057867", "lisieux-normandie": "200069532",
}


def codes(store) -> dict[str, str]:
    rows = run_sparql(store, """SELECT ?t ?code WHERE { GRAPH <https://w3id.org/balises/graphe/reference/cog> {
        ?t bal:inseeCode|bal:siren ?code } FILTER(STRSTARTS(STR(?t), STR(ter:)))
        FILTER NOT EXISTS { ?t bal:inseeCode ?i . FILTER(STRLEN(?code) = 9) } }""").plain_rows()
    return {str(t).rsplit("/", 1)[-1]: str(c) for t, c in rows}


def test_every_curated_territory_has_its_official_code(store):
    found = codes(store)
    assert {t: found.get(t) for t in EXPECTED} == EXPECTED
    rows = run_sparql(store, "SELECT ?t ?why WHERE { ?t bal:absentFromReference ?why }").plain_rows()
    missing = {str(t).rsplit("/", 1)[-1]: str(why) for t, why in rows}
    assert set(missing) == {"hanovre", "nord-pas-de-calais", "reugny"}
    assert "Reugny (commune, Allier, 03213)" in missing["reugny"] and "Indre-et-Loire" in missing["reugny"]


def test_the_official_chain_comes_from_the_reference_ordered_by_level(store, library):
    profile = run_named(store, find_query(library, "01-territory-profile"), {"territory": "ter:lomme"}).records()[0]
    assert profile["partOf"] == "Lille > Métropole Européenne de Lille > Nord > Hauts-de-France > France"
    loos = run_named(store, find_query(library, "01"), {"territory": "ter:loos-en-gohelle"}).records()[0]
    assert loos["partOf"].startswith("Communauté d'Agglomération de Lens-Liévin > Pôle Métropolitain de l'Artois")
    assert loos["partOf"].endswith("Pas-de-Calais > Hauts-de-France > France")
    assert loos["officialCode"] == "62528" and int(loos["officialPopulation"]) > 6000
    # a wider unit no document names enters with the reference's IRI, label, code and source
    (row,) = run_sparql(store, """SELECT ?epci ?label WHERE { ter:saint-jean-de-braye bal:partOf ?epci .
        ?epci a bal:Metropolis ; rdfs:label ?label ; bal:siren "244500468" ; prov:wasDerivedFrom doc:cog }""").plain_rows()
    assert str(row[0]).startswith("https://w3id.org/balises/cog/epci-") and str(row[1]) == "Orléans Métropole"


def test_no_official_link_is_credited_to_a_document(store, library):
    """Query 25 lists the bal:partOf links between official units written anywhere but the reference graph."""
    assert run_named(store, find_query(library, "25-check-official-geography")).rows == []
    unsourced = run_sparql(store, """SELECT ?s WHERE { GRAPH <https://w3id.org/balises/graphe/reference/cog> {
        ?s bal:partOf ?o } FILTER NOT EXISTS { ?s prov:wasDerivedFrom doc:cog } }""").rows
    assert unsourced == []


def test_an_official_link_written_in_a_data_file_is_refused(tmp_path):
    settings = make_home(tmp_path / "home", {"officiel.ttl": """
        @prefix bal: <https://w3id.org/balises/def#> . @prefix ter: <https://w3id.org/balises/territoire/> .
        @prefix doc: <https://w3id.org/balises/document/> . @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ter:x-arras a bal:Commune ; rdfs:label "Arras"@fr ; bal:partOf ter:t-nord ; prov:wasDerivedFrom doc:001 .
        """})
    with pytest.raises(ValidationError) as excinfo:
        build(settings)
    text = str(excinfo.value)
    assert "data/officiel.ttl" in text and "ter:x-arras" in text and "official-geography" in text
    assert "data/reference/cog.json" in text


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_env(project_settings, store, monkeypatch):
    monkeypatch.setenv("BALISES_STORE", str(project_settings.store))


def test_mouans_sartoux_by_name_and_by_code(cli_env, capsys):
    code, out, _ = run(capsys, "analogues", "Mouans-Sartoux", "--top", "3")
    assert code == 0
    assert "Mouans-Sartoux (commune, Alpes-Maritimes, 06084) n'est pas décrit dans le corpus" in out
    assert "CA du Pays de Grasse > Alpes-Maritimes > Provence-Alpes-Côte d'Azur" in out
    assert "ni même intercommunalité, ni même département, ni même région" in out
    code, by_code, _ = run(capsys, "analogues", "06084", "--top", "3", "--format", "json")
    code2, by_name, _ = run(capsys, "analogues", "mouans sartoux", "--top", "3", "--format", "json")
    assert code == code2 == 0 and json.loads(by_code) == json.loads(by_name)
    code, out, _ = run(capsys, "analogues", "commune=06084;themes=alimentation;enjeux=cooperation", "--top", "3")
    assert code == 0 and "thèmes partagés : bien-vivre alimentaire" in out and "C3 — " in out
    assert "democratie-participation" not in out
    # the territory first, without its key, then what it looks for (labels as well as codes)
    code, same, _ = run(capsys, "analogues", "Mouans-Sartoux;themes=bien-vivre alimentaire;enjeux=Travailler en "
                        "coopération", "--top", "3")
    assert code == 0 and same == out


def test_homonyms_an_epci_and_unknown_values(cli_env, capsys):
    code, _, err = run(capsys, "analogues", "Saint-Denis")
    assert code == 2 and "Saint-Denis (commune, Seine-Saint-Denis, 93066)" in err
    assert "Saint-Denis (commune, La Réunion, 97411)" in err and "précisez" in err
    # the corpus's Reugny, which the newsletter does not place, and the two official ones
    code, _, err = run(capsys, "analogues", "Reugny")
    assert code == 2 and "ter:reugny (le territoire du corpus, non situé)" in err
    assert "Reugny (commune, Allier, 03213)" in err and "Reugny (commune, Indre-et-Loire, 37194)" in err
    assert run(capsys, "analogues", "ter:reugny")[0] == run(capsys, "analogues", "03213")[0] == 0
    code, out, _ = run(capsys, "analogues", "Pays de Grasse", "--top", "2")
    assert code == 0 and "CA du Pays de Grasse (communauté d'agglomération, Alpes-Maritimes, 200039857)" in out
    code, _, err = run(capsys, "analogues", "themes=participation,énergie")
    assert code == 2 and "unknown theme 'participation'" in err
    assert "democratie-participation (démocratie et participation)" in err and "energie" in err
    code, _, err = run(capsys, "analogues", "area=Atlantide;themes=energie")
    assert code == 2 and "'area'" in err and "no EPCI, département or région" in err
    code, _, err = run(capsys, "analogues", "kind=commune;population=9000;area=ter:alpes-maritimes")
    assert code == 2 and "'area'" in err
    # the département by name, by code with its kind, or by the graph's IRI: the same profile
    outs = {run(capsys, "analogues", f"kind=commune;themes=alimentation;area={area}", "--format", "json")[1]
            for area in ("Pas-de-Calais", "departement-62", "ter:pas-de-calais")}
    assert len(outs) == 1 and "même département (Pas-de-Calais)" in outs.pop()
