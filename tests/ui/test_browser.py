"""The explorer in a real browser: `streamlit run app.py` on a free loopback port, every page opened in Debian's
headless Chromium (driven by Playwright, never downloading a browser of its own), visible text asserted, no
exception shown, a screenshot and the render time of each page saved under tests/output/browser/.

Outside CI the test is skipped, with the reason, when Chromium or Playwright is missing; in CI (CI=true) it must
run, and a missing browser is a failure (`make system-deps` installs Chromium with apt-get)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, defined_terms, missing_from, referentiel_concepts

from balises.store.server import stop

OUTPUT = Path(os.environ.get("BALISES_TEST_OUTPUT", ROOT / "tests" / "output")) / "browser"
CHROMIUM = os.environ.get("BALISES_CHROMIUM", "/usr/bin/chromium")
#: Flags for an offline machine: without the network ones Chromium stalls on background requests.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]

#: (URL path and query, texts that must be visible, screenshot name)
PAGES = [
    ("", ["Balises", "Ce que contient le graphe", "Carte des territoires", "Je représente un territoire"], "01-accueil"),
    ("territoires?territoire=ter:lomme", ["Territoires", "Lomme", "Personnes et organisations",
                                          "Balises dont il témoigne"], "02-territoires"),
    ("referentiel?balise=C2", ["Le référentiel : 4 enjeux, 23 balises", "Modes de faire", "Dispositifs",
                               "Cartes de chaleur"], "03-referentiel"),
    ("projets?theme=theme:alimentation", ["Projets", "Acteurs et rôles", "Catégorie d'acteurs"], "04-projets"),
    ("reseau", ["Réseau de coopération", "Métriques des acteurs", "Télécharger (GEXF)"], "05-reseau"),
    ("sauts", ["Sauts systémiques", "Flux des périmètres", "26 saut(s)"], "06-sauts"),
    ("citations?q=coop%C3%A9ration", ["Citations", "Rechercher dans les citations", "Ajouter au panier"],
     "07-citations"),
    ("sparql?requete=01-territory-profile&p_territory=ter:loos-en-gohelle",
     ["Console SPARQL", "Exécuter", "ligne(s) en"], "08-sparql"),
    ("citations?lang=en&balises=T3", ["Quotes", "Search the quotes", "Add to basket"], "09-citations-en"),
    ("contribuer", ["Contribuer", "Modèle de fiche", "Coller un texte", "Télécharger le modèle"], "11-contribuer"),
]


def require_browser(chromium: str = CHROMIUM) -> str:
    """The Chromium to drive; outside CI a missing one skips with the reason, in CI it fails."""
    problem = None
    if not Path(chromium).is_file():
        problem = (f"no Chromium at {chromium}: install Debian's chromium (`apt-get install chromium`, done by "
                   "`make system-deps` when CI=true) or set BALISES_CHROMIUM")
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Playwright is not installed: `pip install -e '.[test]'`"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test must run in CI: {problem}")
        pytest.skip(problem)
    return chromium


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: The explorer's process, for its memory.
STREAMLIT: dict[str, int] = {}


def resident_mib(pid: int, key: str = "VmRSS") -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith(key + ":"))) / 1024


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_browser()


@pytest.fixture(scope="module")
def server(chromium, project_settings, built, sparql_endpoint):
    """`streamlit run app.py` on a free loopback port over the session's store, stopped at the end; its
    « Ouvrir dans YASGUI » links point at the session's `balises serve`."""
    port = free_port()
    env = dict(os.environ, BALISES_STORE=str(project_settings.store),
               BALISES_SERVE_URL=sparql_endpoint.removesuffix("/query"))
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log = open(OUTPUT / "streamlit.log", "w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
                             "--client.toolbarMode", "minimal"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    STREAMLIT["pid"] = proc.pid
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start: see {OUTPUT / 'streamlit.log'}")
            time.sleep(0.3)
        yield url
    finally:
        stop(proc)  # terminate, then kill if it lingers
        log.close()


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def wait_idle(page, timeout: float = 60) -> None:
    """Until the script has finished running (Streamlit marks its root element) and the page is still."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout * 1000)
    page.wait_for_load_state("networkidle", timeout=timeout * 1000)


@pytest.mark.slow
def test_six_pages_opened_at_once_right_after_a_start(server, browser):
    """The first thing the fresh explorer sees: six sessions at once (a traceback « partially initialized module
    'pandas' » on 2 of 3 restarts, before views/warmup.py)."""
    paths = ["", "territoires?territoire=ter:lomme", "referentiel", "projets", "sauts", "citations?q=coop"]
    contexts = [browser.new_context(viewport={"width": 1200, "height": 1200}) for _ in paths]
    pages = [context.new_page() for context in contexts]
    for page, path in zip(pages, paths):
        page.goto(f"{server}/{path}", wait_until="commit")
    for page, path in zip(pages, paths):
        wait_idle(page, timeout=120)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        assert "Traceback" not in page.inner_text("body"), path
    for context in contexts:
        context.close()


def test_the_documentation_served_by_balises_serve_reads_in_chromium(docs_server, browser):
    """`balises serve --docs`: the index links the two pages; /docs/ontology.html shows every class and property of
    ontology/balises.ttl with its labels and definitions, /docs/referentiel.html the 4 enjeux and 23 balises."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(docs_server + "/docs/", wait_until="load")
    page.get_by_role("link", name="Ontologie Balises").click()
    page.wait_for_url("**/docs/ontology.html")
    text = " ".join(page.inner_text("body").split())
    assert missing_from(text, defined_terms()) == []
    page.screenshot(path=str(OUTPUT / "12-docs-ontology.png"))
    page.goto(docs_server + "/docs/referentiel.html", wait_until="load")
    text = " ".join(page.inner_text("body").split())
    assert missing_from(text, referentiel_concepts()) == []
    assert page.locator("article h3").count() == 23 and page.locator("section h2").count() == 4
    page.get_by_role("link", name="C2 — Construire et animer des dispositifs de réflexivité").first.click()
    assert page.url.endswith("/docs/referentiel.html#C2")
    page.screenshot(path=str(OUTPUT / "13-docs-referentiel.png"))
    page.close()


#: Words Streamlit's own widgets draw in English, a missing value shown as a word, a raw column name.
ENGLISH_WIDGETS = re.compile(r"Select all|Select \d+ matches|Choose an option|Choose options|No results|Deploy")
MISSING = re.compile(r"\b(?:None|nan|NaN|True|False)\b")
RAW_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+[A-Z][a-z]+\b")
#: The tables each French page shows (the home's map and documents, a territory's projects, actors and balises…).
TABLES = {"01-accueil": 2, "02-territoires": 3, "04-projets": 3, "05-reseau": 2, "08-sparql": 1}
#: Icons are drawn from their names (« location_city »): hidden, they leave the text a reader sees.
NO_ICONS = '[data-testid="stIconMaterial"] { display: none !important; }'


@pytest.mark.slow
def test_every_page_renders_in_chromium_and_speaks_its_language(server, browser):
    """Every page drawn without an exception (a screenshot of each); and on every French page what only the
    browser draws speaks French (`_english_and_raw_words`), in the same visit."""
    timings, headers_read = {}, {}
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # a first visit warms the server's caches (the store is read once per process), as any first user would
    page.goto(server + "/", wait_until="domcontentloaded")
    wait_idle(page)
    for path, texts, name in PAGES:
        started = time.monotonic()
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        for text in texts:  # the page has run (its state reads « not running » before it starts, too)
            page.get_by_text(text, exact=False).first.wait_for(state="visible", timeout=60_000)
        wait_idle(page)
        timings[name] = round(time.monotonic() - started, 2)
        page.wait_for_timeout(800)  # let charts and components draw before the screenshot
        page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0, f"{name}: an exception is shown"
        assert "Traceback" not in page.inner_text("body"), name
        if "lang=en" not in path:
            found, headers_read[name] = _english_and_raw_words(page, name)
            assert not found, (name, sorted(set(found)))
    page.close()
    (OUTPUT / "timings.json").write_text(json.dumps(timings, indent=2, ensure_ascii=False), encoding="utf-8")
    print("\nrender times (s):", json.dumps(timings, ensure_ascii=False))
    assert not [e for e in errors if "WebGL" not in e], errors
    assert all(headers_read[name] >= 3 for name in TABLES), headers_read  # the tables were read


def _english_and_raw_words(page, name: str) -> tuple[list[str], int]:
    """What only the browser draws, on a French page: a multiselect's list opened (Streamlit's « Select all »), the
    tables' headers and cells (drawn on a canvas, read from their accessible grid), and the page's text; the
    rest of the language rules are tests/ui/test_language.py's, over Streamlit's element tree. The English
    words, missing values and raw names found, and how many headers were read."""
    page.add_style_tag(content=NO_ICONS)
    texts = [page.inner_text("body")]
    choose = page.locator('[data-testid="stMultiSelect"]:visible [role="combobox"]')
    if choose.count():
        choose.first.click()
        page.get_by_role("option").first.wait_for(timeout=30_000)
        texts.append(page.get_by_role("listbox").first.inner_text())
        page.keyboard.press("Escape")
    page.wait_for_function(  # every table drawn, with its accessible grid (headers and cells as text)
        "n => document.querySelectorAll('[data-testid=stDataFrame]').length >= n && "
        "document.querySelectorAll('table').length >= document.querySelectorAll('[data-testid=stDataFrame]').length",
        arg=TABLES.get(name, 0), timeout=60_000)
    headers = page.locator('[role="columnheader"]').all_inner_texts()
    texts += page.locator('[role="gridcell"]').all_inner_texts()
    found = [m.group(0) for t in texts for pattern in (ENGLISH_WIDGETS, MISSING) for m in pattern.finditer(t)]
    if name != "08-sparql":  # the console's answer is the query's: its columns are its variables (by design)
        found += [m.group(0) for h in headers for pattern in (MISSING, RAW_NAME) for m in pattern.finditer(h)]
    return found, len(headers)


def test_map_and_network_draw_offline(server, browser):
    """The map (Vega, no tiles) and the network (vis.js inside the agraph component) draw without the internet."""
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(server + "/", wait_until="domcontentloaded")
    wait_idle(page)
    page.locator(".vega-embed").first.wait_for(state="visible", timeout=60_000)
    assert page.locator(".vega-embed canvas, .vega-embed svg").count() >= 1
    page.goto(server + "/reseau", wait_until="domcontentloaded")
    wait_idle(page)
    frame = page.frame_locator("iframe[title*='agraph']").first
    frame.locator("canvas").first.wait_for(state="attached", timeout=60_000)
    page.goto(server + "/referentiel?balise=T3", wait_until="domcontentloaded")
    wait_idle(page)
    page.get_by_role("tab", name="Cartes de chaleur").click()
    page.get_by_text("Balise × thème").first.wait_for(state="visible", timeout=60_000)
    page.locator(".vega-embed").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUTPUT / "03b-referentiel-cartes-de-chaleur.png"), full_page=True)
    page.close()


