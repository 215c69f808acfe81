"""HermiT, run as a program: the reasoner's input written as N-Triples, its Java started, its conclusions read.

HermiT is the jar owlready2 ships (its `hermit/` directory: patched classes first, then HermiT.jar); it is run
with the command line owlready2's `sync_reasoner_hermit(infer_property_values=True)` uses (`-c -O -D -I … -Y`:
classes, object and data properties classified, every individual's types and object property values), and its
output read as owlready2 reads it: the hierarchy and type lines, the equivalences, the known instances of each
property. Reading it here rather than through an owlready2 World spares the World's load of the input, its
N-Triples written again for Java, and the copy of the reasoned World back into rdflib: 0.3 s of import and about
1 s of Python in a build's few seconds (reason.py keeps what follows, the closure and the inferred graph).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import ReasoningError
from ..rdf.escape import term_sparql
from ..system import launch
from ..system.failpoints import failpoint

#: HermiT runs once per build, for a few seconds: the JVM's quick compiler alone starts it a second sooner (the
#: optimising one pays off only on longer runs), and the serial collector suits a short single-threaded job.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx2000M")
MAIN_CLASS = "org.semanticweb.HermiT.cli.CommandLine"
#: classify classes (-c), object properties (-O), data properties (-D); realise the individuals (-I, their
#: types); print the known values of every object property (-Y).
ARGUMENTS = ("-c", "-O", "-D", "-I", "-Y")

_AXIOM = re.compile(r"^([A-Za-z]+)\( ((?:<[^>]+>\s*)+) \)$", re.MULTILINE)
_VALUES = re.compile(r"^<([^>]+)> \(known instances:\s*(.*?)\s*\|\s*possible instances:", re.MULTILINE)
_PAIR = re.compile(r"\(<([^>]+)>, <([^>]+)>\)")
_IS_A = {"SubClassOf": RDFS.subClassOf, "SubObjectPropertyOf": RDFS.subPropertyOf,
         "SubDataPropertyOf": RDFS.subPropertyOf, "Type": RDF.type}
_SAME = {"EquivalentClasses": OWL.equivalentClass, "EquivalentObjectProperties": OWL.equivalentProperty,
         "EquivalentDataProperties": OWL.equivalentProperty}

_TMP_PREFIX = "balises-reason-"


def remove_stale_dirs() -> list[str]:
    """Remove the working directories of reasoner runs whose process is gone (a build killed while HermiT ran);
    their names."""
    removed = []
    for path in Path(tempfile.gettempdir()).glob(_TMP_PREFIX + "*"):
        try:
            pid = int(path.name[len(_TMP_PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def class_path() -> str:
    """owlready2's HermiT: its directory of patched classes before the jar (owlready2 is found, not imported)."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        raise ReasoningError("owlready2 is not installed: it carries HermiT (pip install owlready2, which `make "
                             "install` does), or build with --no-reasoner")
    home = Path(next(iter(spec.submodule_search_locations))) / "hermit"
    return os.pathsep.join([str(home), str(home / "HermiT.jar")])


def _term(term) -> str:
    """A term in N-Triples: an IRI or a literal as SPARQL writes it (the same syntax, every character escaped),
    a blank node by its label."""
    return f"_:{term}" if isinstance(term, BNode) else term_sparql(term)


def write_ntriples(triples: Iterable[tuple], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(f"{_term(s)} {_term(p)} {_term(o)} .\n" for s, p, o in triples)


def conclusions(output: str) -> set[tuple]:
    """HermiT's printed conclusions as triples: each entity's direct superclasses, superproperties and types
    (not those of OWL's own terms), the equivalences (a class equivalent to owl:Nothing among them), and the
    known values of each object property."""
    found = set()
    for relation, names in _AXIOM.findall(output):
        iris = names.strip()[1:-1].split("> <")
        if relation in _IS_A and not iris[0].startswith(str(OWL)):
            found.add((URIRef(iris[0]), _IS_A[relation], URIRef(iris[1])))
        elif relation in _SAME:
            others = [str(OWL.Nothing)] if str(OWL.Nothing) in iris else iris
            found.update((URIRef(a), _SAME[relation], URIRef(b)) for a in iris if not a.startswith(str(OWL))
                         for b in others if b != a)
    for prop, known in _VALUES.findall(output):
        found.update((URIRef(a), URIRef(prop), URIRef(b)) for a, b in _PAIR.findall(known))
    return found


class Run:
    """HermiT started on triples (`start`): its Java works while this process goes on; `conclusions()` waits
    for it and reads what it printed, ReasoningError("inconsistent") when it found the triples inconsistent;
    `stop()` ends it early. Its files live in a directory of this run, removed on every path (a killed run's by
    the next one), and its Java dies with this process (system/launch.py)."""

    def __init__(self, triples: Iterable[tuple]):
        java = shutil.which("java")
        if java is None:
            raise ReasoningError("Java is not installed: HermiT needs a Java runtime (Debian: apt-get install "
                                 "default-jre-headless), or build with --no-reasoner")
        classes = class_path()
        remove_stale_dirs()
        self.tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{os.getpid()}-"))
        try:
            path = self.tmp / "input.nt"
            write_ntriples(triples, path)
            program = [java, *JAVA_OPTIONS, "-cp", classes, MAIN_CLASS, *ARGUMENTS, path.as_uri()]
            self.stdout, self.stderr = (open(self.tmp / name, "w+b") for name in ("out", "err"))
            self.process = subprocess.Popen(launch.command(program), stdout=self.stdout, stderr=self.stderr,
                                            cwd=self.tmp)
            failpoint("build:reasoning")  # Java started, at work (whatever time it will take)
        except BaseException:
            self._clean()
            raise

    def conclusions(self) -> set[tuple]:
        try:
            code = self.process.wait()
            output = self._read(self.stdout)
            if code != 0:
                said = output + self._read(self.stderr)
                if code == 1 and "Inconsistent ontology" in said:
                    raise ReasoningError("inconsistent")
                lines = said.strip().splitlines() or [f"exit status {code}"]
                raise ReasoningError(f"HermiT failed: {lines[-1][:500]}")
            return conclusions(output)
        finally:
            self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._clean()

    @staticmethod
    def _read(file) -> str:
        file.seek(0)
        return file.read().decode("utf-8", "replace")

    def _clean(self) -> None:
        for name in ("stdout", "stderr"):
            if hasattr(self, name):
                getattr(self, name).close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def run(triples: Iterable[tuple]) -> set[tuple]:
    """HermiT's conclusions on these triples, waited for."""
    return Run(triples).conclusions()
