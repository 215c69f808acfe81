"""Catalog: what the graph holds, for the views: labels in French and English, counts per class and graph."""
