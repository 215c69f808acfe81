"""One place for paths and settings, read once, overridable by environment variable and CLI option."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import SettingsError

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]

#: The folder beside the store where the build writes the documentation of the ontology and the référentiel.
DOCS_DIR = "docs"

#: The port `balises serve` listens on unless told otherwise (its endpoint: http://127.0.0.1:7878/query).
DEFAULT_PORT = 7878


@dataclass(frozen=True)
class Settings:
    """Where the inputs are and where the store goes."""

    home: Path
    store: Path
    endpoint: str | None = None
    query_timeout: float = 30.0
    query_memory_mb: int = 3072  # address space of the child that runs a user's query (isolated.py)
    build_processes: int = 2  # 2: a build at scale computes the table queries in a second process (pipeline/helper.py)

    @property
    def ontology_dir(self) -> Path:
        return self.home / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def templates_dir(self) -> Path:
        """The sheet template and its worked example (data/templates/)."""
        return self.home / "data" / "templates"

    @property
    def corpus_dir(self) -> Path:
        return self.home / "data" / "corpus"

    @property
    def contrib_sources_dir(self) -> Path:
        """Texts of contributed documents, shipped unmodified beside their Turtle."""
        return self.home / "data" / "contrib" / "sources"

    @property
    def not_figures_dir(self) -> Path:
        """The numbers of the corpus that are not figures, with their reason (data/not-figures/NNN.csv)."""
        return self.home / "data" / "not-figures"

    @property
    def reference_file(self) -> Path:
        """The official geography (INSEE's COG as Etalab packages it), written by `balises reference`."""
        return self.home / "data" / "reference" / "cog.json"

    @property
    def outlines_file(self) -> Path:
        """The département outlines the explorer's map draws, written by `balises reference --outlines`."""
        return self.home / "data" / "reference" / "departements.geojson"

    @property
    def docs_dir(self) -> Path:
        """The HTML documentation of the ontology and the référentiel, beside the store (`balises docs`, `build`)."""
        return self.store.parent / DOCS_DIR

    @property
    def queries_dir(self) -> Path:
        return self.home / "queries"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    def with_overrides(self, **changes) -> "Settings":
        """A copy with the given fields changed (None values ignored), for CLI options."""
        clean = {k: (Path(v) if k in {"home", "store"} else v) for k, v in changes.items() if v is not None}
        return replace(self, **clean)


def positive_number(text: str, name: str, upper: float = 86_400.0) -> float:
    """A finite number in (0, upper] from user text (an option, an environment variable), else a SettingsError
    naming it."""

    try:
        value = float(text)
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= upper):
        raise SettingsError(f"{name}={str(text)[:40]!r}: give a number greater than 0 and at most {upper:g}")
    return value


def load_settings() -> Settings:
    """Settings from the environment: BALISES_HOME, BALISES_STORE, BALISES_ENDPOINT, BALISES_QUERY_TIMEOUT (seconds),
    BALISES_QUERY_MEMORY_MB, BALISES_BUILD_PROCESSES (1 or 2; by default 2 on a machine of two cores or more). A bad
    value is a SettingsError naming the variable."""
    home = Path(os.environ.get("BALISES_HOME") or _PACKAGE_ROOT).resolve()
    store = Path(os.environ.get("BALISES_STORE") or home / ".balises" / "store")
    return Settings(
        home=home,
        store=store,
        endpoint=os.environ.get("BALISES_ENDPOINT") or None,
        query_timeout=positive_number(os.environ.get("BALISES_QUERY_TIMEOUT", "30"), "BALISES_QUERY_TIMEOUT"),
        query_memory_mb=int(positive_number(os.environ.get("BALISES_QUERY_MEMORY_MB", "3072"),
                                            "BALISES_QUERY_MEMORY_MB", upper=1 << 20)),
        build_processes=_processes(os.environ.get("BALISES_BUILD_PROCESSES")),
    )


def _processes(text: str | None) -> int:
    """How many processes a build may use: 1 or 2 (the default: 2 when the machine has two cores or more)."""
    if text is None or text == "":
        return 2 if (os.cpu_count() or 1) >= 2 else 1
    if text.strip() not in {"1", "2"}:
        raise SettingsError(f"BALISES_BUILD_PROCESSES={text[:40]!r}: give 1 (one process) or 2 (the table queries "
                            "of a build at scale in a second process)")
    return int(text)
