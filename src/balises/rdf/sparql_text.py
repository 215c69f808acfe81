"""SPARQL as text, before any engine parses it: blanking its strings, IRIs and comments to look at its
keywords, and refusing what no user query may do here (SPARQL Update and LOAD, SERVICE).

The check is lexical, and errs on the side of refusing: a keyword counts wherever it stands outside a string,
an IRI and a comment, unless it is a variable (?service) or part of a prefixed name (ex:service). Oxigraph
reads no codepoint escape (\\u0053ERVICE) outside strings and IRIs, so none can hide a keyword from it.
The query layer, the console, `balises query` and the server's front all call `refuse_unsafe`.
"""

from __future__ import annotations

import re
from typing import Mapping

from ..errors import QueryError

_TOKENS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                     r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
_KEYWORD = r"(?<![\w:?$-])({})(?![\w:-])"
_UPDATE = re.compile(_KEYWORD.format("INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH"), re.IGNORECASE)
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.IGNORECASE)


def mask(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length), to look for keywords and braces."""
    return _TOKENS.sub(lambda m: " " * len(m.group(0)), sparql)


def refuse_unsafe(sparql: str) -> None:
    """Refuse, before anything evaluates it, a query that would change the graph (SPARQL Update, LOAD) or make
    the engine fetch another address (SERVICE: a federated query is a request the server sends for the user)."""
    masked = mask(sparql)
    if _UPDATE.search(masked):
        raise QueryError("updates (INSERT, DELETE, DROP, LOAD, CLEAR...) are refused: the graph is read-only; "
                         "change the Turtle under data/ and rebuild")
    if _SERVICE.search(masked):
        raise QueryError("SERVICE (a federated query) is refused: the graph answers from its own data and never "
                         "fetches another address for a query; query the other endpoint yourself and join the results")


_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_USED = re.compile(r"(?<![\w.:?$-])([A-Za-z](?:[\w.-]*[\w-])?):")
_LEADING_COMMENTS = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*")


def missing_prefixes(sparql: str, prefixes: Mapping[str, str]) -> str:
    """The PREFIX lines, in the order of `prefixes`, of those the query's text uses but does not declare."""
    # the lines are built here from the namespace table, never from the user's text
    masked = mask(sparql)
    declared = set(_DECLARED.findall(masked))
    used = set(_USED.findall(masked))
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items() if name in used and name not in declared)


def after_comments(sparql: str, lines: str) -> str:
    """The query with `lines` placed after its leading comments (its header), before the first statement."""
    if not lines:
        return sparql
    at = _LEADING_COMMENTS.match(sparql).end()
    return sparql[:at] + lines + sparql[at:]


def declare_prefixes(sparql: str, prefixes: Mapping[str, str]) -> str:
    """The query with a PREFIX line for each of `prefixes` its text uses but does not declare, placed after its
    leading comments (a query that declares all it uses comes back unchanged), so that any SPARQL client runs it."""
    return after_comments(sparql, missing_prefixes(sparql, prefixes))


_HEADER_LINE = re.compile(r"^#\s*([\w@-]+)\s*:\s*(.*)$")


def header_fields(sparql: str) -> list[tuple[str, str]]:
    """The `# key: value` lines of a query file's leading comments (blank lines among them allowed), in order,
    keys in lower case: the header of queries/*.rq (title@fr, question, param…)."""
    fields = []
    for line in sparql.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if match := _HEADER_LINE.match(line):
            fields.append((match.group(1).lower(), match.group(2).strip()))
    return fields



#: What the query layer writes as the separator of a concatenation it reads back (ASCII's unit separator: no
#: label, quote or IRI of the graph holds it), to find the parts again whatever they contain.
PART_MARK = "\x1f"
_GROUP_CONCAT = re.compile(r"(?<![\w:?$-])GROUP_CONCAT\s*\(", re.IGNORECASE)
_SEPARATOR = re.compile(r";\s*SEPARATOR\s*=", re.IGNORECASE)
_STRING = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_ALIAS = re.compile(r"\s*AS\s*[?$](\w+)", re.IGNORECASE)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
#: A clause or expression in which a variable is more than a column of the answer.
_USE = re.compile(r"(?<![\w:?$-])(ORDER\s+BY|GROUP\s+BY|HAVING|FILTER|BIND|AS|SELECT)(?![\w:-])|[{}]", re.IGNORECASE)


def _unescape(token: str) -> str:
    body = token[3:-3] if token[:3] in ('"""', "'''") else token[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), body)


def closing(masked: str, start: int, pair: str = "()") -> int:
    """The position of the bracket (a parenthesis, or `pair`'s other kind) that closes the one just before
    `start`; -1 when none does."""
    opening, close = pair
    depth = 1
    for at in range(start, len(masked)):
        depth += {opening: 1, close: -1}.get(masked[at], 0)
        if depth == 0:
            return at
    return -1


def _only_answered(masked: str, column: str) -> bool:
    """Whether the variable is only a column of the answer: named by AS and listed by SELECTs, never sorted on,
    grouped by, filtered or computed with (where another engine's order of its parts would change the rows)."""
    for found in re.finditer(r"[?$]" + column + r"(?!\w)", masked):
        clauses = list(_USE.finditer(masked, 0, found.start()))
        if not clauses or clauses[-1].group(1) is None or clauses[-1].group(1).lower() not in {"as", "select"}:
            return False
    return True


def mark_concatenations(sparql: str) -> tuple[str, dict[str, str]]:
    """The query with PART_MARK as the separator of each GROUP_CONCAT whose result is only a column of the answer,
    and those columns with their own separators (SPARQL's default: one space).

    SPARQL 1.1 has no order in GROUP_CONCAT, and engines differ (Oxigraph keeps the order of the solutions,
    Virtuoso its own): the query layer reads the marked parts back, sorts them and joins them with the query's
    separator, so that a concatenated value is the same on every engine (query/run.py). A value whose order
    means something (a chain of wider territories) is no GROUP_CONCAT: the query writes it in order itself."""
    masked = mask(sparql)
    edits: list[tuple[int, int, str]] = []
    columns: dict[str, str] = {}
    for found in _GROUP_CONCAT.finditer(masked):
        close = closing(masked, found.end())
        alias = _ALIAS.match(masked, close + 1) if close >= 0 else None
        if alias is None or not _only_answered(masked, alias.group(1)):
            continue
        separator = None
        for clause in _SEPARATOR.finditer(masked, found.end(), close):
            at = clause.end() + len(sparql[clause.end():]) - len(sparql[clause.end():].lstrip())
            token = _STRING.match(sparql, at)
            if token:
                separator = (at, token.end(), _unescape(token.group(0)))
        if separator:
            edits.append((separator[0], separator[1], f'"{PART_MARK}"'))
        else:
            edits.append((close, close, f'; separator="{PART_MARK}"'))
        columns[alias.group(1)] = separator[2] if separator else " "
    for start, end, text in sorted(edits, reverse=True):
        sparql = sparql[:start] + text + sparql[end:]
    return sparql, columns
