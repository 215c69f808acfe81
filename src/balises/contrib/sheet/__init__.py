"""The territory sheet (« fiche territoire »): a YAML file with French headings, its schema and its checks.

`read_sheet(path)` parses the YAML keeping every value's line (the document is composed,
not only loaded), checks it against the schema below and returns a `Sheet`: plain values
under canonical keys, plus the line of each field. A sheet that breaks the schema raises
`SheetError`, each problem naming the line and the field in French and in English:

    ligne 12, champ projets[1].statut : valeur « fini » inconnue, attendu réussi, à faire progresser,
    en cours, proposé / line 12, field projets[1].statut: unknown value 'fini', expected ...

A file that is not YAML (or not a mapping) raises `UnreadableSheet` (exit code 2).
List indexes in field paths count from 1, as a person counts the items of a list.
The format is documented in data/templates/fiche-territoire.yaml and data/contrib/README.md."""

from .checker import Date, parse_date
from .problems import SheetError, SheetProblem, UnreadableSheet
from .reading import MAX_SHEET_BYTES, Sheet, check_text, read_sheet
from .schema import PROJECT_SECTIONS, SECTION_STATUS, SHEET

__all__ = ['Date', 'MAX_SHEET_BYTES', 'PROJECT_SECTIONS', 'SECTION_STATUS', 'SHEET', 'Sheet', 'SheetError', 'SheetProblem', 'UnreadableSheet', 'check_text', 'parse_date', 'read_sheet']
