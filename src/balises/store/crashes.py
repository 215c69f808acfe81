"""Why the SPARQL engine stopped on a query, in words a user reads, from what it said (its last words).

Oxigraph 0.5 aborts the process (a Rust panic, "user-provided comparison function does not correctly implement
a total order") when ORDER BY sorts numbers together with texts whose lexical order disagrees with the numbers'
(e.g. 86, 173 and "33-projets": the engine compares numbers by value and a number with a text by their lexical
forms, which is no order). Any graph with counts and identifiers has such values, so the query is reported, with
the way round it, rather than avoided in the data. The child process of a user's query (isolated.py) and the
server's engines (server.py) both report it so.
"""

from __future__ import annotations

ORDER_BY_PANIC = "does not correctly implement a total order"
_ORDER_BY = ("the SPARQL engine (Oxigraph) stopped while sorting: ORDER BY over values that mix numbers and texts "
             "(or dates) is a known defect of Oxigraph 0.5, which compares a number with a text by their spelling. "
             "Sort on one kind of value: ORDER BY STR(?x), or keep the numbers only with FILTER(isNumeric(?x))")
_MEMORY = "add a LIMIT, or avoid patterns that multiply rows (a cartesian product)"
_MEMORY_SIGNS = ("memory allocation of", "MemoryError", "of memory", "Resource temporarily unavailable",
                 "Cannot allocate memory")


def explain(words: str, memory_mb: int) -> str:
    """The engine's last words (standard error, or the reason the supervisor killed it) as a message."""
    if ORDER_BY_PANIC in words:
        return _ORDER_BY
    # under the address-space limit, an engine may also fail to start a thread (EAGAIN from pthread_create,
    # « Resource temporarily unavailable ») or to map memory (ENOMEM): the same exhaustion, said otherwise
    if any(sign in words for sign in _MEMORY_SIGNS):
        return f"the query needed more than {memory_mb} MiB of memory and was stopped: {_MEMORY}"
    return f"the SPARQL engine stopped while answering this query: {words.strip()[:300]}"
