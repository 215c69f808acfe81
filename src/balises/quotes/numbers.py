"""Every number of the corpus, accounted for: a figure of the graph, or set aside with its reason.

A number of a corpus file is one of three things:

- **set aside by rule**: a year (« 2017 », « 2023-2024 »), a day of a date (« le 24 janvier », « 21/03/2019 »),
  an ordinal (« 3eme », « 1er »), the number of a list item, a page, a chapter, a balise or a season
  (« 5. Changer d'échelle », « Balise 3 », « Saison 2 »), or digits glued to letters on their left (a name,
  a code or OCR noise: « A21 », « 11-19 », « m3 »), or part of a web address;
- **modelled**: the value (or a bound of the range) of a figure (`bal:Observation`) whose quoted passage
  (`bal:statedIn`) covers it, or of a population or area figure the document gives;
- **not a figure**, listed with its reason in `data/not-figures/NNN.csv` (`line,number,reason`), NNN being the
  document's number (« 4 enjeux » counts concepts of the référentiel, « Lisieux Normandie (26) » is a
  département's number).

Anything else is a number the graph has not accounted for: `balises numbers` lists them, and the test of the
corpus fails on them.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from ..errors import InputError
from ..rdf.namespaces import BAL, OA, SCHEMA, shorten
from .integrity import Corpus, CorpusText

#: A number as the documents write it: digits with thousands groups (« 23 000 », « 245 000 »), a decimal comma
#: or point (« 9,3 »), a leading « + » (« +100 »).
NUMBER = re.compile(r"\+?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)|\+?\d+(?:[,.]\d+)?")

MONTHS = ("janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout", "septembre",
          "octobre", "novembre", "décembre", "decembre")
_MONTH = r"(?:" + "|".join(MONTHS) + r")\b"
_DAY_OF = re.compile(r"\s*(?:er\b|\^\{?er\}?)?\s+(?:et\s+\d{1,2}\s+)?" + _MONTH, re.IGNORECASE)
_ORDINAL = re.compile(r"(?:er|ère|ere|ème|eme|e|è|\^\{?e\}?|\^\{?er\}?)(?![^\W\d_])", re.IGNORECASE)
_LABEL_BEFORE = re.compile(r"(?:saison|balise|batise|chapitre|implication|sc[ée]nario|phase|[ée]tape|page|version|"
                           r"pilier|fondement|newsletter\s*#|n°|#)\s*$", re.IGNORECASE)
_LIST_AFTER = re.compile(r"\s*(?:[.)]|\s[-–—]\s|,(?=\S))")
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
_DOTS_BEFORE = re.compile(r"(?:\.{2,}|\t)\s*$")

RULES = {
    "year": "année",
    "date": "jour d'une date",
    "ordinal": "ordinal",
    "label": "numéro d'une saison, d'une balise, d'un chapitre, d'une page…",
    "list": "numéro d'un élément de liste",
    "page": "numéro de page (ligne seule, sommaire)",
    "glued": "chiffres collés à des lettres à leur gauche (nom, code, bruit d'OCR)",
    "address": "partie d'une adresse web ou électronique",
}


@dataclass(frozen=True)
class Number:
    """One number of a corpus file."""

    document: URIRef
    line: int
    text: str  # as written, its spaces made plain
    value: Decimal
    start: int  # where it stands in the whitespace-squeezed text (CorpusText.text)
    end: int
    context: str  # the line around it
    rule: str | None = None  # a key of RULES when set aside by rule


def _value(text: str) -> Decimal:
    digits = re.sub(r"[\s\u00a0\u202f+]", "", text).replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
        return Decimal(0)


def _rule(line: str, start: int, end: int, text: str, following: str) -> str | None:
    """The rule that sets the number `text` at line[start:end] aside, if any; `following` is the text after it,
    over the line's end (a date may run on the next line: « le 19 / septembre 2017 »)."""
    before, after = line[:start], following
    digits = text.lstrip("+")
    if any(m.start() <= start < m.end() for m in _URL.finditer(line)):
        return "address"
    if re.fullmatch(r"1[89]\d\d|20\d\d", digits) and not before[-1:].isalpha():
        return "year"
    if before and (before[-1].isalpha() or before[-1] in "_" or (before[-1] in "-/" and before[:-1][-1:].isdigit())):
        return "glued"
    if after[:1] in "-/" and after[1:2].isdigit() and not re.fullmatch(r"\d{4}", digits):
        if len(digits) <= 2 and re.match(r"[/-]\d{1,2}[/-]\d{4}", after):
            return "date"
        return "glued"
    if re.fullmatch(r"\d{1,2}", digits) and (_DAY_OF.match(after) or re.match(r"/\d{1,2}/\d{4}", after)):
        return "date"
    if re.fullmatch(r"\d{1,3}", digits) and _ORDINAL.match(after):
        return "ordinal"
    if _LABEL_BEFORE.search(before):
        return "label"
    if not line.strip().replace(text, "", 1).strip(" \t.-–—|/\\") or (_DOTS_BEFORE.search(before) and not line[end:].strip()):
        return "page"
    if not before.strip(" \t•*-–—(") and _LIST_AFTER.match(after):
        return "list"
    if before.rstrip().endswith("(") and after.lstrip().startswith(")") and not before.strip(" \t("):
        return "list"
    return None


