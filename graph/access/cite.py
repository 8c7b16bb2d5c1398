"""Citation lookup: the evidence behind what the graph says, and bibliography entries for it.

Provenance lives in the graph, so a lookup is a few SPARQL queries: find the statements (about
an entity, resting on a footnote, standing in a paragraph, or one by its id), then read each
one's status, quote, place in the text and footnote sources, and the documents' own metadata.
The same queries run on the built graph or on a SPARQL endpoint.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date

import rispy
from pybtex.database import BibliographyData, Entry, Person

from ..errors import FactionGraphError, Problem
from ..escape import markdown_code, markdown_text
from ..namespaces import FGST, local_name
from .query import Endpoint, GraphFile, read_records, run_query, sparql_iri, sparql_literal

FORMATS = ("text", "json", "md", "bibtex", "csl-json", "ris")
SEASONS = {"Spring": 1, "Summer": 2, "Autumn": 3, "Fall": 3, "Winter": 4}


@dataclass(frozen=True)
class EntryKind:
    """How a kind of work (its FaBiO class) is typed in BibTeX (biblatex), CSL and RIS."""

    bibtex: str
    csl: str
    ris: str
    subtype: str = ""


WORK_KINDS = {"JournalArticle": EntryKind("article", "article-journal", "JOUR"),
              "Book": EntryKind("book", "book", "BOOK"),
              "NewspaperIssue": EntryKind("article", "article-newspaper", "NEWS", "newspaper"),
              "NewspaperArticle": EntryKind("article", "article-newspaper", "NEWS", "newspaper"),
              "JournalIssue": EntryKind("periodical", "article-journal", "JFULL"),
              "DataFile": EntryKind("dataset", "dataset", "DATA")}
"""The kinds of cited work a reference manager holds (the author's own comments are not among them)."""
DOCUMENT_KIND = WORK_KINDS["JournalArticle"]
# The annotated documents' own types (document.toml's `type`).
DOCUMENT_KINDS = {"JournalArticle": DOCUMENT_KIND,
                  "NewspaperArticle": EntryKind("article", "article-newspaper", "NEWS", "newspaper"),
                  "MagazineArticle": EntryKind("article", "article-magazine", "MGZN", "magazine"),
                  "ReportDocument": EntryKind("report", "report", "RPRT"),
                  "BookChapter": EntryKind("incollection", "chapter", "CHAP"),
                  "WebPage": EntryKind("online", "webpage", "ELEC")}


@dataclass(frozen=True)
class Name:
    """An author or translator: a person's name, or an organisation's (kept whole); given and family
    where document.toml spells them out (a particle such as 'De' in 'De Luce' then stays in the family name)."""

    name: str
    person: bool
    given: str = ""
    family: str = ""


@dataclass(frozen=True)
class Work:
    """A work a footnote cites, with what the note gives about it."""

    id: str
    kind: str
    title: str
    label: str
    authors: tuple[Name, ...]
    container: str
    volume: str
    date: str
    season: str
    publisher: str
    place: str
    language: str


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    ibid_of: int | None
    works: tuple[str, ...]


@dataclass(frozen=True)
class Assertion:
    """One statement or figure with its evidence, as a reader checks it."""

    id: str
    kind: str
    claim: str
    status: str
    status_name: str
    attributed_to: str
    quote: str
    document: str
    section: int | None
    section_title: str
    paragraph: int | None
    in_footnote: int | None
    start: int
    end: int
    footnotes: tuple[int, ...]
    conflicts_with: tuple[str, ...]
    agreement: tuple[str, ...] = ()
    """Each claim of several documents it is one of: 'in 3 documents (2 independent origins): a, b, c'."""


@dataclass(frozen=True)
class Document:
    """An annotated document: what its publisher asks to be cited as, and its metadata."""

    id: str
    kind: str
    title: str
    authors: tuple[Name, ...]
    translators: tuple[Name, ...]
    journal: str
    issue: str
    season: str
    year: str
    publisher: str
    language: str
    translated_from: str
    how_to_cite: str
    text_path: str
    date: str = ""
    url: str = ""
    volume: str = ""
    pages: str = ""
    editors: tuple[Name, ...] = ()


@dataclass(frozen=True)
class Lookup:
    """What was asked for, the assertions found in the order of the text, and their sources."""

    subject: str
    assertions: tuple[Assertion, ...]
    footnotes: dict[tuple[str, int], Footnote]
    works: dict[str, Work]
    documents: dict[str, Document]
    picked: str = ""
    """Which entity a part of a name chose ('' when the name was exact)."""


def _values(name: str, iris) -> str:
    return f"VALUES ?{name} {{ {' '.join(sparql_iri(iri) for iri in sorted(set(iris)))} }}"


# --- Finding what to cite -----------------------------------------------------------------------

QUOTE_FOLDS = (("[‘’ʼ′`]", "'"), ("[“”„″]", '"'))
"""Curly and straight quotes and apostrophes match each other in names (SPARQL regex, replacement)."""
ID_PREFIXES = ("fgd:", "https://w3id.org/factiongraph/id/", "fgwork:", "https://w3id.org/factiongraph/work/")


def fold_name(name: str) -> str:
    """A name as lookups compare it: lower case, its quotes and apostrophes straight, an id's prefix dropped.

    >>> fold_name("Provincial governors’ ultimatum"), fold_name("fgd:guardian-council")
    ("provincial governors' ultimatum", 'guardian-council')
    """
    folded = name.strip()
    for prefix in ID_PREFIXES:
        if folded.startswith(prefix):
            folded = folded.removeprefix(prefix)
    for pattern, plain in QUOTE_FOLDS:
        folded = re.sub(pattern, plain, folded)
    return folded.lower()


def _folded(variable: str) -> str:
    """The SPARQL expression that folds a name as fold_name does (prefixes aside: ids carry none)."""
    expression = f"LCASE(STR({variable}))"
    for pattern, plain in QUOTE_FOLDS:
        expression = f"REPLACE({expression}, {sparql_literal(pattern)}, {sparql_literal(plain)})"
    return expression


def find_entity(name: str, source) -> dict:
    """The one entity or cited work called name (label, alias, title or id, any case, curly or straight
    quotes, fgd:/fgwork: ids and full IRIs); 'picked' says which one a part of a name chose; ambiguous
    names list the candidates."""
    wanted = sparql_literal(fold_name(name))
    pattern = """SELECT DISTINCT ?entity ?id ?label ?type ?description WHERE {{
        {{ ?entity dcterms:identifier ?id }}
        UNION {{ ?entity a fg:Work BIND(STRAFTER(STR(?entity), STR(fgwork:)) AS ?id) }}
        ?entity rdfs:label ?label ; a ?class .
        {{ ?entity rdfs:label ?name }} UNION {{ ?entity fg:alias ?name }} UNION {{ ?entity dcterms:title ?name }}
        FILTER({test})
        FILTER(STRSTARTS(STR(?class), STR(fg:)))
        BIND(STRAFTER(STR(?class), "#") AS ?type)
        OPTIONAL {{ ?entity dcterms:description ?description }}
    }} ORDER BY ?id"""
    tests = ((True, f"{_folded('?name')} = {wanted} || LCASE(?id) = {wanted}"),
             (False, f"CONTAINS({_folded('?name')}, {wanted})"), (False, f"CONTAINS(LCASE(?id), {wanted})"))
    for exact, test in tests:
        found = read_records(pattern.format(test=test), source)
        if len(found) == 1:
            picked = "" if exact else f"{name!r} is part of one name only: {found[0]['label']} ({_prefixed(found[0])})"
            return found[0] | {"picked": picked}
        if found:
            listing = "\n".join(f"        {_prefixed(e)}: {e['label']} ({e['type']})" for e in found)
            raise FactionGraphError(Problem(None, f"{name!r} could be any of {len(found)} entities",
                                            f"name one by its id (factiongraph cite ID):\n{listing}"))
    known = [r["name"] for r in read_records("SELECT DISTINCT ?name WHERE { ?e dcterms:identifier ?id . "
                                      "{ ?e rdfs:label ?name } UNION { ?e fg:alias ?name } }", source)]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    raise FactionGraphError(Problem(None, f"no actor, event or other entity is called {name!r}",
                                    f"did you mean {', '.join(map(repr, close))}?" if close else
                                    "try part of the name, an alias as the text writes it, or an id"))


def _prefixed(entity: dict) -> str:
    return f"{'fgwork' if entity['type'] == 'Work' else 'fgd'}:{entity['id']}"


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
    return [{"a": a, "notes": notes} for a, notes in _grouped(rows, "n").items()]


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
        iris, notes, said = assertions_about(entity["entity"], source)
        detail = f": {entity['description']}" if entity.get("description") else ""
        if notes:
            cited = f"note {notes[0]}" if len(notes) == 1 else \
                f"notes {', '.join(map(str, notes[:-1]))} and {notes[-1]}"
            detail += f"{'' if detail.endswith('.') else '.'} The text cites it or its works in {cited}."
        if said:
            detail += (f"{'' if detail.endswith('.') else '.'} It is the source of {said} of these claim"
                       f"{'s' if said != 1 else ''} (what it said, reported or estimated).")
        return f"{entity['label']} ({_prefixed(entity)}, {entity['type']}){detail}", iris, entity["picked"]
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


# --- Reading the evidence -----------------------------------------------------------------------

def read_assertions(iris: list[str], source) -> list[Assertion]:
    """Each assertion's claim in words, status, quote and place in the text, in text order."""
    if not iris:
        return []
    rows = read_records(f"""SELECT ?a ?kind ?label ?subjectName ?relationName ?object ?objectName ?status ?statusName
            ?attributedTo ?quote ?doc ?section ?sectionTitle ?paragraph ?inNote ?start ?end WHERE {{
        {_values('a', iris)}
        ?a a ?kind ; fg:status ?status ; fg:quote ?quote ; fg:inDocument ?doc ; rdfs:label ?label ;
           fg:anchor/oa:hasTarget/oa:hasSelector ?selector .
        ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
        FILTER(?kind IN (fg:Statement, fg:Figure))
        ?status rdfs:label ?statusName .
        OPTIONAL {{ ?a rdf:subject/rdfs:label ?subjectName ; rdf:predicate/rdfs:label ?relationName ;
                      rdf:object ?object . OPTIONAL {{ ?object rdfs:label ?objectName }} }}
        OPTIONAL {{ ?a fg:attributedTo/rdfs:label ?attributedTo }}
        OPTIONAL {{ ?a fg:inSection ?s . ?s fg:number ?section ; rdfs:label ?sectionTitle }}
        OPTIONAL {{ ?a fg:inParagraph/fg:number ?paragraph }}
        OPTIONAL {{ ?a fg:inFootnote/fg:number ?inNote }}
    }}""", source)
    notes = _grouped(read_records(f"SELECT ?a ?n WHERE {{ {_values('a', iris)} ?a fg:citesFootnote/fg:number ?n }}",
                           source), "n")
    conflicts = _grouped(read_records(f"SELECT ?a ?other WHERE {{ {_values('a', iris)} ?a fg:conflictsWith ?other }}",
                               source), "other")
    agreements = _agreements(iris, source)
    assertions = []
    for r in rows:
        if r["subjectName"] is not None:
            target = r["objectName"] if r["objectName"] is not None else r["object"]
            claim = f"{r['subjectName']} {r['relationName']} {target}"
        else:
            claim = r["label"]
        assertions.append(Assertion(
            id=local_name(r["a"]), kind=local_name(r["kind"]).lower(), claim=str(claim), status=local_name(r["status"]).lower(),
            status_name=r["statusName"], attributed_to=r["attributedTo"] or "", quote=r["quote"],
            document=local_name(r["doc"]), section=r["section"], section_title=r["sectionTitle"] or "",
            paragraph=r["paragraph"], in_footnote=r["inNote"], start=r["start"], end=r["end"],
            footnotes=tuple(sorted(notes.get(r["a"], ()))),
            conflicts_with=tuple(sorted(local_name(o) for o in conflicts.get(r["a"], ()))),
            agreement=agreements.get(r["a"], ())))
    return sorted(assertions, key=lambda a: (a.document, a.start, a.end, a.id))


def agreement_words(documents: int, origins: int) -> str:
    """How a claim several documents make is counted, in words.

    >>> agreement_words(3, 2), agreement_words(2, 1)
    ('in 3 documents (2 independent origins)', 'in 2 documents (1 independent origin)')
    """
    return f"in {documents} documents ({origins} independent origin{'s' if origins != 1 else ''})"


def _agreements(iris: list[str], source) -> dict[str, tuple[str, ...]]:
    """For each assertion, the corroborations it is in (graph/build/corroboration.py), in words."""
    rows = read_records(f"""SELECT ?a ?k ?documents ?origins ?doc WHERE {{
        {_values('a', iris)} ?k fg:agreeingAssertion ?a , ?other ; fg:documentCount ?documents ;
        fg:originCount ?origins . ?other fg:inDocument ?doc }}""", source)
    found: dict[str, dict[str, list]] = {}
    for r in rows:
        found.setdefault(r["a"], {}).setdefault(r["k"], [r, set()])[1].add(local_name(r["doc"]))
    return {a: tuple(sorted(f"{agreement_words(r['documents'], r['origins'])}: {', '.join(sorted(docs))}"
                            for r, docs in by_k.values())) for a, by_k in found.items()}


def _grouped(rows: list[dict], column: str) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row["a"], []).append(row[column])
    return grouped


