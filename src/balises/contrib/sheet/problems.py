"""What is wrong with a sheet, in French and English, at its line and field path."""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import BalisesError, InputError


@dataclass(frozen=True)
class SheetProblem:
    """One problem of a sheet, said in French and in English, at a line and a field."""

    line: int | None
    path: str
    fr: str
    en: str
    warning: bool = False

    def __str__(self) -> str:
        where_fr = (f"ligne {self.line}, " if self.line else "") + (f"champ {self.path}" if self.path else "fiche")
        where_en = (f"line {self.line}, " if self.line else "") + (f"field {self.path}" if self.path else "sheet")
        tag = "attention : " if self.warning else ""
        tag_en = "warning: " if self.warning else ""
        return f"{where_fr} : {tag}{self.fr} / {where_en}: {tag_en}{self.en}"


class SheetError(BalisesError):
    """The sheet does not follow the format, names unknown or ambiguous things, or does not validate."""

    exit_code = 1

    def __init__(self, problems: list[SheetProblem], name: str = "la fiche", report=None):
        self.problems = problems
        self.report = report
        count = len([p for p in problems if not p.warning])
        head = (f"{name} : {count} problème(s), rien n'a été écrit / {name}: {count} problem(s), "
                "nothing was written")
        super().__init__(head + "\n" + "\n".join(f"  - {p}" for p in problems))


class UnreadableSheet(InputError):
    """The file cannot be read as a YAML mapping (exit code 2)."""
