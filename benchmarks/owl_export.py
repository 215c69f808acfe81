"""The export in standard OWL 2 tools: `python benchmarks/owl_export.py` writes benchmarks/OWL.md.

Over the store of the working tree (`balises build` first), the normal export (`balises export --format
ntriples`) and its OWL 2 form (`balises export --owl`, RDF/XML) are each loaded with ontology/balises.ttl into a
fresh owlready2 World, as a researcher does, and reasoned by HermiT through owlready2:
- `sync_reasoner()`, owlready2's default call (classification and realisation);
- the normal export again with `ignore_unsupported_datatypes=True`, what Protégé's HermiT plugin sets;
- the OWL 2 form with `infer_property_values=True` (the object property values Protégé shows too).
Then the same two documents as the OWL API reads them (the OWL API inside owlready2's HermiT.jar, through
benchmarks/OwlProfile.java when a JDK can run it): axioms, individuals, OWL 2 DL profile violations. Last, the
OWL 2 RL closure of owlrl (rdflib) over the OWL 2 form, a second reasoner.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

import owlready2  # noqa: E402
from rdflib import Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import OWL, RDF  # noqa: E402

from balises.rdf.namespaces import shorten  # noqa: E402
from balises.rdf.owl2 import outside_the_map  # noqa: E402


def export(path: Path, *options: str) -> float:
    """`balises export` of the working tree's store into `path`; its wall time."""
    exe = Path(sys.executable).parent / "balises"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    with path.open("wb") as out:
        subprocess.run([str(exe), "export", *options], stdout=out, check=True, cwd=ROOT, env=env)
    return time.perf_counter() - started


def hermit(ontology: Path, document: Path, **options) -> dict:
    """Load the ontology and the document into a fresh World, run HermiT: counts, times and outcome."""
    world = owlready2.World()
    started = time.perf_counter()
    world.get_ontology(ontology.as_uri()).load()
    onto = world.get_ontology(document.as_uri()).load()
    row = {"load": time.perf_counter() - started, "triples": len(world.graph),
           "individuals": next(iter(world.sparql(
               "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c a owl:Class }")))[0]}
    started = time.perf_counter()
    try:
        with onto:
            owlready2.sync_reasoner(world, debug=0, **options)
        nothing = list(world.inconsistent_classes())
        row["result"] = "consistent" if not nothing else f"{len(nothing)} unsatisfiable classes"
        row["new"] = len(world.graph) - row["triples"]
    except owlready2.OwlReadyInconsistentOntologyError:
        row["result"] = "inconsistent"
    except owlready2.OwlReadyJavaError as exc:
        text = str(exc)
        cause = re.search(r"(\w+Exception)", text)
        datatype = re.search(r"datatype '([^']+)'", text)
        row["result"] = "refused: " + (cause.group(1) if cause else text.strip().splitlines()[-1][:200]) \
            + (f" ({shorten(datatype.group(1))} is not in the OWL 2 datatype map)" if datatype else "")
    row["reason"] = time.perf_counter() - started
    world.close()
    return row


def owl_api(document: Path) -> dict | None:
    """Axioms, individuals and OWL 2 DL violations as the OWL API reads the document, or None without a JDK."""
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    java = shutil.which("java")
    if java is None:
        return None
    proc = subprocess.run([java, "-cp", str(jar), str(HERE / "OwlProfile.java"), str(document)],
                          check=False, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"OWL API not run: {proc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    found = {"violations": []}
    for line in proc.stdout.splitlines():
        fields = line.split("\t")
        if fields[0] == "violation":
            found["violations"].append((fields[1], int(fields[2]), fields[3]))
        else:
            found[fields[0]] = int(fields[1])
    return found


def owlrl_closure(document: Path) -> dict:
    import owlrl

    graph = Graph().parse(document, format="xml")
    before, started = len(graph), time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    errors = set(graph.subjects(RDF.type, URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")))
    return {"before": before, "after": len(graph), "time": time.perf_counter() - started,
            "nothing": len(set(graph.subjects(RDF.type, OWL.Nothing))), "errors": len(errors)}


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="balises-owl-"))
    try:
        ontology = work / "balises.nt"  # owlready2 reads RDF/XML and N-Triples, not Turtle
        Graph().parse(ROOT / "ontology" / "balises.ttl").serialize(ontology, format="nt", encoding="utf-8")
        normal, form = work / "balises.nt.export", work / "balises.owl"
        times = {"normal": export(normal, "--format", "ntriples"), "owl": export(form, "--owl")}
        outside = sum(1 for _, _, o in Graph().parse(normal, format="nt")
                      if isinstance(o, Literal) and outside_the_map(o))
        runs = [("normal export", "`sync_reasoner()`", hermit(ontology, normal)),
                ("normal export", "`sync_reasoner(ignore_unsupported_datatypes=True)` (Protégé's setting)",
                 hermit(ontology, normal, ignore_unsupported_datatypes=True)),
                ("`--owl`", "`sync_reasoner()`", hermit(ontology, form)),
                ("`--owl`", "`sync_reasoner(infer_property_values=True)`",
                 hermit(ontology, form, infer_property_values=True))]
        apis = {"normal export": owl_api(normal), "`--owl`": owl_api(form)}
        closure = owlrl_closure(form)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header = (f"Written by `python benchmarks/owl_export.py` on {time.strftime('%Y-%m-%d')} ({platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}, owlready2 {owlready2.VERSION} and its "
              f"HermiT 1.3.8). Each document is loaded with `ontology/balises.ttl` into a fresh owlready2 World. "
              f"Exports: normal (N-Triples) {times['normal']:.1f} s, OWL 2 form (RDF/XML) {times['owl']:.1f} s. "
              f"The normal export holds {outside} values typed outside the OWL 2 datatype map (xsd:date, xsd:gYear, "
              "xsd:gYearMonth).")
    lines = ["# The export in OWL 2 tools", "", header, "",
             "| document | HermiT call | triples in the World | typed subjects | load | HermiT | result | added |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    for document, call, row in runs:
        lines.append(f"| {document} | {call} | {row['triples']:,} | {row['individuals']:,} | {row['load']:.1f} s | "
                     f"{row['reason']:.1f} s | {row['result']} | {row.get('new', '–')} |")
    api = ("The OWL API inside HermiT.jar reading each document alone (`benchmarks/OwlProfile.java`); its OWL 2 DL "
           "profile checker (OWL API 3.4) does not look at literals' datatypes:")
    lines += ["", api, ""]
    if not any(apis.values()):
        lines.append("Not run: no JDK to run benchmarks/OwlProfile.java.")
    for document, found in apis.items():
        if found:
            violations = "; ".join(f"{n} {kind} (e.g. {example})" for kind, n, example in found["violations"])
            lines.append(f"- {document}: {found['axioms']:,} axioms ({found['logical axioms']:,} logical), "
                         f"{found['individuals']:,} named individuals; OWL 2 DL profile: {violations or 'in profile'}")
    closed = (f"owlrl's OWL 2 RL closure of the OWL 2 form (rdflib): {closure['before']:,} → {closure['after']:,} "
              f"triples in {closure['time']:.1f} s, {closure['nothing']} owl:Nothing members, "
              f"{closure['errors']} error messages.")
    lines += ["", closed, ""]
    (HERE / "OWL.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
