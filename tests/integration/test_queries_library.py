"""Every query of queries/ answers its competency question with concrete rows of the curated graph,
through both backends: the embedded store and the SPARQL server."""

from __future__ import annotations

import pytest

from balises.query.cache import run_named

from conftest import FIXTURES


@pytest.fixture
def ask(library, any_store):
    def run(slug_prefix: str, **params):
        query = next(q for s, q in library.items() if s.startswith(slug_prefix + "-"))
        return run_named(any_store, query, params).records(short=True)
    return run


def test_the_library_has_at_least_twenty_queries(library):
    assert len(library) >= 20


def test_01_territory_profile(ask):
    [lomme] = ask("01", territory="ter:lomme")
    assert (lomme["kind"], lomme["population"], lomme["populationYear"], lomme["populationSource"]) == \
        ("commune", "28000", "2023-2024", "doc:000")
    assert (lomme["area"], lomme["areaUnit"]) == ("9.3", "km²")
    assert {"Nord", "Hauts-de-France", "France"} <= set(lomme["partOf"].split(" > "))
    assert "Territoires pilotes" in lomme["programmes"].split(" ; ")


def test_02_balise_evidence(ask):
    rows = ask("02", balise="ref:C2")
    assert {r["enjeu"] for r in rows} == {"Travailler en coopération"}
    assert rows[0]["title"] == "Construire et animer des dispositifs de réflexivité"
    assert rows[0]["definition"]
    assert "cit:000-echo-diagnostic" in {r["evidence"] for r in rows} or any(r["document"] == "doc:000" for r in rows)
    assert all(r["line"] for r in rows if r["evidence"])


def test_03_search_quotes_with_filters(ask):
    hits = ask("03", text="FIFTY")
    assert "cit:003-droit-initiative-fifty-fifty" in {r["evidence"] for r in hits}
    lomme = ask("03", text="tri", territory="ter:lomme")
    assert lomme and all(r["document"] == "doc:000" for r in lomme)
    c4 = ask("03", text="coopération", balise="ref:C4", document="doc:004")
    assert c4 and all(r["document"] == "doc:004" and "C4" in r["balises"] for r in c4)
    assert ask("03", text="phrase qui n'existe nulle part dans le corpus") == []


def test_04_projects_by_facets(ask):
    food = ask("04", theme="theme:alimentation", status="voc:reussi")
    assert "prj:lomme-cooperative-achat-groupe" in {r["project"] for r in food}
    lomme = {r["project"] for r in ask("04", territory="ter:lomme")}
    assert {"prj:lomme-tiers-lieu", "prj:lomme-tri-selectif-interne", "prj:lomme-projet-pilote"} <= lomme
    improve = {r["project"] for r in ask("04", status="voc:a-faire-progresser")}
    assert "prj:lomme-tri-selectif-interne" in improve
    inhabitants = {r["project"] for r in ask("04", category="ref:habitants")}
    assert inhabitants and "prj:lomme-tri-selectif-interne" not in inhabitants


def test_05_project_actors(ask):
    roles = {(r["actor"], r["roleLabel"]) for r in ask("05", project="prj:lomme-tiers-lieu")}
    assert ("act:metropole-europeenne-de-lille", "partenaire") in roles
    assert ("act:ville-de-lomme", "porteur") in roles


def test_06_territory_actors(ask):
    rows = {r["actor"]: r for r in ask("06", territory="ter:loos-en-gohelle")}
    assert "act:jean-francois-caron" in rows and "maire" in rows["act:jean-francois-caron"]["roles"].lower()
    assert rows["act:jean-francois-caron"]["actorType"] == "personne"
    assert "act:ville-de-loos-en-gohelle" in rows


def test_07_balises_a_territory_is_evidenced_for(ask):
    rows = {r["notation"]: int(r["quotes"]) for r in ask("07", subject="ter:lomme")}
    assert rows["E4"] >= 5 and rows["C2"] >= 3
    project = {r["notation"] for r in ask("07", subject="prj:lomme-tri-selectif-interne")}
    assert "C4" in project


