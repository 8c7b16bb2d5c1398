"""Benchmarks: seeded synthetic corpora in the project's input format, and every build stage timed.

``python -m benchmarks`` (or ``factiongraph bench``) writes BENCHMARKS.md; see benchmarks/run.py.
"""
