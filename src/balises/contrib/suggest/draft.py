"""The draft sheet: the suggestions written in the format of data/templates/fiche-territoire.yaml, to correct and
complete before `balises ingest`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from ...quotes.integrity import CorpusText
from ...rdf.namespaces import shorten

if TYPE_CHECKING:  # the types only: results.py imports this module (Suggestions.to_yaml)
    from .results import Found, ParagraphSuggestion, Suggestions


_KIND_FR = {"Commune": "commune", "CommunityOfCommunes": "communauté de communes",
            "AgglomerationCommunity": "communauté d'agglomération", "UrbanCommunity": "communauté urbaine",
            "Metropolis": "métropole", "Intercommunality": "intercommunalité", "MetropolitanPole": "pôle métropolitain",
            "Department": "département", "Region": "région", "Country": "pays", "NamedArea": "aire nommée"}


def _q(text) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def draft_sheet(s: Suggestions) -> str:
    """A draft sheet (data/templates/fiche-territoire.yaml format) with the suggestions as comments."""
    out = [f"# Brouillon de fiche proposé par `balises suggest` pour {s.file} : à relire, corriger et compléter",
           "# avant `balises ingest`. Chaque citation est copiée telle quelle du texte ; les balises proposées",
           "# viennent d'une similarité (lexicale et sémantique) avec les titres, définitions et citations du graphe",
           f"# ({s.knowledge}) ; reconnaissance des personnes : {s.ner}.",
           "# Draft sheet made by `balises suggest`: check, correct and complete it before `balises ingest`.",
           "",
           "document:",
           f"  titre: {_q(s.title)}   # à vérifier",
           "  nature: fiche territoire   # à vérifier : fiche territoire, lettre d'information, diaporama…",
           "  date:          # à compléter (2024, 2024-10 ou 2024-01-24)",
           "  auteurs: []    # à compléter",
           ""]
    main = s.territories[0] if s.territories else None
    out.append("territoire:")
    if main is None:
        out += ["  nom:           # à compléter : aucun territoire reconnu", "  nature: commune", ""]
    else:
        out += _territory_lines(main, "  ")
    others = s.territories[1:]
    if others:
        out.append("")
        out.append("autres territoires:   # à trier : gardez ceux dont le document parle vraiment")
        for t in others[:40]:
            lines = _territory_lines(t, "    ")
            out.append("  - " + lines[0].strip())
            out += lines[1:]
    if s.organisations:
        out += ["", "organisations:   # nature à compléter pour celles qui ne sont pas encore dans le graphe"]
        for o in s.organisations[:40]:
            out += _actor_lines(o)
            if not o.iri:
                out.append("    nature:      # à compléter")
    if s.people:
        out += ["", "personnes:"]
        for p in s.people[:60]:
            out += _actor_lines(p)
    quotes: list[tuple[ParagraphSuggestion, str, list]] = []
    for para in s.paragraphs:
        by_sentence: dict[str, list] = {}
        for b in para.balises:
            by_sentence.setdefault(b.sentence, []).append(b)
        for sentence, balises in by_sentence.items():
            quotes.append((para, sentence, balises))
    if quotes:
        out += ["", "citations:   # une par phrase qui appuie une balise proposée ; gardez les bonnes, retirez les autres"]
        for para, sentence, balises in quotes:
            ranked = ", ".join(f"{b.notation} {b.score:.3f}" for b in para.balises)
            out.append(f"  - texte: {_q(sentence)}")
            out.append(f"    balises: [{', '.join(b.notation for b in balises)}]   # paragraphe {para.paragraph.number}"
                       f" (ligne {para.paragraph.line}) : {ranked}")
            if para.section:
                out.append(f"    section: {_q(para.section)}")
            out.append("    à propos de: []   # le territoire de la fiche si vide ; ajoutez projets, acteurs…")
    return "\n".join(out) + "\n"


def _actor_lines(a: Found) -> list[str]:
    """The draft sheet's entry for a person or organisation found in the text."""
    note = f"{a.mentions} mention(s), ligne {a.lines[0]}" + (f", {shorten(a.iri)} du graphe" if a.iri else
                                                            f", trouvée par {a.source}")
    return [f"  - nom: {_q(a.name)}   # {note}"] + ([f"    id: {shorten(a.iri)}"] if a.iri else [])


def _territory_lines(t: Found, pad: str) -> list[str]:
    note = f"{t.mentions} mention(s), ligne {t.lines[0]}"
    if t.iri:
        note += f", {shorten(t.iri)} du graphe"
    elif len(t.official) > 1:
        note += f", plusieurs unités officielles de ce nom, précisez : {' ; '.join(t.official[:6])}"
    elif t.official:
        note += f", géographie officielle : {t.official[0]}"
    lines = [f"{pad}nom: {_q(t.name)}   # {note}"]
    if t.iri:
        lines.append(f"{pad}id: {shorten(t.iri)}")
    lines.append(f"{pad}nature: {_KIND_FR.get(t.kind, 'commune')}" + ("" if t.iri else "   # à vérifier"))
    if not t.iri and len(t.geonames) == 1:
        lines.append(f"{pad}geonames: {t.geonames[0]}")
    return lines


def quote_check(s: Suggestions, raw_path: Path) -> list[str]:
    """The suggested quotes not found verbatim in the file (should be none)."""
    text = CorpusText.read(Path(raw_path))
    return [q for q in s.quotes() if text.find(q) is None]
