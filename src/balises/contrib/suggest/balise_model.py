"""The balise model: each paragraph compared with each balise's title, definition and quotes, lexically (TF-IDF
over lemmas) and by meaning (the model's word vectors, centred); a balise's score is the mean of its best items."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from .knowledge import GraphKnowledge
from .language import Analyser

TOP_K_ITEMS = 3          # a balise's score: mean of its k best-matching items


LEXICAL_WEIGHT = 0.5     # the rest is vector similarity


class BaliseModel:
    """Items (titles, definitions, quotes) as TF-IDF and centred vectors; scores texts against balises."""

    def __init__(self, knowledge: GraphKnowledge, analyser: Analyser):
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
        mat = np.zeros((len(lemma_lists), len(self.vocab)))
        for row, lemmas in enumerate(lemma_lists):
            for t, c in Counter(lemmas).items():
                k = self.vocab.get(t)
                if k is not None:
                    mat[row, k] = (1 + math.log(c)) * self.idf[k]
        norms = np.linalg.norm(mat, axis=1, keepdims=True)
        return mat / np.where(norms == 0, 1, norms)

    def _centre(self, mat):
        out = mat - self.mean
        zero = ~mat.any(axis=1)
        out[zero] = 0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def similarities(self, texts: list[str]):
        """(texts × items) combined similarity, and its lexical and vector parts."""
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
