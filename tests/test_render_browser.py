"""The explorable page in a real headless Chromium, opened from disk as a reader would open it.

Every visit records all requests (anything but a file: URL fails the test, and is blocked) and
every console error, page error and dialog. Expected answers come from the article or from SPARQL.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import ARTICLE, DATA, add_document, copy_article_corpus

from graph.sources.corpus import load_corpus
from graph.build.triples import build_graph
from graph.pipeline import run_build
from graph.views.render import render_pages

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
INJECTED = "<img src=x onerror=alert(1)>"
SCREEN = {"width": 1280, "height": 720}
"""A laptop's screen: what the opening view, the filters and the timeline are checked (and looked at) on."""


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped where it is missing, except under CI."""
    missing = None
    if not CHROMIUM.exists():
        missing = f"no Chromium at {CHROMIUM}: install it with `apt-get install chromium` (as .ci/run does)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "Playwright is not installed: pip install -e '.[test]'"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """An open page and everything it asked for or complained about."""

    page: object
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def assert_offline_and_quiet(self):
        assert [url for url in self.requests if not url.startswith("file://")] == []
        assert self.problems == []

    def evaluate(self, script: str, argument=None):
        return self.page.evaluate(script, argument)


@pytest.fixture
def visit(browser):
    """Open a page from disk, wait until the network has settled, and close it afterwards.

    A page that opens on a few actors (its opening view) is switched to the whole graph first, as most
    tests look at the whole; opening=True keeps the view the page opens on.
    """
    contexts = []

    def open_page(path: Path, viewport: dict | None = None, opening: bool = False) -> Visit:
        context = browser.new_context(viewport=viewport or {"width": 1600, "height": 1000})
        contexts.append(context)
        opened = Visit(context.new_page())

        def record(route):
            opened.requests.append(route.request.url)
            route.continue_() if route.request.url.startswith("file://") else route.abort()

        context.route("**/*", record)
        context.on("page", lambda page: watch(page, opened))
        watch(opened.page, opened)
        opened.page.goto(path.as_uri())
        opened.page.wait_for_function("window.factiongraph && window.factiongraph.ready", timeout=60_000)
        if not opening and opened.evaluate("window.factiongraph.filters.opening === true"):
            opened.page.click("#show-whole")
        return opened

    yield open_page
    for context in contexts:
        context.close()


def watch(page, opened: Visit) -> None:
    page.on("console", lambda message: message.type == "error" and opened.problems.append(message.text))
    page.on("pageerror", lambda error: opened.problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (opened.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))


def click_node(opened: Visit, node_id: str) -> None:
    """Centre the node, then click it with the mouse where it is drawn."""
    point = opened.evaluate("""id => {
        const network = factiongraph.network;
        network.focus(id, {scale: 1.5, animation: false});
        return network.canvasToDOM(network.getPositions([id])[id]);
    }""", node_id)
    box = opened.page.locator("#network canvas").bounding_box()
    opened.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def hidden(opened: Visit, dataset: str) -> set[str]:
    return set(opened.evaluate(f"factiongraph.{dataset}.get({{filter: item => item.hidden}}).map(item => item.id)"))


def ids(rows) -> set[str]:
    return {str(row[0]).rsplit("/", 1)[-1] for row in rows}


def test_the_page_holds_every_node_and_edge_of_the_graph(visit, built, graph):
    opened = visit(built / "graph.html")
    entities = int(next(iter(graph.query("""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e a ?class . ?class rdfs:subClassOf* fg:Entity . FILTER(STRSTARTS(STR(?e), STR(fgd:))) }""")))[0])
    # every relation a statement asserts, whatever its evidence layer: the status filter hides the weak ones
    relations = int(next(iter(graph.query("""SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
        ?statement a fg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        ?p rdfs:subPropertyOf+ fg:assertedRelation . FILTER(isIRI(?o)) } }""")))[0])
    counts = opened.evaluate("[factiongraph.nodes.length, factiongraph.edges.length]")
    assert counts == [entities, relations]
    assert hidden(opened, "nodes") == set() and hidden(opened, "edges") == set()
    opened.page.screenshot(path=str(built / "graph.png"))
    assert (built / "graph.png").stat().st_size > 20_000
    opened.assert_offline_and_quiet()


def test_clicking_a_node_shows_its_statements_with_quotes_and_footnotes(visit, built):
    opened = visit(built / "graph.html")
    click_node(opened, "governors-ultimatum")
    assert opened.evaluate("factiongraph.network.getSelectedNodes()") == ["governors-ultimatum"]
    panel = opened.page.locator("#panel")
    assert panel.locator("h2").inner_text() == "Provincial governors’ ultimatum to the Guardian Council"
    # "... if the decision were not retracted within ten days, they would resign en masse, ... [5]"
    statement = panel.locator("li.assertion", has_text="they would resign en masse").first
    assert "if the decision were not retracted within ten days, they would resign en masse" \
        in statement.locator("blockquote").inner_text()
    assert "Note [5]: Sharq, January 15, 2004." in statement.inner_text()
    assert "¶ 7" in statement.inner_text() and "stated by the author" in statement.inner_text()
    opened.assert_offline_and_quiet()


def test_the_address_carries_the_selection_and_brings_it_back(visit, built):
    opened = visit(built / "graph.html")
    click_node(opened, "governors-ultimatum")
    assert opened.evaluate("window.location.hash") == "#governors-ultimatum"
    opened.page.goto("about:blank")  # a fresh load, not a hash change on the open page
    opened.page.goto((built / "graph.html").as_uri() + "#guardian-council")
    opened.page.wait_for_function("window.factiongraph && window.factiongraph.ready", timeout=60_000)
    assert opened.evaluate("factiongraph.network.getSelectedNodes()") == ["guardian-council"]
    assert opened.page.locator("#panel h2").inner_text() == "Guardian Council"
    opened.page.click("#reset")
    assert opened.evaluate("window.location.hash") == ""
    opened.assert_offline_and_quiet()


def neighbours(opened: Visit, node_id: str) -> set[str]:
    """The node and every node one link away, read from the page's data rather than from vis-network."""
    links = opened.evaluate("Object.values(factiongraph.page.links)")
    return {node_id} | {link["object"] for link in links if link["subject"] == node_id} \
        | {link["subject"] for link in links if link["object"] == node_id}


