"""The `balises` command: gathers the sub-commands each package defines (its cli.py), runs one, and turns
errors into messages.

Exit codes: 0 success; 1 the data does not validate or is inconsistent; 2 unreadable input,
missing store, bad query or bad option. Errors are one message, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from .analysis import cli as analysis_cli
from .catalog import cli as catalog_cli
from .contrib import cli as contrib_cli
from .dossier import cli as dossier_cli
from .errors import BalisesError, ValidationError
from .geo import cli as geo_cli
from .pipeline import cli as pipeline_cli
from .query import cli as query_cli
from .quotes import cli as quotes_cli
from .store import cli as store_cli
from .synth import cli as synth_cli

#: The packages' sub-commands, in the order `balises --help` lists them.
COMMANDS = (pipeline_cli, catalog_cli, quotes_cli, query_cli, store_cli, analysis_cli, geo_cli, synth_cli, contrib_cli,
            dossier_cli)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="balises", description="Knowledge graph of territorial transition practices "
                                  "and their invariants (Fabrique des transitions).")
    sub = top.add_subparsers(dest="command", required=True)
    for package in COMMANDS:
        package.add_parsers(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationError as exc:
        print(f"balises {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BalisesError as exc:
        print(f"balises {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if os.environ.get("BALISES_DEBUG"):
            raise
        print(f"balises {args.command}: internal error ({type(exc).__name__}: {exc}); "
              "run again with BALISES_DEBUG=1 for details and report it", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
