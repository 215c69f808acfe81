"""The explorer speaks the page's language everywhere: every page, in French and in English, run by Streamlit's
AppTest, and every string it shows (markdown, captions, headers, widget labels, options, placeholders and help,
table columns and cells, metrics, buttons, tabs and expanders, chart titles and legends) checked for raw
identifiers, missing values shown as words, and the other language's words."""

from __future__ import annotations

import ast
import html
import json
import re
from dataclasses import dataclass

import pytest
from conftest import ROOT
from streamlit.testing.v1.element_tree import Block
from test_app import LOMME_TEXT, app_env, ok, open_page  # noqa: F401 - app_env: the store the other UI tests use

from balises.analysis.facts import LEVELS
from balises.analysis.vocabulary import vocabulary
from balises.catalog.labels import translations
from balises.query.library import load_library
from balises.rdf.namespaces import PREFIXES
from views.strings import S


def paste_a_text(at):
    """The « Coller un texte » tab with its suggestions (territories, people, organisations, balises)."""
    at.text_area(key="ct_text").set_value(LOMME_TEXT)
    at.button(key="ct_suggest").click()


#: Every page, in the state that shows the most (and what to do there): a territory's sheet with a typed profile's
#: analogues, a balise with a heatmap cell's quotes, a project's sheet, a search with highlights, a library query
#: with its parameters, a pasted text's suggestions.
WALK = [
    ("views/home.py", {}, None),
    ("views/territories.py", {"territoire": "ter:loos-en-gohelle", "commune": "06084", "themes": "alimentation"}, None),
    ("views/referentiel.py", {"balise": "C2", "cellule": "C2|E2"}, None),
    ("views/projects.py", {"projet": "prj:lomme-tiers-lieu"}, None),
    ("views/network.py", {}, None),
    ("views/leaps.py", {"territoire": "ter:lomme"}, None),
    ("views/quotes.py", {"q": "coopération"}, None),
    ("views/sparql.py", {"requete": "01-territory-profile", "p_territory": "ter:lomme"}, None),
    ("views/contribute.py", {}, paste_a_text),
]

# --- the allow-list ---------------------------------------------------------------------------------------------

#: Words that are the same in both languages, or names: shown as they are on French and English pages alike.
SAME_IN_BOTH = {
    # technical words and formats
    "SPARQL", "CSV", "JSON", "Turtle", "YAML", "GEXF", "GRAPHML", "BibTeX", "Markdown", "URL", "RDF", "IRI", "CURIE",
    "SHACL", "Citation File Format",
    # names: tools, sources, official codes, licences
    "Gephi", "Louvain", "GeoNames", "amCharts", "GitHub", "Zotero", "INSEE", "SIREN", "EPCI", "CC BY-NC-ND", "CC BY",
    "Newsletter",  # in the title of document 001 (« Newsletter #3 … »)
    # French terms the English pages keep: the référentiel's (the ontology's English « beacon » is not used) and the
    # administrative ones
    "balise", "balises", "département", "départements", "région", "régions",
}
#: File names (a download's name, a template's) are shown as they are.
#: The addresses of the servers on this machine (`balises serve`: YASGUI, the documentation), which a reader opens.
LOCAL_ADDRESS = re.compile(r"https?://(?:127\.0\.0\.1|localhost)(?::\d+)?/[^\s)\]]*")
FILE_NAME = re.compile(r"[\w.-]+\.(?:yaml|yml|cff|txt|ttl|csv|md|json|gexf|graphml|bib)\b")

#: What a page shows raw by design, by (page, element, or the start of its name): the rules that do not apply there.
BY_DESIGN = {
    # the console's answer is the query's, as is: its columns are the query's variables, its cells RDF terms
    # (an unbound value is still an empty cell)
    ("views/sparql.py", "column"): {"raw", "language"},
    ("views/sparql.py", "cell"): {"raw", "language"},
    # a parameter's description gives an example of what to type: a CURIE
    ("views/sparql.py", "text_input.label"): {"raw"},
    # the identifier a contributor writes in a sheet (ter:lomme) for what a pasted text names
    ("views/contribute.py", "cell[Identifiant]"): {"raw"},
    ("views/contribute.py", "cell[Identifier]"): {"raw"},
}

# --- what is shown -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A string the page shows; `value` when it is a single value (a cell, an option, a metric), which may come
    from the graph, `ui` when it is the interface's own (a label, a column, a button, a placeholder)."""

    where: str
    text: str
    kind: str  # "ui", "value" or "prose"


