"""The explorable page of a view: pyvis holds the network, our template makes it one self-contained
file, with vis-network inlined from the copy pyvis ships (pyvis's own template links CDNs)."""

from __future__ import annotations

import json
from importlib import metadata, resources

from rdflib import Graph

from ..analysis.networks import DEFAULT_EVIDENCE, EVIDENCE_RULES
from ..namespaces import FG
from ..sources.vocabulary import STATUSES, load_ontology
from .network_view import Centrality, Network, RULE_WORDS, label_of, read_measures
from .page_evidence import Evidence, read_timeline
from .styling import (EDGE_STYLE_OF, EDGE_STYLES, KIND_STYLES, OTHER_EDGE, faction_colours, scale_value, size_scale,
                      vis_edges, vis_nodes, vis_options)

TEXT_PAGE = "text.html"


# Every page carries <meta name="generator" content="factiongraph VERSION">: how render knows a page it may replace.
GENERATOR = "factiongraph "


GENERATOR_TAG = f'<meta name="generator" content="{GENERATOR}'.encode("utf-8")


SEE_MORE = ("To draw what is left out: `factiongraph render --focus NAME --depth 2` draws one entity's "
            "neighbourhood; `factiongraph render --max-nodes N` draws the N most central nodes.")


OPENING_MAX = 30


"""At most this many actors in the view the page opens on: at 1280x720 their labels stay legible."""


def read_opening(graph: Graph, network: Network) -> dict | None:
    """The actors the page opens on, chosen by a rule of the data rather than a list of names: every actor
    with at least k ties to other actors in the actors network read from the author's facts (its degree
    there), k the smallest that keeps at most OPENING_MAX. None when the view is that small already, or
    the graph holds no such measure."""
    drawn = {n.id for n in network.nodes}
    if len(drawn) <= OPENING_MAX:
        return None
    degrees = {entity: score for entity, rows in read_measures(graph, entities=drawn, method="degree").items()
               for name, _, score, _ in rows if name == "actors" and score > 0}
    least = next((k for k in sorted(set(degrees.values())) if sum(d >= k for d in degrees.values()) <= OPENING_MAX),
                 None)
    actors = sorted(e for e, d in degrees.items() if least is not None and d >= least)
    if len(actors) < 2:
        return None
    return {"rule": f"the {len(actors)} actors with at least {least:g} tie{'s' if least != 1 else ''} to other actors "
                    "in the author's facts (their degree in the actors network read from the facts)",
            "actors": actors}


