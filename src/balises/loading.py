"""Load stage: parse ontology/*.ttl and data/**/*.ttl, one named graph per file.

A syntax error stops the load with an InputError naming the file and the line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from .errors import InputError
from .namespaces import GRAPH, bind_prefixes, shorten
from .settings import Settings


@dataclass(frozen=True)
class InputFile:
    """One Turtle input and the named graph it is loaded into."""

    path: Path
    graph_iri: URIRef
    is_ontology: bool


@dataclass
class LoadedGraph:
    """The parsed inputs: one rdflib graph per file, their union, and where each subject was written."""

    files: list[InputFile]
    graphs: dict[URIRef, Graph]
    union: Graph = field(default_factory=Graph)

    def file_of(self, entity) -> Path | None:
        """The first input file where `entity` is a subject (for messages)."""
        for f in self.files:
            if (entity, None, None) in self.graphs[f.graph_iri]:
                return f.path
        return None

    def line_of(self, entity) -> tuple[Path | None, int | None]:
        """File and line where `entity` is first written as a subject, as a curator would look for it."""
        path = self.file_of(entity)
        if path is None or not isinstance(entity, URIRef):
            return path, None
        short, full = shorten(str(entity)), f"<{entity}>"
        pattern = re.compile(rf"(^|\s)({re.escape(short)}|{re.escape(full)})(\s|;|$)")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                return path, number
        return path, None

    @property
    def data_graphs(self) -> list[Graph]:
        return [self.graphs[f.graph_iri] for f in self.files if not f.is_ontology]


def input_files(settings: Settings) -> list[InputFile]:
    """The inputs in a stable order: ontology files, then data files (templates excluded)."""
    files: list[InputFile] = []
    for path in sorted(settings.ontology_dir.glob("*.ttl")):
        files.append(InputFile(path, GRAPH["ontologie/" + path.stem], True))
    for path in sorted(settings.data_dir.rglob("*.ttl")):
        rel = path.relative_to(settings.data_dir)
        if rel.parts[0] in {"templates", "corpus"}:
            continue
        files.append(InputFile(path, GRAPH["donnees/" + rel.with_suffix("").as_posix()], False))
    return files


def inputs_hash(settings: Settings, files: list[InputFile], extra: list[Path] = (),
                texts: Iterable[tuple[str, str]] = ()) -> str:
    """Hash of everything a build depends on: inputs, corpus texts, extra graphs, the project version, and
    `texts` (name, text) the build also depends on (the analysis reads it materialises)."""
    from . import __version__

    digest = hashlib.sha256(__version__.encode())
    for name, text in texts:
        digest.update(f"{name}\n{text}\n".encode("utf-8"))
    others = sorted(settings.corpus_dir.glob("*.txt")) + sorted(settings.contrib_sources_dir.glob("*.txt")) \
        + [settings.shapes_file] + sorted(settings.queries_dir.glob("*.rq"))
    for path in [f.path for f in files] + others + list(extra):
        if path.is_file():
            name = path.relative_to(settings.home) if path.is_relative_to(settings.home) else path
            digest.update(str(name).encode())
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()


def parse_file(path: Path) -> Graph:
    """Parse one Turtle file; a syntax error becomes an InputError with file and line."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found") from exc
    except SyntaxError as exc:  # rdflib's BadSyntax is a SyntaxError with a 0-based line index
        line = getattr(exc, "lines", None)
        where = f"{path}:{line + 1}" if isinstance(line, int) else str(path)
        reason = getattr(exc, "message", None) or str(exc)
        raise InputError(f"{where}: Turtle syntax error: {reason}. Fix the file at that line "
                         "(check quotes, the final '.' of the statement, and prefixes).") from exc
    except Exception as exc:  # other parser failures (bad IRIs, encoding)
        raise InputError(f"{path}: cannot be read as Turtle: {exc}") from exc
    return graph


def load(settings: Settings) -> LoadedGraph:
    """Parse every input; the union graph is what validation and reasoning see."""
    files = input_files(settings)
    if not files:
        raise InputError(f"no Turtle input under {settings.ontology_dir} or {settings.data_dir}")
    loaded = LoadedGraph(files=files, graphs={})
    bind_prefixes(loaded.union)
    for f in files:
        graph = parse_file(f.path)
        loaded.graphs[f.graph_iri] = graph
        loaded.union += graph
    return loaded


def provenance_triples(loaded: LoadedGraph) -> list[tuple]:
    """Metadata of the named graphs: each data graph was derived from the documents its file cites."""
    triples = []
    for f in loaded.files:
        graph = loaded.graphs[f.graph_iri]
        triples.append((f.graph_iri, RDF.type, PROV.Entity))
        if not f.is_ontology:
            for doc in set(graph.objects(None, PROV.wasDerivedFrom)):
                triples.append((f.graph_iri, PROV.wasDerivedFrom, doc))
    return triples
