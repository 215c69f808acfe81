"""`balises analogues` and `balises network`: the analysis's commands."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import BalisesError
from ..options import command, count, settings_of


def cmd_analogues(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..analysis.analogues import analogous_projects, analogues, profile_for
    from ..geo.reference import load_reference
    from ..rdf.namespaces import shorten
    from ..store import open_store

    settings = settings_of(args)
    store = open_store(settings)
    reference = load_reference(settings.reference_file) if settings.reference_file.exists() else None
    profile = profile_for(store, args.subject, reference)
    territories = analogues(store, profile, top=args.top)
    projects = analogous_projects(store, profile, top=args.top)
    if args.format == "json":
        as_dict = lambda m: {"iri": m.iri, "label": m.label, "score": m.score, "components": m.components,  # noqa: E731
                             "reasons": [{"component": r.component, "score": round(r.score, 3), "text": r.text,
                                          "evidence": r.evidence} for r in m.reasons]}
        print(json.dumps({"profile": profile.note, "territories": [as_dict(m) for m in territories],
                          "projects": [as_dict(m) for m in projects]}, indent=1, ensure_ascii=False))
        return 0
    if profile.note:
        print(profile.note + "\n")
    for title, matches in (("Territoires analogues", territories), ("Projets analogues", projects)):
        print(f"== {title} ==")
        for rank, m in enumerate(matches, 1):
            parts = ", ".join(f"{k} {v:.2f}" for k, v in m.components.items())
            print(f"{rank:2}. {m.label} ({shorten(m.iri)}) score {m.score:.3f}  [{parts}]")
            for r in m.reasons:
                print(f"      - {r.component}: {r.text}")
                for ev in r.evidence[:2]:
                    if "quote" in ev:
                        print(f"          « {ev['quote'][:150]} » ({ev.get('evidence', '')})")
        print()
    return 0


def cmd_network(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..analysis.facts import read_facts
    from ..analysis.network import build_network, export
    from ..store import open_store
    from ..system.atomic import check_writable, write_output

    if args.export:
        fmt, path = args.export
        if fmt not in ("gexf", "graphml", "csv"):
            raise BalisesError(f"--export {fmt!r}: the format is gexf, graphml or csv")
        check_writable(Path(path))
    facts = read_facts(open_store(settings_of(args)))
    network = build_network(facts)
    if args.export:
        write_output(Path(path), export(network, fmt))
        print(f"wrote {path} ({fmt})")
        return 0
    rows = network.metrics()
    key = {"betweenness": "betweenness", "degree": "degree", "projects": "projects"}[args.metric]
    rows.sort(key=lambda r: (-r[key], r["label"]))
    print(f"actors {network.actors.number_of_nodes()}, cooperation links {network.actors.number_of_edges()}, "
          f"projects {sum(1 for _, d in network.bipartite.nodes(data=True) if d['bipartite'] == 1)}, "
          f"communities {len(network.communities)} ({sum(len(c) > 1 for c in network.communities)} of two actors or more), "
          f"isolated {sum(r['isolated'] for r in rows)}")
    print(f"{'actor':45} {'type':12} {key:>12} {'degree':>6} {'community':>9}")
    for r in rows[: args.top]:
        print(f"{r['label'][:45]:45} {r['type']:12} {r[key]:>12} {r['degree']:>6} {r['community']:>9}")
    counts = network.kind_counts(facts)["total"]
    print("\ncooperation kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for i, members in enumerate(network.communities[:8]):
        labels = sorted(network.actors.nodes[n]["label"] for n in members)
        print(f"community {i} ({len(members)}): " + ", ".join(labels[:8]) + (" ..." if len(labels) > 8 else ""))
    return 0


def add_parsers(sub) -> None:
    p = command(sub, "analogues", cmd_analogues, "territories and projects like a territory of the graph or a typed profile")
    p.add_argument("subject", help="ter:lomme, a territory of the graph or any French commune, EPCI, département or "
                   "région by name or official code (Mouans-Sartoux, 06084), or a profile such as "
                   "'commune=06084;themes=alimentation' or 'kind=commune;population=10000;area=Pas-de-Calais;"
                   "themes=alimentation;balises=C3' (keys: territoire, kind, population, area, themes, balises, "
                   "enjeux, actors, statuses, lat, long; values by code or label)")
    p.add_argument("--top", type=count, default=5)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p = command(sub, "network", cmd_network,
                "cooperation network metrics (brokers, communities, kinds of cooperation) and exports")
    p.add_argument("--metric", choices=["betweenness", "degree", "projects"], default="betweenness")
    p.add_argument("--top", type=count, default=15)
    p.add_argument("--export", nargs=2, metavar=("FORMAT", "FILE"), help="gexf, graphml or csv, and the file to write")
