"""`balises build` and `balises validate`, the pipeline's commands."""

from __future__ import annotations

from ..options import command, settings_of


def cmd_build(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..pipeline.build import build

    result = build(settings_of(args), force=args.force, use_hermit=not args.no_reasoner, extra=args.extra,
                   wait=args.wait)
    print(result.summary())
    return 0


def cmd_validate(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..pipeline.build import check

    _, report, timings = check(settings_of(args))
    print(report.text(limit=None if args.all else 50))
    print(f"load {timings['load']:.2f} s, validate {timings['validate']:.2f} s")
    return 0 if report.conforms else 1


def add_parsers(sub) -> None:
    p = command(sub, "build", cmd_build, "parse, validate, reason and write the store (skipped when inputs are "
                "unchanged; incremental when only data files changed)")
    p.add_argument("--force", action="store_true", help="rebuild everything from the files, even if the inputs have "
                   "not changed")
    p.add_argument("--wait", action="store_true", help="if another build of the same store is running, wait for it "
                   "(default: refuse with a message)")
    p.add_argument("--no-reasoner", action="store_true", help="skip HermiT (RDFS closure only), e.g. without Java")
    p.add_argument("--extra", action="append", metavar="DIR",
                   help="also load the RDF files of DIR (e.g. a `balises synth` graph) at scale, each in its own graph")
    p = command(sub, "validate", cmd_validate,
                "check the inputs (SHACL, quotes, sources); exit 0 conforms, 1 violations, 2 unreadable")
    p.add_argument("--all", action="store_true", help="list every problem (default: the first 50)")
