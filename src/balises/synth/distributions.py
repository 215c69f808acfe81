"""The distributions `balises synth` follows: measured on the curated store, or the constants below.

`measure(settings)` reads the asserted graphs of the built store (inferred and meta graphs left out)
with SPARQL and returns a `Distributions`: histograms (how many X per Y), weights (which value) and
shares (probabilities, ratios). `BUILTIN` holds the same numbers measured once on the curated graph
of the five documents (store built 2025-11-23: 105 projects, 112 involvements, 333 quotes, 59 persons,
56 organisations, 62 roles, 24 systemic leaps); it is used when no store exists, or on request.
Keys are CURIEs; "" stands for "not stated" (a project without status, an actor without category).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import URIRef

from ..errors import StoreError
from ..query.binding import bind_rows, compose
from ..query.library import read
from ..rdf.namespaces import expand, shorten
from ..settings import Settings
from ..store import GraphStore, open_store

LEVELS = {  # concrete territory classes -> level of the synthetic geography
    "bal:Commune": "commune", "bal:NamedArea": "commune",
    "bal:CommunityOfCommunes": "epci", "bal:AgglomerationCommunity": "epci", "bal:UrbanCommunity": "epci",
    "bal:Metropolis": "epci", "bal:MetropolitanPole": "epci",
    "bal:Department": "region", "bal:Region": "region",
}


@dataclass(frozen=True)
class Distributions:
    source: str
    hist: dict[str, dict[int, int]] = field(default_factory=dict)
    weights: dict[str, dict[str, int]] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)

    def mean(self, name: str) -> float:
        h = self.hist[name]
        return sum(k * v for k, v in h.items()) / sum(h.values())


BUILTIN = Distributions(
    source="constants measured on the curated store (2025-11-23), balises.synth.distributions.BUILTIN",
    hist={
        "projects_per_territory": {1: 16, 2: 2, 3: 1, 6: 2, 7: 1, 8: 1, 12: 1, 62: 1},
        "involvements_per_project": {0: 49, 1: 27, 2: 16, 3: 8, 4: 4, 13: 1},
        "roles_per_involvement": {1: 110, 2: 1, 3: 1},
        "themes_per_project": {0: 4, 1: 47, 2: 36, 3: 13, 4: 4, 5: 1},
        "quotes_per_project": {0: 7, 1: 53, 2: 22, 3: 9, 4: 1, 5: 2, 6: 4, 7: 2, 8: 1, 10: 1, 14: 1, 19: 1, 20: 1},
        "balises_per_quote": {0: 47, 1: 151, 2: 112, 3: 22, 4: 1},
        "concepts_per_quote": {0: 116, 1: 167, 2: 46, 3: 3, 4: 1},
        "territory_quotes": {0: 14, 1: 4, 2: 2, 3: 1, 8: 1, 9: 2, 35: 1},
        "leaps_per_project": {0: 70, 1: 34, 2: 1},
        "quotes_per_leap": {1: 10, 2: 7, 3: 4, 4: 2, 5: 1},
        "to_perimeters_per_leap": {1: 13, 2: 8, 3: 2, 4: 1},
        "roles_per_person": {0: 3, 1: 50, 2: 6},
    },
    weights={
        "involvement_role": {"voc:porteur": 56, "voc:partenaire": 28, "voc:participant": 19,
                             "voc:accompagnateur": 7, "voc:financeur": 4, "voc:beneficiaire": 1},
        "involved_actor_type": {"organisation": 91, "person": 21},
        "status": {"": 75, "voc:en-cours": 12, "voc:propose": 10, "voc:a-faire-progresser": 4, "voc:reussi": 4},
        "theme": {"theme:economie-emploi": 27, "theme:democratie-participation": 25, "theme:alimentation": 22,
                  "theme:urbanisme-amenagement": 17, "theme:gouvernance-interne": 16, "theme:energie": 11,
                  "theme:biodiversite": 10, "theme:culture": 9, "theme:agriculture": 8, "theme:habiter": 8,
                  "theme:solidarite": 6, "theme:education-jeunesse": 5, "theme:patrimoine-memoire": 5,
                  "theme:sante": 3, "theme:commande-publique": 2, "theme:dechets": 2, "theme:mobilite": 2,
                  "theme:eau": 1},
        "balise": {"ref:C2": 41, "ref:E4": 40, "ref:C4": 35, "ref:T3": 34, "ref:C3": 32, "ref:V3": 27, "ref:V2": 24,
                   "ref:E2": 23, "ref:C6": 22, "ref:T2": 22, "ref:E1": 18, "ref:E3": 17, "ref:E5": 15, "ref:T1": 15,
                   "ref:V4": 14, "ref:T5": 13, "ref:C1": 12, "ref:V6": 10, "ref:T4": 8, "ref:E6": 7, "ref:C5": 6,
                   "ref:V1": 6, "ref:V5": 4},
        "concept": {"ref:concept-transfert": 35, "ref:concept-changement-echelle": 23,
                    "ref:concept-groupe-de-pairs": 21, "ref:action-integree": 20, "ref:concept-fifty-fifty": 20,
                    "ref:concept-management-cooperatif": 19, "ref:concept-reflexivite": 17, "ref:concept-recit": 16,
                    "ref:concept-ecosysteme-cooperatif-territorialise": 14, "ref:cooperation": 12,
                    "code:pilier-3": 10, "code:pilier-1": 9, "code:fondement-2": 6,
                    "ref:concept-economie-fonctionnalite-cooperation": 6, "ref:valeur": 6, "code:pilier-2": 5,
                    "ref:engagement": 5, "code:pilier-4": 4, "ref:concept-communs": 4, "code:fondement-3": 3,
                    "ref:concept-cout-inaction": 3, "ref:concept-ppppp": 3,
                    "ref:concept-ressources-immaterielles": 3, "code:fondement-1": 2,
                    "ref:concept-effets-utiles": 2, "ref:habitants": 2, "ref:elus": 1, "ref:services": 1},
        "organisation_kind": {"voc:collectivite": 19, "voc:conseil-recherche": 9, "voc:reseau": 7,
                              "voc:collectif": 5, "voc:entreprise": 3, "voc:etat-agence": 3, "voc:structure-ess": 3,
                              "voc:etablissement-public": 2, "voc:fondation": 2, "voc:media": 2,
                              "voc:association": 1},
        "person_category": {"ref:tiers": 24, "ref:services": 17, "ref:elus": 12, "": 2,
                            "ref:acteurs-economiques": 2, "ref:habitants": 2},
        "organisation_category": {"": 34, "ref:tiers": 12, "ref:acteurs-economiques": 5, "ref:services": 3,
                                  "ref:elus": 1, "ref:habitants": 1},
        "role_post": {"ref:tiers|": 22, "ref:services|voc:directeur": 7, "ref:elus|voc:maire": 5,
                      "ref:services|voc:dgs": 4, "ref:elus|voc:adjoint": 3, "ref:elus|voc:elu": 3,
                      "ref:acteurs-economiques|": 2, "ref:habitants|voc:habitant": 2,
                      "ref:services|voc:charge-de-mission": 2, "ref:services|voc:responsable": 2,
                      "ref:tiers|voc:chercheur": 2, "ref:elus|voc:president": 1, "ref:elus|voc:vice-president": 1,
                      "ref:services|voc:agent": 1, "ref:services|voc:animateur": 1, "ref:tiers|voc:directeur": 1,
                      "ref:tiers|voc:directeur-publication": 1, "ref:tiers|voc:president": 1,
                      "ref:tiers|voc:redacteur": 1},
    },
    shares={
        "project_date": 0.0762, "project_description": 0.8381, "project_programme": 0.0571,
        "project_resistance": 0.1714, "project_success": 0.2, "role_date": 0.7742, "role_organisation": 0.9516,
        "quote_about_territory": 0.1717, "quote_about_actor": 0.4416, "quote_speaker": 0.1592, "key_quote": 0.2793,
        "leap_new_actor": 0.5, "leap_new_category": 0.5417, "active_commune": 0.85, "active_epci": 0.5,
        "active_region": 0.25, "persons_per_project": 0.5619, "organisations_per_project": 0.5333,
    },
)


def _rows(store: GraphStore, graphs: list[str], slug: str, bindings: dict | None = None,
          values: tuple[str, list] | None = None) -> list[list[str]]:
    """A read over the asserted graphs (`graphs`): each row as CURIEs / lexical values ("" for unbound)."""
    text = read(slug)
    if values is not None:
        name, terms = values
        text = bind_rows(text, [name], [(t,) for t in terms])
    return [["" if t is None else "|".join(shorten(x) for x in str(t).split("|")) for t in row]
            for row in store.query(compose(text, bindings), graphs=graphs).rows]


def _hist(rows) -> dict[int, int]:
    return dict(sorted(Counter(int(r[-1]) for r in rows).items()))


def _weights(rows) -> dict[str, int]:
    return dict(sorted(Counter(r[-1] for r in rows).items(), key=lambda kv: (-kv[1], kv[0])))


def _share(rows) -> float:
    """Rows of one 0/1 column -> share of 1."""
    return round(sum(int(r[-1]) for r in rows) / max(1, len(rows)), 4)


#: Each measured distribution: its read (query/reads/synth-*.rq, the last column is what is counted) gives a
#: histogram (how many per thing), weights (how often each value) or a share (how many have it).
QUERIES = {
    "hist": ["projects_per_territory", "involvements_per_project", "roles_per_involvement", "themes_per_project",
             "quotes_per_project", "balises_per_quote", "concepts_per_quote", "territory_quotes", "leaps_per_project",
             "quotes_per_leap", "to_perimeters_per_leap", "roles_per_person"],
    "weights": ["involvement_role", "involved_actor_type", "status", "theme", "balise", "concept",
                "organisation_kind", "person_category", "organisation_category", "role_post"],
    "share": ["project_date", "project_description", "project_programme", "project_resistance", "project_success",
              "role_date", "role_organisation", "quote_about_territory", "quote_about_actor", "quote_speaker",
              "key_quote", "leap_new_actor", "leap_new_category"],
}


def measure(settings: Settings) -> Distributions | None:
    """The distributions of the curated graph in the built store of `settings`, or None without a store."""
    try:
        store = open_store(settings)
    except StoreError:
        return None
    graphs = [str(r[0]) for r in store.query(compose(read("synth-asserted-graphs"))).rows]
    out = Distributions(source=f"measured on the curated store at {settings.store} (asserted graphs)")
    summaries = {"hist": (out.hist, _hist), "weights": (out.weights, _weights), "share": (out.shares, _share)}
    for kind, names in QUERIES.items():
        table, summary = summaries[kind]
        for name in names:
            table[name] = summary(_rows(store, graphs, "synth-" + name.replace("_", "-")))
    for level in ("commune", "epci", "region"):  # share of the territories of each level that have projects
        classes = [URIRef(expand(c)) for c, lv in LEVELS.items() if lv == level]
        out.shares[f"active_{level}"] = _share(_rows(store, graphs, "synth-active-territories", values=("k", classes)))
    n_projects = sum(out.hist["involvements_per_project"].values())
    for cls, key in (("bal:Person", "persons_per_project"), ("bal:Organisation", "organisations_per_project")):
        rows = _rows(store, graphs, "synth-count-instances", {"cls": URIRef(expand(cls))})
        out.shares[key] = round(int(rows[0][0]) / max(1, n_projects), 4)
    store.close()
    empty = [k for k, v in {**out.hist, **out.weights}.items() if not any(v.values())]
    for k in empty:  # a store with no such thing (a test fixture): keep the built-in values
        (out.hist if k in out.hist else out.weights)[k] = (BUILTIN.hist if k in BUILTIN.hist else BUILTIN.weights)[k]
    if empty:
        return Distributions(out.source + f", built-in values for {', '.join(empty)}", out.hist, out.weights, out.shares)
    return out


__all__ = ["BUILTIN", "Distributions", "LEVELS", "measure"]
