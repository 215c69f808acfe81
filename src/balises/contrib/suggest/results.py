"""What `suggest` proposes (territories, people, organisations, balises per paragraph) and the models it uses."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ...rdf.namespaces import shorten
from ...settings import Settings
from .balise_model import BaliseModel
from .draft import draft_sheet
from .knowledge import GraphKnowledge, read_knowledge
from .language import MODEL_NAME, Analyser, load_nlp
from .places import Gazetteer, reference_places
from .text import Paragraph


@dataclass
class Models:
    """Everything `suggest` needs, built once (spaCy model, balise model, gazetteers)."""

    nlp: object | None
    knowledge: GraphKnowledge
    balises: BaliseModel
    territories: Gazetteer
    actors: Gazetteer
    departements: dict = field(default_factory=dict)  # code -> the département's Place (« Besançon (25) »)

    @property
    def ner(self) -> str:
        return f"spacy:{MODEL_NAME}" if self.nlp is not None else "rules"


def load_models(settings: Settings, exclude_documents=(), nlp="default", use_store: bool | None = None,
                run=None) -> Models:
    """Build the models from the graph (all of it, or without `exclude_documents` for held-out measures)."""
    nlp = load_nlp() if nlp == "default" else nlp
    knowledge = read_knowledge(settings, exclude_documents, use_store, run)
    places = [p for p in knowledge.territories]
    official = reference_places(str(settings.reference_file)) if settings.reference_file.exists() else []
    departements = {p.unit[1]: p for p in official if p.unit[0] == "departement"}
    return Models(nlp, knowledge, BaliseModel(knowledge, Analyser(nlp)), Gazetteer(places + official),
                  Gazetteer(knowledge.actors), departements)


@dataclass
class Found:
    """A territory, person or organisation found in the text."""

    name: str
    kind: str
    mentions: int
    lines: list[int]
    source: str  # graph | reference | spacy | rules
    iri: str | None = None
    geonames: list[int] = field(default_factory=list)
    population: int = 0
    official: list[str] = field(default_factory=list)  # the official units of that name (homonyms: several)
    units: list[tuple[str, str]] = field(default_factory=list)  # their kinds and codes, in the same order

    def as_dict(self) -> dict:
        d = {"nom": self.name, "nature": self.kind, "mentions": self.mentions, "lignes": self.lines[:10],
             "source": self.source}
        if self.iri:
            d["id"] = shorten(self.iri)
        if self.geonames:
            d["geonames"] = self.geonames
        return d


@dataclass
class BaliseSuggestion:
    notation: str
    label: str
    score: float
    lexical: float
    vector: float
    sentence: str


@dataclass
class ParagraphSuggestion:
    paragraph: Paragraph
    balises: list[BaliseSuggestion]
    section: str | None = None


@dataclass
class Suggestions:
    """The whole proposal for one text."""

    file: str
    title: str
    territories: list[Found]
    people: list[Found]
    organisations: list[Found]
    paragraphs: list[ParagraphSuggestion]
    ner: str
    knowledge: str
    all_scores: list[list[float]] = field(default_factory=list, repr=False)

    def quotes(self) -> list[str]:
        return [b.sentence for p in self.paragraphs for b in p.balises]

    def to_json(self) -> str:
        return json.dumps({
            "fichier": self.file, "titre": self.title, "reconnaissance": self.ner, "graphe": self.knowledge,
            "territoires": [f.as_dict() for f in self.territories],
            "personnes": [f.as_dict() for f in self.people],
            "organisations": [f.as_dict() for f in self.organisations],
            "paragraphes": [{"numéro": p.paragraph.number, "ligne": p.paragraph.line, "section": p.section,
                             "début": p.paragraph.text[:80],
                             "balises": [{"balise": b.notation, "titre": b.label, "score": round(b.score, 4),
                                          "lexical": round(b.lexical, 4), "vecteur": round(b.vector, 4),
                                          "phrase": b.sentence} for b in p.balises]}
                            for p in self.paragraphs],
        }, ensure_ascii=False, indent=1) + "\n"

    def to_yaml(self) -> str:
        return draft_sheet(self)
