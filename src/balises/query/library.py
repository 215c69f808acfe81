"""The query library: the named queries of queries/*.rq (and the internal reads of query/reads/*.rq), their
headers and typed parameters.

Each query file starts with a comment header:

    # title@fr: Profil d'un territoire
    # title@en: Territory profile
    # question: What kind of territory is it, how many inhabitants, what is it part of?
    # question@fr: Quel genre de territoire est-ce, combien d'habitants, de quoi fait-il partie ?
    # user: territory
    # param: territory iri ter:lomme -- the territory (an IRI or CURIE)
    # param@fr: territory -- le territoire (une IRI ou un CURIE)

The French lines are optional: without them the English text is shown on French pages too.

Parameters become RDF terms (binding.py), never text pasted into the query. The types: `iri`, `string`,
`integer`, `decimal`, `boolean`, `lang`, and `search`: what a writer types in a search, which the layer folds
as the explorer's quote search does (rdf/folding.py, rdf/search_terms.py: case, accents, apostrophes, quotation
marks, dashes, ligatures, spaces) into its terms, bound as the rows of the query's inline VALUES block. Its
inline default is written folded (`VALUES ?text { "cooperation" }` for the header's `coopération`), so that the
file gives the same answer sent unchanged to any endpoint.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Mapping

from rdflib.term import Identifier

from ..errors import QueryError
from ..rdf.sparql_text import header_fields
from .binding import default_block, make_term

PARAM_TYPES = {"iri", "string", "integer", "decimal", "boolean", "lang", "search"}


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a named query."""

    name: str
    type: str
    default: str | None
    description: str
    description_fr: str = ""

    def describe(self, lang: str = "fr") -> str:
        """The parameter's description in the page's language (English when the header has no French line)."""
        return self.description_fr if lang == "fr" and self.description_fr else self.description

    def to_term(self, value: str | None) -> Identifier | None:
        """The RDF term for a user's value (or the default); None leaves the variable unbound."""
        raw = self.default if value is None else value
        if raw is None or raw == "":
            return None
        term = make_term(self.type, raw, self.name)
        return None if isinstance(term, tuple) and not term else term  # a search of no word: every quote



@dataclass(frozen=True)
class NamedQuery:
    """A query of the library, with the metadata of its header."""

    slug: str
    path: Path
    title_fr: str
    title_en: str
    question: str
    user: str
    params: tuple[QueryParam, ...]
    text: str
    materialise: bool = False  # header `# materialise: yes`: the build stores its default answer
    question_fr: str = ""
    adhoc: bool = False  # a user's own file without the library's header (`balises query FILE`)
    key: str = ""  # header `# key: NAME`: its rows for each value of ?NAME depend on that value's solutions only

    def title(self, lang: str = "fr") -> str:
        return self.title_en if lang == "en" else self.title_fr

    def ask(self, lang: str = "fr") -> str:
        """The question the query answers, in the page's language (English when the header has no French line)."""
        return self.question_fr if lang == "fr" and self.question_fr else self.question

    def bindings(self, values: Mapping[str, str] | None = None) -> dict[str, Identifier]:
        values = dict(values or {})
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            names = ", ".join(p.name for p in self.params) or "none"
            raise QueryError(f"query {self.slug!r} has no parameter {', '.join(sorted(unknown))} (its parameters: {names})")
        bound = {}
        for p in self.params:
            inline = default_block(self.text, p.name) is not None
            if inline and p.name not in values:
                continue  # the default the query writes itself stays as it is
            term = p.to_term(values.get(p.name))
            if term is not None or inline:  # None takes the inline default out: the parameter is free
                bound[p.name] = term
        return bound


#: The longest query file read (the library's longest is a few KB; the server takes 1 MiB).
MAX_QUERY_BYTES = 1024 * 1024


def parse_header(path: Path, adhoc: bool = False) -> NamedQuery:
    """Read a query file and its comment header. A library file must have the four header lines; an ad-hoc file
    (`adhoc`, a user's own given by path) may have none: it is named after its file and marked `adhoc`."""
    if path.stat().st_size > MAX_QUERY_BYTES:
        raise QueryError(f"{path}: {path.stat().st_size // 1024} KiB; a query file holds at most "
                         f"{MAX_QUERY_BYTES // 1024} KiB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text (byte {exc.start}): save the query as UTF-8") from exc
    meta: dict[str, str] = {}
    params: list[QueryParam] = []
    french: dict[str, str] = {}
    for key, value in header_fields(text):
        if key == "param@fr":
            name, _, description = value.partition("--")
            french[name.strip()] = description.strip()
        elif key == "param":
            spec, _, description = value.partition("--")
            parts = spec.split()
            if len(parts) < 2 or parts[1] not in PARAM_TYPES:
                raise QueryError(f"{path}: bad param line {'# param: ' + value!r}: write `# param: NAME TYPE [DEFAULT] -- description`")
            default = " ".join(parts[2:]) or None
            params.append(QueryParam(parts[0], parts[1], default, description.strip()))
        else:
            meta[key] = value
    missing = [k for k in ("title@fr", "title@en", "question", "user") if k not in meta]
    if missing and adhoc:
        meta = {"title@fr": path.name, "title@en": path.name, "question": "", "user": "", **meta}
    elif missing:
        raise QueryError(f"{path}: header lacks {', '.join(missing)}")
    stray = set(french) - {p.name for p in params}
    if stray:
        raise QueryError(f"{path}: `# param@fr:` line for {', '.join(sorted(stray))}, which no `# param:` line declares")
    params = [replace(p, description_fr=french.get(p.name, "")) for p in params]
    return NamedQuery(slug=path.stem, path=path, title_fr=meta["title@fr"], title_en=meta["title@en"],
                      question=meta["question"], question_fr=meta.get("question@fr", ""), user=meta["user"],
                      params=tuple(params), text=text,
                      materialise=meta.get("materialise", "").lower() in {"yes", "oui", "true"},
                      adhoc=bool(missing), key=meta.get("key", "").lstrip("?").strip())


def load_library(queries_dir: Path) -> dict[str, NamedQuery]:
    """Every queries/*.rq by slug, in file order."""
    return {q.slug: q for q in (parse_header(p) for p in sorted(Path(queries_dir).glob("*.rq")))}


def find_query(library: Mapping[str, NamedQuery], name: str) -> NamedQuery:
    """A query by slug, by number prefix (`01`) or by path to a .rq file."""
    if name in library:
        return library[name]
    matches = [q for slug, q in library.items() if slug.split("-", 1)[0] == name or slug.startswith(name + "-")]
    if len(matches) == 1:
        return matches[0]
    path = Path(name)
    if path.suffix == ".rq" and path.is_file():
        return parse_header(path, adhoc=True)
    raise QueryError(f"unknown query {name!r}: `balises query --list` shows the library")




@functools.cache
def reads() -> dict[str, NamedQuery]:
    """The internal reads (query/reads/*.rq, shipped with the package): the SPARQL the analysis, the labels, the
    counts, the quote bank and the materialised tables run, in the library's format."""
    return load_library(Path(str(resources.files(__package__) / "reads")))


def read(slug: str) -> str:
    """The text of the internal read `slug`."""
    return reads()[slug].text
