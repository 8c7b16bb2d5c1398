"""factiongraph: turn an annotated political-science text into a cited, queryable knowledge graph.

The public functions load on first use, so `factiongraph query` does not pay for networkx,
matplotlib and the validation, which only the build needs.
"""

from importlib import import_module

_EXPORTS = {
    "Corpus": "sources.records",
    "load_corpus": "sources.corpus",
    "parse_date": "sources.dates",
    "build_graph": "build.triples",
    "look_up": "access.cite",
    "FactionGraphError": "errors",
    "Problem": "errors",
    "run_build": "pipeline",
    "run_query": "access.query",
    "select": "access.query",
    "anchor_quote": "sources.source",
    "parse_text": "sources.source",
    "validate_graph": "build.validate",
    "validate_store": "build.validate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
