"""The competency queries (*.rq), shipped with the package so `factiongraph query NAME` finds them."""
