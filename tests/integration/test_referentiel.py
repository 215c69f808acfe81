"""The référentiel of corpus 004: 4 enjeux and exactly its 23 balises with their titles."""

from __future__ import annotations

from balises.query.run import run_sparql

BALISES = {
    "E1": "S'inscrire dans une proximité au territoire vécu, au quotidien",
    "E2": "Construire le récit",
    "E3": "Créer les conditions de la confiance",
    "E4": "Changer le travail des services et des élus",
    "E5": "Veiller à ce que l'engagement fasse ressource pour la personne, pour qu'il puisse se maintenir dans la durée",
    "E6": "S’engager, c’est voyager",
    "T1": "Elargir le regard",
    "T2": "Créer un effet d'entraînement",
    "T3": "Progresser par sauts systémiques",
    "T4": "Saisir les opportunités, les évènements, comme une ressource",
    "T5": "Piloter par le sens, les délais, l'attention aux ressources",
    "C1": "Coopérer ne signifie pas être alignés",
    "C2": "Construire et animer des dispositifs de réflexivité",
    "C3": "Pas seulement participer, coopérer",
    "C4": "Manager (par) la coopération",
    "C5": "Développer une culture du risque partagé",
    "C6": "Jouer le temps et le territoire",
    "V1": "Appréhender la multiplicité des dimensions de valeurs",
    "V2": "Créer de la valeur à visées à la fois sociale, environnementale, économique",
    "V3": "Renforcer la capacité collective à entreprendre",
    "V4": "Evaluer une diversité de plans / de résultats",
    "V5": "Articuler les plans monétaire et symbolique de la valorisation",
    "V6": "Favoriser / valoriser une circulation monétaire endogène/exogène aux territoires",
}


def _norm(title: str) -> str:
    return title.replace("’", "'").replace("évènements", "événements").strip()


def test_four_enjeux_are_the_top_concepts(store):
    rows = run_sparql(store, """SELECT ?e WHERE { ?e a bal:Enjeu ; skos:topConceptOf ref:referentiel }""").rows
    assert sorted(str(r[0]).rsplit("/", 1)[-1] for r in rows) == ["action-integree", "cooperation", "engagement", "valeur"]


def test_exactly_the_23_balises_of_the_document(store):
    rows = run_sparql(store, """
        SELECT ?notation ?title ?enjeu WHERE {
          ?b a bal:Balise ; skos:notation ?notation ; skos:prefLabel ?title ; skos:broader ?enjeu .
          FILTER(LANG(?title) = "fr") }""").rows
    found = {str(n): str(t) for n, t, _ in rows}
    assert len(rows) == 23
    assert set(found) == set(BALISES)
    for notation, title in BALISES.items():
        assert _norm(found[notation]) == _norm(title), notation


def test_six_five_six_six_balises_per_enjeu(store):
    rows = run_sparql(store, """
        SELECT ?enjeu (COUNT(?b) AS ?n) WHERE { ?b a bal:Balise ; skos:broader ?enjeu } GROUP BY ?enjeu""").rows
    counts = {str(e).rsplit("/", 1)[-1]: int(n) for e, n in rows}
    assert counts == {"engagement": 6, "action-integree": 5, "cooperation": 6, "valeur": 6}


def test_each_balise_has_a_sourced_definition_in_french_and_an_english_label(store):
    rows = run_sparql(store, """
        SELECT ?b WHERE { ?b a bal:Balise .
          FILTER NOT EXISTS { ?b skos:definition ?d . FILTER(LANG(?d) = "fr") }
          FILTER NOT EXISTS { ?b skos:prefLabel ?l . FILTER(LANG(?l) = "en") } }""").rows
    assert rows == []
    sourced = run_sparql(store, "ASK { ref:C2 prov:wasDerivedFrom doc:004 }").outcome.boolean
    assert sourced


def test_code_source_loossois_has_three_fondements_and_four_piliers(store):
    rows = run_sparql(store, "SELECT ?c WHERE { ?c a bal:CodeSourceElement ; skos:inScheme code:code-source-loossois }").rows
    names = {str(r[0]).rsplit("/", 1)[-1] for r in rows}
    assert {"fondement-1", "fondement-2", "fondement-3", "pilier-1", "pilier-2", "pilier-3", "pilier-4"} <= names


def test_actor_categories_modes_and_dispositifs(store):
    cats = run_sparql(store, "SELECT ?c WHERE { ?c a bal:ActorCategory }").rows
    assert {str(r[0]).rsplit("/", 1)[-1] for r in cats} >= {"elus", "services", "acteurs-economiques", "habitants", "tiers"}
    per_enjeu = run_sparql(store, """
        SELECT ?enjeu (COUNT(DISTINCT ?m) AS ?modes) (COUNT(DISTINCT ?d) AS ?dispositifs) WHERE {
          ?enjeu a bal:Enjeu .
          OPTIONAL { ?m a bal:ModeDeFaire ; skos:broader ?enjeu }
          OPTIONAL { ?d a bal:Dispositif ; skos:broader ?enjeu }
        } GROUP BY ?enjeu""").rows
    assert len(per_enjeu) == 4
    assert all(int(m) > 0 and int(d) > 0 for _, m, d in per_enjeu)