def test_a_selected_node_puts_its_statements_first_dims_the_rest_and_focuses_its_neighbourhood(visit, built):
    opened = visit(built / "graph.html")
    click_node(opened, "guardian-council")
    panel = opened.page.locator("#panel")
    headings = panel.locator("h3, summary").all_inner_texts()
    assert headings[0].startswith("Statements") and headings[-1].startswith("Network measures")
    near = neighbours(opened, "guardian-council")
    faded = set(opened.evaluate("factiongraph.nodes.get({filter: n => n.opacity === 0.2}).map(n => n.id)"))
    assert faded == set(opened.evaluate("factiongraph.nodes.getIds()")) - near
    opened.page.click("#show-around")
    assert hidden(opened, "nodes") == set(opened.evaluate("factiongraph.nodes.getIds()")) - near
    opened.page.click("#show-everything")
    assert hidden(opened, "nodes") == set()
    opened.assert_offline_and_quiet()


def test_narrowing_the_time_leaves_out_undated_statements_until_asked(visit, built):
    opened = visit(built / "graph.html")
    assert opened.page.is_checked("#time-undated")
    opened.page.select_option("#time-slice", "before-2004-01-11")
    assert not opened.page.is_checked("#time-undated")
    narrowed = hidden(opened, "nodes")
    opened.page.check("#time-undated")
    assert hidden(opened, "nodes") < narrowed
    opened.page.select_option("#time-slice", "")
    assert opened.page.is_checked("#time-undated") and hidden(opened, "nodes") == set()
    opened.assert_offline_and_quiet()


def test_a_quote_opens_the_article_with_the_passage_highlighted(visit, built):
    opened = visit(built / "graph.html")
    click_node(opened, "governors-ultimatum")
    statement = opened.page.locator("#panel li.assertion", has_text="they would resign en masse").first
    link = statement.locator("blockquote a")
    with opened.page.context.expect_page() as new_page:
        link.click()
    text_page = new_page.value
    text_page.wait_for_selector("mark")
    assert "".join(text_page.locator("mark").all_inner_texts()) == \
        "if the decision were not retracted within ten days, they would resign en masse"
    assert "paragraph 7" in text_page.locator("#target").inner_text()
    opened.assert_offline_and_quiet()


def test_the_text_page_marks_every_anchored_claim_and_a_click_lists_them(browser, built, graph):
    anchored = len(graph.query("""SELECT DISTINCT ?a WHERE { ?a fg:inDocument ?doc ; fg:anchor/oa:hasTarget/oa:hasSelector ?s .
        ?s a oa:TextPositionSelector }"""))
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto((built / "text.html").as_uri())
    assert page.evaluate("window.factiongraphText.marked") >= anchored > 500
    # "... if the decision were not retracted within ten days, they would resign en masse" (paragraph 7)
    point = page.evaluate("""() => { const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (w.nextNode()) { const i = w.currentNode.textContent.indexOf("they would resign en masse");
          if (i >= 0) { w.currentNode.parentElement.scrollIntoView({block: "center"});
            const r = document.createRange(); r.setStart(w.currentNode, i + 5); r.setEnd(w.currentNode, i + 6);
            const box = r.getBoundingClientRect(); return {x: box.x + 1, y: box.y + box.height / 2}; } } }""")
    page.mouse.click(point["x"], point["y"])
    listed = page.inner_text("#claims")
    assert "Provincial governors threatens Guardian Council" in listed and "stated by the author" in listed
    [threat] = [a for a in page.evaluate("JSON.parse(document.getElementById('annotations').textContent)")["saghafi-2004"]
                if a["claim"] == "Provincial governors threatens Guardian Council"]
    link = f"graph.html#statement={threat['id']}"
    assert link in page.eval_on_selector_all("#claims a", "a => a.map(x => x.getAttribute('href'))")
    page.screenshot(path=str(built / "text-claims.png"))
    # a claim opens the graph with that claim selected: the edge it is drawn on, the claim marked in the panel
    page.locator(f'#claims a[href="{link}"]').click()
    page.wait_for_function("window.factiongraph && window.factiongraph.ready", timeout=60_000)
    assert page.evaluate("factiongraph.network.getSelectedEdges()") == ["provincial-governors threatens guardian-council"]
    chosen = page.locator("#panel li.assertion.chosen")
    assert chosen.get_attribute("data-key") == threat["id"] and "they would resign en masse" in chosen.inner_text()
    assert page.evaluate("location.hash") == f"#statement={threat['id']}"
    page.screenshot(path=str(built / "graph-statement.png"))
    context.close()


def test_a_statement_in_the_address_selects_what_it_is_drawn_on(visit, built):
    opened = visit(built / "graph.html")
    page = opened.evaluate("factiongraph.page")
    figure = next(k for k, a in page["assertions"].items() if a["kind"] == "figure" and a["claim"].startswith("turnout in Iran"))
    about = sorted(e for e, entity in page["entities"].items() if figure in entity["about"])
    assert about == ["election-2004-majles", "iran"]
    opened.page.goto("about:blank")
    opened.page.goto((built / "graph.html").as_uri() + f"#statement={figure}")
    opened.page.wait_for_function("window.factiongraph && window.factiongraph.ready", timeout=60_000)
    # a figure is drawn on no edge: the first node it is about (as the text page links it), selected, the
    # figure marked among its key figures
    assert opened.evaluate("factiongraph.network.getSelectedNodes()") == ["election-2004-majles"]
    assert opened.page.locator("#panel li.assertion.chosen").get_attribute("data-key") == figure
    opened.assert_offline_and_quiet()


STATUS_STYLE = """name => { const style = getComputedStyle(document.body, `::highlight(${name})`);
    return [style.textDecorationLine, style.textDecorationStyle, style.textDecorationColor, style.backgroundColor]; }"""


