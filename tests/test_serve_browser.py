"""The query page of `factiongraph serve` in a real headless Chromium, with no network but the server.

Every request the page makes is recorded, and anything not sent to the server itself is blocked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.serve import running_server

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright; skipped where it is missing, except under CI."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM.exists():
        missing = "needs Playwright and Debian's Chromium at /usr/bin/chromium (pip install -e '.[test]'; .ci/run)"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


def test_the_query_page_runs_a_query_offline(chromium, built, tmp_path):
    with running_server(built, port=0) as server:
        page = chromium.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url)
                   else route.abort())  # as if this machine had no network but itself
        page.goto(server.url)
        page.wait_for_selector(".yasqe .CodeMirror", timeout=20_000)
        page.evaluate("""query => {
            const editor = document.querySelector('.yasqe .CodeMirror').CodeMirror;
            editor.setValue(query);
        }""", "PREFIX fg: <https://w3id.org/factiongraph/ontology#>\n"
              "SELECT ?who ?party WHERE { ?who fg:leads ?party } ORDER BY ?who")
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".yasr table td", timeout=20_000)
        table = page.inner_text(".yasr table")
        page.screenshot(path=str(tmp_path / "query-page.png"))
    # "the Organization of the Mojahedin of the Islamic Revolution, headed by Behzad Nabavi"
    assert "behzad-nabavi" in table and "mojahedin-of-the-islamic-revolution" in table
    # The page's only wish beyond the server is prefix.cc's list for its prefix autocompletion.
    outside = {url for url in requests if not url.startswith(server.url)}
    assert outside <= {"http://prefix.cc/popular/all.file.json"}
