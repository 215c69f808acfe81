"""The analogous cases' scoring, pure: components in [0, 1], their weighted mean, each explained."""

from __future__ import annotations

import pytest

from balises.analysis.scoring import (UNKNOWN, WEIGHTS, Profile, TerritoryFeatures, _components, _weighted,
                                      score_territory)
from balises.geo.distance import great_circle_km, local_km


def features(**values) -> TerritoryFeatures:
    base = dict(iri="https://w3id.org/balises/territoire/x", label="X", kind="Commune", population=10_000,
                lat=50.0, long=3.0)
    return TerritoryFeatures(**{**base, **values})


def test_each_component_the_profile_states():
    profile = Profile(kind="Commune", population=10_000, themes={"alimentation", "energie"}, lat=50.0, long=3.0)
    found = _components(profile, features(themes={"alimentation"}), None)
    assert found == {"themes": 0.5, "size": 1.0, "kind": 1.0, "distance": 1.0}
    assert set(found) <= set(WEIGHTS)


def test_what_the_data_cannot_tell_is_neutral():
    profile = Profile(population=10_000, lat=50.0, long=3.0)
    found = _components(profile, features(population=None, lat=None, long=None), None)
    assert found == {"size": UNKNOWN, "distance": UNKNOWN}


def test_size_and_distance_fall_with_the_gap():
    profile = Profile(population=10_000, lat=50.0, long=3.0)
    far = _components(profile, features(population=1_000_000, lat=45.0, long=3.0), None)
    assert far["size"] == 0.0 and far["distance"] == 0.0
    assert _weighted({"themes": 1.0, "size": 0.0}) == pytest.approx(WEIGHTS["themes"] / (WEIGHTS["themes"] + WEIGHTS["size"]), abs=1e-4)


def test_a_match_says_why():
    match = score_territory(Profile(themes={"alimentation"}), features(themes={"alimentation"}), None,
                            {"themes": [{"theme": "alimentation", "projects": ["Cantine"]}]})
    assert match.score == 1.0 and match.reasons[0].text == "thèmes partagés : alimentation"


def test_distances():
    lille_arras = great_circle_km(50.63, 3.06, 50.29, 2.78)
    assert 40 < lille_arras < 45 and abs(local_km(50.63, 3.06, 50.29, 2.78) - lille_arras) < 0.5