def test_the_text_page_shows_each_passage_s_status_with_a_legend(browser, built):
    text = (ARTICLE / "text.txt").read_text("utf-8")
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    page.goto((built / "text.html").as_uri())
    annotations = page.evaluate("JSON.parse(document.getElementById('annotations').textContent)")["saghafi-2004"]
    styles = {}
    for words, snippet in (("rumour", "rumors have circulated at election time"),
                           ("stated by the author", "The striking deputies, in any case, rejected the deal")):
        at = text.index(snippet) + 5
        assert {a["status"] for a in annotations if a["start"] <= at < a["end"]} == {words}
        # the highlights over that point of the text
        names = page.evaluate("""snippet => { const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (w.nextNode()) { const i = w.currentNode.textContent.indexOf(snippet);
              if (i >= 0) return [...CSS.highlights.entries()].filter(([, h]) => [...h].some(r =>
                r.isPointInRange(w.currentNode, i + 5))).map(([name]) => name); } }""", snippet)
        assert len(names) == 1
        styles[words] = page.evaluate(STATUS_STYLE, names[0])
        # the legend names the status and shows it in the same style
        key = page.locator(f'#legend [data-status="{words}"]')
        assert key.inner_text() == words
        assert key.evaluate("""key => { const style = getComputedStyle(key);
            return [style.textDecorationLine, style.textDecorationStyle, style.textDecorationColor, style.backgroundColor]; }""") \
            == styles[words]
    rumour, stated = styles["rumour"], styles["stated by the author"]
    assert rumour[1] != stated[1] and rumour[2] != stated[2]  # not only the colour: the line differs too
    assert "most hedged" in page.inner_text("#legend")
    page.screenshot(path=str(built / "text-statuses.png"))
    context.close()


def in_view(page, selector: str) -> bool:
    return page.evaluate("""s => { const box = document.querySelector(s).getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight; }""", selector)


def test_the_text_page_links_footnote_markers_and_notes_both_ways(browser, built):
    text = (ARTICLE / "text.txt").read_text("utf-8")
    quote = "if the decision were not retracted within ten days, they would resign en masse"
    start = text.index(quote)
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto((built / "text.html").as_uri() + f"#doc=saghafi-2004&start={start}&end={start + len(quote)}")
    article = 'article[data-doc="saghafi-2004"]'
    # The header speaks of the passage; the offsets are there for whoever hovers.
    target = page.locator("#target")
    assert target.inner_text() == "Highlighted passage in paragraph 7 of “The New Landscape of Iranian Politics”"
    assert target.get_attribute("title").startswith(f"Characters {start}–{start + len(quote)} of the text")
    assert "".join(page.locator("mark").all_inner_texts()) == quote
    # The article's 17 notes, each cited once in the body; "[Persian]" in notes 13 and 14 is no marker.
    markers = page.locator(f"{article} a.marker")
    assert markers.all_inner_texts() == [f"[{n}]" for n in range(1, 18)]
    assert page.locator(f"{article} a.note-number").all_inner_texts() == [f"[{n}]" for n in range(1, 18)]
    assert page.locator(f"{article} a", has_text="Persian").count() == 0
    # "... they would resign en masse, effectively nixing any chance that elections could be held. [5]"
    marker = page.locator("#marker-saghafi-2004-5")
    assert marker.get_attribute("title") == "Note 5: Sharq, January 15, 2004."
    assert page.locator("#marker-saghafi-2004-4").get_attribute("title") == \
        "Note 4: Ibid. (= note 3: Sharq, January 12, 2004.)"
    hash_before = page.evaluate("location.hash")
    marker.click()
    assert in_view(page, "#note-saghafi-2004-5") and not in_view(page, "#marker-saghafi-2004-5")
    assert page.evaluate("location.hash") == hash_before and page.locator("mark").count() > 0
    page.click("#note-saghafi-2004-5")
    assert in_view(page, "#marker-saghafi-2004-5") and not in_view(page, "#note-saghafi-2004-5")
    # the links add no character: every block's text is still the text at its offsets
    blocks = page.eval_on_selector_all(f"{article} [data-start]", "bs => bs.map(b => [Number(b.dataset.start), b.textContent])")
    assert blocks and all(text[at:at + len(content)] == content for at, content in blocks)
    assert problems == []
    context.close()


def test_clicking_an_edge_shows_the_statements_behind_it(visit, built):
    opened = visit(built / "graph.html")
    edge = "mohammad-reza-khatami leads participation-front"
    opened.page.click('button[data-group="relations"][data-set="none"]')
    opened.page.check('input[data-filter="relations"][value="leads"]')
    assert hidden(opened, "edges") == set(opened.evaluate(
        "factiongraph.edges.get({filter: e => !e.id.includes(' leads ')}).map(e => e.id)"))
    # a point of the edge that no node covers (a node drawn across the edge would take the click)
    point = opened.evaluate("""id => {
        const network = factiongraph.network, edge = factiongraph.edges.get(id);
        network.fit({nodes: [edge.from, edge.to], animation: false});
        return [0.5, 0.4, 0.6, 0.3, 0.7].map(t => network.canvasToDOM(network.body.edges[id].edgeType.getPoint(t)))
            .find(p => network.getNodeAt(p) === undefined && network.getEdgeAt(p) === id);
    }""", edge)
    box = opened.page.locator("#network canvas").bounding_box()
    opened.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert opened.evaluate("factiongraph.network.getSelectedEdges()") == [edge]
    # "the Participation Front, led by the president’s brother Mohammad Reza Khatami"
    panel = opened.page.locator("#panel").inner_text()
    assert "Statements behind it" in panel and "led by the president’s brother Mohammad Reza Khatami" in panel
    opened.assert_offline_and_quiet()


def test_searching_an_alias_focuses_the_entity(visit, built):
    opened = visit(built / "graph.html")
    opened.page.fill("#search", "the Guardians")
    assert opened.page.locator("#results button").first.get_attribute("data-entity") == "guardian-council"
    opened.page.press("#search", "Enter")
    assert opened.evaluate("factiongraph.network.getSelectedNodes()") == ["guardian-council"]
    assert opened.page.locator("#panel h2").inner_text() == "Guardian Council"
    opened.assert_offline_and_quiet()


