"""The explorer, run by Streamlit's AppTest over the session's store: every page runs without exception, shows
its key elements, reacts to a changed filter, keeps its state in the URL, and answers bad input with a message."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

PAGES = ["views/home.py", "views/territories.py", "views/referentiel.py", "views/projects.py", "views/network.py",
         "views/leaps.py", "views/quotes.py", "views/sparql.py"]
HOSTILE = ["<script>alert(1)</script>", "'; DROP TABLE t; --", '" } ; DELETE WHERE { ?s ?p ?o } #', "ter:lomme> <x",
           "\x00", "{{7*7}}", "   ", "ÀÉÎÕÜ" * 20]


@pytest.fixture
def app_env(project_settings, built, monkeypatch):
    monkeypatch.setenv("BALISES_STORE", str(project_settings.store))
    monkeypatch.chdir(ROOT)


def open_page(page: str | None = None, /, **params) -> AppTest:
    """The app on `page` with `params` in its URL, as a copied permalink would open it in a new session."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(params)
    at.run()
    if page is None:
        return at
    at.switch_page(page)
    at.query_params.clear()
    at.query_params.update(params)
    return at.run()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def messages(at: AppTest) -> list[str]:
    return [m.value for m in [*at.warning, *at.error, *at.info]]


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_home_page_shows_the_counts_map_and_entries(app_env):
    at = ok(open_page())
    assert at.title[0].value == "Balises"
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Balise"]) == 23
    assert int(metrics["Document source"]) == 5
    assert int(metrics["Citation"]) == 335
    assert len(at.get("page_link")) == 3
    assert len(at.get("vega_lite_chart")) == 1  # the map
    assert any("Voir la requête SPARQL" in e.label for e in at.expander)
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    outlines = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "geoshape"
                and layer.get("data", {}).get("format", {}).get("property") == "features"]
    assert outlines, "the départements drawn under the points, from the shipped file, no tile server"
    assert "tiles" not in json.dumps(spec) and "amCharts" in " ".join(c.value for c in at.caption)
    assert "Citer Balises" in [h.value for h in at.subheader] and "Patrice Vuidel et Julian Perdrigeat" in markdown(at)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_offers_its_queries(app_env, page):
    at = ok(open_page(page))
    assert at.title and at.title[0].value
    if page != "views/sparql.py":
        panels = [e for e in at.expander if e.label.startswith("Voir la requête SPARQL")]
        assert panels, page
        assert any(b.label == "Ouvrir dans la console" for b in at.button)


def test_language_switch_to_english_everywhere(app_env):
    at = ok(open_page("views/quotes.py"))
    at.radio(key="lang").set_value("en").run()
    ok(at)
    assert at.title[0].value == "Quotes"
    assert at.query_params.get("lang") == "en"
    at = ok(open_page("views/referentiel.py", lang="en", balise="E2"))
    assert at.title[0].value.startswith("The référentiel")
    assert "E2 — Building the narrative" in [h.value for h in at.header]


def test_territory_sheet_filter_and_permalink(app_env):
    at = ok(open_page("views/territories.py"))
    assert at.header[0].value == "Lomme"
    assert at.query_params["territoire"] == "ter:lomme"
    assert "28 000" in [m.value for m in at.metric]
    at.selectbox(key="ter_pick").set_value("ter:loos-en-gohelle").run()
    ok(at)
    assert at.header[0].value == "Loos-en-Gohelle"
    assert at.query_params["territoire"] == "ter:loos-en-gohelle"
    again = ok(open_page("views/territories.py", territoire="ter:loos-en-gohelle"))
    assert again.header[0].value == "Loos-en-Gohelle"
    assert "Voir la requête SPARQL — Territoires analogues" not in [e.label for e in again.expander]
    similar = [e.label for e in again.expander if " — score " in e.label]
    assert similar, "analogous territories and projects with their score"


