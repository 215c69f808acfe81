"""Quotes: their integrity against the corpus, the quote bank, its search index in the store, and citing them."""
