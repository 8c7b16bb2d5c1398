"""Citation lookup: which assertions answer a question, and the evidence for them.

A lookup finds the statements (about an entity, resting on a footnote, standing in a paragraph, or
one by its id), then reads their evidence with the one evidence reader (graph/access/evidence.py).
The same queries run on the built graph or on a SPARQL endpoint.
"""

from __future__ import annotations

from ..errors import FactionGraphError, Problem
from ..namespaces import FGST, local_name
from .evidence import Lookup, grouped, read_lookup
from .names import find_entity
from .prepare import sparql_iri
from .query import Endpoint, GraphFile, read_records, run_query


def _document_of(document: str | None, source) -> str:
    """The document IRI to look in: the one given, or the only one."""
    docs = [r["doc"] for r in read_records("SELECT ?doc ?id WHERE { ?doc a fg:Document } ORDER BY ?doc", source)]
    if document:
        matching = [d for d in docs if local_name(d) == document]
        if not matching:
            raise FactionGraphError(Problem(None, f"no document {document!r}",
                                            f"the documents are: {', '.join(local_name(d) for d in docs)}"))
        return matching[0]
    if len(docs) != 1:
        raise FactionGraphError(Problem(None, f"the graph holds {len(docs)} documents",
                                        f"say which with --document: {', '.join(local_name(d) for d in docs)}"))
    return docs[0]


PARTS = {"note": ("Footnote", "footnote"), "paragraph": ("Paragraph", "paragraph")}


def _part(document: str, kind: str, number: int, source) -> str:
    """The IRI of a numbered footnote or paragraph of a document, or an error giving the range."""
    iri = f"{document}-{kind}-{number}"
    if not run_query(f"ASK {{ {sparql_iri(iri)} fg:number ?n }}", source).boolean:
        cls, word = PARTS[kind]
        last = read_records(f"SELECT (MAX(?n) AS ?last) WHERE {{ ?part a fg:{cls} ; fg:number ?n ; "
                     f"dcterms:isPartOf+ {sparql_iri(document)} }}", source)[0]["last"]
        raise FactionGraphError(Problem(None, f"{local_name(document)} has no {word} {number}",
                                        f"its {word}s are numbered 1-{last}" if last else f"it has no {word}s"))
    return iri


def rests_on(iri: str, source) -> list[dict]:
    """The assertions whose footnotes cite this work, or a work it wrote, published or holds (a newspaper's
    issue, an author's book), with the numbers of those notes: what the text rests on it for."""
    rows = read_records(f"""SELECT ?a ?n WHERE {{
        VALUES ?source {{ {sparql_iri(iri)} }}
        ?a fg:citesFootnote ?note . ?note fg:number ?n ; fg:cites ?work .
        FILTER(?work = ?source || EXISTS {{ ?work dcterms:isPartOf|dcterms:creator|dcterms:publisher ?source }})
    }}""", source)
    return [{"a": a, "notes": notes} for a, notes in grouped(rows, "n").items()]


def attributed_to(iri: str, source) -> list[str]:
    """The assertions whose source it is (what it said, reported, estimated or spread), leaving out the
    author's own voice: every stated claim of a document is attributed to its author too."""
    rows = read_records(f"""SELECT DISTINCT ?a WHERE {{
        VALUES ?who {{ {sparql_iri(iri)} }} ?a fg:attributedTo ?who .
        FILTER NOT EXISTS {{ ?a fg:inDocument/dcterms:creator ?who }} }}""", source)
    return [r["a"] for r in rows]


def assertions_about(iri: str, source) -> tuple[list[str], list[int], int]:
    """The assertions about a thing, resting on it (as a cited work, or its author or publisher) or
    attributed to it as their source; the numbers of the notes through which they rest on it; and how
    many it is the source of."""
    about = read_records(f"SELECT DISTINCT ?a WHERE {{ ?a fg:statementOf {sparql_iri(iri)} }}", source)
    resting, said = rests_on(iri, source), attributed_to(iri, source)
    return (sorted({r["a"] for r in about} | {r["a"] for r in resting} | set(said)),
            sorted({n for r in resting for n in r["notes"]}), len(said))


def find_assertions(source, *, name: str | None = None, footnote: int | None = None,
                    paragraph: int | None = None, statement: str | None = None,
                    document: str | None = None) -> tuple[str, list[str], str]:
    """What the lookup is about, in words, the IRIs of the assertions that answer it, and which entity a
    part of a name picked ('' otherwise)."""
    if name is not None:
        entity = find_entity(name, source)
        iris, notes, said = assertions_about(entity.iri, source)
        detail = f": {entity.description}" if entity.description else ""
        if notes:
            cited = f"note {notes[0]}" if len(notes) == 1 else \
                f"notes {', '.join(map(str, notes[:-1]))} and {notes[-1]}"
            detail += f"{'' if detail.endswith('.') else '.'} The text cites it or its works in {cited}."
        if said:
            detail += (f"{'' if detail.endswith('.') else '.'} It is the source of {said} of these claim"
                       f"{'s' if said != 1 else ''} (what it said, reported or estimated).")
        return f"{entity.named}{detail}", iris, entity.picked
    if statement is not None:
        iri = statement if statement.startswith("http") else str(FGST) + statement.removeprefix("fgst:")
        if not run_query(f"ASK {{ {sparql_iri(iri, '--statement')} fg:quote ?q }}", source).boolean:
            raise FactionGraphError(Problem(None, f"no statement or figure {statement!r}",
                                            "give the id that `factiongraph cite NAME` prints (s… or f…)"))
        return f"statement {local_name(iri)}", [iri], ""
    doc = _document_of(document, source)
    if footnote is not None:
        note = _part(doc, "note", footnote, source)
        rows = read_records(f"SELECT DISTINCT ?a WHERE {{ ?a fg:citesFootnote {sparql_iri(note)} }}", source)
        return f"what rests on note {footnote} of {local_name(doc)}", [r["a"] for r in rows], ""
    if paragraph is not None:
        part = _part(doc, "paragraph", paragraph, source)
        rows = read_records(f"SELECT DISTINCT ?a WHERE {{ ?a fg:inParagraph {sparql_iri(part)} }}", source)
        return f"what the graph holds from paragraph {paragraph} of {local_name(doc)}", [r["a"] for r in rows], ""
    raise FactionGraphError(Problem(None, "nothing to look up",
                                    "give a name, --footnote N, --paragraph N or --statement ID"))


def look_up(source: GraphFile | Endpoint | None = None, *, name: str | None = None, footnote: int | None = None,
            paragraph: int | None = None, statement: str | None = None, document: str | None = None) -> Lookup:
    """Everything needed to cite what the graph holds on a name, a footnote, a paragraph or one statement."""
    source = source or GraphFile()
    subject, iris, picked = find_assertions(source, name=name, footnote=footnote, paragraph=paragraph,
                                    statement=statement, document=document)
    in_document = {local_name(_document_of(document, source))} if footnote is not None or paragraph is not None else set()
    return read_lookup(subject, iris, source, picked, in_document, footnote)


def look_up_iri(iri: str, source: GraphFile | Endpoint) -> Lookup:
    """The evidence for one resource of the graph by its IRI (the page of a thing or a statement): the
    assertion itself, or every assertion about it or resting on it; no name matching."""
    if run_query(f"ASK {{ {sparql_iri(iri)} fg:quote ?q }}", source).boolean:
        iris = [iri]
    else:
        iris, _, _ = assertions_about(iri, source)
    return read_lookup(iri, iris, source)
