"""Benchmarks: seeded synthetic corpora in the project's input format, and every build stage timed.

``python -m graph.bench`` (or ``factiongraph bench``) writes BENCHMARKS.md; see graph/bench/run.py.
"""
