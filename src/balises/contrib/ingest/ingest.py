"""Sheet -> RDF: `balises ingest SHEET [--source FILE] [--out DIR] [--dry-run]`.

1. The sheet is read and checked against its schema (sheet.py): field and line named.
2. Its entities get IRIs. Territories, organisations, people and programmes already in the
   graph are linked, not duplicated: by `id` when the sheet gives one, by GeoNames id, else by
   name (accents, case and hyphens aside) and kind. A name that designates several things is
   an error that lists the candidates and asks for an `id`.
3. Every reference (« fait partie de: Nord », « acteur: Ville de Lomme », « balises: [C2] »)
   is resolved to the sheet's own entities first, then to the graph's.
4. Every quote (and quoted definition) is looked up verbatim in the source text.
5. The Turtle is validated with the project's validation (SHACL shapes, quote integrity,
   sources, dangling references) over the curated inputs plus the new file, in a throw-away
   home: the file is written to data/contrib/<slug>.ttl only when everything conforms.

Steps 2 and 3 are index.py (what the graph holds) and builder.py (the triples), step 4 builder.py, step 5 here.

A contribution whose document is not in the corpus declares it in the sheet (`document:`
with a title, a date, authors...); its text is copied unmodified to
data/contrib/sources/<slug>.txt and described by a bal:SourceDocument in the same Turtle file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.namespace import OWL, RDF

from ...errors import InputError
from ...pipeline.build import check
from ...quotes.integrity import CorpusText
from ...rdf.namespaces import BAL, PREFIXES, shorten
from ...settings import Settings
from ...system import atomic
from ..sheet import Sheet, SheetError, SheetProblem, read_sheet
from ..vocab import slug
from .builder import Built, build_graph, check_quotes_in_source, new_graph
from .index import TERRITORY_CLASSES, Index

# --------------------------------------------------------------------------------------------
# Validation in a throw-away home, and the ingest command
# --------------------------------------------------------------------------------------------

#: French glosses of the validation rules, for the messages a contributor reads.
RULE_FR = {
    "quote-integrity": "citation introuvable telle quelle dans le texte source",
    "dangling-reference": "renvoie à quelque chose qu'aucun fichier ne définit",
    "source": "sans source (prov:wasDerivedFrom)",
    "shape:": "ne respecte pas les règles du modèle (ontology/shapes.ttl)",
}


def _gloss(rule: str) -> str:
    for key, text in RULE_FR.items():
        if rule.startswith(key):
            return text
    return "problème de validation"


@dataclass
class IngestResult:
    """What `balises ingest` did: the Turtle, where it went, the counts, the warnings."""

    turtle: str
    target: Path
    source_copy: Path | None
    written: bool
    triples: int
    counts: dict[str, int]
    warnings: list[SheetProblem]
    seconds: float
    document: str

    def summary(self) -> str:
        what = ", ".join(f"{n} {k}" for k, n in self.counts.items() if n)
        verb = "écrit / wrote" if self.written else "validé sans écrire (--dry-run) / validated, nothing written"
        lines = [f"{verb} {self.target}" + (f" (+ texte source {self.source_copy})" if self.source_copy else ""),
                 f"  {self.triples} triplets / triples ; {what} ; document {self.document}",
                 f"  validation : conforme (SHACL, citations, sources, références) / validation: conforms "
                 f"({self.seconds:.1f} s)"]
        lines += [f"  - {w}" for w in self.warnings]
        return "\n".join(lines)


def _temp_home(settings: Settings, root: Path, target: Path, turtle: str, source: Path | None,
               file_name: str | None) -> Settings:
    """A throw-away home: the real ontology and inputs (bar the target), the corpus, the official geography, the
    new file."""
    (root / "data" / "corpus").mkdir(parents=True)
    (root / "ontology").mkdir()
    for path in settings.ontology_dir.glob("*.ttl"):
        (root / "ontology" / path.name).symlink_to(path.resolve())
    for path in settings.data_dir.rglob("*.ttl"):
        rel = path.relative_to(settings.data_dir)
        if rel.parts[0] in {"templates", "corpus"} or path.resolve() == target.resolve():
            continue
        dest = root / "data" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.symlink_to(path.resolve())
    for path in settings.corpus_dir.iterdir():
        (root / "data" / "corpus" / path.name).symlink_to(path.resolve())
    if settings.reference_file.exists():  # the official geography the build links the territories to
        reference = root / settings.reference_file.relative_to(settings.home)
        reference.parent.mkdir(parents=True, exist_ok=True)
        reference.symlink_to(settings.reference_file.resolve())
    contrib_sources = settings.data_dir / "contrib" / "sources"
    if contrib_sources.is_dir():  # texts of earlier contributions, where the build will look for them
        for path in contrib_sources.glob("*.txt"):
            link = root / "data" / "corpus" / path.name
            if not link.exists():
                link.symlink_to(path.resolve())
    if source is not None and file_name:
        link = root / "data" / "corpus" / file_name
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(source.resolve())
    dest = root / "data" / "contrib" / "_nouvelle-fiche.ttl"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(turtle, encoding="utf-8")
    return Settings(home=root, store=root / ".balises" / "store")


def validate_in_home(settings: Settings, target: Path, turtle: str, built: Built, sheet: Sheet,
                     source: Path | None) -> list[SheetProblem]:
    """The project's validation over the curated inputs plus the new Turtle; problems said at sheet lines."""

    with tempfile.TemporaryDirectory(prefix="balises-ingest-") as tmp:
        home = _temp_home(settings, Path(tmp), target, turtle, source if built.new_document else None,
                          f"{built.slug}.txt" if built.new_document else None)
        _, report, _ = check(home)
    problems = []
    by_short = {shorten(str(iri)): path for iri, path in built.origins.items()}
    for p in report.violations:
        entity = p.entity.replace(" (inner node)", "")
        path = by_short.get(entity)
        in_new = p.file and p.file.endswith("_nouvelle-fiche.ttl")
        where = path if path else (entity if in_new else f"{entity} ({p.file}:{p.line})")
        value = f" (« {p.value[:100]} »)" if p.value else ""
        problems.append(SheetProblem(sheet.line(path) if path else None, where,
                                     f"{_gloss(p.rule)} [{p.rule}] : {p.message}{value}",
                                     f"[{p.rule}] {p.message}{value}"))
    return problems