def test_08_systemic_leaps(ask):
    rows = ask("08")
    leaps = {r["leap"] for r in rows}
    assert {"saut:lomme-espaces-verts-communs-territoriaux", "saut:002-de-la-commune-au-bassin-de-vie"} <= leaps
    lomme = ask("08", territory="ter:lomme")
    assert lomme and {r["territories"] for r in lomme} == {"Lomme"}
    assert all(r["evidence"] for r in rows), "every leap has its quote"
    assert len(rows) == len(leaps), "one row per leap, its several values joined"
    two = next(r for r in rows if r["leap"] == "saut:002-habitat-vers-formation-des-artisans")
    assert two["territories"].count(", ") == 1 and two["projects"].count(", ") == 1


def test_09_cooperating_pairs(ask):
    pairs = {(r["a"], r["b"]): int(r["projects"]) for r in ask("09")}
    assert pairs[("act:call", "act:pma")] >= 3
    assert pairs[("act:amap-de-malaunay", "act:ville-de-malaunay")] >= 2
    lomme = ask("09", actor="act:ville-de-lomme")
    assert lomme and all("act:ville-de-lomme" in (r["a"], r["b"]) for r in lomme)


def test_10_multi_scale_projects(ask):
    rows = {r["project"]: r for r in ask("10")}
    assert int(rows["prj:lil-o"]["levels"]) >= 3
    assert "prj:002-projet-transition-multi-echelles" in rows
    assert all(int(r["levels"]) >= 2 for r in rows.values())


def test_11_actor_category_combinations(ask):
    rows = ask("11")
    statuses = {r["statusLabel"] for r in rows}
    assert {"réussi", "à faire progresser", "en cours"} <= statuses
    assert any("habitants" in r["combination"] and "élus" in r["combination"] for r in rows)


def test_12_balise_cooccurrence(ask):
    rows = {(r["a"], r["b"]): r for r in ask("12")}
    assert int(rows[("C4", "E4")]["quotes"]) >= 5
    assert all(r["a"] < r["b"] for r in rows.values())
    assert "cit:" in rows[("C4", "E4")]["evidences"] or "citation/" in rows[("C4", "E4")]["evidences"]


def test_13_balise_theme(ask):
    rows = {(r["notation"], r["themeLabel"]): int(r["quotes"]) for r in ask("13")}
    assert rows[("C1", "gouvernance et organisation interne")] >= 2
    assert any(theme == "bien-vivre alimentaire" for _, theme in rows)


def test_14_documents(ask):
    rows = {r["document"]: r for r in ask("14")}
    assert set(rows) == {"doc:000", "doc:001", "doc:002", "doc:003", "doc:004"}
    assert rows["doc:004"]["licence"] == "https://creativecommons.org/licenses/by-nc-nd/4.0/"
    assert rows["doc:002"]["date"] == "2017-09"
    assert sum(int(r["quotes"]) for r in rows.values()) >= 150
    assert all(int(r["quotes"]) > 0 and int(r["territories"]) > 0 for r in rows.values())


def test_15_programme_participants(ask):
    rows = ask("15", programme="evt:atelier-villes-pairs")
    territories = {r["label"] for r in rows if r["kind"] == "territoire"}
    assert territories == {"Le Mené", "Malaunay", "Grande-Synthe", "Loos-en-Gohelle"}
    assert {"act:jacky-aignel", "act:guillaume-coutey"} <= {r["participant"] for r in rows if r["kind"] == "participant"}


def test_16_person_roles(ask):
    rows = ask("16", person="act:jean-francois-caron")
    assert any(r["postLabel"] == "maire" and r["organisationLabel"] == "Ville de Loos-en-Gohelle" for r in rows)
    assert {r["document"] for r in rows} >= {"doc:002", "doc:004"}


def test_17_enjeux_overview(ask):
    rows = ask("17")
    assert len(rows) == 23
    assert {r["enjeu"] for r in rows} == {"E", "T", "C", "V"}
    assert all(int(r["cases"]) > 0 for r in rows), "each balise has a concrete case"


def test_18_key_quotes(ask):
    rows = ask("18")
    assert len(rows) >= 30
    on_004 = [r for r in rows if r["documentTitle"].startswith("Atelier")]
    assert on_004 and all("Patrice Vuidel" in r["authors"] for r in on_004), "004 is quoted with its authors"
    coop = ask("18", enjeu="ref:cooperation")
    assert coop and all(any(b.startswith("C") for b in r["balises"].split(", ")) for r in coop)


def test_19_20_integrity_checks_find_nothing(ask):
    assert ask("19") == []
    assert ask("20") == []


