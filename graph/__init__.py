"""factiongraph: turn an annotated political-science text into a cited, queryable knowledge graph.

The public functions load on first use, so `factiongraph query` does not pay for networkx,
matplotlib and the validation, which only the build needs.
"""

from importlib import import_module

_EXPORTS = {
    "Corpus": "annotations",
    "load_corpus": "annotations",
    "parse_date": "annotations",
    "build_graph": "build",
    "look_up": "cite",
    "FactionGraphError": "errors",
    "Problem": "errors",
    "run_build": "pipeline",
    "run_query": "query",
    "select": "query",
    "anchor_quote": "source",
    "parse_text": "source",
    "validate_graph": "validate",
    "validate_store": "validate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
