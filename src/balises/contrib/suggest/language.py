"""The language model of `suggest`: spaCy's French model when it is installed (lemmas, entities, word vectors),
else folded words and no vectors."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...rdf.folding import fold_name

MODEL_NAME = "fr_core_news_md"


@lru_cache(maxsize=1)
def load_nlp():
    """spaCy's French model, loaded once; None when spaCy or fr_core_news_md is not installed."""
    try:
        import spacy  # heavy (2 s) and optional: only `suggest` loads it, and runs on rules without it

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
        if self.nlp is None:
            return [Analysed([w for w in fold_name(t).split() if len(w) > 2 and w not in _STOP], None) for t in texts]
        out = []
        disable = [p for p in ("ner", "parser") if p in self.nlp.pipe_names]
        for doc in self.nlp.pipe(texts, batch_size=64, disable=disable):
            lemmas, vectors = [], []
            for tok in doc:
                if not tok.is_alpha or tok.is_stop or len(tok.text) < 3 or tok.pos_ not in self.CONTENT:
                    continue
                lemma = fold_name(tok.lemma_ or tok.text)
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
