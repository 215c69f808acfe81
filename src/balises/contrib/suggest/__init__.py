"""`balises suggest TEXT_FILE`: what a curator might take from a new French document.

- **Territories**: a gazetteer of the graph's territory labels and short names (CALL, PMA) and of
  every commune, EPCI (also with its legal form spelled out: « communauté de communes du Golfe de
  Saint-Tropez »), EPT, département and région of the official geography (data/reference/).
  The text's words are folded (no accents, no case, hyphens and apostrophes as spaces) and
  matched as n-grams, longest first (an EPCI stays an EPCI), so « Ile-Saint-Denis » finds
  L'Île-Saint-Denis; a graph name also matches at one edit of distance (OCR noise:
  « Gohel1e »). Common words that are also place names are kept out: a match starts with a
  capital letter in the original text, an official name has 4 letters or more, and a one-word
  official name needs a sign that it is a place (spaCy tags it as a place, or « à », « commune
  de », « ville de »… stands before it). The sheet's territory is the commune or intercommunality
  the text is about: the most mentioned, then the first mentioned (`finding.about`).
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
complete before `balises ingest`."""

from .balise_model import LEXICAL_WEIGHT, TOP_K_ITEMS, BaliseModel
from .draft import draft_sheet, quote_check
from .knowledge import graph_rows, read_knowledge
from .language import MODEL_NAME, load_nlp
from .places import Gazetteer
from .reading import MAX_CHARS, read_document, suggest_file, suggest_text
from .results import Models, Suggestions, load_models
from .text import paragraphs

__all__ = ["BaliseModel", "Gazetteer", "LEXICAL_WEIGHT", "MAX_CHARS", "MODEL_NAME", "Models", "Suggestions", "TOP_K_ITEMS",
           "draft_sheet", "graph_rows", "load_models", "load_nlp", "paragraphs", "quote_check", "read_document",
           "read_knowledge", "suggest_file", "suggest_text"]
