"""`balises ingest SHEET`: a territory sheet (YAML) to validated Turtle under data/contrib/.

index.py: what the graph holds (names, kinds, GeoNames ids); identities.py: the sheet's entities named and
linked; values.py, places_actors.py, projects.py: their triples; builder.py: the sheet to a graph, and the
quotes checked in the source text; ingest.py: validation with the project's own checks, and the writing.
"""

from .builder import Built, build_graph, check_quotes_in_source
from .index import Index
from .ingest import MAX_SOURCE_BYTES, IngestResult, check_source, ingest, turtle_of

__all__ = ["Built", "Index", "IngestResult", "MAX_SOURCE_BYTES", "build_graph", "check_quotes_in_source",
           "check_source", "ingest", "turtle_of"]
