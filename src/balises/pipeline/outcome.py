"""What an incremental build did (pipeline/incremental.py): the graphs it replaced, the tables it recomputed or
kept and why, what became of the derived data; the summary `balises build` prints and what the manifest keeps."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..query.kept import Change
from ..rdf.namespaces import shorten


@dataclass
class Outcome:
    """What an incremental build did, for the summary and the manifest."""

    graphs: dict[str, tuple[int, int]] = field(default_factory=dict)   # graph -> (triples removed, added)
    changed: set[str] = field(default_factory=set)                      # the change's signature
    recomputed: dict[str, list[str]] = field(default_factory=dict)      # table -> the changed terms it reads
    kept: list[str] = field(default_factory=list)
    derived: dict[str, str] = field(default_factory=dict)               # search index, computed tables: what became of them
    docs: bool = False
    reasoning: str = ""
    after: dict[str, set] = field(default_factory=dict)                # graph replaced -> its new triples
    gone: set = field(default_factory=set)                             # the triples removed, as the former store has them
    new: set = field(default_factory=set)                              # the triples added, as the new store has them
    rows: dict[str, str] = field(default_factory=dict)                 # keyed table -> what became of its rows
    updated: dict[str, tuple[str, set]] = field(default_factory=dict)  # keyed table -> (its key, the values redone)
    change: Change = field(default_factory=Change)                      # the triples of the graphs rewritten
    quads: int | None = None                                            # the new store's quads, once described

    def lines(self) -> list[str]:
        graphs = ", ".join(f"{shorten(g)} (-{r} +{a})" for g, (r, a) in self.graphs.items()) or "none"
        lines = [f"graphs replaced: {graphs}", f"reasoner {self.reasoning}"]
        if self.recomputed:
            why = "; ".join(f"{name} (reads {', '.join(_short(t) for t in sorted(terms)[:3])}"
                            f"{'…' if len(terms) > 3 else ''}{'; ' + self.rows[name] if name in self.rows else ''})"
                            for name, terms in self.recomputed.items())
            lines.append(f"{len(self.recomputed)} table(s) recomputed: {why}")
        lines.append(f"{len(self.kept)} table(s) kept (they read nothing that changed, or none of their rows)")
        lines += [f"{name}: {what}" for name, what in self.derived.items()]
        return lines


def _short(term: str) -> str:
    return f"a {shorten(term[2:])}" if term.startswith("a ") else shorten(term)


__all__ = ["Outcome"]