def test_permalink_and_bad_input_in_the_browser(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(f"{server}/territoires?territoire=ter:loos-en-gohelle", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Loos-en-Gohelle").first.wait_for(timeout=60_000)
    wait_idle(page)
    box = page.get_by_role("textbox", name="Rechercher un territoire")
    box.fill("<script>alert(1)</script>")
    box.press("Enter")
    page.get_by_text("Aucun territoire du graphe ne correspond").first.wait_for(timeout=60_000)
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(OUTPUT / "10-territoires-bad-input.png"), full_page=True)
    page.close()


def test_a_profile_permalink_reopens_the_same_results_in_chromium(server, browser):
    """A territory not in the corpus, by its official code, with a theme: the link a user copies reopens on the
    typed profile, its official profile and the same analogues."""
    seen = []
    for _ in range(2):
        page = browser.new_page(viewport={"width": 1400, "height": 2200})
        page.goto(f"{server}/territoires?commune=06084&themes=alimentation", wait_until="domcontentloaded")
        page.get_by_text("n'est pas décrit dans le corpus", exact=False).first.wait_for(timeout=60_000)
        wait_idle(page)
        body = page.inner_text("body")
        assert "Mouans-Sartoux (commune, Alpes-Maritimes, 06084)" in body and "CA du Pays de Grasse" in body
        assert page.locator('[data-testid="stException"]').count() == 0
        seen.append([t for t in page.get_by_text(" — score ").all_inner_texts()])
        page.screenshot(path=str(OUTPUT / "11-territoires-profil-mouans-sartoux.png"), full_page=True)
        page.close()
    assert seen[0] and seen[0] == seen[1]


def test_the_console_shows_the_text_sent_and_opens_it_in_yasgui(server, browser):
    """What the console shows is what runs: the library file with the value given in place of its default, which
    « Ouvrir dans YASGUI » opens on `balises serve` and which answers there as in the explorer."""
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(f"{server}/sparql?requete=01-territory-profile&p_territory=ter:arras", wait_until="domcontentloaded")
    wait_idle(page)
    page.get_by_role("button", name="Exécuter").click()
    page.get_by_text("ligne(s) en").first.wait_for(timeout=60_000)
    page.get_by_text("Texte envoyé (préfixes et valeurs compris)").click()
    link = page.get_by_role("link", name="Ouvrir dans YASGUI")
    link.wait_for(timeout=30_000)
    wait_idle(page)
    page.screenshot(path=str(OUTPUT / "08b-sparql-texte-envoye.png"), full_page=True)
    href = link.get_attribute("href")
    page.goto(href)
    page.wait_for_function("window.balisesYasgui !== undefined")
    sent = page.evaluate("window.balisesYasgui.getTab().getYasqe().getValue()")
    assert sent.startswith("# title@fr: Profil d'un territoire\n")
    assert "VALUES ?territory { <https://w3id.org/balises/territoire/arras> }" in sent and "ter:lomme }" not in sent
    page.wait_for_selector(".yasr:visible table.dataTable tbody tr", timeout=30_000)
    assert "Arras" in page.locator(".yasr:visible table.dataTable tbody").inner_text()
    page.screenshot(path=str(OUTPUT / "08c-yasgui-depuis-la-console.png"))
    page.close()


def test_a_hostile_sheet_uploaded_to_contribuer_gets_messages(server, browser):
    """Sheets that once showed a traceback on the page: an id that is no IRI, YAML nested thousands deep."""
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(f"{server}/contribuer", wait_until="domcontentloaded")
    wait_idle(page)
    page.get_by_role("tab", name="Vérifier une fiche").click()
    sheets = [("id.yaml", "document: doc:000\nterritoire:\n  nom: Testville\n  nature: commune\n"
                          "  id: 'ter:a>b \"c\"'\n", "n'est pas un identifiant"),
              ("profond.yaml", "territoire: " + "[" * 3000 + "]" * 3000 + "\n", "imbriqué trop profondément")]
    for name, text, expected in sheets:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
            files=[{"name": name, "mimeType": "application/yaml", "buffer": text.encode("utf-8")}])
        page.get_by_text(expected).first.wait_for(state="visible", timeout=120_000)
        wait_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        page.screenshot(path=str(OUTPUT / f"11b-contribuer-{name.split('.')[0]}.png"), full_page=True)
    page.close()


