"""The package's stages go downhill: every module imports only its own stage and the stages below it
(issue 16), lazy imports inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "graph"
STAGES = ["<leaf>", "sources", "access", "build", "analysis", "views", "<top>"]
LEAVES = {"errors", "namespaces", "escape", "ontology", "queries"}


def stage(parts: list[str]) -> str:
    """The stage of graph.PARTS: a leaf module, a stage's sub-package, or the top (pipeline, serve, cli, bench)."""
    if parts and parts[0] in LEAVES:
        return "<leaf>"
    return parts[0] if parts and parts[0] in STAGES else "<top>"


def imported(path: Path) -> list[list[str]]:
    """The modules below graph that PATH imports, as parts after 'graph'."""
    package = list(path.relative_to(PACKAGE).parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            found += [base] if node.module else [base + [alias.name] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "graph":
            found.append(node.module.split(".")[1:])
        elif isinstance(node, ast.Import):
            found += [alias.name.split(".")[1:] for alias in node.names if alias.name.split(".")[0] == "graph"]
    return found


def test_every_import_goes_down():
    uphill = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        here = stage(parts if parts != ["__init__"] else [])
        for target in imported(path):
            if STAGES.index(stage(target)) > STAGES.index(here):
                uphill.append(f"{'/'.join(parts)} ({here}) imports graph.{'.'.join(target)} ({stage(target)})")
    assert not uphill, "\n".join(uphill)


def test_the_check_sees_the_imports():
    """The walk finds the imports it judges: the pipeline calls every stage, a view reads the access stage."""
    assert {stage(t) for t in imported(PACKAGE / "pipeline.py")} >= {"sources", "access", "build", "analysis", "views"}
    assert ["access", "names"] in imported(PACKAGE / "views" / "selection.py")


def test_no_top_level_benchmarks_package():
    """The benchmarks live in graph/bench, not in a site-packages folder named `benchmarks` that others use."""
    assert not (PACKAGE.parent / "benchmarks").exists()
    assert (PACKAGE / "bench" / "__main__.py").is_file()
