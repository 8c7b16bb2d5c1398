"""The explorable page in headless Chromium at 1,000 to 20,000 nodes: how long until it settles and answers.

One generated corpus (or a given one) is built once; for each size its N most central nodes are
drawn exactly as ``factiongraph render --max-nodes N`` draws them (the densest part of the graph,
which is what the capped build page shows). Each page is opened from disk, offline, a few times
in a fresh browser context, and the medians are reported:

- settled: from navigation start until vis-network's ``stabilizationIterationsDone`` (the page
  sets ``factiongraph.readyAt`` then, turns physics off and hides its progress line);
- click: vis-network's click event on the most central node until the evidence panel shows it
  and the next frame is drawn;
- filter: unticking one epistemic status until the network is redrawn without it;
- redraw: one full redraw of the canvas, what every pan and zoom costs.

    python -m graph.bench.browser --sizes 1000,2000,5000,10000 --loads 3 --json browser.json
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .report import machine_description, render_table

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
VIEWPORT = {"width": 1600, "height": 1000}
TRIPLES_PER_NODE = 60
TIMEOUT_MS = 600_000
MEASURED = ("settled_ms", "click_ms", "filter_ms", "redraw_ms")


def parse_sizes(text: str) -> tuple[int, ...]:
    """'1000,5k' -> (1000, 5000)."""
    sizes = []
    for part in filter(None, (p.strip().lower() for p in text.split(","))):
        sizes.append(int(float(part[:-1]) * 1000) if part.endswith("k") else int(part))
    return tuple(sorted(sizes))


def load_graph_in_store(corpus_dir: Path):
    """The corpus built as the build builds it, seen through rdflib over an Oxigraph store."""
    import pyoxigraph as ox

    from ..sources.corpus import load_corpus
    from ..build.triples import build_graph
    from ..build.store import rdflib_view, to_oxigraph_term

    corpus = load_corpus(corpus_dir)
    built = build_graph(corpus)
    store = ox.Store()
    store.bulk_extend(ox.Quad(*map(to_oxigraph_term, triple)) for triple in built)
    return rdflib_view(store), {d.id: d.source.text for d in corpus.documents}


def write_pages(graph, texts: dict[str, str], sizes: tuple[int, ...], out_dir: Path) -> list[dict]:
    """One page per size (its N most central nodes), written into out_dir with text.html beside them."""
    from ..views.graph_page import TEXT_PAGE, render_graph_page
    from ..views.network_view import read_network
    from ..views.page_evidence import read_evidence
    from ..views.render import page_title
    from ..views.selection import select_view
    from ..views.text_page import render_text_page

    whole = read_network(graph)
    title = page_title(graph)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / TEXT_PAGE).write_text(render_text_page(graph, texts), encoding="utf-8")
    pages = []
    for size in sizes:
        started = time.perf_counter()
        view = select_view(whole, max_nodes=size)
        html = render_graph_page(view, read_evidence(graph, view), title, (len(whole.nodes), len(whole.links)))
        path = out_dir / f"graph-top-{size}.html"
        path.write_text(html, encoding="utf-8")
        central = max(view.nodes, key=lambda n: (view.centrality.scores.get(n.id, 0.0), n.id)).id
        pages.append({"nodes": len(view.nodes), "edges": len(view.links), "path": str(path),
                      "html_bytes": path.stat().st_size, "render_seconds": round(time.perf_counter() - started, 3),
                      "probe_node": central})
    return pages


MEASURE_SCRIPT = """async ([id, status]) => {
    const fg = window.factiongraph, network = fg.network;
    const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const redraws = [];
    for (let i = 0; i < 5; i++) {
        const t = performance.now(); network.redraw(); redraws.push(performance.now() - t);
    }
    redraws.sort((a, b) => a - b);
    network.focus(id, {scale: 1.0, animation: false});
    let t;
    t = performance.now();
    network.selectNodes([id]); network.body.emitter.emit('click', {nodes: [id], edges: []});
    await frame();
    const click = performance.now() - t;
    const shown = document.querySelector('#panel h2').textContent;
    const input = document.querySelector(`input[data-filter="statuses"][value="${status}"]`);
    t = performance.now();
    if (input) input.click();
    await frame();
    const filter = input ? performance.now() - t : null;
    return {settled_ms: fg.readyAt, redraw_ms: redraws[2], click_ms: click, filter_ms: filter, panel: shown,
            drawn: fg.nodes.length};
}"""


def measure_page(browser, page: dict, loads: int, screenshot: Path | None = None) -> list[dict]:
    """Open the page `loads` times, each in a fresh context, and measure one load each time."""
    results = []
    for load in range(loads):
        context = browser.new_context(viewport=VIEWPORT)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                      else route.abort())
        tab = context.new_page()
        errors = []
        tab.on("pageerror", lambda error, seen=errors: seen.append(str(error)))
        tab.goto(Path(page["path"]).as_uri(), timeout=TIMEOUT_MS)
        tab.wait_for_function("window.factiongraph && window.factiongraph.ready", timeout=TIMEOUT_MS, polling=100)
        if screenshot and load == 0:
            tab.screenshot(path=str(screenshot))
        measured = tab.evaluate(MEASURE_SCRIPT, [page["probe_node"], "stated"])
        if errors:
            raise RuntimeError(f"{page['path']}: {errors}")
        results.append({key: round(value, 1) if isinstance(value, float) else value for key, value in measured.items()})
        context.close()
    return results


def summarise(page: dict, loads: list[dict]) -> dict:
    medians = {key: round(statistics.median(load[key] for load in loads), 1)
               for key in MEASURED if all(load[key] is not None for load in loads)}
    medians["interactive_ms"] = round(medians["settled_ms"] + medians["click_ms"], 1)
    return {**{k: v for k, v in page.items() if k != "path"}, "loads": loads, "median": medians}


def run(sizes: tuple[int, ...], loads: int, corpus: Path | None, seed: int, json_path: Path | None,
        screenshots: Path | None, keep: Path | None) -> dict:
    from playwright.sync_api import sync_playwright

    from .synthetic_corpus import generate_corpus

    work = Path(tempfile.mkdtemp(prefix="factiongraph-browser-"))
    try:
        if corpus is None:
            corpus = work / "corpus"
            generate_corpus(corpus, max(sizes) * TRIPLES_PER_NODE, seed)
        started = time.perf_counter()
        graph, texts = load_graph_in_store(corpus)
        print(f"built {corpus} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        pages = write_pages(graph, texts, sizes, keep or work / "pages")
        results = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            for page in pages:
                shot = screenshots / f"graph-top-{page['nodes']}.png" if screenshots else None
                if shot:
                    shot.parent.mkdir(parents=True, exist_ok=True)
                results.append(summarise(page, measure_page(browser, page, loads, shot)))
                print(render_table(results[-1:]).splitlines()[-1], file=sys.stderr)
            version = browser.version
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"command": "python -m graph.bench.browser " + " ".join(sys.argv[1:]), "machine": machine_description(),
              "chromium": version, "viewport": VIEWPORT, "loads": loads, "corpus": str(corpus) if corpus else None,
              "seed": seed, "pages": results}
    if json_path:
        json_path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph.bench.browser", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000", help="node counts to draw (default: %(default)s)")
    parser.add_argument("--loads", type=int, default=3, help="loads per page; medians are reported")
    parser.add_argument("--corpus", type=Path, help="a corpus folder to build (default: generate one large enough)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated corpus")
    parser.add_argument("--json", dest="json_path", type=Path, help="write the measurements here")
    parser.add_argument("--screenshots", type=Path, help="folder for one PNG per size")
    parser.add_argument("--keep", type=Path, help="write the pages here and keep them")
    args = parser.parse_args(argv)
    report = run(parse_sizes(args.sizes), args.loads, args.corpus, args.seed, args.json_path, args.screenshots,
                 args.keep)
    print(render_table(report["pages"]), end="")


if __name__ == "__main__":
    main()