def test_territory_search_and_bad_input(app_env):
    at = ok(open_page("views/territories.py", recherche="loos"))
    assert at.selectbox(key="ter_pick").options and all("Loos" in o for o in at.selectbox(key="ter_pick").options)
    for text in HOSTILE + ["atlantis"]:
        at.text_input(key="ter_search").set_value(text).run()
        ok(at)
    assert any("Aucun territoire" in m for m in messages(at))
    unknown = ok(open_page("views/territories.py", territoire="ter:atlantis"))
    assert any("atlantis" in m for m in messages(unknown))
    assert unknown.header[0].value == "Lomme"


def find_analogues(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Chercher les analogues").click().run()
    return ok(at)


def scored(at: AppTest) -> list[tuple[str, str]]:
    """The analogous territories and projects of the typed profile (its tab), with their scores."""
    return [tuple(e.label.rsplit(" — score ", 1)) for e in at.tabs[2].expander if " — score " in e.label]


def test_typed_profile_finds_analogues_and_refuses_bad_input(app_env):
    at = ok(open_page("views/territories.py"))
    at.multiselect(key="prof_themes").set_value(["alimentation"])
    at.number_input(key="prof_population").set_value(6000)
    find_analogues(at)
    assert any(" — score " in e.label for e in at.expander)
    for text in ["zzz-inconnu", *HOSTILE[:4]]:
        at.text_input(key="prof_name").set_value(text).run()
        ok(at)
        assert messages(at), text


def cli_scores(store, text: str) -> list[tuple[str, str]]:
    from balises.analysis.analogues import analogous_projects, analogues, profile_for
    from balises.geo.reference import load_reference
    from balises.settings import load_settings

    profile = profile_for(store, text, load_reference(load_settings().reference_file))
    # the page writes a score as French does: 0,79
    return [(m.label, f"{m.score:.2f}".replace(".", ",")) for m in analogues(store, profile, 8)
            + analogous_projects(store, profile, 8)]


def test_any_french_commune_by_name_gets_its_official_profile_and_the_cli_scores(app_env, store):
    """Mouans-Sartoux is not in the corpus: found by name, its official profile shown, its analogues scored by the
    CLI's function (same scores), the profile kept in the URL."""
    at = ok(open_page("views/territories.py"))
    at.text_input(key="prof_name").set_value("mouans sartoux").run()
    assert at.selectbox(key="prof_unit").value.code == "06084"
    at.multiselect(key="prof_themes").set_value(["alimentation"]).run()
    find_analogues(at)
    assert any("Mouans-Sartoux (commune, Alpes-Maritimes, 06084) n'est pas décrit dans le corpus" in m
               and "CA du Pays de Grasse" in m for m in messages(at))
    assert at.query_params["commune"] == "06084" and at.query_params["themes"] == "alimentation"
    assert scored(at) == cli_scores(store, "territoire=06084;themes=alimentation")
    reasons = markdown(at)
    assert "bien-vivre alimentaire" in reasons and "thèmes partagés : alimentation" not in reasons


def test_url_parameters_take_labels_as_well_as_curies(app_env):
    """A hand-written address names things by their label, typed as a reader types it; the page rewrites it as
    the CURIE, so the link a user copies is the stable one."""
    at = ok(open_page("views/territories.py", territoire="loos-en-gohelle"))
    assert at.header[0].value == "Loos-en-Gohelle" and at.query_params["territoire"] == "ter:loos-en-gohelle"
    at = ok(open_page("views/projects.py", projet="Lil'Ô"))
    assert at.query_params["projet"] == "prj:lil-o"
    at = ok(open_page("views/quotes.py", territoires="Lomme,Arras"))
    assert at.query_params["territoires"] == "ter:lomme,ter:arras"


def test_the_profile_permalink_reopens_the_same_results(app_env, store):
    first = ok(open_page("views/territories.py", commune="06084", themes="alimentation", enjeux="cooperation"))
    again = ok(open_page("views/territories.py", commune="06084", themes="alimentation", enjeux="cooperation"))
    assert scored(first) and scored(first) == scored(again)
    assert scored(first) == cli_scores(store, "territoire=06084;themes=alimentation;enjeux=cooperation")


def test_the_departement_selector_changes_the_score(app_env):
    at = ok(open_page("views/territories.py", themes="alimentation", nature="Commune"))
    before = dict(scored(at))
    at.selectbox(key="prof_area").set_value("departement-62").run()
    after = dict(scored(ok(at)))
    assert at.query_params["zone"] == "departement-62"
    assert before != after and any(float(after[t].replace(",", ".")) < float(before[t].replace(",", "."))
                                   for t in after if t in before)
    top = list(after)[:2]  # the communes of the Pas-de-Calais that act on food
    assert set(top) == {"Audruicq", "Loos-en-Gohelle"} and all(after[t] == "1,00" for t in top)
    assert "même département (Pas-de-Calais)" in markdown(at)


def test_referentiel_tree_balise_and_heatmap_cell(app_env):
    at = ok(open_page("views/referentiel.py", balise="C2"))
    assert at.header[0].value.startswith("C2 — ")
    assert "Définition" in markdown(at)
    at.button(key="tree-T3").click().run()
    ok(at)
    assert at.header[0].value.startswith("T3 — Progresser par sauts systémiques")
    assert at.query_params["balise"] == "T3"
    cells = at.selectbox(key="ref_cell").options
    assert len(cells) > 50
    before = len(at.markdown)
    at.selectbox(key="ref_cell").set_value(at.selectbox(key="ref_cell").options[1]).run()
    ok(at)
    assert "cellule" in at.query_params and len(at.markdown) > before
    assert len(at.get("vega_lite_chart")) == 2


def test_projects_facets_change_the_result(app_env):
    at = ok(open_page("views/projects.py"))
    assert "**106 projet(s)**" in markdown(at)
    at.selectbox(key="prj_theme").set_value("theme:alimentation").run()
    ok(at)
    count = int(markdown(at).split("**")[1].split()[0])
    assert 0 < count < 106
    assert at.query_params["theme"] == "theme:alimentation"
    at.selectbox(key="prj_status").set_value("voc:reussi").run()
    ok(at)
    assert int(markdown(at).split("**")[1].split()[0]) < count
    sheet = ok(open_page("views/projects.py", projet="prj:lomme-tiers-lieu"))
    assert sheet.header[0].value == "Lomme : tiers lieu"
    assert "Acteurs et rôles" in [s.value for s in sheet.subheader]


def test_network_filters_and_downloads(app_env):
    at = ok(open_page("views/network.py"))
    summary = [m for m in at.markdown if "acteurs," in m.value][0].value
    at.selectbox(key="net_kind").set_value("transverse").run()
    ok(at)
    assert [m for m in at.markdown if "acteurs," in m.value][0].value != summary
    assert at.query_params["cooperation"] == "transverse"
    assert len(at.get("download_button")) == 3
    assert len(at.dataframe) == 2
    lomme = ok(open_page("views/network.py", territoire="ter:lomme", statut="reussi"))
    assert "communaut" in [m for m in lomme.markdown if "acteurs," in m.value][0].value


def test_leaps_territory_filter(app_env):
    at = ok(open_page("views/leaps.py"))
    assert "**26 saut(s)**" in markdown(at)
    assert "exemple générique du référentiel (Progresser par sauts systémiques" in markdown(at), \
        "a leap of no territory shows as a generic example of the référentiel"
    at.selectbox(key="leap_territory").set_value("ter:lomme").run()
    ok(at)
    assert "**3 saut(s)**" in markdown(at)
    assert len(at.get("plotly_chart")) == 1


def test_quote_search_facets_highlight_and_basket(app_env):
    at = ok(open_page("views/quotes.py"))
    assert "**335 citation(s) sur 335**" in markdown(at)
    at.text_input(key="q_text").set_value("coopération").run()
    ok(at)
    found = markdown(at)
    assert "<mark>coopération</mark>" in found and "**335 citation(s)" not in found
    assert at.query_params["q"] == "coopération"
    at.multiselect(key="q_balises").set_value(["C2"]).run()
    at.checkbox(key="q_key").check().run()
    ok(at)
    assert at.query_params["balises"] == "C2" and at.query_params["cles"] == "1"
    at = ok(open_page("views/quotes.py", documents="doc:004", q="engagement"))
    first = [b for b in at.button if b.label == "Ajouter au panier"][0]
    first.click().run()
    ok(at)
    assert any(b.label == "Retirer du panier" for b in at.button)
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Word (DOCX)", "LibreOffice (ODT)", "Markdown", "BibTeX", "CSL JSON", "RIS", "CSV"]
    assert "Vuidel" in markdown(at)  # 004 cited with its authors
    at.switch_page("views/home.py").run()
    assert "Panier : 1 citation(s)" in [c.value for c in at.caption]  # kept across pages


def test_quote_search_finds_lil_o_however_typed_and_counts_the_facets(app_env):
    """The straight apostrophe of a keyboard finds the quotes the corpus writes with a typographic one; each facet
    value shows how many quotes it would keep, and the new facets go in the URL."""
    for typed in ("Lil'Ô", "Lil’Ô", "lil o"):
        at = ok(open_page("views/quotes.py", q=typed))
        assert "**3 citation(s) sur 335**" in markdown(at), typed
        assert "<mark>Lil" in markdown(at)
    projects = at.multiselect(key="q_project")
    assert any(o.startswith("Lil") and o.endswith("(3)") for o in projects.options), projects.options
    projects.set_value(["prj:lil-o"]).run()
    ok(at)
    assert at.query_params["projets"] == "prj:lil-o" and "**3 citation(s) sur 335**" in markdown(at)
    at = ok(open_page("views/quotes.py", projets="prj:lil-o", depuis="2017"))
    assert at.query_params["depuis"] == "2017"


def test_quote_search_hostile_text_shows_a_message(app_env):
    at = ok(open_page("views/quotes.py"))
    for text in HOSTILE:
        at.text_input(key="q_text").set_value(text).run()
        ok(at)
    long = ok(open_page("views/quotes.py", q="x" * 400))
    assert any("too long" in m for m in messages(long))
    unknown = ok(open_page("views/quotes.py", balises="ZZ,C2", page="999"))
    assert any("ZZ" in m for m in messages(unknown))


def test_sparql_console_runs_refuses_and_reports(app_env, monkeypatch):
    at = ok(open_page("views/sparql.py"))
    assert at.success and "ligne(s)" in at.success[0].value
    cases = {"DELETE WHERE { ?s ?p ?o }": "Requête refusée",
             "SELECT * WHERE { ?s ?p": "Erreur dans la requête",
             "INSERT DATA { <a:b> <a:c> <a:d> }": "Requête refusée"}
    for text, expected in cases.items():
        at.text_area(key="sp_text").set_value(text)
        at.button(key="sp_run").click().run()
        ok(at)
        assert any(expected in e.value for e in at.error), text
    for text in HOSTILE:
        at.text_area(key="sp_text").set_value(text)
        at.button(key="sp_run").click().run()
        ok(at)
        assert messages(at) or at.success, repr(text)


def test_sparql_console_opens_a_library_query_with_its_parameters(app_env):
    at = ok(open_page("views/sparql.py", requete="01-territory-profile", p_territory="ter:loos-en-gohelle"))
    assert at.text_area(key="sp_text").value.startswith("# title@fr: Profil d'un territoire")
    assert at.success and at.dataframe
    assert "Loos-en-Gohelle" in str(at.dataframe[0].value)
    at.text_input(key="sp_p_territory").set_value("not an iri at all")
    at.button(key="sp_run").click().run()
    ok(at)
    assert any("not an IRI" in m for m in messages(at))


def test_sparql_console_timeout(app_env, monkeypatch):
    monkeypatch.setenv("BALISES_QUERY_TIMEOUT", "1")
    at = ok(open_page("views/sparql.py"))
    at.text_area(key="sp_text").set_value("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    at.button(key="sp_run").click().run()
    ok(at)
    assert any("délai de 1 s" in e.value for e in at.error)


def test_open_in_console_button_carries_the_query(app_env):
    at = ok(open_page("views/territories.py", territoire="ter:lomme"))
    at.button(key="console-sheet-01-territory-profile").click().run()
    ok(at)
    assert at.title[0].value == "Console SPARQL"
    assert at.query_params.get("requete") == "01-territory-profile"
    assert at.text_input(key="sp_p_territory").value == "ter:lomme"


LOMME_TEXT = ("La commune de Lomme travaille avec la Fabrique des transitions depuis 2019. Le maire a réuni les "
              "habitants autour d'un projet de tiers lieu alimentaire, en coopération avec les associations du quartier.")


def test_contribute_page_offers_the_template_and_suggests_for_a_pasted_text(app_env):
    at = ok(open_page("views/contribute.py"))
    assert at.title[0].value == "Contribuer"
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Télécharger le modèle (fiche-territoire.yaml)", "Télécharger l'exemple de Lomme (lomme.yaml)"]
    assert "Déposez une fiche pour la vérifier." in messages(at)
    for text, expected in [("", "Collez d'abord un texte."), ("   \n ", "Collez d'abord un texte."),
                           ("} DROP ALL {", "Aucun territoire, acteur ou paragraphe")]:
        at.text_area(key="ct_text").set_value(text)
        at.button(key="ct_suggest").click().run()
        ok(at)
        assert any(expected in m for m in messages(at)), repr(text)
    for text in HOSTILE:  # a message or (harmless) suggestions, never a traceback
        at.text_area(key="ct_text").set_value(text)
        at.button(key="ct_suggest").click().run()
        ok(at)
        assert len(messages(at)) > 1 or at.dataframe, repr(text)
    at.text_area(key="ct_text").set_value(LOMME_TEXT)
    at.button(key="ct_suggest").click().run()
    ok(at)
    assert "Territoires (1)" in [s.value for s in at.subheader]
    tables = [str(d.value) for d in at.dataframe]
    assert "Lomme" in tables[0] and "ter:lomme" in tables[0]
    assert any("Fabrique des transitions" in t for t in tables)
    assert any("Balises par paragraphe" == s.value for s in at.subheader)
    assert "Télécharger le brouillon de fiche (YAML)" in [d.label for d in at.get("download_button")]
    at.radio(key="lang").set_value("en").run()
    ok(at)
    assert at.title[0].value == "Contribute" and "Territories (1)" in [s.value for s in at.subheader]


@pytest.mark.parametrize("page, key, first", [("views/home.py", "home", "ontology.html"),
                                              ("views/referentiel.py", "ref", "referentiel.html")])
def test_the_ontology_documentation_is_offered_on_home_and_referentiel(app_env, monkeypatch, page, key, first):
    monkeypatch.setenv("BALISES_SERVE_URL", "http://127.0.0.1:9")  # no `balises serve` there: the page says how
    at = ok(open_page(page))
    assert "Documentation de l'ontologie" in [e.label for e in at.expander]
    downloads = [b for b in at.get("download_button") if b.proto.label.startswith("Télécharger la page")]
    assert [b.proto.label for b in downloads] == ["Télécharger la page Ontologie", "Télécharger la page Référentiel"]
    assert any("balises serve --docs" in c.value and "/docs/" in c.value for c in at.caption)
    shown = at.radio(key=f"{key}-docs-show")
    assert shown.options[1:] == (["Ontologie", "Référentiel"] if first == "ontology.html" else ["Référentiel", "Ontologie"])
    shown.set_value(first).run()
    ok(at)
    frames = at.get("iframe")  # st.iframe (AppTest has no class of its own for it): the page read here
    assert len(frames) == 1
    assert ("OntPub" if first == "ontology.html" else "referentiel/E1") in str(frames[0].proto)
    at = ok(open_page(page, lang="en"))
    assert "Ontology documentation" in [e.label for e in at.expander]


def test_with_balises_serve_docs_running_the_home_page_links_to_it(app_env, monkeypatch, docs_server):
    monkeypatch.setenv("BALISES_SERVE_URL", docs_server)
    at = ok(open_page())
    links = [b for b in at.get("link_button") if b.proto.label == "Ouvrir la documentation (balises serve)"]
    assert len(links) == 1 and links[0].proto.url == docs_server + "/docs/"


def basket_shown(at: AppTest) -> list[str]:
    """The short ids of the basket's quotes in the order the basket tab shows them (its « Monter » buttons)."""
    return [b.key.removeprefix("up-cit:") for b in at.button if b.key and b.key.startswith("up-")]


def test_the_basket_takes_every_result_and_travels_in_the_address(app_env):
    at = ok(open_page("views/quotes.py", balises="E3"))
    add = at.button(key="q_add_all")
    assert add.label == "Ajouter les 17 résultats"  # every page of the search, not the 15 shown
    add.click().run()
    ok(at)
    assert at.tabs[1].label == "Panier (17)"
    ids = at.query_params["panier"].split(",")
    assert len(ids) == 17 and basket_shown(at) == ids and ids[0] == "000-tri-fortes-oppositions"  # the search's order: key quotes first
    assert at.button(key="q_add_all").disabled  # nothing more to add
    at.switch_page("views/home.py").run()
    assert "Panier : 17 citation(s)" in [c.value for c in at.caption]  # kept across pages

    # a shared address opens the same basket, in its order (the last first here)
    shared = ",".join([ids[2], ids[0], ids[1]])
    at = ok(open_page("views/quotes.py", panier=shared))
    assert basket_shown(at) == [ids[2], ids[0], ids[1]]
    assert at.tabs[1].label == "Panier (3)"

    # reorder: the first one down, then the last one up
    at.button(key=f"down-cit:{ids[2]}").click().run()
    assert basket_shown(ok(at)) == [ids[0], ids[2], ids[1]]
    at.button(key=f"up-cit:{ids[1]}").click().run()
    assert basket_shown(ok(at)) == [ids[0], ids[1], ids[2]]
    assert at.query_params["panier"] == ",".join([ids[0], ids[1], ids[2]])

    # remove one, then empty and undo
    at.button(key=f"bk-basket-cit:{ids[1]}").click().run()
    assert basket_shown(ok(at)) == [ids[0], ids[2]]
    at.button(key="q_clear").click().run()
    assert basket_shown(ok(at)) == [] and "panier" not in at.query_params
    at.button(key="q_undo").click().run()
    assert basket_shown(ok(at)) == [ids[0], ids[2]]


def test_a_basket_address_with_unknown_quotes_keeps_the_others(app_env):
    address = "000-tensions-dechets,pas-une-citation,<script>"
    at = ok(open_page(None, panier=address))  # the first page opened reads the basket: a refused id is said there
    assert any("panier = \\<script\\>" in m for m in messages(at))
    at = ok(open_page("views/quotes.py", panier=address))
    assert basket_shown(at) == ["000-tensions-dechets"]
    assert any("ne sont plus dans le graphe" in m for m in messages(at))


def test_territory_sheet_shows_its_figures_and_trajectory(app_env):
    at = ok(open_page("views/territories.py", territoire="ter:loos-en-gohelle"))
    headers = [s.value for s in at.subheader]
    assert headers.index("Chiffres") < headers.index("Trajectoire") < headers.index("Projets")
    text = markdown(at)
    assert "350 emplois" in text and "1999–2009" in text
    whens = re.findall(r'data-when="([^"]+)"', text)
    assert len(whens) >= 10 and whens == sorted(whens)


def test_projects_filtered_and_sorted_by_an_indicator(app_env):
    at = ok(open_page("views/projects.py"))
    box = next(s for s in at.selectbox if s.key == "prj_indicator")
    assert len(box.options) >= 2  # « Tous », then the indicators measured on projects
    indicator = box.options[1]
    at = ok(box.select_index(1).run())
    frame = at.dataframe[0].value
    assert len(frame) >= 1 and frame.columns[1].lower() == indicator.lower()
    at = ok(next(r for r in at.radio if r.key == "prj_order").set_value("asc").run())
    assert len(at.dataframe[0].value) == len(frame)
    assert at.query_params.get("indicateur") and at.query_params.get("ordre") == "asc"
