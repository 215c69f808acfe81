"""Reading a sheet: the YAML node tree (safe loader, nothing executed), checked (checker.py) into a Sheet whose
values sit under canonical keys with the line of each field path."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .checker import _Checker
from .problems import SheetError, SheetProblem, UnreadableSheet
from .schema import PROJECT_SECTIONS, SECTION_STATUS, SHEET


@dataclass
class Sheet:
    """A checked sheet: values under canonical keys, and the line of each field path."""

    path: Path | None
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    warnings: list[SheetProblem] = field(default_factory=list)

    def line(self, path: str) -> int | None:
        """Line of a field path, or of its closest enclosing field."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = re.sub(r"(\[\d+\]|\.[^.\[]+|^[^.\[]+)$", "", path)
        return None

    def projects(self):
        """(path, project, implied status) for every project of every heading."""
        for section in PROJECT_SECTIONS:
            value = self.data.get(section)
            if value is None:
                continue
            if section == "projet pilote":
                yield section, value, None
            else:
                for i, prj in enumerate(value, 1):
                    yield f"{section}[{i}]", prj, SECTION_STATUS.get(section)


def compose(text: str, name: str = "la fiche"):
    """The YAML node tree of a sheet (values with their marks); UnreadableSheet when it is not YAML."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"ligne {mark.line + 1}" if mark else "?"
        line_en = f"line {mark.line + 1}" if mark else "?"
        raise UnreadableSheet(f"{name}, {line} : YAML illisible ({exc.problem}) / {name}, {line_en}: "
                              f"unreadable YAML ({exc.problem}); check the indentation, the « : » after each field "
                              "and the quotes around texts containing « : » or « # »") from exc
    except yaml.YAMLError as exc:
        raise UnreadableSheet(f"{name} : YAML illisible / unreadable YAML: {exc}") from exc
    except RecursionError as exc:
        raise UnreadableSheet(f"{name} : YAML imbriqué trop profondément / {name}: YAML nested too deeply: a sheet "
                              "has a few levels (rubrique, liste, champ)") from exc
    if not isinstance(node, yaml.MappingNode):
        raise UnreadableSheet(f"{name} : la fiche doit être une suite de rubriques « clé: valeur » / "
                              f"{name}: the sheet must be a YAML mapping of headings")
    return node


def check_text(text: str, ontology_dir: Path, name: str = "la fiche", path: Path | None = None) -> Sheet:
    """Check a sheet's text against the schema: a Sheet, or SheetError listing every problem."""
    node = compose(text, name)
    checker = _Checker(ontology_dir)
    data = checker.record(node, SHEET, "") or {}
    for path_, project, status in Sheet(path, data).projects():
        if status and "statut" in project:
            wanted = checker.vocabs["statut"].lookup(status)
            if project["statut"] != wanted:
                checker.problems.append(SheetProblem(
                    checker.lines.get(f"{path_}.statut"), f"{path_}.statut",
                    f"un projet rangé sous « {path_.split('[')[0]} » a le statut « {status} » : retirez ce champ "
                    "ou déplacez le projet sous « projets »",
                    f"a project listed under '{path_.split('[')[0]}' has status '{status}': drop this field or move "
                    "the project under 'projets'"))
    errors = [p for p in checker.problems if not p.warning]
    if errors:
        raise SheetError(sorted(checker.problems, key=lambda p: (p.line or 0, p.path)), name)
    return Sheet(path, data, checker.lines, [p for p in checker.problems if p.warning])


#: The largest sheet read (a full territory sheet is about 30 KB).
MAX_SHEET_BYTES = 1_000_000


def read_sheet(path: Path, ontology_dir: Path) -> Sheet:
    """Read and check a sheet file."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_SHEET_BYTES:
            raise UnreadableSheet(f"{path} : plus de {MAX_SHEET_BYTES // 1000} Ko / more than "
                                  f"{MAX_SHEET_BYTES // 1000} KB: a sheet is a few pages of YAML")
        if path.exists() and not path.is_file():
            raise UnreadableSheet(f"{path} : pas un fichier / not a file")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UnreadableSheet(f"{path} : fichier introuvable / file not found") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableSheet(f"{path} : le fichier n'est pas en UTF-8 / the file is not UTF-8") from exc
    except OSError as exc:
        raise UnreadableSheet(f"{path} : illisible / unreadable: {exc}") from exc
    return check_text(text, ontology_dir, path.name, path)