UI_FIELDS = {"label": "ui", "placeholder": "ui", "help": "prose", "body": "prose"}
#: The roles that depend on the element: a title or a subheader is the interface's; a header, a page link or an
#: expander often names a thing of the graph (a territory, a project, a leap).
ROLE = {("title", "body"): "ui", ("subheader", "body"): "ui", ("page_link", "label"): "prose",
        ("metric", "body"): "value"}


def _chart_texts(spec: dict) -> list[str]:
    """Titles, and the values of the nominal fields a chart draws as text (axes, legends, tooltips, labels)."""
    out, datasets = [], spec.get("datasets", {})

    def walk(node: object, data: list) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, data)
            return
        if not isinstance(node, dict):
            return
        source = node.get("data")
        if isinstance(source, dict):
            data = source.get("values") if isinstance(source.get("values"), list) else datasets.get(source.get("name"),
                                                                                                      data)
        for key, value in node.items():
            if key == "title" and isinstance(value, str):
                out.append(value)
            elif key == "encoding" and isinstance(value, dict):
                channels = [c for v in value.values() for c in (v if isinstance(v, list) else [v])]
                for channel in channels:
                    field = isinstance(channel, dict) and channel.get("field")
                    if field and channel.get("type") == "nominal" and "." not in field:
                        out.extend(str(row.get(field)) for row in data or [] if isinstance(row, dict))
                walk(value, data)
            else:
                walk(value, data)

    walk(spec, [])
    return out


def shown(at) -> list[Shown]:
    """Every string of the page, from its element tree."""
    out: list[Shown] = []

    def walk(node) -> None:
        if isinstance(node, Block):
            if getattr(node, "label", None):  # a tab's label is the interface's; an expander's often names a thing
                out.append(Shown(node.type, node.label, "ui" if node.type == "tab" else "prose"))
            for child in node.children.values():
                walk(child)
            return
        kind, proto = node.type, node.proto
        if kind == "code":  # SPARQL text, bound parameters, commands: code is shown as code
            return
        if kind == "dataframe":
            frame = node.value
            out.extend(Shown("column", str(c), "ui") for c in frame.columns)
            out.extend(Shown(f"cell[{column}]", str(v), "value") for column in frame.columns
                       for v in frame[column].astype(object))
            return
        if kind == "vega_lite_chart":
            out.extend(Shown("chart", t, "value") for t in _chart_texts(json.loads(proto.spec)))
            return
        if kind == "plotly_chart":
            figure = json.loads(proto.spec)
            out.extend(Shown("chart", str(t), "value") for d in figure.get("data", []) for t in d.get("node", {})
                       .get("label", []))
            out.append(Shown("chart", str(figure.get("layout", {}).get("title", {}).get("text", "")), "ui"))
            return
        present = {f.name for f, _ in proto.ListFields()}
        for name, role in UI_FIELDS.items():
            if name in present and isinstance(getattr(proto, name), str):
                role = ROLE.get((kind, name), role)
                out.append(Shown(f"{kind}.{name}", getattr(proto, name), role))
        if "options" in present:
            out.extend(Shown(f"{kind}.option", str(o), "value") for o in proto.options)

    walk(at._tree)
    return [s for s in out if s.text.strip()]


def plain_text(text: str) -> str:
    """What a reader sees of a Markdown/HTML string: verbatim quotes, styles, tags, code spans and escapes removed."""
    text = re.sub(r'<div class="bal-quote">.*?</div>', " ", text, flags=re.DOTALL)  # verbatim quotes stay as they are
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"`[^`]*`", " ", text)  # commands, file names, identifiers shown as code
    text = re.sub(r":material/\w+:", " ", text)
    return re.sub(r"\\(.)", r"\1", text)


# --- the rules ---------------------------------------------------------------------------------------------------

RAW = {
    "IRI": re.compile(r"https?://\S+"),
    "CURIE": re.compile(rf"\b(?:{'|'.join(PREFIXES)}):\w[\w./-]*"),
    "snake_case": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "camelCase": re.compile(r"\b[a-z]+(?:[A-Z][a-z0-9]+)+\b"),
}
MISSING = re.compile(r"\b(?:None|nan|NaN|NaT|null|True|False)\b|<NA>")  # a missing value or a boolean, as a word
KEBAB = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*(?:-[a-z0-9]+)+")  # a code such as pole-metropolitain, as a whole value

#: Common English words of an interface (whole words, any case): none may show on a French page. Not « an »,
#: which French writes too (« 150 euros par an »).
ENGLISH = {"the", "and", "of", "with", "no", "not", "select", "all", "search", "results", "result", "download",
           "show", "more", "none", "see", "open", "add", "remove", "basket", "query", "choose", "options", "to", "from",
           "by", "for", "in", "is", "are", "this", "that", "its", "which", "what", "where", "how", "who", "each",
           "every", "or", "your", "you", "name", "territory", "territories", "project", "projects", "actor",
           "actors", "links", "label", "degree", "betweenness", "community", "levels", "categories", "cooperation",
           "run", "clear", "empty", "sheet", "paste", "check", "upload", "drag", "drop", "browse", "files", "file",
           "limit", "per", "press", "enter", "apply", "submit", "unknown", "official", "status", "themes", "theme",
           "quotes", "quote", "people", "kind", "level", "weighted", "found", "matches", "yes"}
