"""The answers the product gives on the curated store are those of tests/golden/library.json: every library
query, every internal read, the analogous cases of every territory, the network's metrics, the quote bank's
searches. A change to the code's structure leaves them as they are; a change to the data rewrites the file on
purpose (`python tests/golden/snapshot.py --write`)."""

from __future__ import annotations

import json

from golden.snapshot import FILE, fingerprints, internal_reads


def test_the_answers_are_the_recorded_ones(store, library):
    kept = json.loads(FILE.read_text(encoding="utf-8"))
    found = fingerprints(store, library, internal_reads())
    changed = {name: (kept.get(name), found.get(name)) for name in set(kept) | set(found)
               if kept.get(name) != found.get(name)}
    assert not changed, changed