#: The stated bound: a query of a million rows, run from the console, leaves the explorer within this much of its
#: memory before (it holds 10 000 rows; the rest stays in the child process and in the CSV it streams).
MEMORY_BOUND_MIB = 150


def test_a_million_row_permalink_waits_for_a_click_and_keeps_the_memory_bound(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(f"{server}/sparql", wait_until="domcontentloaded")
    wait_idle(page)
    before = resident_mib(STREAMLIT["pid"])
    query = urllib.parse.quote("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 1000000")
    page.goto(f"{server}/sparql?sparql={query}", wait_until="domcontentloaded")
    wait_idle(page)
    page.get_by_text("ne s'exécute jamais d'elle-même").first.wait_for(state="visible", timeout=60_000)
    assert page.locator('[data-testid="stDataFrame"]').count() == 0, "the address alone runs nothing"
    page.screenshot(path=str(OUTPUT / "08b-sparql-permalink-waits.png"), full_page=True)
    page.get_by_role("button", name="Exécuter").click()
    page.get_by_text("10 000 premières lignes").first.wait_for(state="visible", timeout=120_000)
    wait_idle(page)
    page.screenshot(path=str(OUTPUT / "08c-sparql-million-rows.png"), full_page=True)
    after = resident_mib(STREAMLIT["pid"])
    (OUTPUT / "console-memory.json").write_text(json.dumps({"before_mib": round(before), "after_mib": round(after),
                                                            "bound_mib": MEMORY_BOUND_MIB}), encoding="utf-8")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert after - before < MEMORY_BOUND_MIB, (before, after)
    page.close()


def test_download_everything_gives_the_whole_result_as_csv(server, browser, tmp_path):
    """« Tout télécharger »: the whole result, streamed by the engine, read back as a spreadsheet would."""
    import csv

    page = browser.new_page(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
    query = urllib.parse.quote("SELECT ?s ?p WHERE { ?s ?p ?o } LIMIT 15000")
    page.goto(f"{server}/sparql?sparql={query}", wait_until="domcontentloaded")
    wait_idle(page)
    page.get_by_role("button", name="Exécuter").click()
    page.get_by_text("sur 15 000").first.wait_for(state="visible", timeout=120_000)
    wait_idle(page)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Tout télécharger (CSV)").click()
    path = tmp_path / "tout.csv"
    download.value.save_as(path)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["s", "p"] and len(rows) == 15_001
    page.close()


def test_skipped_with_a_reason_without_chromium(monkeypatch, tmp_path):
    """Outside CI a missing Chromium skips the browser test and says why; in CI it is a failure."""
    missing = str(tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium at .*apt-get install chromium"):
        require_browser(missing)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="must run in CI"):
        require_browser(missing)


def test_a_balise_dossier_downloads_from_the_referentiel_and_holds_its_quotes(server, browser, project_settings,
                                                                              tmp_path):
    """One click on « Word (DOCX) » beside balise E3: the file opens in python-docx and holds a quote of E3 word for
    word (the OCR's `**` bold markers aside: they become bold runs)."""
    import docx

    from balises.query.library import load_library
    from balises.quotes.search import open_bank
    from balises.store import open_store

    page = browser.new_page(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
    page.goto(f"{server}/referentiel?balise=E3", wait_until="domcontentloaded")
    wait_idle(page)
    page.get_by_text("Dossier de rédaction").first.wait_for(state="visible", timeout=60_000)
    page.screenshot(path=str(OUTPUT / "12-dossier-referentiel.png"), full_page=False)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Word (DOCX)").first.click()
    assert download.value.suggested_filename == "dossier-balise-E3.docx"
    path = tmp_path / "dossier.docx"
    download.value.save_as(path)
    page.close()
    text = " ".join(" ".join(p.text.split()) for p in docx.Document(str(path)).paragraphs)
    store = open_store(project_settings)
    bank = open_bank(store, load_library(project_settings.queries_dir), project_settings.corpus_dir)
    quotes = list(bank.search(balises=["E3"]))
    assert len(quotes) >= 10
    found = [q for q in quotes if " ".join(q.text.replace("**", "").split()) in text]
    assert found, "no quote of E3 in the dossier"
    assert "Créer les conditions de la confiance" in text


def test_loos_en_gohelle_trajectory_and_figures_in_chromium(server, browser):
    """The territory sheet of Loos-en-Gohelle tells its trajectory in order, decade by decade (at least ten dated
    items from the 1950s to the 2010s), and shows its figures, each quote a click away."""
    page = browser.new_page(viewport={"width": 1400, "height": 2200})
    page.goto(f"{server}/territoires?territoire=ter:loos-en-gohelle", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Trajectoire").first.wait_for(timeout=60_000)
    wait_idle(page)
    items = page.locator("ol.bal-timeline li")
    when = [items.nth(i).get_attribute("data-when") for i in range(items.count())]
    assert len(when) >= 10, when
    assert when == sorted(when), when
    assert when[0] < "1980" and when[-1] >= "2010", when
    text = page.inner_text("body")
    assert "Années 1950" in text and "Années 2010" in text
    assert "Quartier Castors" in text and "350 emplois" in text
    page.get_by_role("heading", name="Trajectoire").first.scroll_into_view_if_needed()
    page.screenshot(path=str(OUTPUT / "14-trajectoire-loos-en-gohelle.png"), full_page=True)
    page.get_by_role("button", name="Citation").first.click()  # the first figure: the town's 7 managers (« cadres »)
    page.get_by_text("7 cadres A pour une ville de 6500", exact=False).first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Voir dans le document").first.click()
    page.get_by_text("lignes", exact=False).first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
