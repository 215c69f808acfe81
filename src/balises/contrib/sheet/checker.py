"""Checking a sheet's YAML against the format: every field named, its value of the right kind, the vocabularies'
values looked up; every problem collected with its line."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ...rdf.folding import fold_name
from ..vocab import vocabularies
from .problems import SheetProblem
from .schema import Field


@dataclass
class Date:
    """A date only as precise as written: 2024, 2024-10 or 2024-01-24."""

    lexical: str
    datatype: str  # gYear | gYearMonth | date


class _Checker:
    def __init__(self, ontology_dir: Path):
        self.vocabs = vocabularies(ontology_dir)
        self.problems: list[SheetProblem] = []
        self.lines: dict[str, int] = {}

    def problem(self, node, path, fr, en, warning=False):
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(SheetProblem(line, path, fr, en, warning))

    # -- records ------------------------------------------------------------------------------
    def record(self, node, spec: tuple[Field, ...], path: str) -> dict | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "une rubrique (des champs « clé: valeur ») est attendue ici",
                         "a mapping (\"key: value\" fields) is expected here")
            return None
        by_key: dict[str, Field] = {}
        for f in spec:
            for name in (f.key, *f.aliases):
                by_key[fold_name(name)] = f
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            f = by_key.get(fold_name(key))
            sub = f"{path}.{key}" if path else key
            if f is None:
                close = difflib.get_close_matches(fold_name(key), [fold_name(x.key) for x in spec], n=1, cutoff=0.6)
                hint_fr = f" ; vouliez-vous dire « {_key_of(spec, close[0])} » ?" if close else ""
                hint_en = f"; did you mean '{_key_of(spec, close[0])}'?" if close else ""
                names = ", ".join(x.key for x in spec)
                self.problem(key_node, sub, f"champ inconnu « {key} »{hint_fr} (champs possibles : {names})",
                             f"unknown field '{key}'{hint_en} (known fields: {names})")
                continue
            sub = f"{path}.{f.key}" if path else f.key
            if f.key in seen:
                self.problem(key_node, sub, f"champ « {f.key} » écrit deux fois (déjà ligne {seen[f.key]})",
                             f"field '{f.key}' given twice (already at line {seen[f.key]})")
                continue
            seen[f.key] = key_node.start_mark.line + 1
            self.lines[sub] = key_node.start_mark.line + 1
            value = self.value(value_node, f, sub)
            if value is not None and value != []:
                out[f.key] = value
        if path and not out and not any(p.path.startswith(path) for p in self.problems):
            return None  # a heading or list item left empty (as in the template) is no heading at all
        for f in spec:
            if f.required and f.key not in out and not any(p.path.startswith(f"{path}.{f.key}" if path else f.key)
                                                           for p in self.problems):
                sub = f"{path}.{f.key}" if path else f.key
                self.problems.append(SheetProblem(
                    node.start_mark.line + 1, sub, f"champ obligatoire « {f.key} » manquant ({_fr_of(f)})",
                    f"required field '{f.key}' is missing ({f.en})"))
        return out

    # -- values -------------------------------------------------------------------------------
    def value(self, node, f: Field, path: str):
        if _is_null(node):
            return None
        kind = f.kind
        if kind == "record":
            return self.record(node, f.record, path)
        if kind == "records":
            items = node.value if isinstance(node, yaml.SequenceNode) else None
            if items is None:
                if isinstance(node, yaml.MappingNode):  # one item written without its dash
                    items = [node]
                else:
                    self.problem(node, path, "une liste d'éléments (« - ») est attendue ici",
                                 "a list of items (\"- \") is expected here")
                    return None
            out = []
            for i, item in enumerate(items, 1):
                self.lines[f"{path}[{i}]"] = item.start_mark.line + 1
                rec = self.record(item, f.record, f"{path}[{i}]")
                if rec is not None:
                    out.append(rec)
            return out
        if kind == "document":
            if isinstance(node, yaml.ScalarNode):
                return {"id": str(node.value).strip()}
            return self.record(node, f.record, path)
        if kind in ("texts", "refs", "vocabs", "concepts"):
            items = node.value if isinstance(node, yaml.SequenceNode) else [node]
            single = {"texts": "text", "refs": "ref", "vocabs": "vocab", "concepts": "concept"}[kind]
            out = []
            for i, item in enumerate(items, 1):
                sub = f"{path}[{i}]" if isinstance(node, yaml.SequenceNode) else path
                if isinstance(node, yaml.SequenceNode):
                    self.lines[sub] = item.start_mark.line + 1
                v = self.scalar(item, Field(f.key, single, f.en, vocab=f.vocab, refs=f.refs), sub)
                if v is not None:
                    out.append(v)
            return out
        return self.scalar(node, f, path)

    def scalar(self, node, f: Field, path: str):
        if _is_null(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, path, "une valeur simple est attendue ici, pas une liste ni une rubrique",
                         "a single value is expected here, not a list or a mapping")
            return None
        raw = str(node.value)
        text = raw.strip()
        kind = f.kind
        if kind in ("text", "ref"):
            if not text:
                return None
            return text if kind == "ref" else raw.strip()
        if kind == "int":
            digits = re.sub(r"[\s\u202f\u00a0_.]", "", text)
            if not re.fullmatch(r"-?\d+", digits):
                self.problem(node, path, f"« {text} » n'est pas un nombre entier", f"'{text}' is not a whole number")
                return None
            return int(digits)
        if kind == "number":
            cleaned = re.sub(r"[\s\u202f\u00a0_]", "", text).replace(",", ".")
            try:
                return Decimal(cleaned)
            except InvalidOperation:
                self.problem(node, path, f"« {text} » n'est pas un nombre", f"'{text}' is not a number")
                return None
        if kind == "bool":
            low = fold_name(text)
            if low in ("true", "oui", "vrai", "yes", "1"):
                return True
            if low in ("false", "non", "faux", "no", "0"):
                return False
            self.problem(node, path, f"« {text} » : écrivez oui ou non", f"'{text}': write yes (oui) or no (non)")
            return None
        if kind == "date":
            date = parse_date(text)
            if date is None:
                self.problem(node, path, f"date « {text} » illisible : écrivez 2024, 2024-10 ou 2024-01-24 "
                             "(seulement aussi précise que le texte)",
                             f"unreadable date '{text}': write 2024, 2024-10 or 2024-01-24 (only as precise as "
                             "the text)")
            return date
        if kind in ("vocab", "concept"):
            vocab = self.vocabs[f.vocab or "balise ou concept"]
            iri = vocab.lookup(text)
            if iri is None:
                close = difflib.get_close_matches(fold_name(text), list(vocab.keys), n=1, cutoff=0.75)
                hint_fr = f" ; vouliez-vous dire « {vocab.display[vocab.keys[close[0]]]} » ?" if close else ""
                hint_en = f"; did you mean '{vocab.display[vocab.keys[close[0]]]}'?" if close else ""
                expected = vocab.expected()
                if kind == "concept":
                    expected = ", ".join(vocab.display[v] for v in vocab.values[:23]) + \
                        " (balises), ou un concept du référentiel : ref:concept-…, ref:cooperation…"
                self.problem(node, path, f"valeur « {text} » inconnue{hint_fr}, attendu {expected}",
                             f"unknown value '{text}'{hint_en}, expected {expected}")
            return iri
        raise AssertionError(kind)


def parse_date(text: str) -> Date | None:
    """2024 -> gYear, 2024-10 -> gYearMonth, 2024-01-24 (or 24/01/2024) -> date."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return Date(text, "gYear")
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return Date(text, "gYearMonth")
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:
        text = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
    if m:
        return Date(f"{m.group(2)}-{int(m.group(1)):02d}", "gYearMonth") if 1 <= int(m.group(1)) <= 12 else None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return None
        return Date(text, "date")
    return None


def _is_null(node) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null")


def _key_of(spec, folded: str) -> str:
    return next(f.key for f in spec if fold_name(f.key) == folded)


_FR = {"text": "un texte", "texts": "un ou plusieurs textes", "int": "un nombre entier", "number": "un nombre",
       "date": "une date", "bool": "oui ou non", "ref": "un nom ou un identifiant", "refs": "des noms ou identifiants",
       "vocab": "une valeur de la liste", "vocabs": "des valeurs de la liste", "concepts": "des balises (E1…V6)",
       "record": "une rubrique", "records": "une liste", "document": "doc:NNN ou une rubrique"}


def _fr_of(f: Field) -> str:
    return _FR.get(f.kind, f.kind)
