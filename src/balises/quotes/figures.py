"""The figures of the documents (bal:Observation) as the explorer and the writer's exports show them: value
and unit as a reader says them (« environ 23 000 logements », « au moins 100 emplois », « 4 à 5 ans »), the
period, and the quote that states the figure, citable like any quote.

Read through the library's query 39-figures; one place formats them, so the sheets, the Projets page and
the dossiers say a figure the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..query.cache import run_named
from ..query.library import NamedQuery, find_query
from ..rdf.dates import date_text
from ..store.interface import GraphStore
from .bank import Quote

FIGURES_QUERY = "39-figures"

WORDS = {
    "fr": {"about": "environ", "at_least": "au moins", "at_most": "au plus", "to": "à", "from": "de",
           "until": "à", "thousands": "\u202f", "decimal": ","},
    "en": {"about": "about", "at_least": "at least", "at_most": "at most", "to": "to", "from": "from",
           "until": "to", "thousands": ",", "decimal": "."},
}


@dataclass(frozen=True)
class Figure:
    """One figure of a document, with what it measures and the passage that states it."""

    iri: str
    label: str
    about: str
    about_label: str
    variable: str
    variable_label: str
    unit: str
    document: str
    quote: str
    value: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    approximate: bool = False
    date: str = ""
    start: str = ""
    end: str = ""
    as_of: str = ""
    places: str = ""
    line: int | None = None

    @property
    def sort_value(self) -> Decimal:
        """The number to sort figures of one indicator by: the value, else the upper bound, else the lower one."""
        return next((v for v in (self.value, self.maximum, self.minimum) if v is not None), Decimal(0))

    @property
    def when(self) -> str:
        """The earliest date the figure gives (its moment or the start of its period), for ordering."""
        return self.start or self.date or self.end

    def as_quote(self) -> Quote:
        """The figure's passage as a quote of its document, to cite it or show it in its page."""
        return Quote(iri=self.iri, text=self.quote, document=self.document, line=self.line, about=(self.about,))


def _number(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def figure_from(r: Mapping[str, str | None]) -> Figure:
    """A figure from a row of 39-figures (plain strings, IRIs in full)."""
    return Figure(iri=r["figure"] or "", label=r["label"] or "", about=r["about"] or "",
                  about_label=r["aboutLabel"] or "", variable=r["variable"] or "",
                  variable_label=r["variableLabel"] or "", unit=r["unit"] or "", document=r["document"] or "",
                  quote=r["quote"] or "", value=_number(r["value"]), minimum=_number(r["minValue"]),
                  maximum=_number(r["maxValue"]), approximate=(r["approximate"] or "").lower() == "true",
                  date=r["date"] or "", start=r["start"] or "", end=r["end"] or "", as_of=r["asOf"] or "",
                  places=r["places"] or "", line=int(r["line"]) if (r.get("line") or "").isdigit() else None)


def read_figures(store: GraphStore, library: Mapping[str, NamedQuery], **params: str | None) -> list[Figure]:
    """The figures that 39-figures gives for these parameters (indicator, territory, theme, balise, about)."""
    values = {k: v for k, v in params.items() if v}
    result = run_named(store, find_query(library, FIGURES_QUERY), values)
    return [figure_from(dict(zip(result.columns, row))) for row in result.plain_rows()]


def number_text(n: Decimal, lang: str = "fr") -> str:
    """`23000` -> « 23 000 » (narrow no-break space), `9.3` -> « 9,3 » in French; « 23,000 », « 9.3 » in English.
    Numbers of four digits stay whole (« 1000 »), as French typography allows."""
    words = WORDS.get(lang, WORDS["fr"])
    whole, _, fraction = f"{abs(n):f}".partition(".")
    fraction = fraction.rstrip("0")
    if len(whole) > 4:
        head = len(whole) % 3 or 3
        whole = words["thousands"].join([whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)])
    return ("-" if n < 0 else "") + whole + (words["decimal"] + fraction if fraction else "")


def value_text(figure: Figure, lang: str = "fr") -> str:
    """The value with its unit as a reader says it: « 350 emplois », « environ 23 000 logements »,
    « au moins 100 emplois », « 4 à 5 ans », « 10 % »."""
    words = WORDS.get(lang, WORDS["fr"])
    unit = figure.unit.strip()
    glue = "\u202f" if unit == "%" and lang == "fr" else ("" if unit == "%" else " ")
    if figure.value is not None:
        core = number_text(figure.value, lang)
    elif figure.minimum is not None and figure.maximum is not None:
        core = f"{number_text(figure.minimum, lang)} {words['to']} {number_text(figure.maximum, lang)}"
    elif figure.minimum is not None:
        core = f"{words['at_least']} {number_text(figure.minimum, lang)}"
    elif figure.maximum is not None:
        core = f"{words['at_most']} {number_text(figure.maximum, lang)}"
    else:
        core = "?"
    if figure.approximate:
        core = f"{words['about']} {core}"
    return f"{core}{glue}{unit}" if unit else core


def when_text(figure: Figure, lang: str = "fr") -> str:
    """The figure's date or period in words (« 1999–2009 », « septembre 2017 »), with the text's own words when
    they say more than the typed dates (« 2024 (cette année) »)."""
    words = WORDS.get(lang, WORDS["fr"])
    start, end, date = (date_text(d, lang) if d else "" for d in (figure.start, figure.end, figure.date))
    if start and end:
        typed = f"{start}–{end}"
    elif start:
        typed = f"{words['from']} {start}"
    elif end:
        typed = f"{words['until']} {end}"
    else:
        typed = date
    said = figure.as_of and figure.as_of not in typed and typed not in figure.as_of
    if said and not (figure.start and figure.end):
        return f"{typed} ({figure.as_of})" if typed else figure.as_of
    return typed


def figure_sentence(figure: Figure, lang: str = "fr") -> str:
    """One line for a list or a dossier: « Loos-en-Gohelle — emplois créés : 350 emplois (1999–2009) »."""
    when = when_text(figure, lang)
    colon = " :" if lang == "fr" else ":"
    return (f"{figure.about_label} — {figure.variable_label}{colon} {value_text(figure, lang)}"
            + (f" ({when})" if when else ""))
