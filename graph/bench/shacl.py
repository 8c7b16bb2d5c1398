"""SHACL validation time of both engines on one graph file: Oxigraph's SPARQL and pyshacl.

    python -m graph.bench.shacl GRAPH.nt [RUNS]

Loads the file into an Oxigraph store and into an rdflib graph, validates each RUNS times
(3 by default) against ontology/shapes.ttl, and prints the median wall and CPU time of each
engine with its number of violations. CPU time is the steadier figure on a shared machine.
A measurement to read, never a test: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..namespaces import bind_prefixes
from ..build.validate import validate_graph, validate_store


def measure(validate, data, runs: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of validate(data) over runs, and its number of violations."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        report = validate(data)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), len(report.violations)


def main(path: Path, runs: int) -> None:
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    print(f"{path}: {len(store)} triples; Oxigraph store loaded in {time.perf_counter() - started:.2f} s")
    rows = {"Oxigraph SPARQL (validate_store)": measure(validate_store, store, runs)}
    del store
    started = time.perf_counter()
    graph = bind_prefixes(Graph()).parse(path, format="nt")
    print(f"rdflib graph loaded in {time.perf_counter() - started:.2f} s")
    rows["pyshacl (validate_graph)"] = measure(validate_graph, graph, runs)
    print(f"median of {runs} runs:")
    for engine, (wall, cpu, violations) in rows.items():
        print(f"  {engine:34} {wall:8.3f} s wall {cpu:8.3f} s CPU   {violations} violations")


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m graph.bench.shacl", description=__doc__.split("\n\n")[0])
    parser.add_argument("graph", type=Path, help="an N-Triples file, such as output/graph.nt")
    parser.add_argument("runs", type=int, nargs="?", default=3, help="validations per engine (default 3)")
    arguments = parser.parse_args(argv)
    if not arguments.graph.is_file():
        parser.error(f"{arguments.graph} is not a file: build first (`factiongraph build`) or name a graph file")
    if arguments.runs < 1:
        parser.error("runs must be at least 1")
    return arguments


if __name__ == "__main__":
    arguments = parse_arguments()
    main(arguments.graph, arguments.runs)