@pytest.mark.parametrize("spelling, entity", [("Karrubi", "mehdi-karroubi"), ("Khamene'i", "ali-khamenei")])
def test_search_finds_another_transliteration_as_a_guess(visit, built, spelling, entity):
    opened = visit(built / "graph.html")
    opened.page.fill("#search", spelling)
    first = opened.page.locator("#results button").first
    assert first.get_attribute("data-entity") == entity and "close to" in first.inner_text()
    opened.page.fill("#search", "Zzyzx")
    assert opened.page.locator("#results button").count() == 0
    opened.assert_offline_and_quiet()


def test_hiding_rumours_hides_what_rests_only_on_rumour(visit, built, graph):
    opened = visit(built / "graph.html")
    opened.page.uncheck('input[data-filter="statuses"][value="rumour"]')
    only_rumour_entities = ids(graph.query("""SELECT ?e WHERE { ?a fg:statementOf ?e ; fg:status ?status }
        GROUP BY ?e HAVING (MIN(IF(?status = fg:Rumour, 1, 0)) = 1)"""))
    only_rumour_edges = {" ".join(str(t).rsplit("/", 1)[-1].rsplit("#", 1)[-1] for t in row) for row in graph.query("""
        SELECT ?s ?p ?o WHERE {
            ?st a fg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; fg:status ?status .
            ?p rdfs:subPropertyOf+ fg:assertedRelation . }
        GROUP BY ?s ?p ?o HAVING (MIN(IF(?status = fg:Rumour, 1, 0)) = 1)""")}
    # "the vague rumors about a secretive center of power poised to punish anyone ..."
    assert "secretive-center-of-power" in only_rumour_entities
    assert "rumoured-ration-coupon-denial hasTarget non-voters" in only_rumour_edges
    assert hidden(opened, "edges") == only_rumour_edges
    # a node left without a visible edge goes too: no node floats alone once a filter is set
    shown_edges = set(opened.evaluate("factiongraph.edges.getIds()")) - only_rumour_edges
    ends = {end for edge in shown_edges for end in (edge.split(" ")[0], edge.split(" ")[-1])}
    assert only_rumour_entities <= hidden(opened, "nodes")
    assert hidden(opened, "nodes") == set(opened.evaluate("factiongraph.nodes.getIds()")) - ends
    opened.page.click("#reset")
    assert hidden(opened, "nodes") == set() and hidden(opened, "edges") == set()
    opened.assert_offline_and_quiet()


def shown(opened: Visit, dataset: str) -> set[str]:
    return set(opened.evaluate(f"factiongraph.{dataset}.getIds()")) - hidden(opened, dataset)


def drawn_inside(opened: Visit) -> bool:
    """Whether every shown node is drawn within the network's canvas: the view was fitted to them."""
    return opened.evaluate("""() => { const f = factiongraph, canvas = f.network.canvas.frame.canvas;
        const ids = f.nodes.getIds({filter: n => !n.hidden}), at = f.network.getPositions(ids);
        return ids.every(id => { const p = f.network.canvasToDOM(at[id]);
            return p.x >= 0 && p.y >= 0 && p.x <= canvas.clientWidth && p.y <= canvas.clientHeight; }); }""")


def test_a_filter_leaves_no_node_without_a_visible_edge_and_fits_the_view(visit, built, graph):
    opened = visit(built / "graph.html", SCREEN)
    opened.page.click('button[data-group="statuses"][data-set="none"]')
    opened.page.check('input[data-filter="statuses"][value="rumour"]')
    opened.page.wait_for_timeout(500)  # the fit's animation
    rumoured = {" ".join(str(t).rsplit("/", 1)[-1].rsplit("#", 1)[-1] for t in row) for row in graph.query("""
        SELECT DISTINCT ?s ?p ?o WHERE { ?st a fg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
            fg:status fg:Rumour . ?p rdfs:subPropertyOf+ fg:assertedRelation . }""")}
    # "... whether permission to travel abroad or access to food ration coupons has been denied ..." (note 12)
    assert "rumoured-ration-coupon-denial hasTarget non-voters" in rumoured
    assert shown(opened, "edges") == rumoured
    assert shown(opened, "nodes") == {end for edge in rumoured for end in (edge.split(" ")[0], edge.split(" ")[-1])}
    assert drawn_inside(opened)
    opened.page.screenshot(path=str(built / "rumour-only.png"))
    opened.assert_offline_and_quiet()


def test_the_left_panel_counts_what_the_filters_show(visit, built):
    """The panel's count follows the filters, as the header's does: never "the whole graph" once some is hidden."""
    opened = visit(built / "graph.html", SCREEN)
    scope = opened.page.locator("#scope-count")
    total_nodes, total_edges = opened.evaluate("[factiongraph.nodes.length, factiongraph.edges.length]")
    assert scope.inner_text() == f"Showing the whole graph: {total_nodes} nodes and {total_edges} edges."
    opened.page.click('button[data-group="statuses"][data-set="none"]')
    opened.page.check('input[data-filter="statuses"][value="rumour"]')
    # the article's rumours: 12 relations (ration coupons, travel abroad, university applications, the
    # secretive centre of power, coercive surveillance ...) between 10 entities
    assert scope.inner_text() == (f"Showing 10 of {total_nodes} nodes and 12 of {total_edges} edges of the whole graph: "
                                  "the filters leave out the rest.")
    assert opened.page.locator("#counts").inner_text() == f"10 of {total_nodes} nodes · 12 of {total_edges} edges shown"
    opened.page.click("#reset")
    assert scope.inner_text() == f"Showing the whole graph: {total_nodes} nodes and {total_edges} edges."
    opened.evaluate("location.hash = '#guardian-council'")
    opened.page.click("#show-around")
    assert scope.inner_text().endswith("of the whole graph: only the neighbourhood of Guardian Council.")
    assert not scope.inner_text().startswith(f"Showing {total_nodes} of")
    opened.assert_offline_and_quiet()