def test_21_quotes_without_balise(ask):
    rows = ask("21")
    assert all(r["message"] == "quote illustrating no balise" and r["value"] for r in rows)
    assert "cit:000-fabrique-400-organisations" in {r["entity"] for r in rows}


def test_22_territories(ask):
    rows = {r["territory"]: r for r in ask("22")}
    assert round(float(rows["ter:lomme"]["lat"]), 2) == 50.64
    assert rows["ter:lomme"]["population"] == "28000"
    departments = ask("22", **{"class": "bal:Department"})
    assert departments and {r["kind"] for r in departments} == {"département"}


def test_23_resistances_and_success_factors(ask):
    rows = ask("23", status="voc:a-faire-progresser")
    tri = [r for r in rows if r["project"] == "prj:lomme-tri-selectif-interne"]
    assert any("1607h" in r["factor"] for r in tri if r["kindOfFactor"] == "résistance")
    assert any(r["kindOfFactor"] == "facteur de réussite" for r in tri)


def test_30_quote_bank(ask):
    rows = {r["evidence"]: r for r in ask("30")}
    assert len(rows) >= 300
    tri = rows["cit:000-tri-fortes-oppositions"]
    assert tri["document"] == "doc:000" and tri["line"] and "E4" in tri["balises"].split()
    assert "https://w3id.org/balises/territoire/lomme" in tri["territories"].split()


def test_31_source_documents(ask):
    rows = ask("31")
    authors_004 = [r["agentLabel"] for r in rows if r["document"] == "doc:004" and r["relation"].endswith("creator")]
    assert {"Patrice Vuidel", "Julian Perdrigeat"} <= set(authors_004)
    assert {r["fileName"] for r in rows} == {"000_8b2cff9e777a23f6.txt", "001_a88f2254c05204eb.txt",
                                              "002_bd606e171986b2d0.txt", "003_3180efe23cb1303c.txt",
                                              "004_64da2f158898dd37.txt"}


def test_32_balise_practices(ask):
    rows = {r["concept"]: r for r in ask("32", balise="ref:E2")}
    assert rows["ref:mode-elaborer-recit-territoire"]["kind"] == "mode"
    assert any(r["kind"] == "dispositif" for r in rows.values())


def test_33_projects_by_facets(ask):
    rows = {r["project"] for r in ask("33", programme="evt:territoires-pilotes")}
    assert "prj:lomme-projet-pilote" in rows
    food = {r["project"] for r in ask("33", theme="theme:alimentation", territory="ter:malaunay")}
    assert "prj:malaunay-amap" in food


def test_34_facet_values(ask):
    rows = ask("34")
    assert {r["facet"] for r in rows} >= {"category", "theme", "status"}
    habitants = next(r for r in rows if r["value"] == "ref:habitants")
    assert int(habitants["projects"]) >= 1


def test_35_project_sheet(ask):
    [row] = ask("35", project="prj:lomme-tiers-lieu")
    assert row["territory"] == "ter:lomme" and row["status"] == "voc:reussi"
    assert "AMI" in row["description"] and "doc:000" in row["documents"] or "document/000" in row["documents"]


def test_36_leaps(ask):
    rows = {r["leap"]: r for r in ask("36", territory="ter:lomme")}
    assert "saut:lomme-espaces-verts-communs-territoriaux" in rows
    assert all(r["places"] for r in rows.values())
    every = ask("36")
    assert len(every) == len({r["leap"] for r in every}), "one row per leap"


def test_37_territory_map(ask):
    rows = {r["territory"]: r for r in ask("37")}
    assert round(float(rows["ter:lomme"]["lat"]), 2) == 50.64 and rows["ter:lomme"]["population"] == "28000"


def test_38_labels(ask):
    rows = {r["entity"]: r for r in ask("38")}
    assert rows["ref:T1"]["fr"] == "Elargir le regard" and rows["ref:T1"]["en"]


def test_24_territory_projects(ask):
    lomme = {r["project"] for r in ask("24", territory="ter:lomme")}
    assert {"prj:lomme-tiers-lieu", "prj:lomme-tri-selectif-interne", "prj:lomme-projet-pilote"} <= lomme


