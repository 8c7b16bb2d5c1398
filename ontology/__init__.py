"""The factiongraph ontology, SHACL shapes and CAMEO table, shipped as package data."""
