"""YASGUI as `balises serve` offers it, in Debian's headless Chromium: the library's queries as tabs, one run to its
results table, tabs kept (not doubled) across a reload and reopened by the reset, a query opened from
`yasgui_link` shown exactly; and never a request leaving 127.0.0.1. A screenshot is saved under
tests/output/browser/yasgui.png."""

from __future__ import annotations

import urllib.parse

import pytest
from conftest import ROOT
from test_browser import CHROMIUM_ARGS, OUTPUT, require_browser

from balises.store.yasgui import yasgui_link

LIBRARY = sorted((ROOT / "queries").glob("*.rq"))
TABS = ".yasgui .tabsList .tab"


@pytest.fixture(scope="module")
def browser():
    chromium = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, sparql_endpoint):
    """A fresh profile (empty localStorage) at 1400x1000; every request it sends must stay on the machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.set_default_timeout(30_000)
    yield tab
    context.close()
    assert requests and all(urllib.parse.urlsplit(url).hostname == "127.0.0.1" for url in requests), requests
    assert errors == []


def base_of(endpoint: str) -> str:
    return endpoint.removesuffix("/query")


def open_editor(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("window.balisesYasgui !== undefined")


def test_a_library_tab_runs_and_shows_its_rows(page, sparql_endpoint):
    from playwright.sync_api import expect

    open_editor(page, base_of(sparql_endpoint) + "/yasgui/")
    assert page.locator(TABS).count() == len(LIBRARY)
    page.locator(TABS, has_text="Profil d'un territoire").click()
    text = page.evaluate("window.balisesYasgui.getTab().getYasqe().getValue()")
    assert text == (ROOT / "queries" / "01-territory-profile.rq").read_text(encoding="utf-8"), "the file, unchanged"
    page.locator(".yasqe_queryButton:visible").click()
    page.wait_for_selector(".yasr:visible table.dataTable tbody tr")
    rows = page.locator(".yasr:visible table.dataTable tbody tr")
    assert rows.count() == 1, "the file's own default: ter:lomme"
    expect(rows.first).to_contain_text("ter:lomme")
    expect(rows.first).to_contain_text("Métropole Européenne de Lille")
    page.locator(TABS, has_text="Tous les territoires").click()
    page.locator(".yasqe_queryButton:visible").click()
    page.wait_for_selector(".yasr:visible table.dataTable tbody tr")
    assert page.locator(".yasr:visible table.dataTable tbody tr").count() >= 10
    search = page.locator(".yasr:visible .tableFilter")
    search.press_sequentially("Lomme")  # YASR filters on keyup
    expect(page.locator(".yasr:visible table.dataTable tbody tr").first).to_contain_text("ter:lomme")
    search.fill("")
    search.press("Backspace")
    expect(page.locator(".yasr:visible table.dataTable tbody tr").nth(9)).to_be_visible()
    page.locator(TABS, has_text="Profil d'un territoire").click()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "yasgui.png"))


def test_tabs_are_kept_across_a_reload_and_reopened_by_the_reset(page, sparql_endpoint):
    open_editor(page, base_of(sparql_endpoint) + "/yasgui/")
    page.locator(TABS, has_text="Sauts systémiques").first.locator(".closeTab").click()
    assert page.locator(TABS).count() == len(LIBRARY) - 1
    open_editor(page, base_of(sparql_endpoint) + "/yasgui/")
    assert page.locator(TABS).count() == len(LIBRARY) - 1  # neither doubled nor the closed one back
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("#balises-reset").click()
    page.wait_for_function("window.balisesYasgui !== undefined")
    assert page.locator(TABS).count() == len(LIBRARY)


def test_a_yasgui_link_opens_exactly_its_query(page, sparql_endpoint):
    text = ('# « Ouvrir dans YASGUI » : 100% & + ; #fin\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n'
            'SELECT ?l WHERE { <https://w3id.org/balises/territoire/lomme> rdfs:label ?l '
            'FILTER(?l != "a+b&c;d#e") }\n')
    open_editor(page, yasgui_link(base_of(sparql_endpoint), text))
    assert page.evaluate("window.balisesYasgui.getTab().getYasqe().getValue()") == text
    page.wait_for_selector(".yasr:visible table.dataTable tbody tr")  # a link runs its query at once
    assert "Lomme" in page.locator(".yasr:visible table.dataTable tbody").inner_text()
    assert page.locator(TABS).count() == len(LIBRARY) + 1