def read_footnotes(documents: list[str], numbers: set[tuple[str, int]], source) -> dict[tuple[str, int], Footnote]:
    """The footnotes (document id, number) in full, with the works each cites ('Ibid.' resolved)."""
    if not numbers:
        return {}
    rows = read_records(f"""SELECT ?doc ?n ?text ?ibid ?work WHERE {{
        {_values('doc', documents)}
        ?note a fg:Footnote ; dcterms:isPartOf ?doc ; fg:number ?n ; fg:footnoteText ?text .
        OPTIONAL {{ ?note fg:ibidemOf/fg:number ?ibid }}
        OPTIONAL {{ ?note fg:cites ?work }}
    }} ORDER BY ?doc ?n ?work""", source)
    notes: dict[tuple[str, int], Footnote] = {}
    for r in rows:
        key = (local_name(r["doc"]), r["n"])
        if key not in numbers:
            continue
        works = notes[key].works if key in notes else ()
        if r["work"] is not None:
            works += (local_name(r["work"]),)
        notes[key] = Footnote(r["n"], r["text"], r["ibid"], works)
    return notes


def _ordered_names(rows: list[dict], printed: str) -> tuple[Name, ...]:
    """Names in the order the printed citation gives them (RDF keeps creators as an unordered set)."""
    names = {(r["name"], bool(r["person"]), r.get("given") or "", r.get("family") or "") for r in rows}

    def position(item):
        found = printed.find(item[0])
        return (found if found >= 0 else len(printed), item[0])
    return tuple(Name(*name) for name in sorted(names, key=position))


