"""`factiongraph site`: the resource pages as files, on the small test corpus (the article's take a minute).

The links are followed on disk, the RDF is read by rdflib (a second parser), and the site of the
same build is written twice to compare bytes.
"""

from __future__ import annotations

import re
import shutil

import pytest
import rdflib
from click.testing import CliRunner

from graph.cli import main
from graph.pipeline import run_build

from support import DATA


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(DATA / "mini", root / "corpus")
    run_build(root / "corpus", root / "output")
    return root / "output"


def write_site(build, out, *options):
    result = CliRunner().invoke(main, ["site", "--build", str(build), "--out", str(out), *options])
    return result


def test_every_link_of_the_site_leads_to_a_file_and_every_iri_has_its_rdf(mini_build, tmp_path):
    result = write_site(mini_build, tmp_path / "site")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    pages = sorted(site.rglob("*.html"))
    assert (site / "id" / "guardian-council.html") in pages and (site / "index.html") in pages
    for page in pages:
        for href in re.findall(r'href="([^"#?]+)"', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().is_file(), (page, href)
    council = rdflib.URIRef("https://w3id.org/factiongraph/id/guardian-council")
    for extension, rdf_format in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml")):
        read = rdflib.Graph().parse(site / "id" / f"guardian-council.{extension}", format=rdf_format)
        assert set(read.subjects()) == {council}, extension
    # the mini text: "The Guardians banned the reformists on January 11, 2004."
    assert "The Guardians banned the reformists" in (site / "id" / "guardian-council.html").read_text(encoding="utf-8")


def test_the_same_build_gives_the_same_site_bytes(mini_build, tmp_path):
    for name in ("one", "two"):
        assert write_site(mini_build, tmp_path / name, "--base-url", "https://example.org/fg").exit_code == 0
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two and len(one) > 20


def test_the_redirect_rules_send_each_iri_to_its_files(mini_build, tmp_path):
    assert write_site(mini_build, tmp_path / "site", "--base-url", "https://example.org/fg/").exit_code == 0
    rules = (tmp_path / "site" / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteRule ^(id|statement|doc|work)/([^/]+)$ https://example.org/fg/$1/$2.html [R=303,L]" in rules
    assert rules.rstrip().endswith("https://example.org/fg/$1/$2.ttl [R=303,L]")  # Turtle when nothing else matched


@pytest.mark.parametrize("base_url", ["https://example.org/fg\nRewriteRule .* http://evil/ [R]", "ftp://example.org",
                                      "https://example.org/a b"])
def test_a_base_url_that_the_rules_could_not_hold_is_refused(mini_build, tmp_path, base_url):
    result = write_site(mini_build, tmp_path / "site", "--base-url", base_url)
    assert result.exit_code == 1 and "--base-url" in result.output and "plain http(s) URL" in result.output
    assert not (tmp_path / "site").exists()


def test_the_site_never_replaces_the_build_or_a_folder_it_did_not_write(mini_build, tmp_path):
    result = write_site(mini_build, mini_build)
    assert result.exit_code == 1 and "would replace the build" in result.output
    assert (mini_build / "graph.nt").is_file()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own notes", encoding="utf-8")
    assert write_site(mini_build, mine).exit_code == 1
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "my own notes"
