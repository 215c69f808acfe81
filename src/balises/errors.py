"""The project's errors: one small hierarchy, each message naming the file, line or entity and what to do."""


class BalisesError(Exception):
    """Base of every error the project reports to a user (never shown with a traceback)."""

    exit_code = 2


class InputError(BalisesError):
    """An input file cannot be read or parsed (malformed Turtle, missing file)."""

    exit_code = 2


class ValidationError(BalisesError):
    """The graph does not conform (SHACL, quote integrity, sources); carries the report."""

    exit_code = 1

    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report


class ReasoningError(BalisesError):
    """The ontology and data are inconsistent, or the reasoner could not run."""

    exit_code = 1


class StoreError(BalisesError):
    """The store is missing, locked or unreadable."""

    exit_code = 2


class QueryError(BalisesError):
    """A query is unknown, malformed, refused (updates) or given a bad parameter."""

    exit_code = 2


class SettingsError(BalisesError):
    """A setting (environment variable, command-line option) has a value that cannot be used."""

    exit_code = 2
