"""Which records of the analogues' features a change of the tables they read can alter (analysis/feature_scope.py),
on the curated store: the rule the incremental build follows, case by case, and the records it names computed
again equal those of the whole network."""

from balises.analysis.feature_scope import PROJECT_FEATURES, TERRITORY_FEATURES, feature_scope
from balises.analysis.features import compute_project_features, compute_territory_features
from balises.rdf.namespaces import ACT, PRJ, TER


def _iris(*terms) -> set[str]:
    return {str(t) for t in terms}


def test_an_organisation_changed_reaches_the_projects_of_its_members(store):
    # the Ville de Malaunay is in none of these projects: two of its members are
    scope = feature_scope(store, store, {"facts-actor-links": _iris(ACT["ville-de-malaunay"])})
    assert _iris(PRJ["malaunay-marche-petits-producteurs"], PRJ["004-evaluation-travail-agents"]) \
        <= scope[PROJECT_FEATURES]
    assert str(TER["malaunay"]) in scope[TERRITORY_FEATURES]
    assert str(PRJ["lil-o"]) not in scope[PROJECT_FEATURES]


def test_a_territory_changed_reaches_the_projects_of_the_actors_acting_there(store):
    scope = feature_scope(store, store, {"facts-territories": _iris(TER["malaunay"])})
    assert str(PRJ["malaunay-marche-petits-producteurs"]) in scope[PROJECT_FEATURES]
    assert str(TER["malaunay"]) in scope[TERRITORY_FEATURES]


def test_a_project_changed_reaches_its_territories_and_nothing_else(store):
    scope = feature_scope(store, store, {"analogues-projects": _iris(PRJ["lil-o"])})
    assert scope[PROJECT_FEATURES] == _iris(PRJ["lil-o"])
    assert scope[TERRITORY_FEATURES] == _iris(TER["l-ile-saint-denis"])


def test_a_table_it_does_not_know_leaves_the_features_whole(store):
    assert feature_scope(store, store, {"33-projects-by-facets": {"x"}}) is None


def test_the_records_of_a_scope_are_those_of_the_whole_network(store):
    scope = feature_scope(store, store, {"facts-actors": _iris(ACT["fabrique-des-transitions"])})
    assert len(scope[TERRITORY_FEATURES]) >= 3 and len(scope[PROJECT_FEATURES]) >= 4
    territories, projects = compute_territory_features(store), compute_project_features(store)
    assert compute_territory_features(store, scope[TERRITORY_FEATURES]) == \
        {t: f for t, f in territories.items() if t in scope[TERRITORY_FEATURES]}
    assert compute_project_features(store, scope[PROJECT_FEATURES]) == \
        {p: f for p, f in projects.items() if p in scope[PROJECT_FEATURES]}
