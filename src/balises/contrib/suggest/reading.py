"""`suggest` on a text or a file: the document read (UTF-8, not binary, not too long), then territories,
actors and, paragraph by paragraph, the likeliest balises with their sentence."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ...errors import InputError
from ...rdf.folding import fold_name
from .finding import MIN_PARAGRAPH, _heading, _sentences, find_actors, find_territories
from .results import BaliseSuggestion, Models, ParagraphSuggestion, Suggestions
from .text import paragraphs, tokens

#: The longest text read (about 60 pages; the longest corpus document has 115 000 characters): spaCy takes
#: about a minute per 500 000 characters, and refuses a paragraph past a million.
MAX_CHARS = 200_000


def suggest_text(raw: str, models: Models, file: str = "texte", top: int = 3, min_score: float = 0.0) -> Suggestions:
    """Territories, people, organisations and, per paragraph, the likeliest balises with their sentence."""
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
    territory_keys = {fold_name(t.name) for t in territories}
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