def test_24_lists_the_projects_04_finds_for_every_territory(library, store):
    """24 walks down from the territory instead of filtering every project: the same projects, for every territory
    (each listed under its territories within the one asked for)."""
    territories = [r["territory"] for r in run_named(store, library["22-territories"]).records(short=True)]
    assert len(territories) > 40
    for territory in territories:
        fast = {r["project"] for r in run_named(store, library["24-territory-projects"], {"territory": territory}).records()}
        slow = {r["project"] for r in run_named(store, library["04-projects"], {"territory": territory}).records()}
        assert fast == slow, territory


@pytest.mark.parametrize("slug,param,listing", [("05-project-actors", "project", "33-projects-by-facets"),
                                                 ("06-territory-actors", "territory", "22-territories")])
def test_rewritten_lookups_answer_what_their_first_text_answered(library, store, project_settings, slug, param, listing):
    """05 and 06 were rewritten (nested OPTIONALs, a property path) for national scale; their first texts, kept
    under tests/fixtures/reference_queries, give the same rows for every project and territory."""

    from balises.query.library import parse_header

    reference = parse_header(FIXTURES / "reference_queries" / f"{slug}.rq")
    values = [r[param] for r in run_named(store, library[listing]).records(short=True)]
    assert len(values) > 40

    def rows(query, value):  # GROUP_CONCAT has no order: compare its parts as sets
        return sorted(str({k: " ; ".join(sorted(v.split(" ; "))) if v else v for k, v in r.items()})
                      for r in run_named(store, query, {param: value}).records())

    for value in values:
        assert rows(library[slug], value) == rows(reference, value), value


def test_39_figures_by_indicator_territory_and_subject(ask):
    """Loos-en-Gohelle's jobs with their period, the CALL's homes renovated, each with its unit and quote."""
    jobs = ask("39", indicator="ind:emplois-crees", territory="ter:loos-en-gohelle")
    loos = [r for r in jobs if r["about"] == "ter:loos-en-gohelle" and r["value"] == "350"]
    assert len(loos) == 1
    assert (loos[0]["unit"], loos[0]["start"], loos[0]["end"], loos[0]["document"]) == ("emplois", "1999", "2009", "doc:003")
    assert "350 entre 1999 et 2009" in loos[0]["quote"]
    homes = ask("39", indicator="ind:logements-renoves", territory="ter:communaute-d-agglomeration-de-lens-lievin")
    assert any(r["value"] == "23000" and r["approximate"] == "true" and "23 000" in r["quote"] for r in homes)
    # a group of indicators takes its members; every row of a group is one figure
    results = ask("39", indicator="ind:resultats")
    assert {r["figure"] for r in jobs} <= {r["figure"] for r in results}
    assert len({r["figure"] for r in results}) == len(results)
    assert all(r["about"] == "ter:loos-en-gohelle" for r in ask("39", about="ter:loos-en-gohelle"))


def test_40_trajectory_of_loos_en_gohelle_in_order(ask):
    rows = ask("40", territory="ter:loos-en-gohelle")
    when = [r["when"] for r in rows]
    assert len(rows) >= 10 and when == sorted(when)
    kinds = {r["kind"] for r in rows}
    assert {"bal:Project", "bal:Event", "bal:Observation"} <= kinds
    assert any(r["item"] == "prj:loos-en-gohelle-quartier-castors" and r["when"] == "1957" for r in rows)
    assert any(r["kind"] == "bal:Observation" and (r["start"], r["end"]) == ("1999", "2009") for r in rows)


def test_41_projects_by_duration(ask):
    rows = ask("41")
    fifty = next(r for r in rows if r["project"] == "prj:loos-en-gohelle-fifty-fifty")
    assert (fifty["start"], fifty["endGiven"], fifty["years"]) == ("2000", "false", "19")
    years = [int(r["years"]) for r in rows if r["years"]]
    assert years == sorted(years, reverse=True)
    assert all(r["years"] for r in rows[:len(years)])  # the unknown durations come last


def test_42_figures_and_dates_by_document(ask):
    rows = {r["document"]: r for r in ask("42")}
    assert set(rows) == {f"doc:00{i}" for i in range(5)}
    assert (rows["doc:003"]["figures"], rows["doc:000"]["populationsAndAreas"]) == ("25", "2")
    assert sum(int(r["figures"]) for r in rows.values()) >= 40
    assert all(int(rows[d]["datedFacts"]) >= 10 for d in ("doc:000", "doc:002", "doc:003", "doc:004"))
