"""What the sub-commands share on the command line: --store and --endpoint, the settings they give, and the
types of their numeric options (a bad value is argparse's error, exit 2, naming the option)."""

from __future__ import annotations

import argparse

from .errors import BalisesError
from .settings import Settings, load_settings, positive_number


def add_store_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--store", help="store directory (default .balises/store, or BALISES_STORE)")
    parser.add_argument("--endpoint", help="query a SPARQL 1.1 endpoint instead of the local store (or BALISES_ENDPOINT)")
    return parser


def command(sub, name: str, func, help_text: str, store: bool = True) -> argparse.ArgumentParser:
    """A sub-command: its parser, its function, and (unless `store=False`) the store options."""
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(func=func)
    return add_store_options(parser) if store else parser


def settings_of(args) -> Settings:
    """The settings of the environment, with the command's --store and --endpoint."""
    return load_settings().with_overrides(store=getattr(args, "store", None), endpoint=getattr(args, "endpoint", None))


def seconds(text: str) -> float:
    try:
        return positive_number(text, "--timeout")
    except BalisesError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a port number (1 to 65535)")
    return int(text)


def count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a whole number above 0")
    return int(text)
