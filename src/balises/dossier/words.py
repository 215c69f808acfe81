"""The words of a dossier in French and English (the graph's labels come from the graph)."""

from __future__ import annotations

WORDS = {
    "fr": {
        "balise_title": "Balise {} — {}", "theme_title": "Thème : {}", "territory_title": "Territoire : {}",
        "project_title": "Projet : {}", "quotes_title": "Sélection de citations",
        "enjeu": "Enjeu : {}", "definition": "Définition du référentiel",
        "count": "{} tirée{} de {} document{}.", "quote": "citation",
        "none": "Aucune citation ne répond à cette demande.",
        "colophon": "Les citations sont reproduites mot pour mot, telles que le texte extrait des documents les donne "
                    "(coquilles comprises) ; chaque note donne la référence de la citation, la bibliographie celle "
                    "des documents. Les lignes de faits viennent du graphe Balises.",
        "no_territory": "Sans territoire précisé", "no_case": "Autres citations", "within": "dans : {}",
        "where": "Lieu", "status": "Statut", "start": "Début", "themes": "Thèmes", "actors": "Acteurs",
        "facts_from": "Faits du graphe Balises, d'après : ", "speaker": "Propos de {}. ", "line": "ligne {}",
        "no_date": "s. d.", "bibliography": "Bibliographie", "colon": " : ", "semicolon": " ; ",
        "more": "et {} autre{}",
        "months": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                   "novembre", "décembre"),
    },
    "en": {
        "balise_title": "Balise {} — {}", "theme_title": "Theme: {}", "territory_title": "Territory: {}",
        "project_title": "Project: {}", "quotes_title": "Selected quotes",
        "enjeu": "Stake: {}", "definition": "Definition in the référentiel",
        "count": "{} from {} document{}.", "quote": "quote", "none": "No quote matches this request.",
        "colophon": "The quotes are reproduced word for word, as the text extracted from the documents gives them "
                    "(typos included); each note gives the quote's reference, the bibliography the documents'. The "
                    "lines of facts come from the Balises graph.",
        "no_territory": "No territory given", "no_case": "Other quotes", "within": "in: {}",
        "where": "Place", "status": "Status", "start": "Start", "themes": "Themes", "actors": "Actors",
        "facts_from": "Facts of the Balises graph, from: ", "speaker": "Words of {}. ", "line": "line {}",
        "no_date": "n.d.", "bibliography": "Bibliography", "colon": ": ", "semicolon": "; ",
        "more": "and {} more{}",
        "months": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                   "November", "December"),
    },
}


def count(quotes: int, documents: int, lang: str) -> str:
    """`17 citations tirées de 3 documents.`"""
    words = WORDS[lang]
    many = f"{quotes} {words['quote']}{'s' if quotes > 1 else ''}"
    if lang == "fr":
        return words["count"].format(many, "s" if quotes > 1 else "", documents, "s" if documents > 1 else "")
    return words["count"].format(many, documents, "s" if documents > 1 else "")


def date_text(date: str, lang: str) -> str:
    """`2019-03-21` -> « 21 mars 2019 », `2017-09` -> « septembre 2017 », `2024` -> « 2024 »; else as given."""
    parts = date.split("-")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        return date
    if len(parts) == 1 or not 1 <= int(parts[1]) <= 12:
        return parts[0]
    month = WORDS[lang]["months"][int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{day}{'er' if day == 1 and lang == 'fr' else ''} {month} {parts[0]}" if lang == "fr" \
        else f"{month} {day}, {parts[0]}"


__all__ = ["WORDS", "count", "date_text"]
