"""The words of a profile: the themes, balises, enjeux, kinds of actor, project statuses and kinds of territory the
graph knows, each by its code (slug or notation) with its French and English labels; what a user types is read
as a code or a label in either language (folded), and an unknown value is refused with the list of what is
accepted."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import QueryError
from ..query.cache import per_store, run_fixed
from ..query.library import read
from ..rdf.folding import fold_name
from ..store import GraphStore

#: What each group is called in messages (French, English).
GROUPS = {"theme": ("thème", "theme"), "balise": ("balise", "balise"), "enjeu": ("enjeu", "enjeu"),
          "actor": ("nature ou catégorie d'acteur", "kind or category of actor"),
          "status": ("statut de projet", "project status"), "kind": ("nature de territoire", "kind of territory")}


def code_of(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass
class Term:
    code: str       # the slug (theme, actor kind, status), notation (balise) or class name (kind)
    iri: str
    fr: str
    en: str


@dataclass
class Vocabulary:
    """Every group's terms by code, and by every folded way of naming them."""

    terms: dict[str, dict[str, Term]] = field(default_factory=dict)   # group -> code -> term
    keys: dict[str, dict[str, str]] = field(default_factory=dict)     # group -> folded name -> code

    def label(self, group: str, code: str, en: bool = False) -> str:
        term = self.terms.get(group, {}).get(code)
        if term is None:
            return code
        text = (term.en or term.fr) if en else (term.fr or term.en)
        return f"{term.code} — {text}" if group == "balise" else text

    def labels(self, group: str, codes, en: bool = False) -> str:
        return ", ".join(sorted(self.label(group, c, en) for c in codes))

    def resolve(self, group: str, text: str) -> str:
        """The code of the term `text` names (code, notation, French or English label), else a QueryError
        listing what the group accepts."""
        code = self.keys.get(group, {}).get(fold_name(text))
        if code is not None:
            return code
        fr, en = GROUPS[group]
        accepted = " ; ".join(f"{t.code} ({t.fr})" if t.fr and fold_name(t.fr) != fold_name(t.code) else t.code
                              for t in sorted(self.terms.get(group, {}).values(), key=lambda t: t.code))
        raise QueryError(f"unknown {en} {text[:60]!r} ({fr} inconnu) : accepted values, by code or by French or "
                         f"English label: {accepted}")


@per_store
def vocabulary(store: GraphStore) -> Vocabulary:
    """The profile's words, read once per store."""
    vocab = Vocabulary()
    for group, term, notation, fr, en in run_fixed(store, read("analogues-vocabulary")):
        code = str(notation) if group == "balise" and notation else code_of(term)
        entry = Term(code, str(term), str(fr or ""), str(en or ""))
        vocab.terms.setdefault(group, {})[code] = entry
        keys = vocab.keys.setdefault(group, {})
        for name in (code, entry.fr, entry.en, str(term)):
            if name:
                keys.setdefault(fold_name(name), code)
    return vocab


__all__ = ["GROUPS", "Term", "Vocabulary", "code_of", "vocabulary"]
