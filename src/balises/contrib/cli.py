"""`balises ingest` and `balises suggest`: wired into the main CLI by `add_parsers(sub)`.

Exit codes follow the CLI's: 0 done; 1 the sheet breaks the format, names unknown or ambiguous
things, or does not validate (nothing is written); 2 the sheet or the text cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path


def cmd_ingest(args) -> int:
    # imported when the command runs: `balises --help` and the other commands start without them
    from ..settings import load_settings
    from .ingest import ingest

    settings = load_settings()
    result = ingest(Path(args.sheet), settings, source=Path(args.source) if args.source else None,
                    out=Path(args.out) if args.out else None, dry_run=args.dry_run)
    if args.dry_run and args.print:
        sys.stdout.write(result.turtle)
    print(result.summary(), file=sys.stderr if args.dry_run and args.print else sys.stdout)
    return 0


def cmd_suggest(args) -> int:
    # imported when the command runs: the suggestion models pull in scikit-learn (and spaCy when present)
    from ..settings import load_settings
    from ..system.atomic import check_writable, write_output
    from .suggest import load_models, read_document, suggest_file

    settings = load_settings().with_overrides(store=getattr(args, "store", None))
    path = Path(args.text_file)
    read_document(path)  # refused before the models load: missing, binary, not UTF-8, too long
    if args.out:
        check_writable(Path(args.out))
    models = load_models(settings)
    result = suggest_file(path, models, top=args.top, min_score=args.min_score)
    text = result.to_json() if args.format == "json" else result.to_yaml()
    if args.out:
        write_output(Path(args.out), text.encode("utf-8"))
        print(f"écrit / wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def add_parsers(sub) -> None:
    """Add `ingest` and `suggest` to the CLI's sub-parsers."""
    text = ("turn a territory sheet (YAML) into Turtle under data/contrib/, linked to the graph and validated "
            "(SHACL, quotes against the source text); nothing is written when it fails")
    p = sub.add_parser("ingest", help=text, description=text)
    p.add_argument("sheet", help="the sheet, e.g. data/templates/lomme.yaml")
    p.add_argument("--source", metavar="FILE",
                   help="the document's text the quotes are checked in (default: the corpus file of the sheet's "
                        "document); for a new document, its text, copied to data/contrib/sources/")
    p.add_argument("--out", metavar="DIR", help="where to write the Turtle (default data/contrib)")
    p.add_argument("--dry-run", action="store_true", help="check and validate only, write nothing")
    p.add_argument("--print", action="store_true", help="with --dry-run, print the Turtle on standard output")
    p.set_defaults(func=cmd_ingest)

    text = ("read a new French document and propose a draft sheet: territories, people, organisations, and for "
            "each paragraph the balises it most likely illustrates, with a score and a verbatim sentence")
    p = sub.add_parser("suggest", help=text, description=text)
    p.add_argument("text_file", help="plain text (UTF-8) of the document")
    p.add_argument("--format", choices=["yaml", "json"], default="yaml",
                   help="a draft sheet in YAML (default) or the suggestions with their scores in JSON")
    p.add_argument("--top", type=int, default=3, help="balises proposed per paragraph (default 3)")
    p.add_argument("--min-score", type=float, default=0.0,
                   help="drop balise suggestions scoring below this (default 0: keep the top ones)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--store", help="store to read the balises' quotes from (default .balises/store, or BALISES_STORE)")
    p.set_defaults(func=cmd_suggest)


__all__ = ["add_parsers", "cmd_ingest", "cmd_suggest"]
