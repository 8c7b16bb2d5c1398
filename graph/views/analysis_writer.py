"""What every section of analysis.md shares: the Writer's lookups (labels, camps, relations, ties,
time slice titles) and the wording of lists, counts and shares."""

from __future__ import annotations

import networkx as nx

from ..analysis.analyze import Analysis, NetworkAnalysis
from ..analysis.networks import ALL, simple_graph
from ..escape import markdown_text

TOP = 10
"""How many rows a ranking or broker table lists."""


def format_list(items: list[str]) -> str:
    """'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def format_count(number: int, noun: str) -> str:
    """'1 actor', '3 actors'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def format_share(share: float) -> str:
    return f"{share:.0%}"


class Writer:
    """The lookups every section of analysis.md needs, made once from an Analysis.

    Labels, camp names, relation names and titles come from the data, so the methods that give
    them (label, camp, relation, title) return them escaped for Markdown (graph.escape), ready for
    a sentence or a table cell; `name` gives a raw label, to sort by.
    """

    def __init__(self, analysis: Analysis):
        self.a = analysis
        self.camp_of = {actor: i for i, camp in enumerate(analysis.camps) for actor in camp}
        self._simple: dict[tuple[str, str], nx.Graph] = {}

    def simple(self, measured: NetworkAnalysis) -> nx.Graph:
        """The network's simple graph, made once for every row and section that reads it."""
        key = (measured.name, measured.time_slice)
        if key not in self._simple:
            self._simple[key] = simple_graph(measured.network)
        return self._simple[key]

    def name(self, entity: str) -> str:
        return self.a.nodes[entity].label

    def label(self, entity: str) -> str:
        return markdown_text(self.name(entity))

    def labels(self, entities) -> str:
        return format_list([self.label(e) for e in entities])

    def camp(self, index: int) -> str:
        return markdown_text(self.a.camp_names[index])

    def relation(self, relation: str) -> str:
        return markdown_text(self.a.relation_labels.get(relation, relation))

    def tie(self, subject: str, relation: str, obj: str) -> str:
        return f"{self.label(subject)} *{self.relation(relation)}* {self.label(obj)}"

    def title(self, name: str) -> str:
        if name == ALL:
            return "whole period"
        return markdown_text(next(s.title for s in self.a.slices if s.name == name))