def test_the_time_slice_and_type_filters(visit, built):
    opened = visit(built / "graph.html")
    opened.page.select_option("#time-slice", "before-2004-01-11")
    # The sit-in began on 12 January 2004; the revolution was in 1979, but every relation of it is
    # undated, so it comes back only with the undated statements.
    assert {"majles-sit-in-2004", "islamic-revolution"} <= hidden(opened, "nodes")
    opened.page.check("#time-undated")
    gone = hidden(opened, "nodes")
    assert "majles-sit-in-2004" in gone and "islamic-revolution" not in gone
    opened.page.click("#reset")
    opened.page.uncheck('input[data-filter="types"][value="Sanction"]')
    assert {"rumoured-ration-coupon-denial", "rumoured-travel-ban-for-non-voters"} <= hidden(opened, "nodes")
    assert "guardian-council" not in hidden(opened, "nodes")
    opened.assert_offline_and_quiet()


def test_the_timeline_leads_to_the_event(visit, built):
    opened = visit(built / "graph.html")
    opened.page.locator('#timeline-axis .event[data-entity="disqualifications-2004"]').last.click()
    assert opened.evaluate("factiongraph.network.getSelectedNodes()") == ["disqualifications-2004"]
    assert "11 Jan 2004 (day)" in opened.page.locator("#panel").inner_text()
    opened.assert_offline_and_quiet()


def timeline_cards(opened: Visit, kind: str) -> list[tuple[str, str]]:
    """(entity, date) of each date drawn on the timeline's axis ("dated"; an item in the enlarged part as
    well as in the whole period counts once), or of each undated event listed beside it ("undated")."""
    if kind == "undated":
        return [tuple(row) for row in opened.evaluate("""() => [...document.querySelectorAll("#undated li")]
            .filter(li => getComputedStyle(li).display !== "none")
            .map(li => [li.dataset.entity, li.querySelector(".when").textContent])""")]
    rows = opened.evaluate("""() => [...document.querySelectorAll("#timeline-axis .event")]
        .map(g => [g.dataset.entity, g.dataset.dates])""")
    return sorted(dict.fromkeys((entity, when) for entity, dates in rows for when in dates.split("|")))


def test_the_timeline_follows_the_filters_and_sets_undated_events_aside(visit, built):
    opened = visit(built / "graph.html", SCREEN)
    dated = timeline_cards(opened, "dated")
    # "the 1906-1911 Constitutional Revolution"; "the Majles elections of February 20, 2004"
    assert ("constitutional-revolution", "1906") in dated and ("election-2004-majles", "20 Feb 2004") in dated
    undated = dict(timeline_cards(opened, "undated"))
    # "the Iran-Iraq war", "the US interventions in Afghanistan and Iraq": the text gives them no date
    assert {"iran-iraq-war", "us-intervention-afghanistan", "us-intervention-iraq"} <= set(undated)
    assert set(undated.values()) == {"no date"} and not set(undated) & {entity for entity, _ in dated}
    assert opened.page.locator("#undated-heading").text_content().startswith("Undated events")
    opened.page.select_option("#time-slice", "before-2004-01-11")
    opened.page.check("#time-undated")
    narrowed = timeline_cards(opened, "dated")
    # "the Pahlavi dynasty (1926-1979)"; "the 2004 Majles elections" are past the slice
    assert {("pahlavi-dynasty", "1926"), ("pahlavi-dynasty", "1979")} <= set(narrowed)
    assert all(not when.startswith(("12 Jan 2004", "Feb 2004", "20 Feb 2004")) for _, when in narrowed)
    assert f"{len(narrowed)} of {len(dated)} dates shown" in opened.page.locator("#timeline-strip h2").inner_text()
    # "the reformist moment of 1997-2004" stays drawn from 11 January to 20 February 2004: its end
    # ("conservatives recaptured two thirds of the parliament in February 2004") shows, its 1997 start not
    opened.page.select_option("#time-slice", "2004-01-11-to-2004-02-20")
    opened.page.check("#time-undated")
    assert not opened.evaluate("factiongraph.nodes.get('reformist-moment').hidden")
    moment = [when for entity, when in timeline_cards(opened, "dated") if entity == "reformist-moment"]
    assert "Feb 2004" in moment and "1997" not in moment
    opened.page.click("#reset")
    assert timeline_cards(opened, "dated") == dated
    # the article's rumours give no date: rumour only leaves no dated card, and the rumoured sanctions aside
    opened.page.click('button[data-group="statuses"][data-set="none"]')
    opened.page.check('input[data-filter="statuses"][value="rumour"]')
    assert timeline_cards(opened, "dated") == []
    assert opened.page.locator("#timeline-none").is_visible()
    assert {"rumoured-ration-coupon-denial", "rumoured-travel-ban-for-non-voters",
            "rumoured-university-application-rejection"} <= {entity for entity, _ in timeline_cards(opened, "undated")}
    assert "iran-iraq-war" not in {entity for entity, _ in timeline_cards(opened, "undated")}
    opened.page.screenshot(path=str(built / "timeline-rumours.png"))
    opened.assert_offline_and_quiet()


def band_start(opened: Visit, entity: str, part: int = 0) -> float:
    """Where the first band of an entity's timeline item begins, in the axis's pixels."""
    return opened.evaluate("""([entity, part]) => Number(document.querySelectorAll(
        `#timeline-axis .event[data-entity="${entity}"]`)[part].querySelector("rect").getAttribute("x"))""", [entity, part])


