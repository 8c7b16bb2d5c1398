"""``python -m graph.bench``: the same command as ``factiongraph bench``."""

from ..cli import bench

bench(prog_name="python -m graph.bench")
