"""`balises dossier`: a writer's dossier (DOCX, ODT, Markdown) of a balise, a theme, a territory, a project or a
list of quotes, or the references of the documents it cites (BibTeX, CSL-JSON, RIS)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..options import command, settings_of

FORMAT_NAMES = ("docx", "odt", "md", "bib", "csl-json", "ris")


def _selection(args):
    # imported when the command runs: `balises --help` starts without the dossier's libraries
    from ..errors import InputError
    from .selection import Selection

    for kind in ("balise", "theme", "territory", "project"):
        if getattr(args, kind):
            return Selection(kind, getattr(args, kind))
    try:
        lines = (sys.stdin if args.quotes == "-" else Path(args.quotes).open(encoding="utf-8")).read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--quotes {args.quotes}: cannot be read ({exc}); give a UTF-8 text file with one quote "
                         "IRI or CURIE a line") from exc
    return Selection("quotes", tuple(lines))


def cmd_dossier(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..query.library import load_library
    from ..quotes.search import open_bank
    from ..store import open_store
    from .content import compose_dossier
    from .export import filename, render

    started = time.perf_counter()
    settings = settings_of(args)
    store = open_store(settings)
    bank = open_bank(store, load_library(settings.queries_dir), settings.corpus_dir)
    dossier = compose_dossier(store, bank, _selection(args), args.lang, settings.corpus_dir)
    data = render(dossier, args.format, args.lang)
    out = args.output or filename(dossier, args.format)
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(out).write_bytes(data)
    documents = len({q.document for q in dossier.quotes})
    print(f"{'standard output' if out == '-' else out}: « {dossier.title} », {len(dossier.quotes)} quote(s) from "
          f"{documents} document(s), {len(dossier.references)} reference(s) ({time.perf_counter() - started:.1f} s)",
          file=sys.stderr if out == "-" else sys.stdout)
    return 0


def add_parsers(sub) -> None:
    p = command(sub, "dossier", cmd_dossier, "a writer's dossier (DOCX, ODT, Markdown) of a balise, theme, territory, "
                "project or list of quotes: quotes verbatim with footnotes and a bibliography; or its references "
                "(BibTeX, CSL-JSON, RIS)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--balise", help="a balise: its notation (E3), label, IRI or CURIE (ref:E3)")
    what.add_argument("--theme", help="a theme: its name (alimentation), label, IRI or CURIE (theme:alimentation)")
    what.add_argument("--territory", help="a territory: its name (lomme), label, IRI or CURIE (ter:lomme)")
    what.add_argument("--project", help="a project: its label, IRI or CURIE (prj:lomme-tri-selectif-interne)")
    what.add_argument("--quotes", metavar="FILE", help="a file of quote IRIs or CURIEs, one a line (- for standard "
                                                       "input): the writer's basket, in its order")
    p.add_argument("--format", choices=FORMAT_NAMES, default="docx",
                   help="docx, odt or md for the dossier; bib, csl-json or ris for its references (default docx)")
    p.add_argument("-o", "--output", metavar="FILE", help="file to write (default: dossier-<kind>-<name>.<ext> "
                                                         "in the current folder; - for standard output)")
    p.add_argument("--lang", choices=["fr", "en"], default="fr", help="language of the dossier's own words (fr)")
