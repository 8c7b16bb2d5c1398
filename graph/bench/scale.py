"""How far one build goes: whole builds of large generated corpora, each in a fresh process.

For each size: a clean build (`run_build(..., clean=True)`), then a build after a one-row edit in one
document (the build cache's case), then the floor: pyoxigraph alone, in a fresh process, bulk-loading
the graph.nq the build wrote and writing the same five files (Turtle, N-Triples and JSON-LD of the
default graph, TriG and N-Quads of the dataset). Wall time and peak memory (the process's maximum
resident set, from wait4) are the whole process's, imports included. Nothing else of the build is
repeated stage by stage, so a size that takes 15 GB to build is measured with 15 GB.

    python -m graph.bench.scale floor GRAPH.nq OUT   (the floor's child process)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from ..access.database import CACHE_ENV
from .synthetic_corpus import generate_corpus

FLOOR_FILES = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.nt": ox.RdfFormat.N_TRIPLES,
               "graph.jsonld": ox.RdfFormat.JSON_LD, "graph.trig": ox.RdfFormat.TRIG, "graph.nq": ox.RdfFormat.N_QUADS}
BUILD = "from graph.pipeline import run_build; import sys; run_build(sys.argv[1], sys.argv[2], clean=True)"
EDIT_AND_BUILD = ("from graph.pipeline import run_build; from graph.bench.measure import edit_one_comment; "
                  "from pathlib import Path; import sys; cache = run_build(edit_one_comment(Path(sys.argv[1])), sys.argv[2]).cache; "
                  "print(len(cache.found), len(cache.used))")


def measure_scale(targets: tuple[int, ...], work: Path, seed: int, limit: float, echo=print) -> list[dict]:
    """The clean build, the edited rebuild and the floor of a generated corpus of each target size."""
    rows = []
    for target in targets:
        corpus, out, edited = work / f"scale-{target}", work / f"scale-{target}-out", work / f"scale-{target}-edited"
        manifest = generate_corpus(corpus, target, seed)
        echo(f"scale {target:,}: {manifest.documents} documents generated; building ...")
        environment = {**os.environ, CACHE_ENV: str(work / f"scale-{target}-cache")}
        row = {"target": target, "documents": manifest.documents,
               "build": run_measured([sys.executable, "-c", BUILD, str(corpus), str(out)], limit, environment)}
        if row["build"]["finished"]:
            row["triples"] = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["triples"]
            row["edit"] = run_measured([sys.executable, "-c", EDIT_AND_BUILD, str(corpus), str(edited)], limit,
                                       environment)
            if row["edit"]["finished"]:
                row["pieces reused"] = " of ".join(row["edit"]["output"].split())
            row["floor"] = run_measured([sys.executable, "-m", "graph.bench.scale", "floor", str(out / "graph.nq"),
                                         str(work / f"scale-{target}-floor")], limit, environment)
        rows.append(row)
        for folder in (corpus, out, edited, work / f"scale-{target}-floor", work / f"scale-{target}-cache"):
            shutil.rmtree(folder, ignore_errors=True)
    return rows


def run_measured(command: list[str], limit: float, environment: dict) -> dict:
    """Run command; its wall time and peak memory, stopped (killed) after limit seconds."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=output, stderr=errors, env=environment)
        stopper = threading.Timer(limit, child.kill)
        stopper.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            stopper.cancel()
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:] if child.returncode else []
        printed = output.read().decode("utf-8", "replace").strip()
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024, "finished": child.returncode == 0,
            "stopped_after": limit if child.returncode == -9 and seconds >= limit else None,
            "error": message[0] if message else None, "output": printed}


def write_floor(graph: Path, out: Path) -> None:
    """pyoxigraph alone: load the dataset, write the five files the build writes of it."""
    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.N_QUADS)
    out.mkdir(parents=True, exist_ok=True)
    for name, fmt in FLOOR_FILES.items():
        if fmt.supports_datasets:
            store.dump(str(out / name), format=fmt)
        else:
            store.dump(str(out / name), format=fmt, from_graph=ox.DefaultGraph())


if __name__ == "__main__":
    if sys.argv[1:2] == ["floor"] and len(sys.argv) == 4:
        write_floor(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(__doc__)
