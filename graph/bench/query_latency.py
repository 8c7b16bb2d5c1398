"""Latency of every competency query on a built graph: in this process, in a killable worker, over HTTP.

    python -m graph.bench.query_latency [BUILD_DIR] [RUNS]

Prints the median of RUNS runs (15 by default; a third of that for the worker modes) per query
and mode, and how long `factiongraph serve` takes to load the graph and answer. A measurement to
read, never a test: it asserts nothing about speed.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from ..access.competency import load_named_queries
from ..access.query import Endpoint, GraphFile, run_query
from ..serve import running_server


def median_milliseconds(queries, source, timeout: float | None, runs: int) -> dict[str, float]:
    """The median wall time of each query, in milliseconds."""
    medians = {}
    for named in queries:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            run_query(named.query, source, timeout)
            times.append(time.perf_counter() - started)
        medians[named.name] = statistics.median(times) * 1000
    return medians


def main(build_dir: Path, runs: int) -> None:
    queries = load_named_queries()
    local = GraphFile(build_dir / "graph.nt")
    started = time.perf_counter()
    run_query("ASK {}", local)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    with running_server(build_dir, port=0) as server:
        serving = time.perf_counter() - started
        remote = Endpoint(server.query_url)
        modes = {"in-process": median_milliseconds(queries, local, None, runs),
                 "worker": median_milliseconds(queries, local, 10, max(1, runs // 3)),
                 "HTTP": median_milliseconds(queries, remote, None, runs),
                 "HTTP+worker": median_milliseconds(queries, remote, 10, max(1, runs // 3))}
    print(f"graph: {build_dir / 'graph.nt'}; store loaded in {loaded * 1000:.0f} ms; "
          f"server loaded and answering in {serving * 1000:.0f} ms")
    print(f"{'query':36}" + "".join(f"{mode:>14}" for mode in modes))
    for named in queries:
        print(f"{named.name:36}" + "".join(f"{modes[mode][named.name]:>11.1f} ms" for mode in modes))
    print(f"{'median of the queries':36}" + "".join(f"{statistics.median(m.values()):>11.1f} ms" for m in modes.values()))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("output"), int(sys.argv[2]) if len(sys.argv) > 2 else 15)