def read_works(ids: set[str], source) -> dict[str, Work]:
    """What the footnotes give about each cited work: authors, title, container, date, publisher."""
    if not ids:
        return {}
    iris = [f"https://w3id.org/factiongraph/work/{i}" for i in ids]
    rows = read_records(f"""SELECT ?work ?kind ?title ?label ?container ?volume ?date ?coverage ?publisher ?place
            ?language ?quote WHERE {{
        {_values('work', iris)}
        ?work a fg:Work, ?class ; rdfs:label ?label ; fg:quote ?quote .
        FILTER(STRSTARTS(STR(?class), STR(fabio:)))
        BIND(STRAFTER(STR(?class), STR(fabio:)) AS ?kind)
        OPTIONAL {{ ?work dcterms:title ?title }}
        OPTIONAL {{ ?work dcterms:isPartOf/rdfs:label ?container }}
        OPTIONAL {{ ?work schema:volumeNumber ?volume }}
        OPTIONAL {{ ?work dcterms:date ?date }}
        OPTIONAL {{ ?work schema:temporalCoverage ?coverage }}
        OPTIONAL {{ ?work dcterms:publisher ?publisher }}
        OPTIONAL {{ ?work schema:locationCreated ?place }}
        OPTIONAL {{ ?work dcterms:language ?language }}
    }}""", source)
    authors = _grouped([{"a": r["work"], "row": r} for r in read_records(f"""SELECT ?work ?name ?person ?given ?family WHERE {{
        {_values('work', iris)}
        ?work dcterms:creator ?author . ?author rdfs:label ?name .
        OPTIONAL {{ ?author schema:givenName ?given }} OPTIONAL {{ ?author schema:familyName ?family }}
        BIND(EXISTS {{ ?author a fg:Person }} AS ?person)
    }}""", source)], "row")
    works = {}
    for r in rows:
        works[local_name(r["work"])] = Work(
            id=local_name(r["work"]), kind=r["kind"], title=r["title"] or "", label=r["label"],
            authors=_ordered_names(authors.get(r["work"], []), r["quote"]), container=r["container"] or "",
            volume=r["volume"] or "", date=str(r["date"] or ""), season=(r["coverage"] or "").split(" ")[0],
            publisher=r["publisher"] or "", place=r["place"] or "", language=r["language"] or "")
    return works


