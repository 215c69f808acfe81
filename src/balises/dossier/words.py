"""The words of a dossier in French and English (the graph's labels come from the graph)."""

from __future__ import annotations

from ..rdf.dates import date_text

#: Each word: (French, English), side by side.
TABLE = {
    "balise_title": ("Balise {} — {}", "Balise {} — {}"),
    "theme_title": ("Thème : {}", "Theme: {}"),
    "territory_title": ("Territoire : {}", "Territory: {}"),
    "project_title": ("Projet : {}", "Project: {}"),
    "quotes_title": ("Sélection de citations", "Selected quotes"),
    "enjeu": ("Enjeu : {}", "Stake: {}"),
    "definition": ("Définition du référentiel", "Definition in the référentiel"),
    "count": ("{} tirée{} de {} document{}.", "{} from {} document{}."),
    "quote": ("citation", "quote"),
    "none": ("Aucune citation ne répond à cette demande.", "No quote matches this request."),
    "colophon": ("Les citations sont reproduites mot pour mot, telles que le texte extrait des documents les donne "
                 "(coquilles comprises) ; chaque note donne la référence de la citation, la bibliographie celle des "
                 "documents. Les lignes de faits viennent du graphe Balises.",
                 "The quotes are reproduced word for word, as the text extracted from the documents gives them "
                 "(typos included); each note gives the quote's reference, the bibliography the documents'. The "
                 "lines of facts come from the Balises graph."),
    "no_territory": ("Sans territoire précisé", "No territory given"),
    "no_case": ("Autres citations", "Other quotes"),
    "within": ("dans : {}", "in: {}"),
    "where": ("Lieu", "Place"),
    "status": ("Statut", "Status"),
    "start": ("Début", "Start"),
    "themes": ("Thèmes", "Themes"),
    "actors": ("Acteurs", "Actors"),
    "facts_from": ("Faits du graphe Balises, d'après : ", "Facts of the Balises graph, from: "),
    "speaker": ("Propos de {}. ", "Words of {}. "),
    "line": ("ligne {}", "line {}"),
    "no_date": ("s. d.", "n.d."),
    "bibliography": ("Bibliographie", "Bibliography"),
    "figures": ("Chiffres", "Figures"),
    "figures_intro": ("Les chiffres que donnent les documents, chacun suivi du passage qui le donne.",
                      "The figures the documents give, each followed by the passage that gives it."),
    "colon": (" : ", ": "),
    "semicolon": (" ; ", "; "),
    "more": ("et {} autre{}", "and {} more{}"),
}
LANGS = ("fr", "en")
WORDS = {lang: {key: pair[i] for key, pair in TABLE.items()} for i, lang in enumerate(LANGS)}


def count(quotes: int, documents: int, lang: str) -> str:
    """`17 citations tirées de 3 documents.`"""
    words = WORDS[lang]
    many = f"{quotes} {words['quote']}{'s' if quotes > 1 else ''}"
    if lang == "fr":
        return words["count"].format(many, "s" if quotes > 1 else "", documents, "s" if documents > 1 else "")
    return words["count"].format(many, documents, "s" if documents > 1 else "")


__all__ = ["LANGS", "TABLE", "WORDS", "count", "date_text"]