def test_the_timeline_is_a_scaled_axis_broken_where_the_dates_crowd(visit, built):
    opened = visit(built / "graph.html", SCREEN)
    parts = opened.page.locator("#timeline-axis .part").all_text_contents()
    # the article's dates run from "the 1906-1911 Constitutional Revolution" to 2004, most in January-February 2004
    assert parts[0] == "1 Jan 1906 – 31 Dec 2004, in years"
    assert parts[1].startswith("// the shaded part enlarged: ") and parts[1].endswith("in days, on a scale of its own")
    # linear in time: 1906, 1926 (the Pahlavi dynasty) and 1979 (the Islamic Republic) at their distances
    x1906, x1926, x1979 = (band_start(opened, e) for e in ("constitutional-revolution", "pahlavi-dynasty", "islamic-republic"))
    assert abs((x1926 - x1906) / (x1979 - x1906) - 20 / 73) < 0.01
    # a date known to the year is a band a year wide; the Pahlavi dynasty a bar from 1926 to 1979
    revolution = opened.page.locator('#timeline-axis .event[data-entity="constitutional-revolution"] rect.imprecise').first
    assert abs(float(revolution.get_attribute("width")) - (x1979 - x1906) / 73) < 1
    assert opened.page.locator('#timeline-axis .event[data-entity="pahlavi-dynasty"] rect.bar').count() == 1
    # "the Islamic Republic" since 1979: the text gives no end, and the axis says so
    republic = opened.page.locator('#timeline-axis .event[data-entity="islamic-republic"]').first
    assert republic.locator("polygon.open").count() == 1 and "no end given" in republic.locator(".what").text_content()
    # "the Majles elections of February 20, 2004": a day, drawn as a point in the enlarged part
    assert opened.page.locator('#timeline-axis .event[data-entity="election-2004-majles"] polygon.day').count() == 1
    opened.page.screenshot(path=str(built / "timeline-axis.png"))
    # the time slice narrows the axis: one part, in days, the dynasty gone
    opened.page.select_option("#time-slice", "2004-01-11-to-2004-02-20")
    assert opened.page.locator("#timeline-axis .part").all_text_contents() == ["11 Jan 2004 – 20 Feb 2004, in days"]
    assert opened.page.locator('#timeline-axis .event[data-entity="pahlavi-dynasty"]').count() == 0
    assert opened.page.locator('#timeline-axis .event[data-entity="disqualifications-2004"] polygon.day').count() == 1
    # the reformist moment (1997-2004), drawn with the undated statements, runs in from before the slice:
    # clipped at the slice's edge with a chevron
    opened.page.check("#time-undated")
    moment = opened.page.locator('#timeline-axis .event[data-entity="reformist-moment"]')
    assert moment.locator("text.clip").first.text_content() == "‹"
    opened.page.screenshot(path=str(built / "timeline-slice.png"))
    opened.assert_offline_and_quiet()


def axis_end(opened: Visit) -> list[float]:
    """Where the timeline's axis ends, and where the box it is drawn in leaves room for it to end."""
    return opened.evaluate("""() => [Math.max(...[...document.querySelectorAll("#timeline-axis line.axis")]
        .map(line => Number(line.getAttribute("x2")))), document.getElementById("timeline-axis").clientWidth - 24]""")


def test_the_timeline_is_drawn_again_to_the_new_width_of_the_window(visit, built):
    opened = visit(built / "graph.html", SCREEN)
    wide, room = axis_end(opened)
    assert wide == room
    opened.page.set_viewport_size({"width": 1000, "height": 720})
    opened.page.wait_for_function(f"""() => Math.max(...[...document.querySelectorAll("#timeline-axis line.axis")]
        .map(line => Number(line.getAttribute("x2")))) !== {wide}""", timeout=5_000)
    narrow, room = axis_end(opened)
    assert narrow == room < wide - 200
    opened.page.screenshot(path=str(built / "timeline-1000.png"))
    opened.assert_offline_and_quiet()


def tick_labels(opened: Visit) -> dict[str, dict]:
    """Each tick label of the timeline's axis, numbered, with the box it is drawn in."""
    return opened.evaluate("""() => Object.fromEntries([...document.querySelectorAll("#timeline-axis text.tick-label")]
        .map((text, i) => { const box = text.getBoundingClientRect();
          return [`${i} ${text.textContent}`, {left: box.left, right: box.right, top: box.top, bottom: box.bottom}]; }))""")


def test_no_two_tick_labels_of_the_timeline_meet(visit, built):
    opening = visit(built / "graph.html", SCREEN, opening=True)
    # the opening's one date, Jan-Dec 1979: "Jan 1980" would sit on "Dec 1979" at the axis's end
    labels = tick_labels(opening)
    assert [name.split(" ", 1)[1] for name in labels][-1] == "Dec 1979" and overlapping(labels) == []
    opening.assert_offline_and_quiet()
    whole = visit(built / "graph.html", SCREEN)
    assert len(tick_labels(whole)) >= 8 and overlapping(tick_labels(whole)) == []
    whole.page.select_option("#time-slice", "2004-01-11-to-2004-02-20")
    assert len(tick_labels(whole)) >= 4 and overlapping(tick_labels(whole)) == []
    whole.page.set_viewport_size({"width": 900, "height": 720})
    whole.page.select_option("#time-slice", "")
    assert overlapping(tick_labels(whole)) == []
    whole.assert_offline_and_quiet()


def test_the_layout_is_the_same_every_time(visit, built):
    first = visit(built / "graph.html").evaluate("factiongraph.network.getPositions()")
    second = visit(built / "graph.html").evaluate("factiongraph.network.getPositions()")
    assert first == second


def overlapping(boxes: dict[str, dict]) -> list[tuple[str, str]]:
    """The pairs of boxes (left, right, top, bottom) that share any area."""
    names = sorted(boxes)
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
            if boxes[a]["left"] < boxes[b]["right"] and boxes[b]["left"] < boxes[a]["right"]
            and boxes[a]["top"] < boxes[b]["bottom"] and boxes[b]["top"] < boxes[a]["bottom"]]


def test_the_opening_view_draws_no_label_over_another_and_the_same_every_time(visit, built):
    positions = []
    for _ in range(2):
        opened = visit(built / "graph.html", viewport=SCREEN, opening=True)
        boxes = opened.evaluate("""() => { const network = factiongraph.network;
            network.redraw();
            return Object.fromEntries(factiongraph.nodes.get().filter(n => !n.hidden)
              .map(n => [n.id, network.getBoundingBox(n.id)])); }""")
        assert len(boxes) >= 10 and overlapping(boxes) == []
        positions.append(opened.evaluate("factiongraph.network.getPositions()"))
        opened.assert_offline_and_quiet()
    assert positions[0] == positions[1]


