"""The query layer: the library of .rq files (public in queries/, internal in query/reads/), parameters bound as
terms, results and their formats, the materialised tables and the read-through cache."""
