"""Explorable HTML, the I/O edge: read a built graph and its texts, draw a view, write the pages.

The graph page (graph_page.py) is one self-contained file whose data reaches the page as JSON and
is shown through DOM text nodes, never parsed as HTML; the text page beside it (text_page.py) shows
each document with its anchored claims marked. A page is written only where it loses no one's file.
"""

from __future__ import annotations

import hashlib
from contextlib import nullcontext
from dataclasses import dataclass
import os
import stat
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from ..access.database import built_graph, open_database
from ..errors import FactionGraphError, Problem
from ..namespaces import FG, FGDOC, SCHEMA
from ..build.output import locked, write_file
from ..build.store import rdflib_view
from .graph_page import GENERATOR_TAG, TEXT_PAGE, read_opening, render_graph_page
from .network_view import Network, local_id, read_network, text_or_blank
from .page_evidence import read_evidence
from .selection import find_focus, select_view
from .text_page import render_text_page

VIEWS = "views"


@dataclass(frozen=True)
class RenderResult:
    path: Path
    text_path: Path
    network: Network
    total_nodes: int
    total_links: int
    picked: str = ""
    """Which entity a part of the --focus name chose ('' when the name was exact)."""


def page_title(graph: Graph) -> str:
    titles = sorted(text_or_blank(graph.value(d, RDFS.label)) for d in graph.subjects(RDF.type, FG.Document))
    return "factiongraph: " + "; ".join(titles) if titles else "factiongraph"


def render_pages(graph: Graph, texts: dict[str, str]) -> dict[str, bytes]:
    """The build's pages: the graph (its PAGE_MAX_NODES most central nodes at most), and the text its quotes link to."""
    whole = read_network(graph)
    view = select_view(whole)
    html = render_graph_page(view, read_evidence(graph, view), page_title(graph), (len(whole.nodes), len(whole.links)),
                             read_opening(graph, view))
    return {"graph.html": html.encode("utf-8"), TEXT_PAGE: render_text_page(graph, texts).encode("utf-8")}


def load_graph(path: Path) -> Graph:
    """A built graph file's default graph (graph.nq or graph.nt; Turtle, TriG), from the database made of it,
    seen through rdflib's API."""
    return rdflib_view(open_database(Path(path)).store)


def load_texts(graph: Graph, corpus_dir: Path) -> dict[str, str]:
    """The text of each document of the graph from the corpus, checked against the graph's checksum."""
    texts, problems = {}, []
    for doc in sorted(graph.subjects(RDF.type, FG.Document)):
        text_node = graph.value(doc, FG.hasText)
        url = Path(text_or_blank(graph.value(text_node, SCHEMA.contentUrl)))
        path = Path(corpus_dir) / url.parent.name / url.name
        if not path.is_file():
            problems.append(Problem(path, "the document's text is missing", "pass --corpus with the corpus folder"))
            continue
        text = path.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != text_or_blank(graph.value(text_node, SCHEMA.sha256)):
            problems.append(Problem(path, "the text differs from the one the graph was built from",
                                    "rebuild the graph with `factiongraph build`"))
            continue
        texts[local_id(doc, FGDOC)] = text
    if problems:
        raise FactionGraphError(problems)
    return texts


def default_out(build_dir: Path, focus_id: str | None, depth: int, max_nodes: int | None) -> Path:
    """output/views/graph.html for the whole graph; a name saying which view otherwise.

    Views go into views/, which the build carries over into each new output.
    """
    name = "graph"
    if focus_id:
        name += f"-{focus_id}-depth-{depth}"
    if max_nodes:
        name += f"-top-{max_nodes}"
    return Path(build_dir) / VIEWS / f"{name}.html"


def is_our_page(path: Path) -> bool:
    """True if the file at path is a page factiongraph wrote (its generator tag is near the top)."""
    with open(path, "rb") as handle:
        return GENERATOR_TAG in handle.read(4096)


def check_page_targets(out: Path, force: bool = False) -> None:
    """Refuse to write the view into out, or the text page beside it, where that would lose someone's file.

    Both must be .html names of regular files (or not exist yet); an existing file that
    factiongraph did not write is replaced only with force.
    """
    problems = []
    if out.suffix.lower() != ".html":
        problems.append(Problem(out, "the view is an HTML page, and this name does not end in .html",
                                "pass --out with a name ending in .html, such as views/khatami.html"))
    elif out.name == TEXT_PAGE:
        problems.append(Problem(out, f"{TEXT_PAGE} is the text page the view's quotes open, written beside it",
                                f"pass --out with another name; {TEXT_PAGE} goes into the same folder"))
    for target in dict.fromkeys((out, out.parent / TEXT_PAGE)):
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            continue
        except OSError as err:
            problems.append(Problem(target, f"cannot look at this path: {err.strerror}", "pass --out with another page"))
            continue
        if not stat.S_ISREG(mode):
            kind = "a link" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            problems.append(Problem(target, f"render writes only regular files, and this is {kind}",
                                    "pass --out with a page in another folder"))
        elif not force and not _readable_page(target):
            problems.append(Problem(target, "the file exists and factiongraph did not write it",
                                    "pass --out with a new name, or --force to replace it"))
    if problems:
        raise FactionGraphError(problems)


def _readable_page(path: Path) -> bool:
    try:
        return is_our_page(path)
    except OSError:
        return False


def render_view(build_dir: Path, corpus_dir: Path, out: Path | None = None, focus: str | None = None,
                depth: int = 1, max_nodes: int | None = None, force: bool = False) -> RenderResult:
    """Read the built graph, draw the chosen view into `out` and write text.html beside it.

    By default the page goes into the build folder's views/, which later builds keep; a page
    inside the build folder is written under its lock, so a build swapping it meanwhile keeps it.
    """
    if focus is not None and not focus.strip():
        raise FactionGraphError(Problem("--focus", "the name is empty",
                                        "give an entity's id, label or alias, or leave --focus out for the whole graph"))
    graph = load_graph(built_graph(build_dir))
    texts = load_texts(graph, corpus_dir)
    whole = read_network(graph)
    entity = find_focus(graph.oxigraph, whole, focus) if focus else None
    focus_id = entity.id if entity else None
    out = Path(out) if out else default_out(build_dir, focus_id, depth, max_nodes)
    check_page_targets(out, force)
    view = select_view(whole, focus_id, depth, max_nodes)
    html = render_graph_page(view, read_evidence(graph, view), page_title(graph), (len(whole.nodes), len(whole.links)),
                             None if focus_id else read_opening(graph, view))
    text_path = out.parent / TEXT_PAGE
    build = Path(build_dir).resolve()
    try:
        with locked(build) if build in out.resolve().parents else nullcontext():
            out.parent.mkdir(parents=True, exist_ok=True)
            write_file(out, html.encode("utf-8"))
            write_file(text_path, render_text_page(graph, texts).encode("utf-8"))
    except OSError as err:
        raise FactionGraphError(Problem(err.filename or out, f"cannot write the page: {err.strerror or err}",
                                        "check the folder's permissions and the free space")) from err
    return RenderResult(out, text_path, view, len(whole.nodes), len(whole.links), entity.picked if entity else "")

