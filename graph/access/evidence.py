"""The one reader of the evidence: each assertion's claim, status, quote and place in the text, its
footnotes, the works they cite and the documents' own metadata, as typed records.

Provenance lives in the graph, so reading it is a few SPARQL queries (graph.access.query.read_records),
which run alike on the build's store, a built graph or a SPARQL endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..namespaces import local_name
from .prepare import sparql_iri
from .query import Endpoint, GraphFile, read_records

REFERENCE_KINDS = ("JournalArticle", "Book", "NewspaperIssue", "NewspaperArticle", "JournalIssue", "DataFile")
"""The kinds of cited work (FaBiO classes) a reference manager holds; the author's own comments are not among them."""


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
class Corroboration:
    """A claim several documents make (graph/build/corroboration.py): how many documents and independent
    origins, the assertions that make it and their documents."""

    documents: int
    origins: int
    members: tuple[str, ...]
    member_documents: tuple[str, ...]


@dataclass(frozen=True)
class Assertion:
    """One statement or figure with its evidence, as a reader checks it: what cite prints and the pages show."""

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
    layer: str = ""
    """Its evidence layer: facts, reported, hedged or rumour."""
    subject: str = ""
    relation: str = ""
    relation_name: str = ""
    object: str = ""
    """A statement's subject, relation and object (the object's id, or a literal's text); empty for a figure."""
    object_is_entity: bool = False
    date: str = ""
    earliest: str = ""
    latest: str = ""
    precision: str = ""
    """The date the text gives it, as written (2004-01, 2004-01-27/2004-02-20), its span and precision."""
    derivation: str = ""
    comment: str = ""
    corroborations: tuple[Corroboration, ...] = ()


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


def _restricted(iris: list[str] | None) -> str:
    return _values("a", iris) if iris is not None else ""


def _by_assertion(query: str, iris: list[str] | None, source) -> dict[str, dict]:
    """One row per assertion of a query over ?a (the first by its values where the graph holds several)."""
    found: dict[str, dict] = {}
    for row in sorted(read_records(query.replace("RESTRICT", _restricted(iris)), source),
                      key=lambda r: tuple(str(v) for v in r.values())):
        found.setdefault(row["a"], row)
    return found


def _text_of(value) -> str:
    return str(value) if value is not None else ""


def read_assertions(iris: list[str] | None, source) -> list[Assertion]:
    """Each assertion's claim in words, status, quote and place in the text, in text order: those of `iris`,
    or every assertion of the graph (None). Each optional part is its own query keyed by the assertion, which
    stays a cheap join on a 1M-triple store where one query of many OPTIONALs does not."""
    if iris is not None and not iris:
        return []
    rows = read_records(f"""SELECT ?a ?kind ?label ?status ?statusName ?layer ?quote ?doc ?start ?end WHERE {{
        {_restricted(iris)}
        ?a a ?kind ; fg:status ?status ; fg:layer ?layer ; fg:quote ?quote ; fg:inDocument ?doc ; rdfs:label ?label ;
           fg:anchor/oa:hasTarget/oa:hasSelector ?selector .
        ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
        FILTER(?kind IN (fg:Statement, fg:Figure))
        ?status rdfs:label ?statusName .
    }}""", source)
    parts = _by_assertion("""SELECT ?a ?subject ?relation ?object ?entity WHERE {
        RESTRICT ?a a fg:Statement ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object .
        BIND(isIRI(?object) AS ?entity) }""", iris, source)
    single = {name: _by_assertion(f"SELECT ?a ?v WHERE {{ RESTRICT {pattern} }}", iris, source)
              for name, pattern in (("attributedTo", "?a fg:attributedTo/rdfs:label ?v"),
                                    ("subjectName", "?a rdf:subject/rdfs:label ?v"),
                                    ("relationName", "?a rdf:predicate/rdfs:label ?v"),
                                    ("objectName", "?a rdf:object/rdfs:label ?v"),
                                    ("paragraph", "?a fg:inParagraph/fg:number ?v"),
                                    ("inNote", "?a fg:inFootnote/fg:number ?v"),
                                    ("date", "?a fg:dateQualifier ?d BIND(STR(?d) AS ?v)"),
                                    ("earliest", "?a fg:earliest ?d BIND(STR(?d) AS ?v)"),
                                    ("latest", "?a fg:latest ?d BIND(STR(?d) AS ?v)"),
                                    ("precision", "?a fg:datePrecision ?v"),
                                    ("derivation", "?a fg:derivation ?v"),
                                    ("comment", "?a fg:annotatorNote ?v"))}
    sections = _by_assertion("""SELECT ?a ?section ?title WHERE {
        RESTRICT ?a fg:inSection ?s . ?s fg:number ?section ; rdfs:label ?title }""", iris, source)
    notes = grouped(read_records(f"SELECT ?a ?n WHERE {{ {_restricted(iris)} ?a fg:citesFootnote/fg:number ?n }}",
                                 source), "n")
    conflicts = grouped(read_records(f"SELECT ?a ?other WHERE {{ {_restricted(iris)} ?a fg:conflictsWith ?other }}",
                                     source), "other")
    corroborations = _corroborations(iris, source)

    def value(name: str, a: str):
        return single[name][a]["v"] if a in single[name] else None

    assertions = []
    for r in rows:
        a, part = r["a"], parts.get(r["a"])
        claim = r["label"]
        subject_name, relation_name, object_name = (value(name, a) for name in ("subjectName", "relationName", "objectName"))
        if part is not None and subject_name is not None and relation_name is not None:
            claim = f"{subject_name} {relation_name} {object_name if object_name is not None else part['object']}"
        found = corroborations.get(a, ())
        assertions.append(Assertion(
            id=local_name(a), kind=local_name(r["kind"]).lower(), claim=str(claim), status=local_name(r["status"]).lower(),
            status_name=r["statusName"], attributed_to=value("attributedTo", a) or "", quote=r["quote"],
            document=local_name(r["doc"]), section=sections[a]["section"] if a in sections else None,
            section_title=sections[a]["title"] if a in sections else "",
            paragraph=value("paragraph", a), in_footnote=value("inNote", a), start=r["start"], end=r["end"],
            footnotes=tuple(sorted(notes.get(a, ()))),
            conflicts_with=tuple(sorted(local_name(o) for o in conflicts.get(a, ()))),
            agreement=tuple(sorted(f"{agreement_words(k.documents, k.origins)}: {', '.join(k.member_documents)}"
                                   for k in found)),
            layer=local_name(r["layer"]).removesuffix("Layer").lower(),
            subject=local_name(part["subject"]) if part else "", relation=local_name(part["relation"]) if part else "",
            relation_name=_text_of(relation_name),
            object=(local_name(part["object"]) if part["entity"] else str(part["object"])) if part else "",
            object_is_entity=bool(part) and part["entity"],
            date=_text_of(value("date", a)), earliest=_text_of(value("earliest", a)), latest=_text_of(value("latest", a)),
            precision=local_name(value("precision", a)).lower() if value("precision", a) else "",
            derivation=_text_of(value("derivation", a)), comment=_text_of(value("comment", a)),
            corroborations=found))
    return sorted(assertions, key=lambda a: (a.document, a.start, a.end, a.id))