def _count(graph: Graph) -> dict[str, int]:
    out = {}
    for kind, classes in (("territoires", TERRITORY_CLASSES), ("organisations", {BAL.Organisation}),
                          ("personnes", {BAL.Person}), ("fonctions", {BAL.Role}),
                          ("programmes/étapes", {BAL.Programme, BAL.Event}), ("projets", {BAL.Project}),
                          ("implications", {BAL.Involvement}), ("sauts", {BAL.SystemicLeap}),
                          ("citations", {BAL.Evidence}), ("offres", {BAL.SupportOffer}),
                          ("chiffres", {BAL.Observation})):
        out[kind] = len({s for cls in classes for s in graph.subjects(RDF.type, cls)})
    return out


_SECTIONS = [("Document source", ("document",)), ("Territoires", ("territoire",)),
             ("Acteurs : organisations", ("organisation",)), ("Acteurs : personnes et fonctions", ("personne", "fonction")),
             ("Programmes et étapes", ("programme",)), ("Offres d'accompagnement", ("liste d'offres", "offre")),
             ("Projets", ("projet",)), ("Implications", ("implication",)), ("Sauts systémiques", ("saut",)),
             ("Citations", ("citation",)), ("Chiffres", ("chiffre",))]


def _closure(graph: Graph, subject) -> Graph:
    """The triples of a subject and of the blank nodes hanging from it."""
    out = new_graph()
    todo, seen = [subject], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in graph.triples((node, None, None)):
            out.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def turtle_of(built: Built, sheet_name: str) -> str:
    """Readable Turtle: the sheet's order, one section per kind of thing, as the curated files are."""
    header = (f"# Généré par `balises ingest` depuis la fiche {sheet_name} ; ne pas modifier à la main :\n"
              "# corrigez la fiche et relancez l'ingestion. / Generated by `balises ingest` from the sheet\n"
              "# above: fix the sheet and ingest it again rather than editing this file.\n")
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()
                       if p not in ("graphe", "shape", "owl", "foaf", "dcat", "wgs", "gn", "rdf") or
                       (p == "owl" and (None, OWL.sameAs, None) in built.graph))
    parts = [header, prefixes]
    kinds = {e.iri: e.kind for e in built.entities}
    if built.new_document and built.document is not None:
        kinds[built.document] = "document"
    order = [e.iri for e in built.entities]
    if built.new_document and built.document is not None:
        order.insert(0, built.document)
    done = set()
    for title, wanted in _SECTIONS:
        subjects = [s for s in order if kinds.get(s) in wanted and s not in done]
        if not subjects:
            continue
        parts.append("\n" + "#" * 65 + f"\n# {title}\n" + "#" * 65 + "\n")
        for s in subjects:
            done.add(s)
            text = _closure(built.graph, s).serialize(format="turtle")
            body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix")).strip()
            parts.append("\n" + body + "\n")
    rest = {s for s in built.graph.subjects() if not isinstance(s, BNode)} - done
    for s in sorted(rest):
        text = _closure(built.graph, s).serialize(format="turtle")
        parts.append("\n" + "\n".join(l for l in text.splitlines() if not l.startswith("@prefix")).strip() + "\n")
    return "".join(parts)


#: The largest document text a sheet's quotes are checked in (the longest corpus file is 115 KB).
MAX_SOURCE_BYTES = 20 * 1024 * 1024


