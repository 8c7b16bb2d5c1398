"""The whole analysis: every network under an evidence rule, measured, with its camps, balance and brokers.

The families live in their own modules (networks, centrality, camps, balance, brokers); this one
composes them into the values the report, the exports and the graph's measurements read.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from rdflib import Graph

from .balance import Balance, measure_balance, signed_pairs
from .brokers import Broker, find_brokers
from .camps import CampComparison, compare_camps, detect_camps, name_camps, positive_network
from .centrality import BETWEENNESS_EXACT_MAX_NODES, METHODS, Ranked, measure_network, rank_scores
from .networks import (ALL, DEFAULT_EVIDENCE, DEFAULT_SLICES, EVIDENCE_RULES, Node, Tie, TimeSlice, actor_ties,
                       admitted_ties, build_actor_event_network, build_actor_network, declared_factions,
                       project_co_participation, read_nodes, read_relation_labels, read_ties)


@dataclass(frozen=True)
class NetworkAnalysis:
    """One network (in one time slice) and its measures."""

    name: str
    time_slice: str
    network: nx.Graph
    scores: dict[str, dict[str, float]]
    betweenness_sampled: bool
    evidence: str

    def ranking(self, method: str) -> list[Ranked]:
        groups = dict(self.network.nodes(data="kind")) if self.name == "actor-event" else None
        return rank_scores(self.scores[method], groups)


@dataclass(frozen=True)
class Reading:
    """The actor network of the whole period read under one evidence rule: its measures, camps and balance."""

    evidence: str
    ties: tuple[Tie, ...]
    """The statements relating two actors that the rule admits."""
    measured: NetworkAnalysis
    factions: dict[str, tuple[str, ...]]
    """The factions each actor is declared in by the fg:inFaction statements the rule admits."""
    camps: tuple[frozenset[str], ...]
    camp_names: tuple[str, ...]
    balance: Balance


@dataclass(frozen=True)
class Analysis:
    """Everything the report, the exports and the graph's fg:Measurement resources need."""

    nodes: dict[str, Node]
    ties: tuple[Tie, ...]
    relation_labels: dict[str, str]
    factions: dict[str, tuple[str, ...]]
    slices: tuple[TimeSlice, ...]
    networks: tuple[NetworkAnalysis, ...]
    camps: tuple[frozenset[str], ...]
    comparison: CampComparison
    balance: dict[str, Balance]
    pairs: dict[str, dict[tuple[str, str], int]]
    camp_names: tuple[str, ...]
    brokers: tuple[Broker, ...]
    undated: tuple[Tie, ...]
    evidence: str
    readings: tuple[Reading, ...]
    """The actor network of the whole period under every evidence rule, this analysis's own included."""

    def reading(self, evidence: str) -> Reading:
        return next(r for r in self.readings if r.evidence == evidence)

    @property
    def brokers_sampled(self) -> bool:
        """Whether find_brokers measured the added steps from sampled camp members (see its docstring)."""
        return sum(len(camp) for camp in self.camps) > BETWEENNESS_EXACT_MAX_NODES

    def network(self, name: str, time_slice: str = ALL) -> NetworkAnalysis:
        return next(n for n in self.networks if n.name == name and n.time_slice == time_slice)


def analyze_network(network: nx.Graph, evidence: str = DEFAULT_EVIDENCE) -> NetworkAnalysis:
    scores, sampled = measure_network(network, METHODS[network.graph["name"]])
    return NetworkAnalysis(network.graph["name"], network.graph["time_slice"], network, scores, sampled, evidence)


def read_under_rule(ties: list[Tie], nodes: dict[str, Node], evidence: str) -> Reading:
    """The actor network of the whole period from the ties the rule admits, measured, with its camps and balance."""
    admitted = admitted_ties(ties, evidence)
    factions = declared_factions(admitted, nodes)
    network = build_actor_network(admitted, nodes, factions)
    positive = positive_network(network)
    camps = detect_camps(positive)
    return Reading(evidence, tuple(actor_ties(admitted, nodes)), analyze_network(network, evidence), factions,
                   tuple(camps), name_camps(positive, camps, nodes), measure_balance(signed_pairs(network)))


@dataclass(frozen=True)
class AnalysisInputs:
    """All the analysis reads of the graph: everything it makes is a function of these (and of the
    time slices and evidence rule), so a build may keep what it made for the same inputs."""

    nodes: dict[str, Node]
    ties: tuple[Tie, ...]
    """Every tie, whatever its layer: each evidence rule admits its own."""
    relation_labels: dict[str, str]


def read_analysis_inputs(graph: Graph, evidence: str = DEFAULT_EVIDENCE) -> AnalysisInputs:
    """The actors and events (dated under the evidence rule), every tie between them, the relations' labels
    (in order of their names: the graph gives them in no stable order, and the inputs name a cached piece)."""
    nodes = read_nodes(graph, evidence)
    return AnalysisInputs(nodes, tuple(read_ties(graph, nodes)), dict(sorted(read_relation_labels(graph).items())))


def analyze_graph(graph: Graph, slices: tuple[TimeSlice, ...] = DEFAULT_SLICES,
                  evidence: str = DEFAULT_EVIDENCE) -> Analysis:
    """analyze_inputs of what the analysis reads of graph."""
    return analyze_inputs(read_analysis_inputs(graph, evidence), slices, evidence)


def analyze_inputs(inputs: AnalysisInputs, slices: tuple[TimeSlice, ...] = DEFAULT_SLICES,
                   evidence: str = DEFAULT_EVIDENCE) -> Analysis:
    """Build every network from the statements the evidence rule admits and measure it: centrality
    per network and time slice, camps against declared factions, structural balance, brokers; and
    the actor network of the whole period under every other rule, to show what rests on weak evidence."""
    nodes, every_tie = inputs.nodes, list(inputs.ties)
    ties = admitted_ties(every_tie, evidence)
    factions = declared_factions(ties, nodes)
    actors = build_actor_network(ties, nodes, factions)
    actor_event = build_actor_event_network(ties, nodes, factions)
    networks = [analyze_network(actors, evidence), analyze_network(actor_event, evidence),
                analyze_network(project_co_participation(actor_event), evidence)]
    networks += [analyze_network(build_actor_network(ties, nodes, factions, s), evidence) for s in slices]
    positive = positive_network(actors)
    camps = detect_camps(positive)
    camp_names = name_camps(positive, camps, nodes)
    pairs = {n.time_slice: signed_pairs(n.network) for n in networks if n.name == "actors"}
    balance = {name: measure_balance(p) for name, p in pairs.items()}
    own = Reading(evidence, tuple(actor_ties(ties, nodes)), networks[0], factions, tuple(camps), camp_names,
                  balance[ALL])
    return Analysis(
        nodes=nodes, ties=tuple(ties), relation_labels=inputs.relation_labels, factions=factions,
        slices=tuple(slices), networks=tuple(networks), camps=tuple(camps),
        comparison=compare_camps(positive, camps, factions), camp_names=camp_names,
        balance=balance, pairs=pairs,
        brokers=tuple(find_brokers(actors, camps, networks[0].scores["betweenness"])),
        undated=tuple(t for t in actor_ties(ties, nodes) if t.earliest is None), evidence=evidence,
        readings=tuple(own if rule == evidence else read_under_rule(every_tie, nodes, rule) for rule in EVIDENCE_RULES))
