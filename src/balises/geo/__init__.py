"""Geography: the official geography of France (INSEE's COG, reference.py; names.py finds a unit by name or code;
links.py links the graph's territories to it), coordinates from GeoNames, distances."""
