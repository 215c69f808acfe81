"""Analysis stage: the cooperation network (networkx) and analogous cases, computed from the store."""