def read_documents(ids: set[str], source) -> dict[str, Document]:
    """Each document's metadata and the citation its publisher asks for."""
    if not ids:
        return {}
    iris = [f"https://w3id.org/factiongraph/doc/{i}" for i in ids]
    rows = read_records(f"""SELECT ?doc ?kind ?title ?journal ?issue ?year ?coverage ?publisher ?language ?from ?howToCite
            ?path ?url ?volume ?pages WHERE {{
        {_values('doc', iris)}
        ?doc a fg:Document, ?class ; dcterms:title ?title ; fg:howToCite ?howToCite .
        FILTER(STRSTARTS(STR(?class), STR(fabio:)))
        BIND(STRAFTER(STR(?class), STR(fabio:)) AS ?kind)
        OPTIONAL {{ ?doc schema:isPartOf/rdfs:label ?journal }}
        OPTIONAL {{ ?doc schema:issueNumber ?issue }}
        OPTIONAL {{ ?doc dcterms:date ?year }}
        OPTIONAL {{ ?doc schema:temporalCoverage ?coverage }}
        OPTIONAL {{ ?doc dcterms:publisher/rdfs:label ?publisher }}
        OPTIONAL {{ ?doc dcterms:language ?language }}
        OPTIONAL {{ ?doc fg:translatedFrom ?from }}
        OPTIONAL {{ ?doc fg:hasText/schema:contentUrl ?path }}
        OPTIONAL {{ ?doc schema:url ?url }} OPTIONAL {{ ?doc schema:volumeNumber ?volume }}
        OPTIONAL {{ ?doc schema:pagination ?pages }}
    }}""", source)
    people = read_records(f"""SELECT ?doc ?role ?name ?person ?given ?family WHERE {{
        {_values('doc', iris)}
        VALUES (?property ?role) {{ (dcterms:creator "author") (fg:translator "translator") (schema:editor "editor") }}
        ?doc ?property ?who . ?who rdfs:label ?name .
        OPTIONAL {{ ?who schema:givenName ?given }} OPTIONAL {{ ?who schema:familyName ?family }}
        BIND(EXISTS {{ ?who a fg:Person }} AS ?person)
    }}""", source)
    documents = {}
    for r in rows:
        def named(role):
            return _ordered_names([p for p in people if p["doc"] == r["doc"] and p["role"] == role], r["howToCite"])
        documents[local_name(r["doc"])] = Document(
            id=local_name(r["doc"]), kind=r["kind"], title=str(r["title"]), authors=named("author"),
            translators=named("translator"), journal=r["journal"] or "", issue=r["issue"] or "",
            season=(r["coverage"] or "").split(" ")[0], year=str(r["year"] or "")[:4], publisher=r["publisher"] or "",
            language=r["language"] or "", translated_from=r["from"] or "", how_to_cite=r["howToCite"],
            text_path=r["path"] or "", date=str(r["year"] or "") if len(str(r["year"] or "")) > 4 else "",
            url=r["url"] or "", volume=r["volume"] or "", pages=r["pages"] or "", editors=named("editor"))
    return documents


