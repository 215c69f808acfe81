"""Balises: a knowledge graph of territorial transition practices and their invariants."""

__version__ = "0.1.0"
