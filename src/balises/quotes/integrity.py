"""Quote integrity: every quoted text of the graph is found verbatim in its corpus file.

Matching is exact but for whitespace: runs of spaces and line breaks count as one
space on both sides, as the corpus is text extracted from PDFs and slides. Used by
the validation stage and, for a curator, as ``python -m balises.quotes.integrity FILE.ttl``.
"""

from __future__ import annotations

import itertools

import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from ..errors import InputError
from ..rdf.namespaces import BAL, OA, shorten
from ..settings import load_settings


def squeeze(raw: str) -> tuple[str, list[int]]:
    """`raw` with each run of whitespace as one space (none at either end), and where each of its characters stands
    in `raw` (a space: where the character after its run stands)."""
    chars: list[str] = []
    where: list[int] = []
    pending = False
    for i, ch in enumerate(raw):
        if ch.isspace():
            pending = bool(chars)
            continue
        if pending:
            chars.append(" ")
            where.append(i)
            pending = False
        chars.append(ch)
        where.append(i)
    return "".join(chars), where


@dataclass(frozen=True)
class CorpusText:
    """One corpus file, whitespace-normalised, with a map back to lines of the original."""

    path: Path
    text: str
    line_of: tuple[int, ...]

    @classmethod
    def read(cls, path: Path) -> "CorpusText":
        try:
            raw = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); quotes are checked against UTF-8 text: "
                             "convert it (iconv -f latin1 -t utf-8), keeping its content as it is") from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
        text, where = squeeze(raw)
        newlines_before = list(itertools.accumulate((ch == "\n" for ch in raw), initial=0))
        return cls(path, text, tuple(newlines_before[i] + 1 for i in where))

    def find(self, exact: str, prefix: str | None = None, suffix: str | None = None) -> int | None:
        """Line number where `exact` occurs (preceded by `prefix`, followed by `suffix` when given), else None."""
        span = self.span(exact, prefix, suffix)
        return None if span is None else self.line_of[span[0]]

    def span(self, exact: str, prefix: str | None = None, suffix: str | None = None) -> tuple[int, int] | None:
        """Where `exact` stands in the whitespace-squeezed text (start, end), the first occurrence preceded by
        `prefix` and followed by `suffix` when given; None when it is not there."""
        needle = normalise(exact)
        if not needle:
            return None
        start = self.text.find(needle)
        while start != -1:
            end = start + len(needle)
            before_ok = not prefix or self.text[:start].rstrip().endswith(normalise(prefix))
            after_ok = not suffix or self.text[end:].lstrip().startswith(normalise(suffix))
            if before_ok and after_ok:
                return start, end
            start = self.text.find(needle, start + 1)
        return None


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return " ".join(str(text).split())


@dataclass(frozen=True)
class QuoteProblem:
    """A quoted text not found where the graph says it comes from."""

    entity: URIRef
    prop: str
    document: str
    value: str
    message: str


@dataclass(frozen=True)
class QuoteLocation:
    """Where an evidence quote sits in its source file."""

    evidence: URIRef
    document: URIRef
    line: int


class Corpus:
    """The corpus files the graph's source documents point to (by `bal:fileName`)."""

    def __init__(self, graph: Graph, corpus_dir: Path, extra_dirs: tuple[Path, ...] = ()):
        """`extra_dirs`: other folders of shipped texts (data/contrib/sources/ for contributed documents)."""
        self.corpus_dir = corpus_dir
        self.files: dict[URIRef, Path] = {}
        self._texts: dict[URIRef, CorpusText] = {}
        for doc in graph.subjects(RDF.type, BAL.SourceDocument):
            name = graph.value(doc, BAL.fileName)
            if name is not None:
                candidates = [corpus_dir / str(name), *(Path(d) / str(name) for d in extra_dirs)]
                self.files[doc] = next((p for p in candidates if p.is_file()), candidates[0])

    def text(self, doc: URIRef) -> CorpusText | None:
        if doc not in self._texts:
            path = self.files.get(doc)
            if path is None or not path.is_file():
                return None
            self._texts[doc] = CorpusText.read(path)
        return self._texts[doc]


