"""The analogous cases' scoring, pure: components in [0, 1], their weighted mean, each explained."""

from __future__ import annotations

import pytest

from balises.analysis.scoring import (
    UNKNOWN,
    WEIGHTS,
    Profile,
    TerritoryFeatures,
    _components,
    _weighted,
    area_match,
    project_components,
    score_territory,
)
from balises.geo.distance import great_circle_km, local_km

PAS_DE_CALAIS = {"epci": {"246200364": "CA de Lens - Liévin"}, "departement": {"62": "Pas-de-Calais"},
                 "region": {"32": "Hauts-de-France"}}


def features(**values) -> TerritoryFeatures:
    base = dict(iri="https://w3id.org/balises/territoire/x", label="X", kind="Commune", population=10_000,
                lat=50.0, long=3.0)
    return TerritoryFeatures(**{**base, **values})


def test_each_component_the_profile_states():
    profile = Profile(kind="Commune", population=10_000, themes={"alimentation", "energie"}, lat=50.0, long=3.0)
    found = _components(profile, features(themes={"alimentation"}))
    assert found == {"themes": 0.5, "size": 1.0, "kind": 1.0, "distance": 1.0}
    assert set(found) <= set(WEIGHTS)


def test_what_the_data_cannot_tell_is_neutral():
    profile = Profile(population=10_000, lat=50.0, long=3.0, official={"departement": {"62": "Pas-de-Calais"}})
    found = _components(profile, features(population=None, lat=None, long=None))
    assert found == {"size": UNKNOWN, "distance": UNKNOWN, "area": UNKNOWN}


def test_size_and_distance_fall_with_the_gap():
    profile = Profile(population=10_000, lat=50.0, long=3.0)
    far = _components(profile, features(population=1_000_000, lat=45.0, long=3.0))
    assert far["size"] == 0.0 and far["distance"] == 0.0
    assert _weighted({"themes": 1.0, "size": 0.0}) == pytest.approx(WEIGHTS["themes"] / (WEIGHTS["themes"] + WEIGHTS["size"]), abs=1e-4)


def test_the_area_grades_the_official_units_shared():
    """Same EPCI > same département > same région, relative to the narrowest level the profile states."""
    same_epci = area_match(PAS_DE_CALAIS, PAS_DE_CALAIS)
    other_epci = area_match(PAS_DE_CALAIS, {**PAS_DE_CALAIS, "epci": {"200072460": "CA de Béthune"}})
    nord = area_match(PAS_DE_CALAIS, {"departement": {"59": "Nord"}, "region": {"32": "Hauts-de-France"}})
    elsewhere = area_match(PAS_DE_CALAIS, {"departement": {"06": "Alpes-Maritimes"}, "region": {"93": "PACA"}})
    assert [same_epci[0], other_epci[0], nord[0], elsewhere[0]] == [1.0, 0.7, 0.4, 0.0]
    assert other_epci[1:] == ("même département", ["Pas-de-Calais"])
    # a profile that names a département only: the same département is a full match
    assert area_match({"departement": {"62": "Pas-de-Calais"}}, PAS_DE_CALAIS)[0] == 1.0
    assert area_match({"departement": {"62": "Pas-de-Calais"}}, {})[0] == UNKNOWN


def test_kinds_compare_as_families():
    agglomeration = features(kind="AgglomerationCommunity")
    assert _components(Profile(kind="Intercommunality"), agglomeration) == {"kind": 1.0}
    assert _components(Profile(kind="Commune"), agglomeration) == {"kind": 0.0}


def test_a_match_says_why_in_words():
    match = score_territory(Profile(themes={"alimentation"}, official={"departement": {"62": "Pas-de-Calais"}}),
                            features(themes={"alimentation"}, official=PAS_DE_CALAIS),
                            {"themes": [{"theme": "alimentation", "projects": ["Cantine"]}]})
    assert match.score == 1.0
    assert [r.text for r in match.reasons] == ["thèmes partagés : alimentation", "même département (Pas-de-Calais)"]


def test_projects_are_scored_beyond_their_themes():
    """Two projects with the same themes differ by their actors, status, scale and evidence."""
    profile = Profile(kind="Commune", themes={"alimentation"}, actor_kinds={"association"}, statuses={"reussi"})
    done = {"themes": {"alimentation"}, "balises": {"C1", "C2", "E3"}, "actors": {"association"},
            "statuses": {"reussi"}}
    planned = {"themes": {"alimentation"}, "balises": set(), "actors": {"entreprise"}, "statuses": {"propose"}}
    a = project_components(profile, done, {"commune"})
    b = project_components(profile, planned, {"region"})
    assert a == {"themes": 1.0, "actors": 1.0, "status": 1.0, "scale": 1.0, "documented": 0.5}
    assert b == {"themes": 1.0, "actors": 0.0, "status": 0.0, "scale": 0.0, "documented": 0.0}
    assert _weighted(a) > _weighted(b)


def test_distances():
    lille_arras = great_circle_km(50.63, 3.06, 50.29, 2.78)
    assert 40 < lille_arras < 45 and abs(local_km(50.63, 3.06, 50.29, 2.78) - lille_arras) < 0.5