@pytest.fixture(scope="module")
def injected_page(tmp_path_factory):
    """The mini corpus with markup in a label, an alias, a description and a quote (tests/data/injected)."""
    root = tmp_path_factory.mktemp("injected")
    corpus_dir = root / "corpus"
    shutil.copytree(DATA / "mini", corpus_dir)
    shutil.copytree(DATA / "injected", corpus_dir, dirs_exist_ok=True)
    corpus = load_corpus(corpus_dir)
    out = root / "output"
    out.mkdir()
    for name, data in render_pages(build_graph(corpus), {d.id: d.source.text for d in corpus.documents}).items():
        (out / name).write_bytes(data)
    return out / "graph.html"


def test_an_injected_label_stays_text(visit, injected_page):
    opened = visit(injected_page)
    page = opened.page
    point = opened.evaluate("""id => factiongraph.network.canvasToDOM(factiongraph.network.getPositions([id])[id])""",
                            "reformists")
    box = page.locator("#network canvas").bounding_box()
    page.mouse.move(box["x"] + point["x"] - 40, box["y"] + point["y"] - 40)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=8)
    page.wait_for_selector("div.vis-tooltip", state="visible")
    assert page.locator("div.vis-tooltip").inner_text().startswith(INJECTED)
    page.fill("#search", "<img")
    assert page.locator("#results button").first.inner_text().startswith(INJECTED)
    page.press("#search", "Enter")
    assert page.locator("#panel h2").inner_text() == INJECTED
    assert "<svg onload=alert(2)>" in page.locator("#panel").inner_text()
    assert "<script>alert(3)</script>" in page.locator("#panel").inner_text()
    assert INJECTED in page.locator("#legend").inner_text() and INJECTED in page.locator("#filters").inner_text()
    assert page.evaluate("document.querySelectorAll('img, b, svg:not([aria-hidden]):not(.axis-svg):not(.lanes-svg), [onerror], [onload], [onclick]')"
                         ".length") == 0
    link = page.locator("#panel li.assertion", has_text="He wrote").locator("blockquote a")
    with page.context.expect_page() as new_page:
        link.click()
    new_page.value.wait_for_selector("mark")
    assert new_page.value.locator("mark").inner_text() == "He wrote <b onclick=alert(4)>no</b> there."
    assert new_page.value.evaluate("document.querySelectorAll('b').length") == 0
    opened.assert_offline_and_quiet()


def test_a_capped_page_says_what_it_left_out_and_how_to_see_more(visit, built, tmp_path):
    from click.testing import CliRunner
    from support import CORPUS

    from graph.cli import main

    out = tmp_path / "top.html"
    result = CliRunner().invoke(main, ["render", "--build", str(built), "--corpus", str(CORPUS),
                                       "--max-nodes", "40", "--out", str(out)])
    assert result.exit_code == 0, result.output
    opened = visit(out)
    assert opened.evaluate("factiongraph.nodes.length") == 40
    notice = opened.page.locator("#see-more")
    assert notice.is_visible()
    assert "factiongraph render --focus NAME --depth 2" in notice.inner_text()
    assert "--max-nodes N" in notice.inner_text()
    assert "left out (listed above)" in opened.page.locator("#legend").inner_text()
    opened.page.click("#scope summary")
    assert opened.page.locator("#scope li").count() == opened.evaluate("factiongraph.page.total.nodes") - 40
    opened.assert_offline_and_quiet()


def node_fill(opened: Visit, node_id: str) -> str:
    return opened.evaluate("id => factiongraph.nodes.get(id).color.background", node_id)


def test_the_evidence_rule_drives_sizes_and_faction_colours(visit, built, graph):
    opened = visit(built / "graph.html")
    legend = opened.page.locator("#legend")
    # "independent secular and religious forces" might form a democratic front: a speculation only
    actor, front = "independent-secular-and-religious-forces", "democratic-front"
    plain = node_fill(opened, actor)
    assert plain != node_fill(opened, front) and "evidence rule facts" in legend.text_content()
    opened.page.select_option("#evidence-rule", "all")
    assert node_fill(opened, actor) == node_fill(opened, front)
    assert "evidence rule all" in legend.text_content() and "evidence rule facts" not in legend.text_content()
    # sizes: the square root of PageRank in the actors network under the rule `all`, as stored in the graph
    stored = {str(e).rsplit("/", 1)[-1]: float(s) ** 0.5 for e, s in graph.query("""SELECT ?e ?s WHERE {
        ?m fg:network "actors" ; fg:timeSlice "all" ; fg:evidenceRule "all" ; fg:method "pagerank" ;
           fg:ofEntity ?e ; fg:score ?s }""")}
    values = opened.evaluate("ids => ids.map(id => factiongraph.nodes.get(id).value)", sorted(stored))
    assert all(abs(v - stored[i]) < 1e-5 for i, v in zip(sorted(stored), values))
    # the status filter drives the colours too: without speculation the membership is gone
    opened.page.uncheck('input[data-filter="statuses"][value="speculation"]')
    assert node_fill(opened, actor) == plain
    opened.page.click("#reset")
    assert "evidence rule facts" in legend.text_content() and node_fill(opened, actor) == plain
    opened.assert_offline_and_quiet()


def test_a_date_only_the_press_reports_is_marked_on_the_timeline(visit, built):
    opened = visit(built / "graph.html")
    # "By January 15, the press reported that an honorable solution ..." dates Khamenei's order
    row = opened.page.locator('#timeline-axis .event[data-entity="khamenei-deal"]').last
    assert "date reported by The press" in row.locator(".what").text_content()
    assert "weak" in row.get_attribute("class")  # drawn dashed, as the key says
    disqualifications = opened.page.locator('#timeline-axis .event[data-entity="disqualifications-2004"]').first.text_content()
    assert "reported" not in disqualifications and "rumoured" not in disqualifications
    opened.assert_offline_and_quiet()


@pytest.fixture(scope="module")
def two_documents_built(tmp_path_factory):
    """The article and tests/data/second-document built together into one output folder."""
    folder = tmp_path_factory.mktemp("two-documents")
    corpus_dir = add_document(copy_article_corpus(folder / "corpus"), DATA / "second-document", "made-up-2005")
    run_build(corpus_dir, folder / "output")
    return folder / "output"


