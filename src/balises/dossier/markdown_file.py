"""A dossier as Markdown with footnotes (`[^1]`, as pandoc, GitHub and most editors read them): `#` the title,
`##` and `###` the headings, `>` the quotes, `-` the bibliography. The characters Markdown would read as markup
are escaped with a backslash; bold and italic runs are written `**…**` and `*…*`."""

from __future__ import annotations

import re

from .blocks import Dossier, Paragraph, Run

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(\s*\d*)([#+=|.)-])")
PREFIX = {"title": "# ", "heading1": "## ", "heading2": "### ", "quote": "> ", "bibliography": "- "}


def escape(text: str) -> str:
    """Text that Markdown shows as it is (backslashes before its markup characters)."""
    return _SPECIAL.sub(r"\\\1", text)


def runs_md(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = escape(run.text)
        core = text.strip()
        if not core or not (run.bold or run.italic):
            out.append(text)
            continue
        mark = "***" if run.bold and run.italic else "**" if run.bold else "*"
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        out.append(f"{lead}{mark}{core}{mark}{trail}")
    return "".join(out)


def _one_line(runs: tuple[Run, ...]) -> str:
    """The runs on one line: a line break would end a block quote or a footnote."""
    return runs_md(runs).replace("\r", " ").replace("\n", " ")


def _escape_start(match: re.Match) -> str:
    """A line opening as a heading, a list item (`-`, `+`, `1.`, `1)`), a table or a setext underline: its mark
    escaped."""
    digits, mark = match.group(1), match.group(2)
    if mark in ".)" and not digits.strip():
        return match.group(0)
    if digits.strip() and mark not in ".)":
        return match.group(0)
    return digits + "\\" + mark


def _paragraph(p: Paragraph, number: int | None) -> str:
    text = _one_line(p.runs)
    if p.role not in ("title", "heading1", "heading2"):
        text = _LINE_START.sub(_escape_start, text, count=1)
    if number is not None:
        text += f"[^{number}]"
    return PREFIX.get(p.role, "") + text


def to_markdown(dossier: Dossier) -> str:
    """The dossier as one Markdown text, its footnotes at the end."""
    lines: list[str] = []
    notes: list[str] = []
    previous = ""
    for p in dossier.paragraphs:
        number = None
        if p.note:
            notes.append(_one_line(p.note))
            number = len(notes)
        if p.role == previous == "bibliography":
            lines.pop()  # one list: its items without blank lines between them
        lines += [_paragraph(p, number), ""]
        previous = p.role
    lines += [f"[^{i}]: {note}" for i, note in enumerate(notes, 1)]
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["escape", "to_markdown"]