def look_up(source: GraphFile | Endpoint | None = None, *, name: str | None = None, footnote: int | None = None,
            paragraph: int | None = None, statement: str | None = None, document: str | None = None) -> Lookup:
    """Everything needed to cite what the graph holds on a name, a footnote, a paragraph or one statement."""
    source = source or GraphFile()
    subject, iris, picked = find_assertions(source, name=name, footnote=footnote, paragraph=paragraph,
                                    statement=statement, document=document)
    in_document = {local_name(_document_of(document, source))} if footnote is not None or paragraph is not None else set()
    return _with_sources(subject, read_assertions(iris, source), source, picked, in_document, footnote)


def look_up_iri(iri: str, source: GraphFile | Endpoint) -> Lookup:
    """The evidence for one resource of the graph by its IRI (the page of a thing or a statement): the
    assertion itself, or every assertion about it or resting on it; no name matching."""
    if run_query(f"ASK {{ {sparql_iri(iri)} fg:quote ?q }}", source).boolean:
        iris = [iri]
    else:
        iris, _, _ = assertions_about(iri, source)
    return _with_sources(iri, read_assertions(iris, source), source)


def _with_sources(subject: str, assertions: list[Assertion], source, picked: str = "",
                  in_document: set[str] = frozenset(), footnote: int | None = None) -> Lookup:
    """The assertions with their footnotes, the works those cite and the documents they stand in."""
    doc_ids = {a.document for a in assertions} or set(in_document)
    wanted = {(a.document, n) for a in assertions for n in a.footnotes}
    if footnote is not None:
        wanted |= {(d, footnote) for d in doc_ids}
    footnotes = read_footnotes([f"https://w3id.org/factiongraph/doc/{d}" for d in doc_ids], wanted, source)
    works = read_works({w for note in footnotes.values() for w in note.works}, source)
    return Lookup(subject, tuple(assertions), footnotes, works, read_documents(doc_ids, source), picked)


# --- Formats ------------------------------------------------------------------------------------

def describe_work(work: Work) -> str:
    """A work in one readable line, from what its note gives."""
    who = " and ".join(n.name for n in work.authors)
    parts = [who] if who else []
    if work.kind in ("NewspaperIssue", "JournalIssue") and not work.title:
        parts.append(work.container)
    else:
        parts.append(f"“{work.title or work.label}”" if work.container else work.title or work.label)
        if work.container:
            parts.append(f"in {work.container}{' ' + work.volume if work.volume else ''}")
    published = ": ".join(p for p in (work.place, work.publisher) if p)
    when = _readable_date(work.date) if work.date else ""
    if work.season:
        when = f"{work.season} {when}".strip()
    tail = ", ".join(p for p in (published, when) if p)
    kind = {"NewspaperIssue": "newspaper issue", "JournalIssue": "journal issue", "DataFile": "data",
            "Comment": "the author's comment", "Book": "book", "JournalArticle": "article",
            "NewspaperArticle": "newspaper article"}.get(work.kind, work.kind)
    return ", ".join(parts) + (f" ({tail})" if tail else "") + f" [{kind}]"


def _readable_date(text: str) -> str:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.day} {day.strftime('%B')} {day.year}"


def attribution(status: str, who: str) -> str:
    """Whose claim it is, after the status: 'prediction by Reformists', 'stated by the author (Morad Saghafi)'."""
    if not who:
        return ""
    return f" by {who}" if status in ("prediction", "estimate") else f" ({who})"


def cite_document(doc: Document) -> str:
    """The publisher's own citation, with the translator it credits."""
    translated = ""
    if doc.translators:
        translated = f" Translated{' from ' + LANGUAGE_NAMES.get(doc.translated_from, doc.translated_from) if doc.translated_from else ''}" \
                     f" by {' and '.join(t.name for t in doc.translators)}."
    return doc.how_to_cite + translated


LANGUAGE_NAMES = {"fr": "French", "fa": "Persian", "en": "English", "ar": "Arabic", "de": "German"}


def where_in_text(a: Assertion, doc: Document | None) -> str:
    """Section, paragraph or note, and the characters of the document's text file."""
    parts = []
    if a.section is not None:
        parts.append(f"section {a.section} “{a.section_title}”")
    if a.paragraph is not None:
        parts.append(f"paragraph {a.paragraph}")
    if a.in_footnote is not None:
        parts.append(f"note {a.in_footnote}")
    path = doc.text_path if doc and doc.text_path else a.document
    parts.append(f"{path} characters {a.start}-{a.end}")
    return ", ".join(parts)