def numbers_of(document: URIRef, text: CorpusText, raw: str) -> list[Number]:
    """Every number of one corpus file, with the rule that sets it aside, if any."""
    squeezed_at: dict[int, int] = {}
    at = 0
    for i, ch in enumerate(raw):  # the squeezed text keeps every non-space character, in order
        if not ch.isspace():
            while text.text[at] == " ":
                at += 1
            squeezed_at[i] = at
            at += 1
    found: list[Number] = []
    offset = 0
    for number, line in enumerate(raw.split("\n"), start=1):
        for m in NUMBER.finditer(line):
            written = " ".join(m.group().split())
            start = squeezed_at[offset + m.start()]
            end = squeezed_at[offset + m.end() - 1] + 1
            found.append(Number(document, number, written, _value(written), start, end, line.strip()[:160],
                                _rule(line, m.start(), m.end(), m.group(),
                                      re.sub(r"\s*\n\s*", " ", raw[offset + m.end():offset + m.end() + 80]))))
        offset += len(line) + 1
    return found


@dataclass(frozen=True)
class Listed:
    """A line of data/not-figures/NNN.csv."""

    path: Path
    row: int
    line: int
    number: str
    reason: str


def read_not_figures(folder: Path) -> dict[str, list[Listed]]:
    """The numbers set aside by hand, by document number (« 003 »)."""
    listed: dict[str, list[Listed]] = {}
    if not folder.is_dir():
        return listed
    for path in sorted(folder.glob("*.csv")):
        rows: list[Listed] = []
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != ["line", "number", "reason"]:
                raise InputError(f"{path}: the header must be `line,number,reason` (found {reader.fieldnames})")
            for row_number, row in enumerate(reader, start=2):
                line, number, reason = (row.get(k) or "" for k in ("line", "number", "reason"))
                if not line.strip().isdigit() or not number.strip() or not reason.strip():
                    raise InputError(f"{path}, line {row_number}: give the corpus line (a number), the number as "
                                     f"written and the reason it is not a figure (got {line!r}, {number!r}, {reason!r})")
                rows.append(Listed(path, row_number, int(line), " ".join(number.split()), reason.strip()))
        listed[path.stem] = rows
    return listed


@dataclass
class Coverage:
    """How the numbers of the corpus are accounted for."""

    numbers: list[Number] = field(default_factory=list)
    modelled: dict[Number, list[URIRef]] = field(default_factory=dict)
    listed: dict[Number, Listed] = field(default_factory=dict)
    stale: list[Listed] = field(default_factory=list)  # a listed number the file does not have on that line
    both: list[tuple[Number, Listed]] = field(default_factory=list)  # modelled and listed as not a figure

    @property
    def missing(self) -> list[Number]:
        return [n for n in self.numbers if n.rule is None and n not in self.modelled and n not in self.listed]

    def counts(self) -> dict[str, Counter]:
        """Per document (its short IRI): numbers, set aside by rule, modelled, listed, missing."""
        table: dict[str, Counter] = {}
        missing = set(self.missing)
        for n in self.numbers:
            c = table.setdefault(shorten(str(n.document)), Counter())
            c["numbers"] += 1
            c["rule"] += n.rule is not None
            c["modelled"] += n in self.modelled
            c["listed"] += n in self.listed
            c["missing"] += n in missing
        return table


