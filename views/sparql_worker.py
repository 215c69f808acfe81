"""Runs one SPARQL query for the console in a child process, so that a runaway query can be stopped at its
timeout (Oxigraph has no timeout of its own). Reads a pickled (text, bindings) on stdin, writes a pickled
("ok", QueryResult) or ("error", message) on stdout. No Streamlit here."""

import pickle
import sys


def main() -> int:
    text, bindings = pickle.load(sys.stdin.buffer)
    try:
        from balises.errors import BalisesError
        from balises.querying import run_sparql
        from balises.settings import load_settings
        from balises.store import open_store

        store = open_store(load_settings())
        try:
            answer = ("ok", run_sparql(store, text, bindings))
        finally:
            store.close()
    except BalisesError as exc:
        answer = ("error", str(exc))
    except Exception as exc:  # noqa: BLE001 - any failure is reported to the console as a message
        answer = ("error", f"{type(exc).__name__}: {exc}")
    sys.stdout.buffer.write(pickle.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
