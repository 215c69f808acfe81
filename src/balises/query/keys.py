"""Tables updated row by row: which rows of a keyed table a change of the graph can affect.

A query whose header says `# key: evidence` answers, for each value of `?evidence`, rows that depend only on the
solutions where `?evidence` has that value (it groups by it, or gives one row per value; no LIMIT, no total over
all values). When the graph changes, only the rows of the *affected* values need computing again: the query is
then run with `VALUES ?evidence { ... }` (`restrict`), and the other rows are kept.

Which values are affected (`affected`): a row can change only if a solution for its value used a triple that was
added or removed. Such a triple matches one of the query's triple patterns, whose two ends are bound in that
solution; every pattern of the groups around that pattern holds in the solution too (the same group, the groups
that contain it; not a sibling OPTIONAL or another branch of a UNION). So, from an end of the pattern, the values
of the key are found by following, in the graph where the triple is (the new store for an added triple, the
former one for a removed triple), the shortest chain of such patterns from that end to the key, step by step
(a VALUES of the frontier, one pattern). Inside a property path (`bal:partOf*`), the end is every node that
reaches the triple along the path's predicates. Sub-queries' own variables are told apart from the outer ones.

When a chain needs a BIND or an aggregate's result, or a frontier grows past `LIMIT` nodes, the answer is None:
the whole table is computed again (never wrong, only slower).
"""

from __future__ import annotations

import functools
import re
from collections import deque
from dataclasses import dataclass
from typing import Iterable

from rdflib import BNode, URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.util import from_n3

from ..rdf.escape import term_sparql
from ..rdf.sparql_text import mask
from .shape import algebra, path_predicates

#: A frontier larger than this gives up: the whole table is recomputed.
LIMIT = 20_000


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
        if name == "LeftJoin":
            self.walk(node.p1, group, names)
            self.walk(node.p2, group + (self.fresh(),), names)
            self._expressions(node.expr, group, names)
            return
        if name in ("Union", "Minus"):
            self.walk(node.p1, group + (self.fresh(),) if name == "Union" else group, names)
            self.walk(node.p2, group + (self.fresh(),), names)
            return
        if name == "Filter":
            self._expressions(node.expr, group, names)
            self.walk(node.p, group, names)
            return
        for key, value in node.items():
            if key == "expr":
                self._expressions(value, group, names)
            elif key not in ("_vars", "PV"):
                self.walk(value, group, names)

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
def patterns(sparql: str) -> tuple[Pattern, ...]:
    """The query's triple patterns (and BIND links), scoped and grouped."""
    reader = _Reader()
    reader.walk(algebra(sparql), (), {})
    return tuple(reader.patterns)


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


def _matches(pattern: Pattern, triple: tuple) -> bool:
    s, p, o = triple
    if pattern.predicates is not None and str(p) not in pattern.predicates:
        return False
    if pattern.plain:  # a plain pattern: its constant ends must be the triple's
        return all(isinstance(end, Variable) or end == value for end, value in ((pattern.s, s), (pattern.o, o)))
    return True


def _step(pattern: Pattern, forward: bool) -> str:
    """SPARQL text following a pattern's predicate or path, from its subject (forward) or from its object."""
    return f"?x {pattern.text} ?y" if forward else f"?y {pattern.text} ?x"


def _values(nodes: Iterable) -> str:
    return " ".join(term_sparql(n) for n in nodes)


def _follow(store, nodes: set, where: str) -> set | None:
    """The `?y` a pattern text reaches from the frontier `?x`; None when it grows past LIMIT.

    The SPARQL is built here, not read from a file: `where` is one pattern of the table's own query (its
    predicate or property path, written back by rdflib), and the frontier nodes come from the store."""
    if not nodes:
        return set()
    found: set = set()
    named = [n for n in nodes if not isinstance(n, BNode)]
    for start in range(0, len(named), 500):
        text = f"SELECT DISTINCT ?y WHERE {{ VALUES ?x {{ {_values(named[start:start + 500])} }} {where} }}"
        found |= {row[0] for row in store.query(text).rows if row[0] is not None}
        if len(found) > LIMIT:
            return None
    for blank in (n for n in nodes if isinstance(n, BNode)):  # no VALUES for a blank node: bound to ?x
        found |= {row[1] for row in store.query(f"SELECT DISTINCT ?x ?y WHERE {{ {where} }}", {"x": blank}).rows
                  if row[1] is not None}
        if len(found) > LIMIT:
            return None
    return found


def _chain(found: tuple[Pattern, ...], start: Variable, key: Variable, hold: list[Pattern]):
    """The shortest chain of patterns (each with its direction) from `start` to `key`, among `hold`; None when the
    only chains need a BIND or an aggregate, or there is none."""
    edges: dict = {}
    for q in hold:
        if isinstance(q.s, Variable) and isinstance(q.o, Variable):
            edges.setdefault(q.s, []).append((q, True, q.o))
            edges.setdefault(q.o, []).append((q, False, q.s))
    seen, queue = {start: []}, deque([start])
    while queue:
        variable = queue.popleft()
        if variable == key:
            return seen[variable]
        for q, forward, other in edges.get(variable, ()):
            if q.text is None:
                continue
            if other not in seen:
                seen[other] = seen[variable] + [(q, forward)]
                queue.append(other)
    return None


