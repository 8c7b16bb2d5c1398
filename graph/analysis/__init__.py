"""The analysis of a built graph: its networks and their measures (centrality, factions, time slices), the
rankings, the figures, and the text's events coded in PLOVER."""
