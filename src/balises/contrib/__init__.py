"""Contributions: territory sheets (YAML) turned into validated Turtle, and suggestions read off a new text.

- `sheet.py`: the sheet format and its schema checks (field and line named, in French and English);
- `ingest.py`: sheet -> RDF, linking what the graph already has, validated before anything is written;
- `suggest.py`: territories, people, organisations and balises proposed for a new French document;
- `cli.py`: the `balises ingest` and `balises suggest` sub-commands (`add_parsers`).
"""

from .cli import add_parsers

__all__ = ["add_parsers"]
