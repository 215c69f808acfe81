"""The source documents as reference managers import them (balises.quotes.references): BibTeX read back by
bibtexparser, CSL-JSON valid against the CSL 1.0.2 input schema (tests/fixtures/csl-data-1.0.2.schema.json, from
the tag v1.0.2 of the Citation Style Language's schema repository, MIT licence beside it), RIS read back by rispy;
and the bibliography formatted by the French ISO 690 author-date style (balises.quotes.bibliography)."""

from __future__ import annotations

import json

import bibtexparser
import jsonschema
import pytest
import rispy

from balises.quotes.bibliography import entries, plain
from balises.quotes.references import csl_items, date_parts, person_names, references, to_bibtex, to_csl_json, to_ris
from balises.quotes.search import open_bank

from conftest import FIXTURES

SCHEMA = FIXTURES / "csl-data-1.0.2.schema.json"
#: The fields BibTeX's standard styles and biblatex know, that Zotero imports.
STANDARD = {"author", "title", "year", "publisher", "isbn", "number", "url", "note"}


@pytest.fixture(scope="module")
def refs(store, library, project_settings):
    bank = open_bank(store, library, project_settings.corpus_dir)
    documents = [bank.documents[k] for k in sorted(bank.documents)]
    return references(documents, person_names(store))


def test_bibtex_has_standard_fields_and_stable_keys(refs):
    library = bibtexparser.parse_string(to_bibtex(refs))
    assert library.failed_blocks == []
    by_key = {e.key: e for e in library.entries}
    assert sorted(by_key) == ["chassagne2017002", "negre2024000", "transitionssd001", "transitionssd003",
                              "vuidel2019004"]
    for entry in library.entries:
        assert set(entry.fields_dict) <= STANDARD, entry.key
        assert entry.entry_type == ("book" if entry.key == "vuidel2019004" else "misc")
    assert by_key["vuidel2019004"]["author"] == "Vuidel, Patrice and Perdrigeat, Julian"
    assert by_key["vuidel2019004"]["isbn"] == "978-2-490995-00-4"
    assert "CC BY-NC-ND 4.0" in by_key["vuidel2019004"]["note"]
    # one publisher field, the publishers in the order the document names them; `and` only between authors
    assert by_key["chassagne2017002"]["publisher"] == "UNADEL; Territoires Conseils"
    assert by_key["transitionssd003"]["author"] == "{Fabrique des transitions} and {Ville de Loos-en-Gohelle}"
    assert " and " not in "".join(e["publisher"] for e in library.entries if "publisher" in e.fields_dict)
    # 001 prints neither author nor publisher: filed under the curators' attribution, in square brackets, said in
    # the note, and given no publisher field
    assert by_key["transitionssd001"]["author"] == "{[Fabrique des transitions]}"
    assert "publisher" not in by_key["transitionssd001"].fields_dict
    assert "Attribué à Fabrique des transitions par les curateurs" in by_key["transitionssd001"]["note"]


def test_csl_json_is_valid_against_the_schema(refs):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    items = json.loads(to_csl_json(refs))
    jsonschema.Draft7Validator(schema).validate(items)
    by_id = {i["id"]: i for i in items}
    ref004 = by_id["vuidel2019004"]
    assert ref004["type"] == "book" and ref004["ISBN"] == "978-2-490995-00-4"
    assert ref004["author"] == [{"family": "Vuidel", "given": "Patrice"}, {"family": "Perdrigeat", "given": "Julian"}]
    assert {"family": "Du Tertre", "given": "Christian"} in ref004["contributor"]
    assert ref004["issued"] == {"date-parts": [[2019, 3, 21]]} and "CC BY-NC-ND 4.0" in ref004["note"]
    assert by_id["chassagne2017002"]["issued"] == {"date-parts": [[2017, 9]]}
    assert by_id["transitionssd003"]["author"] == [{"literal": "Fabrique des transitions"},
                                                   {"literal": "Ville de Loos-en-Gohelle"}]
    assert "issued" not in by_id["transitionssd003"] and by_id["transitionssd001"]["type"] == "report"
    assert by_id["transitionssd001"]["author"] == [{"literal": "[Fabrique des transitions]"}]
    assert csl_items(refs) == items


def test_ris_reads_back(refs):
    records = rispy.loads(to_ris(refs))
    assert [r["id"] for r in records] == [r.key for r in refs]
    by_id = {r["id"]: r for r in records}
    assert by_id["vuidel2019004"]["type_of_reference"] == "BOOK"
    assert by_id["vuidel2019004"]["authors"] == ["Vuidel, Patrice", "Perdrigeat, Julian"]
    assert by_id["vuidel2019004"]["issn"] == "978-2-490995-00-4"
    assert by_id["chassagne2017002"]["publisher"] == "UNADEL; Territoires Conseils"
    assert by_id["chassagne2017002"]["type_of_reference"] == "RPRT" and by_id["chassagne2017002"]["year"] == "2017"
    assert "CC BY-NC-ND 4.0" in by_id["vuidel2019004"]["notes"][0]


def test_the_bibliography_is_formatted_by_the_french_iso_690_style(refs):
    formatted = entries(refs)
    texts = [plain(e) for e in formatted]
    assert len(texts) == 5 and texts == sorted(texts, key=str.casefold)  # the style sorts by author
    (ref004,) = [t for t in texts if t.startswith("VUIDEL")]
    assert ref004.startswith("VUIDEL, Patrice et PERDRIGEAT, Julian, 2019. Atelier « Villes pairs")
    assert "ISBN" in ref004 and "Licence CC BY-NC-ND 4.0" in ref004
    assert any("[sans date]" in t for t in texts)
    italic = [text for e in formatted for text, it, _ in e if it]
    assert sorted(italic) == sorted(r.title for r in refs)  # the titles, in italics
    assert entries([]) == []


def test_date_parts():
    assert date_parts("2019-03-21") == (2019, 3, 21)
    assert date_parts("2024") == (2024,) and date_parts("") == () and date_parts("vers 2018") == ()
