"""``python -m benchmarks``: the same command as ``factiongraph bench``."""

from graph.cli import bench

bench(prog_name="python -m benchmarks")