def name_document(doc_id: str, doc: Document | None) -> str:
    """Which document a claim is from, as a reader tells documents apart: its id, title, authors and year."""
    if doc is None:
        return doc_id
    return document_words(doc_id, doc.title, [a.name for a in doc.authors], doc.date[:4] or doc.year)


def document_words(doc_id: str, title: str, authors: list[str], year: str) -> str:
    """A document named by its id, title, authors (in the printed citation's order) and year.

    >>> document_words("report-a", "Title", ["A. Author", "B. Author"], "2004")
    'report-a, “Title” (A. Author and B. Author, 2004)'
    """
    credit = ", ".join(part for part in (" and ".join(authors), year) if part)
    return f"{doc_id}, “{title}”" + (f" ({credit})" if credit else "")


def render_text(lookup: Lookup) -> str:
    count = len(lookup.assertions)
    found = f"{count} claim{'s' if count != 1 else ''} (statements and figures), in the order of the text" \
        if count else "no statement or figure"
    lines = [lookup.subject, found, ""]
    for i, a in enumerate(lookup.assertions, 1):
        attributed, doc = attribution(a.status, a.attributed_to), lookup.documents.get(a.document)
        lines += [f"[{i}] {a.claim}",
                  f"    status:  {a.status_name}{attributed}",
                  f"    quote:   “{a.quote}”",
                  f"    in:      {name_document(a.document, doc)}",
                  f"    where:   {where_in_text(a, doc)}",
                  f"    id:      {a.id}"]
        if a.conflicts_with:
            lines.append(f"    conflicts with: {', '.join(a.conflicts_with)}")
        lines += [f"    agrees:  {agreement}" for agreement in a.agreement]
        for n in a.footnotes:
            lines += _note_lines(lookup, a.document, n)
        lines.append("")
    if not lookup.assertions:
        for (doc, n) in sorted(lookup.footnotes):
            lines += _note_lines(lookup, doc, n) + [""]
    for doc in sorted(lookup.documents.values(), key=lambda d: d.id):
        lines.append(f"Cite {doc.id} as: {cite_document(doc)}")
    return "\n".join(lines).rstrip() + "\n"


def _note_lines(lookup: Lookup, doc: str, number: int) -> list[str]:
    note = lookup.footnotes.get((doc, number))
    if note is None:
        return []
    lines = [f"    note {number}: {note.text}"]
    if note.ibid_of is not None:
        lines[0] += f" (= note {note.ibid_of})"
    lines += [f"      source: {describe_work(lookup.works[w])}" for w in note.works if w in lookup.works]
    return lines


def render_markdown(lookup: Lookup) -> str:
    """The lookup as Markdown; every text from the graph is escaped, so it shows as written (graph.escape)."""
    escape = markdown_text
    lines = [f"# {escape(lookup.subject)}", ""]
    for a in lookup.assertions:
        attributed, doc = attribution(a.status, escape(a.attributed_to)), lookup.documents.get(a.document)
        lines += [f"## {escape(a.claim)}", "",
                  f"- **status:** {escape(a.status_name)}{attributed}",
                  f"- **quote:** “{escape(a.quote)}”",
                  f"- **in:** {escape(name_document(a.document, doc))}",
                  f"- **where:** {escape(where_in_text(a, doc))}",
                  f"- **id:** {markdown_code(a.id)}"]
        if a.conflicts_with:
            lines.append(f"- **conflicts with:** {', '.join(markdown_code(c) for c in a.conflicts_with)}")
        lines += [f"- **agrees:** {escape(agreement)}" for agreement in a.agreement]
        for n in a.footnotes:
            note = lookup.footnotes.get((a.document, n))
            if note:
                lines.append(f"- **note {n}:** {escape(note.text)}")
                lines += [f"  - {escape(describe_work(lookup.works[w]))}" for w in note.works if w in lookup.works]
        lines.append("")
    if not lookup.assertions:
        lines += [f"- **note {n}:** {escape(note.text)}" for (_, n), note in sorted(lookup.footnotes.items())] + [""]
    lines += [f"**Cite {markdown_code(d.id)} as:** {escape(cite_document(d))}"
              for d in sorted(lookup.documents.values(), key=lambda d: d.id)]
    return "\n".join(lines).rstrip() + "\n"


