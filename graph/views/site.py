"""The resource pages as a static site: one folder a web server (or w3id.org's redirects) can publish.

Every thing, assertion, mention, document part and cited work the graph mints gets its page and its
RDF in four formats (``id/guardian-council.html``, ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``), an
index lists them, and with a base URL the w3id redirect rules (an Apache ``.htaccess`` in the form
w3id.org's repository takes) send each IRI to its page or, by Accept, to its RDF (303 See Other).
The nodes an assertion owns (its anchor and selectors) stay inside its own files.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from ..access.database import built_graph
from ..errors import FactionGraphError, Problem
from ..build.output import write_atomically
from ..access.query import GraphFile, run_query
from .resource import BASE, KINDS, RDF_FORMATS, RESOURCE_PATH, page_environment, read_resource, render_page, render_rdf

EXTENSIONS = {"turtle": "ttl", "jsonld": "jsonld", "ntriples": "nt", "rdfxml": "rdf"}
PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?")
"""A base URL the redirect rules can hold as it is: scheme, host, optional port and path, nothing to escape."""


def page_iris(source: GraphFile) -> list[str]:
    """Every minted IRI that has triples of its own and is not a node some other one owns."""
    rows = run_query(f"""SELECT DISTINCT ?s WHERE {{ ?s ?p ?o
        FILTER({" || ".join(f'STRSTARTS(STR(?s), "{BASE}{kind}/")' for kind in KINDS)}) }}""", source).rows
    iris = sorted(row[0].value for row in rows if RESOURCE_PATH.fullmatch("/" + row[0].value[len(BASE):]))
    known = set(iris)
    return [iri for iri in iris if not _owner(iri, known)]


def _owner(iri: str, known: set[str]) -> str | None:
    """The page IRI this one extends with '-suffix' (an assertion's anchor, a mention's selector), if any."""
    stem = iri
    while "/statement/" in iri and "-" in stem.rsplit("/", 1)[1]:
        stem = stem.rsplit("-", 1)[0]
        if stem in known:
            return stem
    return None


def _relative(iri: str) -> str:
    """The address of an IRI's page as seen from another page (every page is one folder deep)."""
    return "../" + iri[len(BASE):] + ".html"


def checked_base_url(base_url: str) -> str:
    """The base URL without its trailing slash, refused unless it is a plain http(s) URL."""
    if not PLAIN_URL.fullmatch(base_url):
        raise FactionGraphError(Problem("--base-url", f"{base_url!r} is not a plain http(s) URL",
                                        "give where the site will be published, like https://example.org/factiongraph"))
    return base_url.rstrip("/")


def redirect_rules(base_url: str) -> bytes:
    """w3id.org's form: an .htaccess for /factiongraph/ that sends each IRI to its page or RDF file (303)."""
    kinds = "|".join(KINDS)
    lines = ["# w3id.org/factiongraph -> " + base_url, "# Written by `factiongraph site`: each IRI to its page, or by",
             "# Accept to its RDF (Turtle when the client asks for no RDF type by name).",
             "RewriteEngine on", ""]
    for fmt, extension in [("html", "html")] + [(f, EXTENSIONS[f]) for f in ("jsonld", "ntriples", "rdfxml")]:
        media_type = "text/html" if fmt == "html" else RDF_FORMATS[fmt].media_type
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} {re.escape(media_type)}",
                  f"RewriteRule ^({kinds})/([^/]+)$ {base_url}/$1/$2.{extension} [R=303,L]", ""]
    lines += [f"RewriteRule ^({kinds})/([^/]+)$ {base_url}/$1/$2.ttl [R=303,L]", ""]
    return "\n".join(lines).encode("utf-8")


def site_files(source: GraphFile, base_url: str | None = None) -> dict[str, bytes]:
    """Every file of the site, by its path in the site folder."""
    iris = page_iris(source)
    pages = set(iris)
    files, listed = {}, []
    for iri in iris:
        resource = read_resource(iri, source)
        stem = iri[len(BASE):]
        name = stem.rsplit("/", 1)[1]
        files[stem + ".html"] = render_page(
            resource, lambda other: _relative(other) if other in pages else None, "../index.html",
            lambda fmt, name=name: f"{urllib.parse.quote(name)}.{EXTENSIONS[fmt]}")
        for fmt, extension in EXTENSIONS.items():
            files[f"{stem}.{extension}"] = render_rdf(resource, fmt)
        listed.append({"href": stem + ".html", "kind": stem.split("/", 1)[0], "iri": iri,
                       "label": resource.labels.get(iri, "")})
    files["index.html"] = page_environment().get_template("site_index.html").render(
        groups=[(kind, sorted((e for e in listed if e["kind"] == kind), key=lambda e: (e["label"].casefold(), e["iri"])))
                for kind in KINDS]).encode("utf-8")
    if base_url is not None:
        files[".htaccess"] = redirect_rules(checked_base_url(base_url))
    return files


def write_site(build_dir: Path, out_dir: Path, base_url: str | None = None) -> int:
    """Write the site from the built graph into out_dir (atomically, a folder of its own); the page count."""
    build_dir, out_dir = Path(build_dir), Path(out_dir)
    if out_dir.resolve() == build_dir.resolve():
        raise FactionGraphError(Problem("--out", "the site would replace the build it is made from",
                                        "pass --out with a folder of its own, such as `site`"))
    if base_url is not None:
        checked_base_url(base_url)
    files = site_files(GraphFile(built_graph(build_dir)), base_url)
    write_atomically(out_dir, files)
    return sum(1 for name in files if name.endswith(".html")) - 1
