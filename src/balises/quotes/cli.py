"""`balises numbers`: every number of the corpus, a figure of the graph or set aside with its reason."""

from __future__ import annotations

from ..options import command, settings_of


def cmd_numbers(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without rdflib
    from pathlib import Path

    from rdflib import Graph

    from ..errors import InputError
    from ..rdf.namespaces import shorten
    from .integrity import Corpus
    from .numbers import coverage, report

    settings = settings_of(args)
    graph = Graph()
    for path in sorted(settings.data_dir.rglob("*.ttl")):
        if settings.templates_dir in path.parents:
            continue
        try:
            graph.parse(path)
        except Exception as exc:  # rdflib raises several kinds for a malformed file
            raise InputError(f"{path}: not valid Turtle ({exc}); `balises validate` names the line") from exc
    result = coverage(graph, Corpus(graph, settings.corpus_dir, (settings.contrib_sources_dir,)),
                      settings.not_figures_dir)
    if args.todo:
        for n in result.missing:
            name = shorten(str(n.document)).split(":")[-1]
            print(f"{Path('data/not-figures') / (name + '.csv')}: {n.line},{n.text},    # {n.context}")
        return 1 if result.missing else 0
    print(report(result))
    return 1 if result.missing or result.stale or result.both else 0


def add_parsers(sub) -> None:
    p = command(sub, "numbers", cmd_numbers, "account for every number of the corpus: a figure of the graph, or "
                                              "listed in data/not-figures/ with its reason")
    p.add_argument("--todo", action="store_true",
                   help="list only the numbers left to account for, as lines for data/not-figures/NNN.csv")