def _has_inverse(path) -> bool:
    if isinstance(path, InvPath):
        return True
    if isinstance(path, (SequencePath, AlternativePath)):
        return any(_has_inverse(p) for p in path.args)
    if isinstance(path, MulPath):
        return _has_inverse(path.path)
    return False


def affected(found: tuple[Pattern, ...], key: str, triples: Iterable[tuple], store) -> set | None:
    """The values of `?key` whose rows a change of `triples` (all added, or all removed: `store` is the graph
    where they are) can affect, in a query of these `patterns`; None when it cannot be told (recompute the whole
    table)."""
    key_var = Variable(key)
    triples = list(triples)
    values: set = set()
    for pattern in found:
        if pattern.predicates == ():
            continue
        matching = [t for t in triples if _matches(pattern, t)]
        if not matching:
            continue
        hold = [q for q in found if q.around(pattern)]
        options = []
        for variable in {pattern.s, pattern.o}:
            if not isinstance(variable, Variable):
                continue
            chain = _chain(found, variable, key_var, hold)
            if chain is not None:
                options.append((len(chain), variable, chain))
        if not options:
            return None
        best = None
        for length, variable, chain in sorted(options, key=lambda o: o[0]):
            nodes = _seeds(store, pattern, variable, matching)
            if nodes is not None and (best is None or (length, len(nodes)) < (best[0], len(best[1]))):
                best = (length, nodes, chain)
        if best is None:
            return None
        _, nodes, chain = best
        for q, forward in chain:
            nodes = _follow(store, nodes, _step(q, forward))
            if nodes is None:
                return None
        values |= nodes
    return values


def _seeds(store, pattern: Pattern, variable: Variable, triples: list[tuple]) -> set | None:
    """The nodes `variable` (an end of `pattern`) takes in the solutions that use one of `triples`."""
    subject_side = variable == pattern.s
    if pattern.plain:
        return {t[0] if subject_side else t[2] for t in triples}
    if pattern.predicates is None:
        return None  # a negated path: any node may lead to it
    steps = [f"<{q}>" for q in pattern.predicates]
    inverse = pattern.inverse  # a path with inverse steps: its ends reached both ways
    along = "(" + " | ".join(steps + ([f"^{q}" for q in steps] if inverse else [])) + ")*"
    if inverse:
        starts = {t[0] for t in triples} | {t[2] for t in triples}
    else:
        starts = {t[0] if subject_side else t[2] for t in triples}
    return _follow(store, starts, f"?y {along} ?x" if subject_side else f"?x {along} ?y")


def order_of(sparql: str) -> list[tuple[str, bool]] | None:
    """The top ORDER BY as (variable, descending) conditions ([] when there is none); None when it orders by an
    expression (which the merge of rows does not evaluate)."""
    node = algebra(sparql)
    while isinstance(node, CompValue) and node.name not in ("OrderBy", "BGP", "Join", "LeftJoin", "Union"):
        node = node.get("p")
    if not isinstance(node, CompValue) or node.name != "OrderBy":
        return []
    conditions = []
    for condition in node.expr:
        if isinstance(condition, Variable):
            conditions.append((str(condition), False))
        elif isinstance(condition, CompValue) and isinstance(condition.expr, Variable):
            conditions.append((str(condition.expr), condition.order == "DESC"))
        else:
            return None
    return conditions


_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)


def _where_opening(masked: str, start: int) -> tuple[str, int] | None:
    """After a SELECT at `start`: its projection (expressions left out) and where its WHERE's `{` is."""
    depth, projection = 0, []
    for position in range(start, len(masked)):
        char = masked[position]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "{" and depth == 0:
            return "".join(projection), position
        elif depth == 0:
            projection.append(char)
    return None


def restrict(sparql: str, key: str, values: Iterable) -> str:
    """The query answering only for these values of `?key`: a VALUES block at the start of its WHERE and of every
    sub-query that projects the key."""
    block = f" VALUES ?{key} {{ {_values(values)} }} "
    masked = mask(sparql)
    insert_at = []
    for match in _SELECT.finditer(masked):
        found = _where_opening(masked, match.end())
        if found is None:
            continue
        projection, brace = found
        if re.search(rf"\?{re.escape(key)}\b", projection) or projection.split()[-1:] == ["*"]:
            insert_at.append(brace + 1)
    for position in reversed(insert_at):
        sparql = sparql[:position] + block + sparql[position:]
    return sparql


__all__ = ["LIMIT", "Pattern", "affected", "order_of", "patterns", "restrict"]
