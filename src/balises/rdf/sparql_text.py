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

