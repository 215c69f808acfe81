"""The triple patterns of a query, as query/keys.py follows them from a changed triple to a keyed table's rows:
each pattern with its group (where it holds), a sub-query's own variables told apart from the outer ones, and the
UNIONs (in every solution of the group around a UNION, one of its branches holds: keys.py steps through a UNION
from a variable to another when every branch links them).

Read from rdflib's algebra of the query (query/shape.py), once per process and query text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rdflib import BNode, URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.util import from_n3

from .shape import algebra, path_predicates

#: The text of a BIND of one variable to another (`BIND(?u AS ?t)`): a step that keeps the nodes as they are.
SAME = "="

Group = tuple[int, ...]

@dataclass(frozen=True)
class Pattern:
    """A triple pattern of the query, its variables told apart by scope, in its group (a path from the root of
    the query's groups). `text`: its predicate or property path in SPARQL, None for a BIND or an aggregate
    linking variables (no step follows it) or a variable predicate; `predicates`: the IRIs it can match, None
    for any; `plain`: one predicate (or a variable), whose ends are a triple's subject and object; `inverse`: a
    path with inverse steps."""

    s: object
    o: object
    text: str | None
    predicates: tuple[str, ...] | None
    plain: bool
    inverse: bool
    group: tuple[int, ...]

    def around(self, other: "Pattern") -> bool:
        """Whether this pattern holds whenever `other` matched (its group contains other's, or is the same)."""
        return other.group[:len(self.group)] == self.group

    def to_json(self) -> list:
        return [_n3(self.s), _n3(self.o), self.text, None if self.predicates is None else list(self.predicates),
                self.plain, self.inverse, list(self.group)]

    @classmethod
    def from_json(cls, data: list) -> "Pattern":
        s, o, text, predicates, plain, inverse, group = data
        return cls(_term(s), _term(o), text, None if predicates is None else tuple(predicates), plain, inverse,
                   tuple(group))


def _n3(term) -> str:
    return f"?{term}" if isinstance(term, Variable) else term.n3()


def _term(text: str):
    return Variable(text[1:]) if text.startswith("?") else from_n3(text)


def _pattern(s, path, o, group: tuple[int, ...]) -> Pattern:
    if path is None:  # a BIND or an aggregate
        return Pattern(s, o, None, (), False, False, group)
    if isinstance(path, Variable):
        return Pattern(s, o, None, None, True, False, group)
    found = path_predicates(path)
    return Pattern(s, o, _path_text(path), None if found is None else tuple(sorted(found)),
                   isinstance(path, URIRef), _has_inverse(path), group)


def _variables(node) -> set[Variable]:
    found: set[Variable] = set()
    if isinstance(node, Variable):
        found.add(node)
    elif isinstance(node, CompValue):
        for key, value in node.items():
            if key != "_vars":
                found |= _variables(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            found |= _variables(value)
    elif isinstance(node, Path):
        pass
    return found


class _Reader:
    """Walks the algebra, numbering groups and scopes."""

    def __init__(self):
        self.patterns: list[Pattern] = []
        self.unions: list[tuple[Group, tuple[Group, Group]]] = []
        self.counter = 0
        self.top = False

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    def walk(self, node, group: tuple[int, ...], names: dict):
        if isinstance(node, (list, tuple)):
            for value in node:
                self.walk(value, group, names)
            return
        if not isinstance(node, CompValue):
            return
        name = node.name
        rename = lambda term: names.get(term, term) if isinstance(term, Variable) else term  # noqa: E731
        if name == "BGP":  # a blank node of the query is a variable of its group
            blank = lambda term: Variable(f"_blank_{term}") if isinstance(term, BNode) else rename(term)  # noqa: E731
            for s, p, o in node.triples:
                self.patterns.append(_pattern(blank(s), rename(p), blank(o), group))
            return
        if name == "Project" and not self.top:
            self.top = True  # the query's own projection
        elif name == "Project":  # a sub-query: its variables but the projected ones are its own
            scope = self.fresh()
            projected = set(node.PV)
            inner = {v: (names.get(v, v) if v in projected else Variable(f"{v}__{scope}"))
                     for v in _variables(node.p)}
            self.walk(node.p, group + (scope,), {**names, **inner})
            return
        if name == "Extend":
            if isinstance(node.expr, Variable):  # BIND(?u AS ?t): ?t is ?u
                self.patterns.append(Pattern(rename(node.expr), rename(node.var), SAME, (), False, False, group))
            else:
                for used in _variables(node.expr):
                    self.patterns.append(_pattern(rename(used), None, rename(node.var), group))
            self._expressions(node.expr, group, names)
            self.walk(node.p, group, names)
            return
        if name == "AggregateJoin":
            for aggregate in node.A:
                for used in _variables(aggregate.vars if "vars" in aggregate else []):
                    self.patterns.append(_pattern(rename(used), None, rename(aggregate.res), group))
            self.walk(node.p, group, names)
            return
        if name in ("LeftJoin", "Union", "Minus", "Filter"):
            self._groups(node, group, names)
            return
        for key, value in node.items():
            if key == "expr":
                self._expressions(value, group, names)
            elif key not in ("_vars", "PV"):
                self.walk(value, group, names)

    def _groups(self, node: CompValue, group: tuple[int, ...], names: dict) -> None:
        """OPTIONAL, UNION, MINUS and FILTER: the groups they open."""
        name = node.name
        if name == "LeftJoin":  # an OPTIONAL: its FILTER (the expression) is the optional group's
            self.walk(node.p1, group, names)
            optional = group + (self.fresh(),)
            self.walk(node.p2, optional, names)
            self._expressions(node.expr, optional, names)
        elif name == "Union":
            left = group + (self.fresh(),)
            self.walk(node.p1, left, names)
            right = group + (self.fresh(),)
            self.walk(node.p2, right, names)
            self.unions.append((group, (left, right)))
        elif name == "Minus":
            self.walk(node.p1, group, names)
            self.walk(node.p2, group + (self.fresh(),), names)
        else:
            self._expressions(node.expr, group, names)
            self.walk(node.p, group, names)

    def _expressions(self, expr, group, names):
        """EXISTS and NOT EXISTS inside a filter: their patterns, in a group of their own."""
        if isinstance(expr, CompValue):
            if expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                self.walk(expr.graph, group + (self.fresh(),), names)
                return
            for key, value in expr.items():
                if key != "_vars":
                    self._expressions(value, group, names)
        elif isinstance(expr, (list, tuple)):
            for value in expr:
                self._expressions(value, group, names)


@functools.lru_cache(maxsize=128)
def _read(sparql: str) -> _Reader:
    reader = _Reader()
    reader.walk(algebra(sparql), (), {})
    return reader


def patterns(sparql: str) -> tuple[Pattern, ...]:
    """The query's triple patterns (and BIND links), scoped and grouped."""
    return tuple(_read(sparql).patterns)


def unions(sparql: str) -> tuple[tuple[Group, tuple[Group, Group]], ...]:
    """The query's UNIONs: (the group it is part of, its two branches' groups); a UNION of three is a UNION in
    the first branch of another."""
    return tuple(_read(sparql).unions)


@functools.lru_cache(maxsize=128)
def bound_before_optionals(sparql: str, key: str) -> bool:
    """Whether, at every OPTIONAL whose group names `?key`, what comes before it (the left side) always binds
    `?key`: then a VALUES of the key inside the OPTIONAL keeps the same answers (query/keys.py `restrict`)."""
    variable = Variable(key)

    def walk(node) -> bool:
        if isinstance(node, (list, tuple)):
            return all(walk(value) for value in node)
        if not isinstance(node, CompValue):
            return True
        if node.name == "LeftJoin" and variable in _variables(node.p2) and variable not in _certain(node.p1):
            return False
        return all(walk(value) for name, value in node.items() if name not in ("_vars", "PV"))

    return walk(algebra(sparql))


def _certain(node) -> set[Variable]:
    """The variables every solution of an algebra node binds."""
    if not isinstance(node, CompValue):
        return set()
    if node.name == "BGP":
        return {term for triple in node.triples for term in triple if isinstance(term, Variable)}
    if node.name == "Join":
        return _certain(node.p1) | _certain(node.p2)
    if node.name in ("LeftJoin", "Minus"):
        return _certain(node.p1)
    if node.name == "Union":
        return _certain(node.p1) & _certain(node.p2)
    if node.name == "Project":
        return _certain(node.p) & set(node.PV)
    if node.name in ("Filter", "Extend", "ToMultiSet", "OrderBy", "Distinct", "Reduced", "Slice"):
        return _certain(node.p)
    return set()


def _path_text(path) -> str:
    """A predicate or property path in SPARQL, every composite part in parentheses."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if isinstance(path, (SequencePath, AlternativePath)):
        joiner = "/" if isinstance(path, SequencePath) else "|"
        return "(" + joiner.join(_path_text(part) for part in path.args) + ")"
    if isinstance(path, InvPath):
        return "^" + _path_text(path.path)
    if isinstance(path, MulPath):
        return _path_text(path.path) + path.mod
    return path.n3()


def _has_inverse(path) -> bool:
    if isinstance(path, InvPath):
        return True
    if isinstance(path, (SequencePath, AlternativePath)):
        return any(_has_inverse(p) for p in path.args)
    if isinstance(path, MulPath):
        return _has_inverse(path.path)
    return False


__all__ = ["SAME", "Group", "Pattern", "bound_before_optionals", "patterns", "unions"]