#: Common French words of an interface: none may show in an English page's labels, columns, buttons and titles.
FRENCH = {"le", "la", "les", "des", "du", "de", "et", "un", "une", "aucun", "aucune", "avec", "pour", "dans", "sur",
          "par", "voir", "tous", "toutes", "télécharger", "rechercher", "choisir", "ouvrir", "ajouter", "retirer",
          "panier", "requête", "libellé", "statut", "thème", "thèmes", "territoire", "territoires", "projet", "projets",
          "acteur", "acteurs", "fiche", "personnes", "réseau", "où", "à", "est", "sont",
          "ce", "cette", "qui", "que", "inconnu", "inconnue", "oui", "non", "liens", "échelle", "catégorie"}


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)


def _french_fragments() -> tuple[list[str], set[str]]:
    """Pieces of the French UI strings (without their {values}) that an English page must not show: the long ones
    anywhere, the short ones as a whole label."""
    long, short = [], set()
    for entry in S.values():
        fr, en = entry.get("fr", ""), entry.get("en", "")
        if not fr or not en or fr == en:
            continue
        pieces = [p.strip(" :;,.()«»\"'") for p in re.split(r"\{[^}]*\}", fr)]
        for piece in pieces:
            if len(piece) >= 16 and piece not in en:
                long.append(piece)
        if "{" not in fr and len(fr) < 16:
            short.add(fr)
    return long, short


@dataclass(frozen=True)
class Finding:
    page: str
    lang: str
    rule: str
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.page} [{self.lang}] {self.rule} in {self.where}: {self.text[:160]!r}"


class Checker:
    """The rules, with what the graph knows: its vocabulary codes and the labels in each language."""

    def __init__(self, store, library) -> None:
        pairs = translations(store)  # French label -> English label
        self.fr_only = {fr for fr, en in pairs.items() if fr != en} - set(pairs.values())
        self.en_only = {en for fr, en in pairs.items() if fr != en} - set(pairs)
        vocab = vocabulary(store)
        terms = [t for group, codes in vocab.terms.items() for t in codes.values()
                 if group != "balise"]  # a balise's notation (C2) is how the référentiel numbers it: shown as is
        self.labels = {"fr": {t.fr for t in terms} | set(pairs), "en": {t.en or t.fr for t in terms} | set(pairs.values())}
        self.codes = ({t.code for t in terms} | set(LEVELS)) - {t.fr for t in terms} - {t.en for t in terms}
        # what a page may show that looks like a code: a UI string (multi-scale) or a label of the graph
        self.words = {text for entry in S.values() for text in entry.values()} | self.labels["fr"] | self.labels["en"]
        self.french_long, self.french_short = _french_fragments()

    def check(self, page: str, lang: str, items: list[Shown]) -> list[Finding]:
        """Every finding on a page: its strings as a reader sees them, less what the allow-lists let through."""
        out = []
        for item in items:
            exempt = set().union(*(rules for (where, element), rules in BY_DESIGN.items()
                                   if where == page and item.where.startswith(element)))
            text = self.seen(item.text, lang)
            rules = [self.missing(text)]
            if "raw" not in exempt:
                rules.append(self.raw(text, item.kind))
            if "language" not in exempt:
                rules.append(self.labelled(text, lang) if item.kind == "value" else [])
                rules.append(self.english(text) if lang == "fr" else self.french(text, item.kind))
            out += [Finding(page, lang, rule, item.where, shown_as) for found in rules for rule, shown_as in found]
        return out

    def seen(self, text: str, lang: str) -> str:
        """The text as a reader sees it, less the allowed: local addresses, file names, names."""
        text = plain_text(text)
        text = FILE_NAME.sub(" ", LOCAL_ADDRESS.sub(" ", text))
        for name in SAME_IN_BOTH:
            text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", text)
        return text

    @staticmethod
    def missing(text: str) -> list[tuple[str, str]]:
        return [("missing value", f"{m.group(0)} ← {text}") for m in MISSING.finditer(text)]

    def raw(self, text: str, kind: str) -> list[tuple[str, str]]:
        out = [(rule, f"{m.group(0)} ← {text}") for rule, pattern in RAW.items() for m in pattern.finditer(text)]
        if kind == "value":  # a code as a whole value, or in a list joined by a bare comma (a,b)
            whole = text.strip()
            out += [("vocabulary code", part) for part in {whole, *(p.strip() for p in re.split(r",(?! )|;", whole))}
                    if (KEBAB.fullmatch(part) and part not in self.words) or part in self.codes]
        return out

    def labelled(self, text: str, lang: str) -> list[tuple[str, str]]:
        """A label of the graph in the other language, where the graph has one in the page's (a whole value, an item
        of « a ; b », an item of « a, b » when each is a label)."""
        whole = text.strip()
        parts = {whole, *whole.split(" ; ")}
        for piece in whole.split(" ; "):
            items = set(piece.split(", "))
            parts |= items if items <= self.labels["fr"] | self.labels["en"] else set()
        other, rule = (self.fr_only, "French label") if lang == "en" else (self.en_only, "English label")
        return [(rule, part) for part in parts if part in other]

    @staticmethod
    def english(text: str) -> list[tuple[str, str]]:
        words = sorted({w.lower() for w in _words(text)} & ENGLISH)
        return [(f"English words {words}", text)] if words else []

    def french(self, text: str, kind: str) -> list[tuple[str, str]]:
        out = [("French UI string", piece) for piece in self.french_long if piece in text]
        if kind == "ui":  # labels, columns, buttons, titles: the words themselves (values and prose name things)
            words = sorted({w.lower() for w in _words(text)} & FRENCH)
            out += [(f"French words {words}", text)] if words else []
            out += [("French UI string", text)] if text.strip() in self.french_short else []
        return out


