"""Data that is markup, a formula or a control character stays data in every file the project writes.

The injected corpus (tests/data/injected over tests/data/mini) puts HTML, Markdown, matplotlib
math and spreadsheet formulas into labels, a description, a quote, a comment and the document's
title. Each file of its build must parse as what it claims to be; the Markdown files and the
Markdown of `cite` and `query` must render (by pandoc) without any element from the data and
show the data as its own characters; the CSV files must not start a text cell with a formula.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess
import tomllib
import unicodedata
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graph.sources.corpus import load_corpus
from graph.cli import main
from graph.access.competency import NamedQuery
from graph.escape import markdown_text
from graph.pipeline import build_outputs, run_build
from graph.access.prepare import prepare_query
from graph.access.query import QueryResult, execute
from graph.views.results import render_queries_page
from support import DATA

INJECTED = DATA / "injected"


def _entity_labels() -> dict[str, str]:
    with open(INJECTED / "entities.csv", encoding="utf-8", newline="") as handle:
        return {row["id"]: row["label"] for row in csv.DictReader(handle)}


LABELS = _entity_labels()
IMG, FORMULA, MATH = LABELS["reformists"], LABELS["formula-man"], LABELS["math-man"]
TITLE = tomllib.loads((INJECTED / "note" / "document.toml").read_text(encoding="utf-8"))["title"]
QUOTE = "He wrote <b onclick=alert(4)>no</b> there."
FIGURES = {"figures/actor-camps.svg", "figures/actor-slices.svg"}


@pytest.fixture(scope="module")
def injected_corpus(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("injected") / "corpus"
    shutil.copytree(DATA / "mini", target)
    shutil.copytree(INJECTED, target, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="module")
def injected_build(injected_corpus) -> Path:
    out = injected_corpus.parent / "output"
    run_build(injected_corpus, out)
    return out


# --- every file parses --------------------------------------------------------------------------

class StrictHTML(HTMLParser):
    """html.parser, keeping the start tags it met."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text: str) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(text)
    parser.close()
    return parser


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))


PARSERS = {
    ".gexf": ElementTree.fromstring, ".graphml": ElementTree.fromstring, ".svg": ElementTree.fromstring,
    ".json": json.loads, ".cyjs": json.loads, ".jsonld": json.loads,
    ".jsonl": lambda data: [json.loads(line) for line in data.decode("utf-8").splitlines()],
    ".trig": lambda data: list(ox.parse(data, format=ox.RdfFormat.TRIG)),
    ".nq": lambda data: list(ox.parse(data, format=ox.RdfFormat.N_QUADS)),
    ".ttl": lambda data: list(ox.parse(data, format=ox.RdfFormat.TURTLE)),
    ".nt": lambda data: list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)),
    ".html": lambda data: parse_html(data.decode("utf-8")),
    ".csv": read_csv,
    ".md": lambda data: data.decode("utf-8"),
    "": lambda data: data.decode("utf-8"),  # the .factiongraph-output stamp, plain text
}


def assert_every_file_parses(files: dict[str, bytes]) -> None:
    assert {Path(name).suffix for name in files} <= set(PARSERS), "a new kind of output file needs a parser here"
    for name, data in sorted(files.items()):
        try:
            PARSERS[Path(name).suffix](data)
        except Exception as err:  # noqa: BLE001 - the message names the file that failed
            pytest.fail(f"{name} does not parse: {err}")


def test_every_output_file_of_the_injected_build_parses(injected_build):
    files = {str(p.relative_to(injected_build)): p.read_bytes() for p in injected_build.rglob("*") if p.is_file()}
    assert len(files) > 20
    assert_every_file_parses(files)


CONTROL = "\x00\x01\x08\x0b\x0c\x1b\x7f\ufffe"