def place_words(section: int | None, section_title: str, paragraph: int | None, footnote: int | None) -> list[str]:
    """Where in a document something stands, as a reader looks for it: section, paragraph or note.

    >>> place_words(2, "The crisis", 7, None)
    ['section 2 “The crisis”', 'paragraph 7']
    """
    parts = [f"section {section} “{section_title}”"] if section is not None else []
    if paragraph is not None:
        parts.append(f"paragraph {paragraph}")
    if footnote is not None:
        parts.append(f"note {footnote}")
    return parts


def agreement_words(documents: int, origins: int) -> str:
    """How a claim several documents make is counted, in words.

    >>> agreement_words(3, 2), agreement_words(2, 1)
    ('in 3 documents (2 independent origins)', 'in 2 documents (1 independent origin)')
    """
    return f"in {documents} documents ({origins} independent origin{'s' if origins != 1 else ''})"


def _corroborations(iris: list[str] | None, source) -> dict[str, tuple[Corroboration, ...]]:
    """For each assertion, the corroborations it is in (graph/build/corroboration.py), ordered by their members."""
    rows = read_records(f"""SELECT ?a ?k ?documents ?origins ?other ?doc WHERE {{
        {_restricted(iris)} ?k fg:agreeingAssertion ?a , ?other ; fg:documentCount ?documents ;
        fg:originCount ?origins . ?other fg:inDocument ?doc }}""", source)
    found: dict[str, dict[str, list]] = {}
    for r in rows:
        entry = found.setdefault(r["a"], {}).setdefault(r["k"], [r, set(), set()])
        entry[1].add(local_name(r["other"]))
        entry[2].add(local_name(r["doc"]))
    return {a: tuple(sorted((Corroboration(r["documents"], r["origins"], tuple(sorted(members)), tuple(sorted(docs)))
                             for r, members, docs in by_k.values()), key=lambda k: k.members))
            for a, by_k in found.items()}


def grouped(rows: list[dict], column: str) -> dict[str, list]:
    """The values of one column of rows, by each row's assertion (its "a")."""
    found: dict[str, list] = {}
    for row in rows:
        found.setdefault(row["a"], []).append(row[column])
    return found


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
    authors = grouped([{"a": r["work"], "row": r} for r in read_records(f"""SELECT ?work ?name ?person ?given ?family WHERE {{
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


def read_lookup(subject: str, iris: list[str], source, picked: str = "", in_document: set[str] = frozenset(),
                footnote: int | None = None) -> Lookup:
    """The assertions with their footnotes, the works those cite and the documents they stand in (those of
    in_document when there is no assertion, and note `footnote` of each)."""
    assertions = read_assertions(iris, source)
    doc_ids = {a.document for a in assertions} or set(in_document)
    wanted = {(a.document, n) for a in assertions for n in a.footnotes}
    if footnote is not None:
        wanted |= {(d, footnote) for d in doc_ids}
    footnotes = read_footnotes([f"https://w3id.org/factiongraph/doc/{d}" for d in doc_ids], wanted, source)
    works = read_works({w for note in footnotes.values() for w in note.works}, source)
    return Lookup(subject, tuple(assertions), footnotes, works, read_documents(doc_ids, source), picked)


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
    return Bibliography(tuple(docs[d] for d in sorted(docs)), tuple(w for w in ordered if w.kind in REFERENCE_KINDS))
