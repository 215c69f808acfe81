"""Terms a curator can get wrong: a date that does not exist, a number that is none, a text too long, an IRI
with a space.

rdflib accepts "2023-02-30"^^xsd:date (it keeps no value and logs a traceback), does not look at xsd:gYear at
all, and reads "NaN"^^xsd:decimal as a number that breaks pySHACL's comparisons. Every literal of the inputs is
looked at here first; the validation reports what is wrong at its file and line, and leaves those triples out
of the SHACL run.
"""

from __future__ import annotations

import datetime
import math
import re

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .escape import IRI_FORBIDDEN

#: The longest text a literal may hold (a quote is a few hundred characters; the longest corpus file 115 000).
MAX_LITERAL = 20_000

_TZ = r"(Z|[+-](0\d|1[0-4]):[0-5]\d)?"
_PATTERNS = {
    XSD.gYear: re.compile(rf"-?\d{{4,}}{_TZ}"),
    XSD.gYearMonth: re.compile(rf"-?\d{{4,}}-(0[1-9]|1[0-2]){_TZ}"),
    XSD.date: re.compile(rf"-?(\d{{4,}})-(\d\d)-(\d\d){_TZ}"),
    XSD.dateTime: re.compile(rf"-?(\d{{4,}})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?{_TZ}"),
    XSD.integer: re.compile(r"[+-]?\d+"),
    XSD.decimal: re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    XSD.boolean: re.compile(r"true|false|1|0"),
    XSD.double: re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"),
    XSD.float: re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"),
}
_EXAMPLES = {XSD.gYear: "2019", XSD.gYearMonth: "2019-03", XSD.date: "2019-03-21",
             XSD.dateTime: "2019-03-21T10:00:00", XSD.integer: "28000", XSD.decimal: "9.3", XSD.boolean: "true",
             XSD.double: "1.5e3", XSD.float: "1.5"}


def literal_problem(literal: Literal) -> str | None:
    """What is wrong with a literal, in words a curator understands, or None."""
    if len(literal) > MAX_LITERAL:
        return (f"a text of {len(literal):,} characters: a literal holds at most {MAX_LITERAL:,} (quote an excerpt, "
                "the corpus file holds the rest)").replace(",", " ")
    datatype = literal.datatype
    pattern = _PATTERNS.get(datatype)
    if pattern is None:
        return None
    short = f"xsd:{datatype.split('#')[-1]}"
    text = str(literal)
    match = pattern.fullmatch(text)
    if match is None:
        return f"{text[:40]!r} is not a valid {short} (write it like {_EXAMPLES[datatype]!r})"
    if datatype in (XSD.date, XSD.dateTime):
        try:
            datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return f"{text[:40]!r} is not a day of the calendar ({short}): check the day and the month"
    if datatype in (XSD.double, XSD.float) and not math.isfinite(float(text)):
        return f"{text[:40]!r} is not a finite number ({short})"
    return None


def iri_problem(iri: URIRef) -> str | None:
    """What makes an IRI unusable by the store (RDF 1.1 forbids spaces and these characters), or None."""
    bad = IRI_FORBIDDEN.search(str(iri))
    if bad is None:
        return None
    what = "a space" if bad.group(0) == " " else f"the character {bad.group(0)!r}"
    return (f"<{str(iri)[:80]}> is not a valid IRI: it contains {what}; write the name as a slug "
            "(lower case, hyphens: ter:ma-commune)")