@pytest.mark.filterwarnings("ignore:Glyph 127")  # DEL is valid XML; matplotlib only has no glyph for it
def test_xml_files_stay_valid_whatever_characters_a_label_brings(injected_corpus):
    """The tables refuse control characters, but the writers must not depend on that."""
    corpus = load_corpus(injected_corpus)
    broken = {key: dataclasses.replace(entity, label=f"{entity.label} --{CONTROL}-- <&>")
              for key, entity in corpus.entities.items()}
    files, _, _ = build_outputs(dataclasses.replace(corpus, entities=broken))
    assert_every_file_parses(files)
    leader = "The Leader --\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\x7f\ufffd-- <&>"
    graphml = ElementTree.fromstring(files["networks/actors.graphml"])
    assert leader in {data.text for data in graphml.iter("{http://graphml.graphdrawing.org/xmlns}data")}
    svg = ElementTree.fromstring(files["figures/actor-slices.svg"])
    assert any(leader in "".join(text.itertext()) for text in svg.iter("{http://www.w3.org/2000/svg}text"))


# --- CSV: no text cell a spreadsheet would run ---------------------------------------------------

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _csv_files(build: Path) -> dict[str, list[dict]]:
    found = {}
    for path in sorted(build.rglob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            found[str(path.relative_to(build))] = list(csv.DictReader(handle))
    return found


def test_csv_text_cells_never_start_a_formula_and_numbers_stay_numbers(injected_build):
    tables = _csv_files(injected_build)
    assert {"centrality.csv", "networks/actors-nodes.csv", "networks/actors-edges.csv"} <= set(tables)
    for name, rows in tables.items():
        for row in rows:
            for column, cell in row.items():
                if cell.startswith(TRIGGERS):
                    float(cell)  # only a number may start with a sign
    nodes = {row["id"]: row for row in tables["networks/actors-nodes.csv"]}
    assert nodes["formula-man"]["label"] == "'" + FORMULA
    assert nodes["math-man"]["label"] == MATH
    centrality = [row for row in tables["centrality.csv"] if row["id"] == "formula-man"]
    assert centrality and {row["label"] for row in centrality} == {"'" + FORMULA}
    # "the Math Man opposed him": an opposition, sign -1, which must stay the number -1
    edges = tables["networks/actors-edges.csv"]
    assert [row["sign"] for row in edges if (row["source"], row["target"]) == ("math-man", "formula-man")] == ["-1"]


# --- Markdown: rendered by pandoc, nothing from the data becomes an element ----------------------

def render_with_pandoc(pandoc: str, markdown: str, flavour: str) -> StrictHTML:
    done = subprocess.run([pandoc, "--from", flavour, "--to", "html"], input=markdown, capture_output=True,
                          text=True, timeout=60, check=True)
    return parse_html(done.stdout)


FLAVOURS = ("gfm", "markdown-smart")
"""GitHub's Markdown, and pandoc's own (without `smart`, which turns straight quotes into curly ones)."""


def assert_inert_and_faithful(pandoc: str, name: str, markdown: str, shown: tuple[str, ...]) -> None:
    for flavour in FLAVOURS:
        page = render_with_pandoc(pandoc, markdown, flavour)
        for tag, attrs in page.tags:
            assert tag not in {"script", "svg", "b", "iframe", "object", "embed", "style"}, (name, flavour, tag)
            assert tag != "img" or attrs.get("src") in FIGURES, (name, flavour, attrs)
            assert not [a for a in attrs if a.startswith("on")], (name, flavour, tag, attrs)
            assert "javascript:" not in attrs.get("href", ""), (name, flavour, attrs)
        text = " ".join("".join(page.text).split())
        for value in shown:
            assert " ".join(value.split()) in text, (name, flavour, value)


REPORTS = {
    "analysis.md": (IMG, FORMULA, MATH),
    "build-report.md": (TITLE,),
    "coverage.md": (TITLE,),
    "queries.md": (IMG, "“total” — or so the reformists said"),  # who the text relies on: the reformists
}


@pytest.mark.pandoc
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_markdown_reports_render_data_as_text(pandoc, injected_build, name):
    markdown = (injected_build / name).read_text(encoding="utf-8")
    assert_inert_and_faithful(pandoc, name, markdown, REPORTS[name])


@pytest.mark.pandoc
@pytest.mark.parametrize("arguments, shown", [
    (["cite", "Formula Man"], (FORMULA, MATH, "@SUM(1+1) -2+3")),
    (["cite", "reformists"], (IMG, QUOTE)),
    (["cite", "Math Man"], (MATH, "- not a list <script>alert(12)</script>")),
    (["cite", "--paragraph", "2"], (FORMULA, MATH)),
    (["query", "SELECT ?label WHERE { ?e a fg:Person ; rdfs:label ?label } ORDER BY ?label"], (FORMULA, MATH)),
    (["query", "SELECT ?t WHERE { ?d a fg:Document ; dcterms:title ?t }"], (TITLE,)),
    (["query", "CONSTRUCT { ?e rdfs:label ?label } WHERE { ?e a fg:Faction ; rdfs:label ?label }"], (IMG,)),
])
def test_markdown_of_cite_and_query_renders_data_as_text(pandoc, injected_build, arguments, shown):
    result = CliRunner().invoke(main, [*arguments, "--build", str(injected_build), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert_inert_and_faithful(pandoc, " ".join(arguments), result.output, shown)


@pytest.mark.pandoc
def test_a_query_with_backticks_stays_inside_its_code_block(pandoc):
    text = 'SELECT ?x WHERE {\n  BIND("""\n```\n<script>alert(13)</script>""" AS ?x)\n}'
    query = prepare_query(text)
    named = NamedQuery("ticks", "Ticks <b>bold</b>", "A comment with ``` and <script>alert(14)</script>", query)
    page = render_queries_page([(named, QueryResult("select", execute(ox.Store(), query)))]).decode("utf-8")
    for flavour in FLAVOURS:
        rendered = render_with_pandoc(pandoc, page, flavour)
        assert not [tag for tag, _ in rendered.tags if tag in {"script", "b"}], flavour
        assert text in "".join(rendered.text), flavour
        assert "``` <script>alert(13)</script>" in "".join(rendered.text)  # the answer's one cell, on one line


class Cells(HTMLParser):
    """The text of each list item and table cell of a page, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells: list[list[str]] = []
        self.tags: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("li", "td"):
            self.cells.append([])
            self.inside = True

    def handle_endtag(self, tag):
        if tag in ("li", "td"):
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.cells[-1].append(data)


def _nfc(text: str) -> str:
    """pandoc's GitHub reader normalises text to NFC, its own reader does not."""
    return unicodedata.normalize("NFC", text)


TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30)
AWKWARD = st.sampled_from(["<script>", "<img src=x onerror=a()>", "[a](javascript:b)", "*", "_", "`", "|", "\\",
                           "&lt;", "&#60;", "- ", "1. ", "a) ", "(@) ", "# ", "> ", "---", "$x$", "~~", "^2^",
                           "http://x.org/?a&b", "www.x.org", ":smile:", "[^1]", "{.x}", "<!--", "\\(", " "])
VALUES = st.lists(st.lists(st.one_of(TEXT, AWKWARD), min_size=1, max_size=5).map("".join), min_size=1, max_size=20)


@pytest.mark.pandoc
@settings(max_examples=20, deadline=None)
@given(values=VALUES)
@example(values=["_@0"])  # an at sign after an underscore still starts a pandoc citation
def test_any_text_renders_as_itself_in_a_list_and_a_table(pandoc, values):
    markdown = "\n".join(f"- {markdown_text(v)}" for v in values) + "\n\n| value |\n|---|\n"
    markdown += "".join(f"| {markdown_text(v)} |\n" for v in values)
    for flavour in FLAVOURS:
        done = subprocess.run([pandoc, "--from", flavour, "--to", "html"], input=markdown, capture_output=True,
                              text=True, timeout=60, check=True)
        page = Cells()
        page.feed(done.stdout)
        page.close()
        assert set(page.tags) <= {"ul", "li", "p", "table", "thead", "tbody", "tr", "th", "td", "colgroup", "col"}, flavour
        shown = [" ".join(_nfc("".join(cell)).split()) for cell in page.cells]
        assert shown == [" ".join(_nfc(v).split()) for v in values] * 2, flavour
