"""Labels read for the IRIs a page shows: the same labels as the full table (38-labels), on both backends."""

from __future__ import annotations

import pytest
from test_querying import HOSTILE

from balises.catalog import labels
from balises.catalog.labels import labels_of, territory_labels, translations
from balises.query.cache import run_named
from balises.query.library import find_query, load_library


@pytest.fixture(scope="module")
def table(project_settings, store):
    library = load_library(project_settings.queries_dir)
    return {r["entity"]: (r["fr"] or "", r["en"] or "") for r in run_named(store, find_query(library, "38-labels")).records()}


def test_labels_of_every_entity_equal_the_full_table(any_store, table, monkeypatch):
    monkeypatch.setattr(labels, "BATCH", 250)  # several VALUES blocks
    assert labels_of(any_store, list(table)) == table


def test_labels_of_known_things(store):
    found = labels_of(store, ["ter:lomme", "ref:E3", "bal:Commune", "ter:lomme"])
    assert list(found) == ["https://w3id.org/balises/territoire/lomme", "https://w3id.org/balises/referentiel/E3",
                           "https://w3id.org/balises/def#Commune"]
    assert found["https://w3id.org/balises/territoire/lomme"] == ("Lomme", "")
    assert found["https://w3id.org/balises/referentiel/E3"][0] == "Créer les conditions de la confiance"
    assert found["https://w3id.org/balises/def#Commune"] == ("commune", "municipality")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_have_no_label_and_are_never_sparql(store, text):
    assert set(labels_of(store, [text, "ter:lomme"]).values()) <= {("", ""), ("Lomme", "")}


def test_translations_come_from_the_entities_with_both_labels(store, table):
    tr = translations(store)
    assert tr["commune"] == "municipality"
    pairs = {v for v in table.values() if v[0] and v[1]}
    assert set(tr.items()) <= pairs and set(tr) == {fr for fr, _ in pairs}


def test_territory_labels_are_those_of_every_territory(any_store, table):
    found = territory_labels(any_store)
    # 40 territories the documents name, 16 wider units only the official geography gives (cog:)
    assert sum("/territoire/" in t for t in found) == 40 and sum("/cog/" in t for t in found) == 16
    assert found["https://w3id.org/balises/territoire/lomme"] == ("Lomme", "")
    assert found == labels_of(any_store, list(found))
    assert all(found[t] == table[t] for t in found if t in table)
