"""The build pipeline: load -> validate (SHACL, quotes, sources, clashes) -> reason (HermiT) -> store ->
derive (materialised tables, search index), and the extra inputs loaded at scale."""
