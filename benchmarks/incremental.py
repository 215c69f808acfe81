"""`make bench`: the incremental build against the whole build, on the curated graph and at ~2M triples.

In one run, for each size, on a copy of the project's inputs without the Lomme file (Lomme comes back as a new
contribution, its sheet data/templates/lomme.yaml ingested like any territory sheet; the three entities of that
file that the other files name, doc:000's two authors and the ADEME, are kept, copied from it):

1. the whole build (`balises build --force`), the baseline;
2. an edited literal (a comment of data/001-…ttl): `balises build`;
3. an edited link (a project's status in the same file): `balises build`;
4. a new territory sheet: `balises ingest data/templates/lomme.yaml` (timed apart), then `balises build`; then
   Lomme's row is looked for in the explorer's territory table (query 22, read from its materialised table).

Each step is the wall time of the command as a user runs it (process start included) and its peak memory; the
ratio is the whole build's time over the step's. At ~2M the synthetic graph of benchmarks/run.py (`balises synth
--communes 5300 --seed 42`) is loaded with `--extra`. Writes benchmarks/INCREMENTAL.md.

    python benchmarks/incremental.py [--sizes curated,2m]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timing import run_child  # noqa: E402

ROOT = HERE.parent
WORK = HERE / ".work" / "incremental"
BIN = Path(sys.executable).parent
SYNTH = {"2m": ["--communes", "5300"]}
NEWSLETTER = "data/001-newsletter-territoires-pilotes.ttl"
EDITS = {
    "literal": ("sans en préciser la nature ; c'est", "sans en préciser la nature. C'est"),
    "link": ("bal:status voc:propose", "bal:status voc:en-cours"),
}


def home_without_lomme(root: Path) -> Path:
    """A copy of the project's inputs without data/000-lomme.ttl (the corpus and the geography linked)."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in ("ontology", "queries"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("corpus", "reference", "000-lomme.ttl"))
    for name in ("corpus", "reference"):
        (root / "data" / name).symlink_to(ROOT / "data" / name)
    _keep_shared(root / "data" / "000-lomme-partage.ttl")
    return root


#: What the other files need of data/000-lomme.ttl (doc:000's authors, the ADEME's kind): kept, copied from it.
SHARED = ("acteur/anne-louise-negre", "acteur/irwina-marchal", "acteur/ademe")


def _keep_shared(path: Path) -> None:
    from rdflib import Graph, URIRef  # the benchmark's own copy of three entities of the Lomme file

    lomme, kept = Graph(), Graph()
    lomme.parse(ROOT / "data" / "000-lomme.ttl")
    for name in SHARED:
        for triple in lomme.triples((URIRef("https://w3id.org/balises/" + name), None, None)):
            kept.add(triple)
    for prefix, namespace in lomme.namespaces():
        kept.bind(prefix, namespace)
    kept.serialize(path, format="turtle")


def synth(size: str) -> list[str]:
    if size not in SYNTH:
        return []
    out = HERE / ".work" / size / "synth"
    if not (out / "synthetique.nt").exists():
        run_child([str(BIN / "balises"), "synth", *SYNTH[size], "--seed", "42", "--out", str(out)], dict(os.environ))
    return ["--extra", str(out)]


def edit(home: Path, old: str, new: str) -> None:
    path = home / NEWSLETTER
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{NEWSLETTER} no longer holds {old!r}: update benchmarks/incremental.py")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def redone(output: str) -> str:
    """What the build says it redid, in one cell."""
    lines = [line.strip() for line in output.splitlines()]
    keep = [line for line in lines if line.startswith(("Incrementally", "graphs replaced", "reasoner", "Whole"))]
    keep += [line.split(":", 1)[0] for line in lines if "table(s)" in line]
    keep += [line for line in lines if line.startswith("search index")]
    timings = next((line.split("quads in all. ", 1)[1] for line in lines if "quads in all." in line), "")
    return "; ".join(keep + ([f"stages: {timings.rstrip('.')}"] if timings else [])).replace("|", "/")


def measure(size: str) -> dict:
    home = home_without_lomme(WORK / size / "home")
    env = dict(os.environ, BALISES_HOME=str(home), BALISES_STORE=str(home / ".balises" / "store"))
    extra = synth(size)
    build = [str(BIN / "balises"), "build", *extra]
    rows = []
    wall, rss, out = run_child(build + ["--force"], env)
    whole = wall
    rows.append(("whole build (`--force`)", wall, rss, redone(out)))
    for name, (old, new) in EDITS.items():
        edit(home, old, new)
        wall, rss, out = run_child(build, env)
        rows.append((f"an edited {name} in {NEWSLETTER}", wall, rss, redone(out)))
    ingest_wall, _, _ = run_child([str(BIN / "balises"), "ingest", str(ROOT / "data" / "templates" / "lomme.yaml")], env)
    wall, rss, out = run_child(build, env)
    rows.append((f"a new territory sheet (Lomme; `balises ingest` {ingest_wall:.1f} s apart)", wall, rss, redone(out)))
    _, _, table = run_child([str(BIN / "balises"), "query", "22", "--format", "csv"], env)
    visible = any("Lomme" in line for line in table.splitlines())
    triples = next((line.split(" quads in all")[0].rsplit(", ", 1)[-1] for line in out.splitlines()
                    if "quads in all" in line), "?")
    return {"size": size, "rows": rows, "whole": whole, "visible": visible, "quads": triples}


def report(results: list[dict]) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    lines = ["# Incremental build", "",
             f"Written by `make bench` (`python benchmarks/incremental.py`) on {time.strftime('%Y-%m-%d')}, code at "
             f"commit {commit}, on {platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}.",
             "", "Each step is the wall time of `balises build` as a user runs it (process start included), after the "
             "change it names, on a copy of the project's inputs without data/000-lomme.ttl; the ratio is the whole "
             "build's time over the step's. What the build says it redid is quoted from its summary.", ""]
    for res in results:
        lines += [f"## {res['size']}: {res['quads']} quads after the new sheet", "",
                  "| step | wall | peak memory | whole ÷ step | what the build redid |",
                  "| --- | ---: | ---: | ---: | --- |"]
        for step, wall, rss, what in res["rows"]:
            lines.append(f"| {step} | {wall:.1f} s | {rss} MiB | {res['whole'] / wall:.1f}× | {what} |")
        lines += ["", f"Lomme in the explorer's territory table (query 22, its materialised table) after the new "
                      f"sheet: {'yes' if res['visible'] else 'NO'}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="curated,2m")
    parser.add_argument("--out", default=str(HERE / "INCREMENTAL.md"))
    args = parser.parse_args()
    results = [measure(size) for size in args.sizes.split(",")]
    Path(args.out).write_text(report(results), encoding="utf-8")
    print(Path(args.out).read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
