"""Contributions: territory sheets (YAML) turned into validated Turtle, and suggestions read off a new text.

- `sheet/`: the sheet format and its schema checks (field and line named, in French and English);
- `ingest/`: sheet -> RDF, linking what the graph already has, validated before anything is written;
- `suggest/`: territories, people, organisations and balises proposed for a new French document;
- `vocab.py`: the controlled values a sheet may use, read from the ontology;
- `cli.py`: the `balises ingest` and `balises suggest` sub-commands (`add_parsers`).
"""

from .cli import add_parsers

__all__ = ["add_parsers"]
