"""Access to a graph: SPARQL queries on a store, a built graph file or an endpoint, the named competency
queries, citations and mentions looked up in the graph, and the on-disk database made of a built graph.
The build's own checks (conflicts, corroboration) and the views read through it."""