def test_the_evidence_panel_names_each_claims_document(visit, two_documents_built):
    """With two documents in the corpus each claim says which it is from, as `factiongraph cite` does."""
    opened = visit(two_documents_built / "graph.html")
    click_node(opened, "guardian-council")
    panel = opened.page.locator("#panel")
    # made-up-2005: "In this made-up text, the Guardian Council again opposed the reformists. [1]"
    made_up = panel.locator("li.assertion", has_text="the Guardian Council again opposed the reformists")
    assert made_up.count() == 1
    assert made_up.locator(".document").inner_text() == \
        "in: made-up-2005, “A Made-up Follow-up on the Guardians” (Test Author, 2005)"
    # saghafi-2004: "the unelected Guardian Council, which succeeded in rejecting the candidacy of 2,400 ..."
    article = panel.locator("li.assertion", has_text="the unelected Guardian Council, which succeeded").first
    assert article.locator(".document").inner_text() == \
        "in: saghafi-2004, “The New Landscape of Iranian Politics” (Morad Saghafi, 2004)"
    assert "A Made-up Follow-up on the Guardians" in made_up.locator("blockquote a").get_attribute("title")
    documents = set(panel.locator("li.assertion .document").all_inner_texts())
    assert {d.split(",")[0] for d in documents} == {"in: made-up-2005", "in: saghafi-2004"}
    opened.page.screenshot(path=str(two_documents_built / "two-documents.png"))
    opened.assert_offline_and_quiet()


@pytest.fixture(scope="module")
def corroboration_built(tmp_path_factory):
    """tests/data/corroboration: three made-up reports of which all three say the deputies rejected the deal."""
    out = tmp_path_factory.mktemp("corroboration") / "output"
    run_build(DATA / "corroboration", out)
    return out


def test_the_evidence_panel_says_in_how_many_documents_and_origins_a_claim_is(visit, corroboration_built):
    """report-x and report-y rest the rejection of the deal on one Sharq issue, report-z on its own reporter."""
    opened = visit(corroboration_built / "graph.html")
    click_node(opened, "the-deal")
    panel = opened.page.locator("#panel")
    first = panel.locator("li.assertion", has=opened.page.locator(
        "blockquote", has_text=re.compile(r"^The reformist deputies rejected the deal$")))  # report-x's words
    agreement = first.locator(".agreement").inner_text()
    assert agreement.startswith("Agrees: in 3 documents (2 independent origins): ")
    # report-y gives the rejection as what Sharq reported: the agreement keeps its status
    assert "reported in report-y, “Another Made-up Report on the Deal” (Second Reporter, 2004)" in agreement
    assert "stated by the author in report-z, “A Third Made-up Report on the Deal”" in agreement
    assert "report-x" not in agreement.split(": ", 1)[1]  # the claim itself is not listed among the others
    assert panel.locator(".agreement").count() == 3
    opened.assert_offline_and_quiet()


def test_the_page_lists_where_claims_disagree_and_where_documents_agree(visit, built, corroboration_built):
    opened = visit(built / "graph.html")
    opened.page.click("#show-comparisons")
    panel = opened.page.locator("#panel")
    conflicts = panel.locator(".conflict")
    # the article's four labelled pairs, and the sit-in's 26 and 22 days found by the figures rule as well
    assert conflicts.count() == 5
    assert all(conflicts.nth(i).locator("li.assertion").count() == 2 for i in range(5))
    sit_in = panel.locator(".conflict", has_text="By occupying Parliament for 22 days")
    assert sorted(t.split(":")[0] for t in sit_in.locator(".reason").all_inner_texts()) == ["annotated", "figures"]
    assert "One document: agreement is counted between documents." in panel.inner_text()
    opened.assert_offline_and_quiet()
    three = visit(corroboration_built / "graph.html")
    three.page.click("#show-comparisons")
    groups = three.page.locator("#panel .agreement-group")
    assert groups.count() == 3
    rejected = three.page.locator("#panel .agreement-group", has_text="rejected the deal")
    assert rejected.locator(".reason").inner_text() == "In 3 documents (2 independent origins); each keeps its own status."
    assert sorted(rejected.locator(".status").all_inner_texts()) == ["reported", "stated by the author",
                                                                   "stated by the author"]
    three.assert_offline_and_quiet()


def test_the_page_opens_on_the_most_tied_actors_legible_at_1280x720_with_the_whole_graph_one_click_away(visit, built):
    opened = visit(built / "graph.html", viewport={"width": 1280, "height": 720}, opening=True)
    page = opened.evaluate("factiongraph.page")
    shown = opened.evaluate("factiongraph.nodes.get().filter(n => !n.hidden).map(n => n.id)")
    assert 10 <= len(shown) <= 30 and {page["entities"][i]["kind"] for i in shown} == {"actor"}
    # the actors of the crisis the article is about are among them
    assert {"guardian-council", "ali-khamenei", "mohammad-khatami", "reformists", "conservatives",
            "protesting-deputies"} <= set(shown)
    scope = opened.page.locator("#scope-count").inner_text()
    assert "the page opens on the " in scope
    # an actor the rule chose but with no relation to the others drawn is named, not silently dropped
    # (in the article: the NSC panel, whose three members the opening leaves out)
    missing = [page["labels"].get(i, i) for i in page["opening"]["actors"] if i not in shown]
    assert all(name in scope.split("Not drawn: ", 1)[-1] for name in missing) and ("Not drawn: " in scope) == bool(missing)
    # legible: labels at least 20 units at this zoom come out at 9 px or more
    assert opened.evaluate("factiongraph.network.getScale()") * 20 >= 9
    total = f"{page['total']['nodes']} of {page['total']['nodes']} nodes"
    opened.page.click("#show-whole")
    assert opened.page.locator("#counts").inner_text().startswith(total)
    assert opened.page.locator("#show-whole").inner_text().startswith("Open on the ")
    opened.page.click("#show-whole")
    assert opened.evaluate("factiongraph.nodes.get().filter(n => !n.hidden).map(n => n.id)") == shown
    # a name the opening leaves out, found by search, brings the whole graph back
    opened.page.fill("#search", "Sharq")
    opened.page.locator("#results li").first.click()
    assert opened.page.locator("#counts").inner_text().startswith(total)
    opened.page.screenshot(path=str(built / "opening.png"))
    opened.assert_offline_and_quiet()
