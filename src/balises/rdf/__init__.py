"""RDF and SPARQL text, below everything: namespaces, term escaping, the SPARQL-JSON codec, text folding, checks
on terms and on query text."""