def _document_problem(entity, prop, doc, value, corpus: Corpus) -> QuoteProblem | None:
    if doc not in corpus.files:
        return QuoteProblem(entity, prop, shorten(str(doc)), value,
                            f"{shorten(str(doc))} is not a source document with a bal:fileName in data/sources.ttl")
    if corpus.text(doc) is None:
        return QuoteProblem(entity, prop, shorten(str(doc)), value,
                            f"corpus file {corpus.files[doc]} is missing: ship it unmodified under data/corpus/ "
                            "(or data/contrib/sources/ for a contributed document)")
    return None


def check_quotes(graph: Graph, corpus: Corpus) -> tuple[list[QuoteProblem], list[QuoteLocation]]:
    """Check every oa:TextQuoteSelector (exact, prefix, suffix) of an evidence (oa:hasTarget) or a figure
    (bal:statedIn), and every sourced skos:definition."""
    problems: list[QuoteProblem] = []
    located: list[QuoteLocation] = []
    targets = [*graph.subject_objects(OA.hasTarget), *graph.subject_objects(BAL.statedIn)]  # quotes and figures
    for evidence, target in sorted(targets):
        doc = graph.value(target, OA.hasSource)
        if doc is not None and (doc, RDF.type, BAL.ExternalSource) in graph:
            continue  # generated text (`balises synth`): no corpus file to look it up in
        for selector in graph.objects(target, OA.hasSelector):
            exact = graph.value(selector, OA.exact)
            if exact is None:
                continue
            prefix, suffix = graph.value(selector, OA.prefix), graph.value(selector, OA.suffix)
            problem = _document_problem(evidence, "oa:exact", doc, str(exact), corpus) if doc else QuoteProblem(
                evidence, "oa:hasSource", "?", str(exact), "the target has no oa:hasSource: name the source document")
            if problem:
                problems.append(problem)
                continue
            text = corpus.text(doc)
            line = text.find(str(exact), str(prefix) if prefix else None, str(suffix) if suffix else None)
            if line is not None:
                located.append(QuoteLocation(evidence, doc, line))
                continue
            if text.find(str(exact)) is None:
                problems.append(QuoteProblem(evidence, "oa:exact", shorten(str(doc)), str(exact),
                                             f"not found verbatim in {text.path.name}: copy it character for character "
                                             "(OCR noise, apostrophes and accents included)"))
            else:
                which = "oa:prefix" if prefix and text.find(str(exact), str(prefix)) is None else "oa:suffix"
                value = str(prefix if which == "oa:prefix" else suffix)
                problems.append(QuoteProblem(evidence, which, shorten(str(doc)), value,
                                             f"the quote is in {text.path.name} but not with this {which} "
                                             "around it: copy the text just before/after the quote"))
    for concept, definition in sorted(graph.subject_objects(SKOS.definition)):
        if not isinstance(definition, Literal) or definition.language not in (None, "fr"):
            continue
        docs = [d for d in graph.objects(concept, PROV.wasDerivedFrom) if (d, RDF.type, BAL.SourceDocument) in graph]
        if not docs:
            continue
        texts = [corpus.text(d) for d in docs]
        if any(t is not None and t.find(str(definition)) is not None for t in texts):
            continue
        names = ", ".join(shorten(str(d)) for d in docs)
        problems.append(QuoteProblem(concept, "skos:definition", names, str(definition),
                                     f"a definition quoted from {names} must be verbatim from that document"))
    return problems, located


def main(argv: list[str] | None = None) -> int:
    """Check the quotes of Turtle files against the corpus: `python -m balises.quotes.integrity data/000-lomme.ttl`."""

    settings = load_settings()
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    graph = Graph()
    graph.parse(settings.data_dir / "sources.ttl")
    for path in paths:
        graph.parse(path)
    problems, located = check_quotes(graph, Corpus(graph, settings.corpus_dir, (settings.contrib_sources_dir,)))
    for p in problems:
        print(f"{shorten(str(p.entity))} {p.prop} [{p.document}]: {p.message}\n    {p.value[:200]!r}")
    print(f"{len(located)} quotes found, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
