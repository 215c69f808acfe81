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
(a VALUES of the frontier, one pattern). A UNION in a group that holds is a step too: in every solution one of
its branches holds, so from a variable to another that every branch links, the nodes reached are those of each
branch's chain, together (`Hop`); `BIND(?u AS ?t)` is a step that keeps the nodes. Inside a property path
(`bal:partOf*`), the end is every node that reaches the triple along the path's predicates. Sub-queries' own variables are told apart from the outer ones.

When a chain needs a BIND or an aggregate's result, or a frontier grows past `LIMIT` nodes, the answer is None:
the whole table is computed again (never wrong, only slower).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import Iterable

from rdflib import BNode, Variable
from rdflib.plugins.sparql.parserutils import CompValue

from ..rdf.escape import term_sparql
from ..rdf.sparql_text import closing, mask
from .patterns import SAME, Group, Pattern, patterns, unions
from .shape import algebra

#: A frontier larger than this gives up: the whole table is recomputed.
LIMIT = 20_000


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


class Remembering:
    """A store whose answers are remembered by query text (and bindings), for the `affected` values of the tables
    a change meets, asked while the store does not change: the tables walk the same paths from the same nodes
    (at ~2M triples, a new sheet's 27 keyed tables asked 687 walks, 371 of them different)."""

    def __init__(self, store):
        self._store, self._answers = store, {}

    def query(self, sparql: str, bindings: dict | None = None):
        key = (sparql, tuple(sorted((bindings or {}).items())))
        if key not in self._answers:
            self._answers[key] = self._store.query(sparql, bindings)
        return self._answers[key]


def _values(nodes: Iterable) -> str:
    return " ".join(term_sparql(n) for n in nodes)


def _follow(store, nodes: set, where: str, limit: int = LIMIT) -> set | None:
    """The `?y` a pattern text reaches from the frontier `?x`; None when it grows past `limit`.

    The SPARQL is built here, not read from a file: `where` is one pattern of the table's own query (its
    predicate or property path, written back by rdflib), and the frontier nodes come from the store."""
    if not nodes:
        return set()
    found: set = set()
    named = [n for n in nodes if not isinstance(n, BNode)]
    for start in range(0, len(named), 500):
        text = (f"SELECT DISTINCT ?y WHERE {{ VALUES ?x {{ {_values(named[start:start + 500])} }} {where} }} "
                f"LIMIT {limit - len(found) + 1}")  # the engine stops once past the limit
        found |= {row[0] for row in store.query(text).rows if row[0] is not None}
        if len(found) > limit:
            return None
    for blank in (n for n in nodes if isinstance(n, BNode)):  # no VALUES for a blank node: bound to ?x
        found |= {row[1] for row in store.query(f"SELECT DISTINCT ?x ?y WHERE {{ {where} }} LIMIT {limit + 1}",
                                                {"x": blank}).rows
                  if row[1] is not None}
        if len(found) > limit:
            return None
    return found


@dataclass(frozen=True)
class Hop:
    """A step through a UNION: from a variable to another that each branch links (`alternatives`: a chain per
    branch); the nodes reached are those of every branch's chain."""

    alternatives: tuple[tuple, ...]


Union = tuple[Group, tuple[Group, Group]]


def _chain(found: tuple[Pattern, ...], start: Variable, key: Variable, hold: list[Pattern],
           joined: Iterable[Union] = (), branching: tuple[Union, ...] = ()):
    """The shortest chain of steps (a pattern with its direction, or a Hop through one of the UNIONs `joined`)
    from `start` to `key`, among `hold` (`branching`: all the query's UNIONs, for those inside a branch); None
    when the only chains need a BIND or an aggregate, or there is none."""
    return _reach(found, start, hold, joined, branching).get(key)


def _reach(found: tuple[Pattern, ...], start: Variable, hold: list[Pattern], joined, branching) -> dict:
    """Every variable reachable from `start` along `hold` and through the UNIONs `joined`, with the shortest
    chain to it."""
    edges: dict = {}
    for q in hold:
        if isinstance(q.s, Variable) and isinstance(q.o, Variable) and q.text is not None:
            edges.setdefault(q.s, []).append(((q, True), q.o))
            edges.setdefault(q.o, []).append(((q, False), q.s))
    seen, queue = {start: []}, deque([start])
    while queue:
        variable = queue.popleft()
        for step, other in [*edges.get(variable, ()), *_hops(found, variable, joined, branching)]:
            if other not in seen:
                seen[other] = seen[variable] + [step]
                queue.append(other)
    return seen


def _hops(found: tuple[Pattern, ...], variable: Variable, joined, branching) -> list:
    """The steps through a UNION from `variable`: to each variable every branch reaches from it (a branch: its
    own patterns, and the UNIONs of its group)."""
    steps = []
    for _, branches in joined:
        reached = [_reach(found, variable, [q for q in found if q.group == b],
                          [u for u in branching if u[0] == b], branching) for b in branches]
        for other in set(reached[0]).intersection(*reached[1:]) - {variable}:
            steps.append((Hop(tuple(tuple(r[other]) for r in reached)), other))
    return steps