def page_data(network: Network, evidence: Evidence, title: str, total: tuple[int, int],
              opening: dict | None = None) -> dict:
    """Everything the page's script needs besides the vis items, as plain JSON-ready data."""
    ids = {n.id for n in network.nodes}
    keys = sorted({k for n in network.nodes for k in evidence.about.get(n.id, ())}
                  | {k for link in network.links for k in link.statements})
    assertions = {k: evidence.assertions[k] for k in keys if k in evidence.assertions}
    referenced = {r.get(side) for r in assertions.values() for side in ("subject", "object")} | ids
    colours = faction_colours(network)
    return {
        "title": title,
        "textPage": TEXT_PAGE,
        "scope": network.scope,
        "focus": network.focus,
        "total": {"nodes": total[0], "edges": total[1]},
        "leftOut": [evidence.labels.get(i, i) for i in network.left_out],
        "leftOutEdges": network.left_out_links,
        "seeMore": SEE_MORE if network.left_out else "",
        "entities": {n.id: {"label": n.label, "type": n.type, "typeLabel": n.type_label, "kind": n.kind,
                            "aliases": list(n.aliases), "description": n.description, "cameo": n.cameo,
                            "factions": list(n.factions), "about": list(evidence.about.get(n.id, ())),
                            "measures": [list(m) for m in evidence.measures.get(n.id, ())]}
                     for n in network.nodes},
        "links": {link.id: {"subject": link.subject, "relation": link.relation, "object": link.object,
                            "statements": list(link.statements)} for link in network.links},
        "assertions": assertions,
        "notes": {k: evidence.notes[k] for k in sorted({n for r in assertions.values() for n in r["notes"]})},
        "slices": list(evidence.slices),
        "documents": {d: evidence.documents[d] for d in sorted({r["doc"] for r in assertions.values()})
                      if d in (evidence.documents or {})},
        "labels": {k: v for k, v in evidence.labels.items() if k in referenced},
        "conflicts": [c for c in evidence.conflicts if all(k in assertions for k in c["sides"])],
        "agreements": sorted({tuple(sorted([k, *g["others"]])) for k, r in assertions.items() for g in r["agreements"]
                              if all(o in assertions for o in g["others"])}),
        "timeline": read_timeline(evidence, network),
        "legend": {
            "kinds": [{"kind": k, "label": s.label, "shape": s.shape, "fill": s.fill, "border": s.border}
                      for k, s in KIND_STYLES.items() if any(n.kind == k for n in network.nodes)],
            "factions": [{"id": f, "label": evidence.labels.get(f, f), "colour": c} for f, c in colours.items()],
            "edges": [{"name": s.name, "label": s.label, "colour": s.colour, "dashes": list(s.dashes),
                       "width": s.width, "relations": [r for r in s.relations
                                                       if any(link.relation == r for link in network.links)]}
                      for s in (*EDGE_STYLES, OTHER_EDGE)
                      if any(EDGE_STYLE_OF.get(link.relation, OTHER_EDGE) is s for link in network.links)],
            "size": _size_legend(network.centrality, ids),
        },
        "rules": [{"name": rule, "words": RULE_WORDS[rule], "layers": sorted(EVIDENCE_RULES[rule]),
                   "size": _size_legend(centrality, ids),
                   "values": {i: scale_value(centrality.scores.get(i)) for i in sorted(ids)}}
                  for rule, centrality in (network.rule_centralities or {DEFAULT_EVIDENCE: network.centrality}).items()],
        "relationLabels": {link.relation: label_of(load_ontology(), FG[link.relation], FG) for link in network.links},
        "statuses": [s for s in STATUSES if any(r["status"] == s for r in assertions.values())],
        "opening": opening,
    }


def _size_legend(centrality: Centrality, ids: set[str]) -> dict:
    """What the legend says of node size under one measure: its name, sample sizes, the unmeasured nodes."""
    scores = centrality.scores
    drawn_size = size_scale([scores.get(i, 0.0) for i in sorted(ids)])
    return {"name": centrality.name,
            "unmeasured": {"count": sum(1 for i in ids if i not in scores), "size": drawn_size(None)},
            "samples": [{"score": s, "size": drawn_size(s)}
                        for s in _size_samples([scores[i] for i in sorted(ids) if i in scores])]}


def _size_samples(scores: list[float]) -> list[float]:
    values = sorted(scores)
    if not values:
        return []
    return sorted({values[0], values[len(values) // 2], values[-1]})


def explorer_environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("graph.views", "templates"), autoescape=select_autoescape(["html"]),
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    environment.globals["generator"] = f"{GENERATOR}{metadata.version('factiongraph')}"
    return environment


def vis_library() -> str:
    """vis-network as pyvis bundles it (the version its own templates use)."""
    return (resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")


def render_graph_page(network: Network, evidence: Evidence, title: str, total: tuple[int, int],
                      opening: dict | None = None) -> str:
    """The explorable page of a view: pyvis holds the network, our template makes it self-contained."""
    from pyvis.network import Network as PyvisNetwork

    net = PyvisNetwork(directed=True, cdn_resources="in_line")
    net.nodes = vis_nodes(network, evidence, faction_colours(network))
    net.edges = vis_edges(network, evidence)
    net.options = vis_options(len(net.nodes))
    nodes, edges, _, _, _, options = net.get_network_data()
    return explorer_environment().get_template("graph.html").render(
        title=title, nodes=nodes, edges=edges, options=json.loads(options),
        page=page_data(network, evidence, title, total, opening), vis_js=vis_library())

