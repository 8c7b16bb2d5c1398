"""The build: the sources made into triples (streamed into an Oxigraph store), the claims checked against each
other (conflicts, corroboration), the store validated with SHACL, serialised and written to the output folder."""