def check_source(path: Path) -> None:
    """--source must be a readable regular file of a sensible size (never /dev/zero, never a directory)."""
    if not path.exists():
        raise InputError(f"--source {path}: fichier introuvable / file not found")
    if not path.is_file():
        raise InputError(f"--source {path}: pas un fichier ordinaire / not a regular file: give the document's text "
                         "as a .txt file")
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise InputError(f"--source {path}: {path.stat().st_size / 2**20:.0f} Mio / MiB; un texte source fait au "
                         f"plus / a source text is at most {MAX_SOURCE_BYTES // 2**20} MiB")
    if not os.access(path, os.R_OK):
        raise InputError(f"--source {path}: illisible (permission refusée) / cannot be read (permission denied)")


def _digest(path: Path) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


def _write(out_dir: Path, target: Path, turtle: str, text_path: Path | None, source_copy: Path | None) -> None:
    """The Turtle (and a new document's text) written whole or not at all; a missing or unwritable folder, a
    full disk: an InputError, and nothing left half-written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if source_copy is not None:
            source_copy.parent.mkdir(parents=True, exist_ok=True)
            atomic.copy_file(text_path, source_copy)
        atomic.write_text(target, turtle)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}. Nothing was written: check the folder "
                         "(--out) and the free disk space, then ingest again") from exc


def _source_text(settings: Settings, index: Index, built: Built, sheet: Sheet, source: Path | None,
                 problems: list[SheetProblem]) -> Path | None:
    """The text the sheet's quotes are checked in: the corpus file of its document (or --source, which must be
    that very text), or the new document's --source. A problem is added when it cannot be."""
    if built.document is not None and not built.new_document:
        corpus_name = index.graph.value(built.document, BAL.fileName)
        corpus_path = settings.corpus_dir / str(corpus_name) if corpus_name else None
        alt = settings.data_dir / "contrib" / "sources" / str(corpus_name) if corpus_name else None
        if corpus_path is not None and not corpus_path.is_file() and alt is not None and alt.is_file():
            corpus_path = alt
        if source is None:
            return corpus_path
        if corpus_path and corpus_path.is_file() and _digest(source) != _digest(corpus_path):
            problems.append(SheetProblem(sheet.line("document"), "document",
                                         f"--source {source} n'est pas le texte de {shorten(str(built.document))} "
                                         f"({corpus_path.name}) : les citations se vérifient dans le texte du document",
                                         f"--source {source} is not the text of {shorten(str(built.document))} "
                                         f"({corpus_path.name}): quotes are checked in the document's own text"))
        return source
    if built.new_document and source is None:
        problems.append(SheetProblem(sheet.line("document"), "document",
                                     "nouveau document : donnez son texte avec --source FICHIER.txt",
                                     "new document: give its text with --source FILE.txt"))
    return source if built.new_document else None


def ingest(sheet_path: Path, settings: Settings, source: Path | None = None, out: Path | None = None,
           dry_run: bool = False, validate: bool = True) -> IngestResult:
    """Check, build, validate and (unless dry_run) write a sheet's Turtle; SheetError when anything fails."""
    started = time.perf_counter()
    if source is not None:
        check_source(Path(source))
    sheet = read_sheet(sheet_path, settings.ontology_dir)
    name = Path(sheet_path).name
    out_dir = Path(out) if out else settings.data_dir / "contrib"
    slug_guess = slug((sheet.data.get("slug") or (sheet.data.get("territoire") or {}).get("nom") or "fiche"))
    target = out_dir / f"{slug_guess}.ttl"
    index = Index.of_home(settings, exclude=target)
    built = build_graph(sheet, index, settings.ontology_dir, Path(source) if source else None)
    problems = list(built.problems)
    text_path = _source_text(settings, index, built, sheet, Path(source) if source else None, problems)
    if text_path is not None:
        if not text_path.is_file():
            problems.append(SheetProblem(None, "--source", f"fichier introuvable : {text_path}",
                                         f"file not found: {text_path}"))
        else:
            try:
                problems += check_quotes_in_source(sheet, built, CorpusText.read(text_path))
            except InputError:
                problems.append(SheetProblem(None, "--source", f"{text_path} n'est pas un texte UTF-8",
                                             f"{text_path} is not UTF-8 text"))
    errors = [p for p in problems if not p.warning]
    warnings = sheet.warnings + [p for p in problems if p.warning]
    if errors:
        raise SheetError(sorted(problems, key=lambda p: (p.line or 0, p.path)), name)
    if built.slug != slug_guess:
        target = out_dir / f"{built.slug}.ttl"
    turtle = turtle_of(built, name)
    if validate:
        found = validate_in_home(settings, target, turtle, built, sheet, text_path)
        if found:
            raise SheetError(found + warnings, name)
    source_copy = None
    if built.new_document:
        source_copy = (out_dir / "sources" / f"{built.slug}.txt")
    if not dry_run:
        _write(out_dir, target, turtle, text_path, source_copy)
    return IngestResult(turtle, target, source_copy, not dry_run, len(built.graph), _count(built.graph), warnings,
                        time.perf_counter() - started, shorten(str(built.document)))


__all__ = ["IngestResult", "MAX_SOURCE_BYTES", "check_source", "ingest", "turtle_of", "validate_in_home"]
