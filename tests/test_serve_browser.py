"""The query page of `factiongraph serve` in a real headless Chromium, with no network but the server.

Every request the page makes is recorded, and anything not sent to the server itself is blocked.
The browser runs in a child process with its own Playwright, so this test never meets another
test's browser session in the same process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.serve import running_server

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = Path("/usr/bin/chromium")
VISIT = r"""
import json, sys
from playwright.sync_api import sync_playwright

url, query, screenshot = sys.argv[1:4]
requests = []
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.on("request", lambda request: requests.append(request.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
    page.goto(url)
    page.fill("#editor", "SELECT ?a WHERE { ?a fg:leadz ?b }")
    page.wait_for_selector("#problems.warning", timeout=20000)
    warning = page.inner_text("#problems")
    page.fill("#editor", query)
    page.click("#run")
    page.wait_for_selector("#results table td", timeout=20000)
    table = page.inner_text("#results table")
    links = page.eval_on_selector_all("#results a", "links => links.map(a => a.getAttribute('href'))")
    page.select_option("#examples", "who-leads-what")
    page.wait_for_selector("#results th:text-is('quote')", timeout=20000)
    example = page.input_value("#editor")
    page.screenshot(path=screenshot)
    browser.close()
print(json.dumps({"warning": warning, "table": table, "links": links, "example": example, "requests": requests}))
"""


def test_the_query_page_runs_a_query_offline(built, tmp_path):
    try:
        import playwright  # noqa: F401
        ready = CHROMIUM.exists()
    except ImportError:
        ready = False
    if not ready:
        missing = "needs Playwright and Debian's Chromium at /usr/bin/chromium (pip install -e '.[test]'; .ci/run)"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    # No PREFIX line: the page binds the project's prefixes.
    query = "SELECT ?who ?party WHERE { ?who fg:leads ?party } ORDER BY ?who"
    with running_server(built, port=0) as server:
        visit = subprocess.run([sys.executable, "-c", VISIT, server.url, query, str(tmp_path / "query-page.png")],
                               capture_output=True, text=True, timeout=120)
    assert visit.returncode == 0, visit.stderr
    seen = json.loads(visit.stdout)
    assert "fg:leadz is not defined by the ontology; did you mean fg:leads?" in seen["warning"]
    # "the Organization of the Mojahedin of the Islamic Revolution, headed by Behzad Nabavi": shown by label,
    # linked to the entity's own page on this server
    assert "Behzad Nabavi" in seen["table"] and "fgd:behzad-nabavi" in seen["table"]
    assert "/id/behzad-nabavi" in seen["links"] and "/id/mojahedin-of-the-islamic-revolution" in seen["links"]
    assert "fg:leads" in seen["example"]
    assert all(url.startswith(server.url) for url in seen["requests"]), seen["requests"]