@pytest.fixture(scope="module")
def checker(store, project_settings):
    return Checker(store, load_library(project_settings.queries_dir))


def walk(lang: str) -> tuple[list[tuple[str, list[Shown]]], int]:
    pages = []
    for page, params, action in WALK:
        at = ok(open_page(page, **params, **({"lang": lang} if lang != "fr" else {})))
        if action is not None:
            action(at)
            at = ok(at.run())
        pages.append((page, shown(at)))
    return pages, sum(len(items) for _, items in pages)


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_speaks_the_page_language(checker, lang):
    pages, count = walk(lang)
    findings = [f for page, items in pages for f in checker.check(page, lang, items)]
    print(f"\n{lang}: {len(pages)} pages, {count} strings checked, {len(findings)} findings")
    assert count > 1000
    assert not findings, "\n".join(map(str, dict.fromkeys(findings)))


@pytest.mark.parametrize(("lang", "shown_as", "rule"), [
    ("fr", Shown("column", "weighted_degree", "ui"), "snake_case"),
    ("fr", Shown("cell[Échelles]", "commune,pole-metropolitain", "value"), "vocabulary code"),
    ("fr", Shown("cell[Statut]", "voc:reussi", "value"), "CURIE"),
    ("fr", Shown("cell[Licence]", "https://creativecommons.org/licenses/by/4.0/", "value"), "IRI"),
    ("fr", Shown("cell[Population]", "None", "value"), "missing value"),
    ("fr", Shown("multiselect.option", "Select all", "value"), "English words"),
    ("fr", Shown("cell[Statut]", "successful", "value"), "English label"),
    ("en", Shown("cell[Status]", "réussi", "value"), "French label"),
    ("en", Shown("button.label", "Voir la requête SPARQL", "ui"), "French"),
    ("en", Shown("caption.body", "Ouvrir dans la console", "prose"), "French UI string"),
])
def test_the_rules_catch_what_they_are_for(checker, lang, shown_as, rule):
    """The walk finds nothing on today's pages: these show what it would find."""
    assert any(f.rule.startswith(rule) for f in checker.check("views/home.py", lang, [shown_as]))


#: Small words that make a sentence, in each language (a URL parameter or a key is one word: never two of these).
SENTENCE = {"fr": {"le", "la", "les", "des", "du", "de", "et", "un", "une", "au", "aux", "en", "à", "avec", "pour",
                   "dans", "sur", "par", "est", "sont", "ce", "cette", "qui", "que", "aucun", "aucune"},
            "en": {"the", "and", "of", "with", "to", "for", "in", "is", "an", "or", "by", "no", "not", "from", "this",
                   "that"}}


def test_no_sentence_is_written_in_a_page_file():
    """Every sentence a page shows comes from views/strings.py (in both languages), never from a literal of app.py
    or views/*.py: the walk cannot tell a French literal from French data on an English page."""
    found = []
    for path in [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py"))]:
        if path.name == "strings.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                words = set(_words(node.value.lower()))
                if " " in node.value and any(len(words & small) >= 2 for small in SENTENCE.values()):
                    found.append(f"{path.name}:{node.lineno}: {node.value[:80]!r}")
    assert not found, found
