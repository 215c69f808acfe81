"""`balises reference`: write the official geography file from the npm package, or look a territory up in it."""

from __future__ import annotations

from pathlib import Path

from ..errors import QueryError
from ..options import command, count, settings_of


def cmd_reference(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from .names import describe, search
    from .reference import load_reference, read_file
    from .refresh import write_outlines, write_reference

    settings = settings_of(args)
    path = Path(args.out) if args.out else settings.reference_file
    if args.outlines:
        print(write_outlines(Path(args.outlines), settings.outlines_file))
        return 0
    if args.source:
        print(write_reference(Path(args.source), path))
        return 0
    if not args.name:
        about, tables = read_file(path)
        print(f"{path}: {about['package']} {about['version']}, written {about['written']}, tables sha256 "
              f"{about['content_sha256']} (checked); " + ", ".join(f"{len(rows)} {name}" for name, rows in tables.items()))
        return 0
    reference = load_reference(path)
    units = search(reference, args.name, limit=args.top)
    if not units:
        raise QueryError(f"no commune, EPCI, département or région named {args.name[:80]!r} in the official "
                         "geography: check the spelling, or give the INSEE code (5 characters) or the SIREN")
    for unit in units:
        chain = " > ".join(p.name for p in reference.parents(unit))
        population = ", " + f"{unit.population:,} hab.".replace(",", " ") if unit.population else ""
        print(f"{describe(reference, unit)}{population}" + (f" — {chain}" if chain else ""))
    return 0


def add_parsers(sub) -> None:
    p = command(sub, "reference", cmd_reference,
                "the official geography (INSEE's COG): look a territory up, or write data/reference/cog.json "
                "from the npm package @etalab/decoupage-administratif")
    p.add_argument("name", nargs="?", help="a commune, EPCI, département or région: name or code (without it: "
                   "what the file holds, its version and hash checked)")
    p.add_argument("--from", dest="source", metavar="PACKAGE",
                   help="the package's directory or its .tgz (`npm pack @etalab/decoupage-administratif@6.0.0`)")
    p.add_argument("--outlines", metavar="PACKAGE", help="write data/reference/departements.geojson (the map's "
                   "département outlines) from @amcharts/amcharts4-geodata (its directory or .tgz)")
    p.add_argument("--out", metavar="FILE", help="the file to write or read (default: data/reference/cog.json)")
    p.add_argument("--top", type=count, default=10)
