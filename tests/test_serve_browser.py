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
    page = browser.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
    page.goto(url)
    page.wait_for_selector(".yasqe .CodeMirror", timeout=20000)
    page.evaluate("query => document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue(query)", query)
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table td", timeout=20000)
    table = page.inner_text(".yasr table")
    page.screenshot(path=screenshot)
    browser.close()
print(json.dumps({"table": table, "requests": requests}))
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
    query = ("PREFIX fg: <https://w3id.org/factiongraph/ontology#>\n"
             "SELECT ?who ?party WHERE { ?who fg:leads ?party } ORDER BY ?who")
    with running_server(built, port=0) as server:
        visit = subprocess.run([sys.executable, "-c", VISIT, server.url, query, str(tmp_path / "query-page.png")],
                               capture_output=True, text=True, timeout=120)
    assert visit.returncode == 0, visit.stderr
    seen = json.loads(visit.stdout)
    # "the Organization of the Mojahedin of the Islamic Revolution, headed by Behzad Nabavi"
    assert "behzad-nabavi" in seen["table"] and "mojahedin-of-the-islamic-revolution" in seen["table"]
    # The page's only wish beyond the server is prefix.cc's list for its prefix autocompletion.
    outside = {url for url in seen["requests"] if not url.startswith(server.url)}
    assert outside <= {"http://prefix.cc/popular/all.file.json"}