def _figures(graph: Graph, corpus: Corpus) -> dict[URIRef, list[tuple[URIRef, set[Decimal], tuple[int, int] | None]]]:
    """Per document: each figure's values and the span of its quote (None for population and area figures,
    which carry no quote: their value counts wherever the document writes it)."""
    by_doc: dict[URIRef, list[tuple[URIRef, set[Decimal], tuple[int, int] | None]]] = {}

    def values(node) -> set[Decimal]:
        out = set()
        for p in (SCHEMA.value, SCHEMA.minValue, SCHEMA.maxValue):
            for v in graph.objects(node, p):
                try:
                    out.add(Decimal(str(v)))
                except InvalidOperation:
                    continue
        return out

    for figure in graph.subjects(RDF.type, BAL.Observation):
        for target in graph.objects(figure, BAL.statedIn):
            doc = graph.value(target, OA.hasSource)
            text = corpus.text(doc) if doc is not None else None
            for selector in graph.objects(target, OA.hasSelector):
                exact = graph.value(selector, OA.exact)
                if text is None or exact is None:
                    continue
                prefix, suffix = graph.value(selector, OA.prefix), graph.value(selector, OA.suffix)
                span = text.span(str(exact), str(prefix) if prefix else None, str(suffix) if suffix else None)
                by_doc.setdefault(doc, []).append((figure, values(figure), span))
    for kind in (BAL.PopulationFigure, BAL.AreaFigure):
        for figure in graph.subjects(RDF.type, kind):
            for doc in graph.objects(figure, PROV.wasDerivedFrom):
                by_doc.setdefault(doc, []).append((figure, values(figure), None))
    return by_doc


def coverage(graph: Graph, corpus: Corpus, not_figures_dir: Path) -> Coverage:
    """Account for every number of the corpus files the graph's source documents point to."""
    result = Coverage()
    listed = read_not_figures(not_figures_dir)
    figures = _figures(graph, corpus)
    for doc in sorted(corpus.files):
        text = corpus.text(doc)
        if text is None:
            continue
        numbers = numbers_of(doc, text, text.path.read_text(encoding="utf-8"))
        result.numbers.extend(numbers)
        for n in numbers:
            hits = [f for f, vals, span in figures.get(doc, ())
                    if n.value in vals and (span is None or span[0] <= n.start and n.end <= span[1])]
            if hits and n.rule is None:
                result.modelled[n] = hits
        key = shorten(str(doc)).split(":")[-1]
        by_place: dict[tuple[int, str], list[Number]] = {}
        for n in numbers:
            by_place.setdefault((n.line, n.text), []).append(n)
        for entry in listed.get(key, ()):
            hits = by_place.get((entry.line, entry.number))
            if not hits:
                result.stale.append(entry)
                continue
            for n in hits:
                if n in result.modelled:
                    result.both.append((n, entry))
                else:
                    result.listed[n] = entry
    return result


def report(result: Coverage) -> str:
    """The table per document, then what is left to account for."""
    lines = ["| document | numbers | set aside by rule | figures | not figures (listed) | unaccounted |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for doc, c in sorted(result.counts().items()):
        lines.append(f"| {doc} | {c['numbers']} | {c['rule']} | {c['modelled']} | {c['listed']} | {c['missing']} |")
    for n in result.missing:
        lines.append(f"{shorten(str(n.document))} line {n.line}: « {n.text} » neither a figure of the graph nor "
                     f"listed in data/not-figures/: {n.context!r}")
    for entry in result.stale:
        lines.append(f"{entry.path}, line {entry.row}: « {entry.number} » is not on line {entry.line} of its "
                     "corpus file: correct the line or remove the entry")
    for n, entry in result.both:
        lines.append(f"{entry.path}, line {entry.row}: « {n.text} » is a figure of the graph "
                     f"({', '.join(shorten(str(f)) for f in result.modelled[n])}): remove it from the list")
    return "\n".join(lines)