def _walk(store, nodes: set, chain, limit: int = LIMIT) -> set | None:
    """The nodes a chain reaches from `nodes`; None when a frontier grows past `limit`."""
    for step in chain:
        if isinstance(step, Hop):
            found: set = set()
            for alternative in step.alternatives:
                reached = _walk(store, nodes, alternative, limit)
                if reached is None or len(found | reached) > limit:
                    return None
                found |= reached
            nodes = found
        elif step[0].text != SAME:
            nodes = _follow(store, nodes, _step(*step), limit)
            if nodes is None:
                return None
    return nodes


def affected(found: tuple[Pattern, ...], key: str, triples: Iterable[tuple], store,
             branching: Iterable[Union] = ()) -> set | None:
    """The values of `?key` whose rows a change of `triples` (all added, or all removed: `store` is the graph
    where they are) can affect, in a query of these `patterns` and these UNIONs (`branching`: patterns.unions);
    None when it cannot be told (recompute the whole table)."""
    branching = tuple(branching)
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
        joined = [u for u in branching if pattern.group[:len(u[0])] == u[0]]  # in a group that holds
        options = []
        for variable in {pattern.s, pattern.o}:
            if not isinstance(variable, Variable):
                continue
            chain = _chain(found, variable, key_var, hold, joined, branching)
            if chain is not None:
                options.append((len(chain), variable, chain))
        if not options:
            return None
        # the shortest chain from the fewest nodes first, and on a tie the subject's end (an object is more often
        # a node many triples share: a status, a class, a region); the other end when one grows past LIMIT.
        seeded = sorted(((length, len(nodes), variable != pattern.s, nodes, chain) for length, variable, chain
                         in options if (nodes := _seeds(store, pattern, variable, matching)) is not None),
                        key=lambda o: o[:3])
        reached = _narrowest(store, [(nodes, chain) for *_, nodes, chain in seeded])
        if reached is None:
            return None
        values |= reached
    return values


def _narrowest(store, ends: list[tuple[set, list]]) -> set | None:
    """The key values reached from the first end that can be walked, narrowed by the other end's: a solution that
    uses the changed triple binds both ends of its pattern, so its key is reached from either (a sheet's territory
    joins a programme: from the programme, every quote of its territories; from the territory, its own). The other
    end is walked only while its frontiers stay within what the first reached (a wider walk narrows nothing), and not
    from blank nodes."""
    first = None
    for nodes, chain in ends:
        if first is not None and any(isinstance(n, BNode) for n in nodes):
            continue  # a blank node is followed by one query each, over the whole graph: no narrowing from there
        reached = _walk(store, nodes, chain, LIMIT if first is None else max(len(first), 1))
        if reached is not None:
            first = reached if first is None else first & reached
    return first


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
_OPTIONAL = re.compile(r"\bOPTIONAL\s*\{", re.IGNORECASE)


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


def restrict(sparql: str, key: str, values: Iterable, optionals: bool = False) -> str:
    """The query answering only for these values of `?key`: a VALUES block at the start of its WHERE and of every
    sub-query that projects the key; and, with `optionals` (what comes before each OPTIONAL always binds the key:
    patterns.bound_before_optionals, told once by the whole build) and when every sub-query projects the key,
    inside each OPTIONAL of the query's group that names it too: the same answers,
    and the engine need not evaluate the OPTIONAL for every value of the key before the join (Oxigraph did: an
    OPTIONAL over a national graph's quotes, 6 s for any 100 projects)."""
    block = f" VALUES ?{key} {{ {_values(values)} }} "
    masked = mask(sparql)
    insert_at, selects = [], 0
    named = re.compile(rf"\?{re.escape(key)}\b")
    for match in _SELECT.finditer(masked):
        selects += 1
        found = _where_opening(masked, match.end())
        if found is None:
            continue
        projection, brace = found
        if named.search(projection) or projection.split()[-1:] == ["*"]:
            insert_at.append(brace + 1)
    if optionals and len(insert_at) == selects:
        for match in _OPTIONAL.finditer(masked):
            end = closing(masked, match.end(), "{}")
            group = masked[match.end() - 1:] if end < 0 else masked[match.end() - 1:end + 1]
            top = masked.count("{", 0, match.start()) - masked.count("}", 0, match.start()) == 1
            # an OPTIONAL of the query's own group (inside a UNION's branches, Oxigraph took minutes instead
            # of seconds); a sub-query's group has its VALUES from above
            if top and named.search(group) and not _SELECT.match(group[1:].lstrip()):
                insert_at.append(match.end())
    for position in sorted(insert_at, reverse=True):
        sparql = sparql[:position] + block + sparql[position:]
    return sparql


__all__ = ["LIMIT", "Hop", "Pattern", "Remembering", "affected", "order_of", "patterns", "restrict", "unions"]
