"""factiongraph: turn an annotated political-science text into a cited, queryable knowledge graph."""

from .annotations import Corpus, load_corpus, parse_date
from .build import build_graph
from .errors import FactionGraphError, Problem
from .pipeline import run_build
from .source import anchor_quote, parse_text
from .validate import validate_graph

__all__ = [
    "Corpus",
    "FactionGraphError",
    "Problem",
    "anchor_quote",
    "build_graph",
    "load_corpus",
    "parse_date",
    "parse_text",
    "run_build",
    "validate_graph",
]
