"""`balises synth`: a synthetic graph of the project's shape, at national scale, for benchmarks."""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import BalisesError
from ..settings import load_settings


def add_parsers(sub):
    """Add `balises synth` to the CLI's sub-parsers."""
    text = ("generate a synthetic graph of the project's shape on the real French geography (communes in their "
            "EPCI, département and région), for benchmarks")
    p = sub.add_parser("synth", help=text, description=text)
    p.add_argument("--communes", type=int, default=1000, help="number of French communes, most populous first (default 1000; 34 969 exist)")
    p.add_argument("--seed", type=int, default=42, help="random seed: same seed and options, same files (default 42)")
    p.add_argument("--out", default="synthetique", help="output directory for synthetique.nt and README.txt")
    p.add_argument("--density", type=float, default=1.0,
                   help="projects per active territory, as a multiple of the curated ones (default 1)")
    p.add_argument("--sample", action="store_true", help="N communes drawn with the seed instead of the N most populous")
    p.add_argument("--distributions", choices=["auto", "store", "builtin"], default="auto",
                   help="measure the distributions on the curated store (auto: if it exists) or use the built-in ones")
    p.add_argument("--store", help="store to measure (default .balises/store, or BALISES_STORE)")
    p.set_defaults(func=cmd_synth)
    return p


def cmd_synth(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from .distributions import BUILTIN, measure
    from .generate import generate

    settings = load_settings().with_overrides(store=args.store)
    dist = None if args.distributions == "builtin" else measure(settings)
    if dist is None and args.distributions == "store":
        raise BalisesError(f"no store at {settings.store}: run `balises build` first, or use --distributions builtin")
    started = time.perf_counter()
    counts = generate(Path(args.out), args.communes, args.seed, args.density, args.sample, dist,
                      settings.ontology_dir, args.distributions, settings.reference_file)
    print(f"wrote {Path(args.out) / 'synthetique.nt'}: {counts['triples']} triples, {counts['bytes']} bytes, "
          f"{counts['communes']} communes in {counts['epcis']} real EPCIs, in {time.perf_counter() - started:.1f} s "
          f"(distributions: {(dist or BUILTIN).source})")
    return 0