def render_json(lookup: Lookup) -> str:
    data = {
        "subject": lookup.subject,
        "picked": lookup.picked,
        "assertions": [asdict(a) for a in lookup.assertions],
        "footnotes": [{"document": d, **asdict(n)} for (d, _), n in sorted(lookup.footnotes.items())],
        "works": [asdict(w) for _, w in sorted(lookup.works.items())],
        "documents": [asdict(d) | {"citation": cite_document(d)} for _, d in sorted(lookup.documents.items())],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cited_works(lookup: Lookup) -> list[Work]:
    """The works behind the lookup's footnotes that a reference manager can hold (not the author's comments)."""
    order = [w for (_, _), note in sorted(lookup.footnotes.items()) for w in note.works]
    return [lookup.works[w] for w in dict.fromkeys(order) if w in lookup.works and lookup.works[w].kind in WORK_KINDS]


def _person(name: Name) -> Person:
    if name.family:
        return Person(first=name.given, last=name.family)
    return Person(name.name if name.person else "{" + name.name + "}")


def _csl_name(name: Name) -> dict:
    if name.family:
        return _present({"family": name.family, "given": name.given})
    if not name.person:
        return {"literal": name.name}
    person = Person(name.name)
    return {"family": " ".join(person.prelast_names + person.last_names), "given": " ".join(person.first_names
                                                                                          + person.middle_names)}


def _csl_issued(text: str, season: str) -> dict:
    parts = [int(p) for p in text.split("-") if p.isdigit()]
    issued: dict = {"date-parts": [parts]} if parts else {}
    if season in SEASONS:
        issued["season"] = SEASONS[season]
    return issued


def _present(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v}


def bibtex_entries(documents: list[Document], works: list[Work]) -> str:
    """The documents and the works as BibTeX, with biblatex's types and fields where BibTeX has none: a
    newspaper issue is @article with entrysubtype newspaper and its full date, a journal's whole issue
    @periodical, a data set @dataset."""
    entries: dict[str, Entry] = {}
    for doc in documents:
        kind = DOCUMENT_KINDS.get(doc.kind, DOCUMENT_KIND)
        container = {"incollection": "booktitle", "online": "organization", "report": "institution"}.get(
            kind.bibtex, "journal")
        fields = {"title": doc.title, container: doc.journal, "entrysubtype": kind.subtype,
                  "journaltitle": doc.journal if kind.subtype else "", "volume": doc.volume, "number": doc.issue,
                  "issue": doc.season, "pages": doc.pages, "year": doc.year, "date": doc.date, "url": doc.url,
                  "publisher": doc.publisher, "language": doc.language, "origlanguage": doc.translated_from}
        entries[doc.id] = Entry(kind.bibtex, fields=_present(fields),
                                persons=_present({"author": [_person(n) for n in doc.authors],
                                                  "editor": [_person(n) for n in doc.editors],
                                                  "translator": [_person(n) for n in doc.translators]}))
    for work in works:
        kind = WORK_KINDS[work.kind]
        whole_issue = work.kind == "JournalIssue"
        fields = {"title": work.container if whole_issue else work.title,
                  "journal": "" if whole_issue else work.container, "entrysubtype": kind.subtype,
                  "volume": "" if whole_issue else work.volume, "number": work.volume if whole_issue else "",
                  "issue": work.season, "note": work.title if whole_issue else "",
                  "publisher": work.publisher, "address": work.place, "language": work.language,
                  "year": work.date[:4], "date": work.date if len(work.date) == 10 else ""}
        entries[work.id] = Entry(kind.bibtex, fields=_present(fields),
                                 persons={"author": [_person(n) for n in work.authors]} if work.authors else {})
    text = BibliographyData(entries).to_string("bibtex")
    return text if text.endswith("\n") else text + "\n"


def csl_items(documents: list[Document], works: list[Work]) -> list[dict]:
    """The documents and the works as CSL-JSON items: a newspaper issue is an article-newspaper of that
    newspaper and day (no title: the note cites the issue); a journal's whole issue is typed as pandoc
    reads biblatex's @periodical (article-journal, the journal as title and container, its number as
    issue), since CSL styles print no issue number for the type periodical."""
    items = []
    for doc in documents:
        items.append(_present({
            "id": doc.id, "type": DOCUMENT_KINDS.get(doc.kind, DOCUMENT_KIND).csl, "title": doc.title,
            "author": [_csl_name(n) for n in doc.authors], "editor": [_csl_name(n) for n in doc.editors],
            "translator": [_csl_name(n) for n in doc.translators],
            "container-title": doc.journal, "volume": doc.volume, "issue": doc.issue, "page": doc.pages,
            "publisher": doc.publisher, "URL": doc.url, "language": doc.language,
            "issued": _csl_issued(doc.date or doc.year, doc.season)}))
    for work in works:
        whole_issue = work.kind == "JournalIssue"
        items.append(_present({
            "id": work.id, "type": WORK_KINDS[work.kind].csl,
            "title": work.container if whole_issue else work.title, "note": work.title if whole_issue else "",
            "author": [_csl_name(n) for n in work.authors], "container-title": work.container,
            "volume": "" if whole_issue else work.volume, "issue": work.volume if whole_issue else "",
            "publisher": work.publisher, "publisher-place": work.place, "language": work.language,
            "issued": _csl_issued(work.date, work.season)}))
    return items


def _ris_name(name: Name) -> str:
    if name.family:
        return f"{name.family}, {name.given}" if name.given else name.family
    if not name.person:
        return name.name
    person = Person(name.name)
    return f"{' '.join(person.prelast_names + person.last_names)}, {' '.join(person.first_names + person.middle_names)}"


def _ris_date(text: str, season: str) -> str:
    """RIS's DA field, YYYY/MM/DD/other: '2004-01-15' is '2004/01/15/', Spring 2004 '2004///Spring'
    (a bare year needs none: PY holds it)."""
    parts = text.split("-") if text else []
    if len(parts) == 1 and not season:
        return ""
    return "/".join((parts + ["", ""])[:3]) + "/" + (season if len(parts) < 3 else "")


def ris_records(documents: list[Document], works: list[Work]) -> str:
    """The documents and the works as RIS (EndNote, Zotero, Mendeley): NEWS with its day for a newspaper
    issue, JFULL for a journal's whole issue; a translator is A4, as Zotero writes one."""
    records = []
    for doc in documents:
        records.append(_present({
            "type_of_reference": DOCUMENT_KINDS.get(doc.kind, DOCUMENT_KIND).ris, "id": doc.id, "title": doc.title,
            "authors": [_ris_name(n) for n in doc.authors],
            "subsidiary_authors": [_ris_name(n) for n in doc.translators],
            "secondary_title": doc.journal, "number": doc.issue, "year": doc.year,
            "date": _ris_date(doc.date or doc.year, doc.season), "publisher": doc.publisher,
            "urls": [doc.url] if doc.url else [],
            "language": doc.language}))
    for work in works:
        whole_issue = work.kind == "JournalIssue"
        records.append(_present({
            "type_of_reference": WORK_KINDS[work.kind].ris, "id": work.id,
            "title": work.container if whole_issue else work.title, "notes": [work.title] if whole_issue else [],
            "authors": [_ris_name(n) for n in work.authors], "secondary_title": "" if whole_issue else work.container,
            "volume": "" if whole_issue else work.volume, "number": work.volume if whole_issue else "",
            "year": work.date[:4], "date": _ris_date(work.date, work.season),
            "publisher": work.publisher, "place_published": work.place, "language": work.language}))
    return rispy.dumps(records, implementation=RisRecords)


class RisRecords(rispy.RisWriter):
    """RIS records as reference managers write them: no numbered line before each (rispy's default)."""

    def set_header(self, count: int) -> str:
        return ""


def render_bibtex(lookup: Lookup) -> str:
    """The article(s) and their footnote sources as BibTeX."""
    return bibtex_entries(sorted(lookup.documents.values(), key=lambda d: d.id), _cited_works(lookup))


def render_ris(lookup: Lookup) -> str:
    """The article(s) and their footnote sources as RIS records."""
    return ris_records(sorted(lookup.documents.values(), key=lambda d: d.id), _cited_works(lookup))


def render_csl_json(lookup: Lookup) -> str:
    """The article(s) and their footnote sources as CSL-JSON items (Zotero, Mendeley, pandoc, citeproc)."""
    items = csl_items(sorted(lookup.documents.values(), key=lambda d: d.id), _cited_works(lookup))
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Bibliography:
    """Every annotated document, and every work its notes cite (in the order of first citation)."""

    documents: tuple[Document, ...]
    works: tuple[Work, ...]


def read_bibliography(source: GraphFile | Endpoint | None = None) -> Bibliography:
    """The documents and every work a note cites that a reference manager can hold (not the author's comments)."""
    source = source or GraphFile()
    docs = read_documents({local_name(r["doc"]) for r in read_records("SELECT ?doc WHERE { ?doc a fg:Document }", source)},
                          source)
    first = read_records("""SELECT ?work (MIN(STR(?doc)) AS ?in) (MIN(?n) AS ?note) WHERE {
        ?note_ fg:cites ?work ; fg:number ?n ; dcterms:isPartOf ?doc . ?doc a fg:Document }
        GROUP BY ?work ORDER BY ?in ?note ?work""", source)
    works = read_works({local_name(r["work"]) for r in first}, source)
    ordered = [works[local_name(r["work"])] for r in first if local_name(r["work"]) in works]
    return Bibliography(tuple(docs[d] for d in sorted(docs)), tuple(w for w in ordered if w.kind in WORK_KINDS))


BIBLIOGRAPHY_FORMATS = {"bibtex": bibtex_entries, "ris": ris_records,
                        "csl-json": lambda d, w: json.dumps(csl_items(d, w), indent=2, ensure_ascii=False) + "\n"}


def render_bibliography(bibliography: Bibliography, fmt: str = "bibtex") -> str:
    """The whole bibliography in one format a reference manager imports."""
    if fmt not in BIBLIOGRAPHY_FORMATS:
        raise FactionGraphError(Problem("--format", f"unknown format {fmt!r}",
                                        f"use one of {', '.join(BIBLIOGRAPHY_FORMATS)}"))
    return BIBLIOGRAPHY_FORMATS[fmt](list(bibliography.documents), list(bibliography.works))


def render_lookup(lookup: Lookup, fmt: str = "text") -> str:
    renderers = {"text": render_text, "md": render_markdown, "json": render_json, "bibtex": render_bibtex,
                 "csl-json": render_csl_json, "ris": render_ris}
    if fmt not in renderers:
        raise FactionGraphError(Problem("--format", f"unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}"))
    return renderers[fmt](lookup)

