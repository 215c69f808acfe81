"""Load stage: parse ontology/*.ttl and data/**/*.ttl, one named graph per file.

A syntax error stops the load with an InputError naming the file and the line.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from .. import __version__
from ..errors import InputError
from ..geo.links import reference_graph
from ..geo.reference import load_reference
from ..rdf.namespaces import GRAPH, bind_prefixes, shorten

#: The named graph of the official geography, written by the build from data/reference/cog.json.
REFERENCE_GRAPH = GRAPH["reference/cog"]
from ..settings import Settings

# An ill-typed literal ("2023-02-30"^^xsd:date) makes rdflib log a warning with a traceback; the validation
# reports it at its file and line (terms.py), in words a curator reads.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)


@dataclass(frozen=True)
class InputFile:
    """One Turtle input and the named graph it is loaded into."""

    path: Path
    graph_iri: URIRef
    is_ontology: bool
    generated: bool = False   # a graph the build writes from this file and the others (the official geography)


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
        return path, self.line_in(path, entity)

    def triple_at(self, triple: tuple) -> tuple[Path | None, int | None]:
        """File where this very triple is written (not the first file where its subject is: a data file may add
        to an entity of the ontology), and the line of its subject there."""
        path = next((f.path for f in self.files if triple in self.graphs[f.graph_iri]), None)
        return path, self.line_in(path, triple[0])

    @staticmethod
    def line_in(path: Path | None, entity) -> int | None:
        if path is None or not isinstance(entity, URIRef) or path.suffix != ".ttl":
            return None
        short, full = shorten(str(entity)), f"<{entity}>"
        pattern = re.compile(rf"(^|\s)({re.escape(short)}|{re.escape(full)})(\s|;|$)")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                return number
        return None

    @property
    def data_graphs(self) -> list[Graph]:
        return [self.graphs[f.graph_iri] for f in self.files if not f.is_ontology]


#: The largest curated Turtle file (the largest today is 125 KB): a graph that large goes through
#: `balises build --extra DIR`, streamed into the store, not through rdflib.
MAX_FILE_BYTES = 10 * 1024 * 1024


def input_files(settings: Settings) -> list[InputFile]:
    """The inputs in a stable order: ontology files, then data files (templates excluded). A path that is not a
    readable regular file of a sensible size is an InputError naming it (never read: a FIFO would hang)."""
    files: list[InputFile] = []
    for path in sorted(settings.ontology_dir.glob("*.ttl")):
        files.append(InputFile(_checked(path, settings), GRAPH["ontologie/" + quote(path.stem)], True))
    for path in sorted(settings.data_dir.rglob("*.ttl")):
        rel = path.relative_to(settings.data_dir)
        if rel.parts[0] in {"templates", "corpus"}:
            continue
        files.append(InputFile(_checked(path, settings), GRAPH["donnees/" + quote(rel.with_suffix("").as_posix())],
                               False))
    if files:  # the official geography the data is linked to (a missing file is an error, named)
        files.append(InputFile(settings.reference_file, REFERENCE_GRAPH, False, generated=True))
    return files


def _checked(path: Path, settings: Settings) -> Path:
    name = path.relative_to(settings.home) if path.is_relative_to(settings.home) else path
    if path.is_symlink() and not path.exists():
        raise InputError(f"{name}: a link to {os.readlink(path)}, which does not exist: remove the link or restore "
                         "its file")
    if path.is_dir():
        raise InputError(f"{name}: a directory named like a Turtle file: rename it (without .ttl)")
    if not path.is_file():
        raise InputError(f"{name}: not a regular file (a pipe, a socket or a device?): only Turtle files go under "
                         f"{settings.data_dir.name}/ and {settings.ontology_dir.name}/")
    if not os.access(path, os.R_OK):
        raise InputError(f"{name}: cannot be read (permission denied): `chmod u+r {name}`")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"{name}: {size / 2**20:.1f} MiB; a curated Turtle file holds at most "
                         f"{MAX_FILE_BYTES // 2**20} MiB: split it, or load a generated graph at scale with "
                         "`balises build --extra DIR`")
    return path


def input_paths(settings: Settings, files: list[InputFile], extra: list[Path] = ()) -> list[Path]:
    """Every file a build reads: the inputs, the corpus and contributed source texts, the shapes, the queries and
    the extra graphs."""
    others = sorted(settings.corpus_dir.glob("*.txt")) + sorted(settings.contrib_sources_dir.glob("*.txt")) \
        + [settings.shapes_file] + sorted(settings.queries_dir.glob("*.rq"))
    return [p for p in [f.path for f in files] + others + list(extra) if p.is_file()]


def relative_name(settings: Settings, path: Path) -> str:
    """A path as the manifest and the messages name it: relative to the project's home when it is inside."""
    return str(path.relative_to(settings.home) if path.is_relative_to(settings.home) else path)


def file_hashes(settings: Settings, files: list[InputFile], extra: list[Path] = ()) -> dict[str, str]:
    """The SHA-256 of every file a build reads, by name (what the manifest keeps, to tell which files changed)."""
    hashes = {}
    for path in input_paths(settings, files, extra):
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        hashes[relative_name(settings, path)] = digest.hexdigest()
    return hashes


def texts_hash(texts: Iterable[tuple[str, str]] = ()) -> str:
    """Hash of the project version and of the texts (name, text) a build also depends on (the reads it
    materialises, the layouts of what it computes)."""
    digest = hashlib.sha256(__version__.encode())
    for name, text in texts:
        digest.update(f"{name}\n{text}\n".encode("utf-8"))
    return digest.hexdigest()


def inputs_hash(settings: Settings, files: list[InputFile], extra: list[Path] = (),
                texts: Iterable[tuple[str, str]] = (), hashes: dict[str, str] | None = None) -> str:
    """Hash of everything a build depends on: inputs, corpus texts, extra graphs, the project version, and
    `texts` (name, text) the build also depends on (the analysis reads it materialises). `hashes`: the files'
    own hashes, when already computed (file_hashes)."""
    digest = hashlib.sha256(texts_hash(texts).encode())
    for name, sha in (file_hashes(settings, files, extra) if hashes is None else hashes).items():
        digest.update(f"{name}\n{sha}\n".encode())
    return digest.hexdigest()


def parse_file(path: Path) -> Graph:
    """Parse one Turtle file; a syntax error becomes an InputError with file and line."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: cannot be read (permission denied)") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}): save it as UTF-8") from exc
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
        if not f.generated:
            graph = parse_file(f.path)
            loaded.graphs[f.graph_iri] = graph
            loaded.union += graph
    for f in files:
        if f.generated:  # written from the inputs parsed above
            graph = official_geography(f.path, loaded.union)
            loaded.graphs[f.graph_iri] = graph
            loaded.union += graph
    return loaded


def official_geography(path: Path, data: Graph) -> Graph:
    """The named graph linking the territories of `data` to the official geography of the reference file."""
    # a hand-edited or damaged file stops the build, named
    return reference_graph(data, load_reference(path, verify=True))


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
