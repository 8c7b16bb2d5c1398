"""The forms of a citation lookup: text, JSON and Markdown for readers; BibTeX, CSL-JSON and RIS for
reference managers; and the whole bibliography in the last three."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date

import rispy
from pybtex.database import BibliographyData, Entry, Person

from ..access.evidence import REFERENCE_KINDS, Assertion, Bibliography, Document, Lookup, Name, Work, place_words
from ..errors import FactionGraphError, Problem
from ..escape import markdown_code, markdown_text

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
    parts = place_words(a.section, a.section_title, a.paragraph, a.in_footnote)
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
    return [lookup.works[w] for w in dict.fromkeys(order) if w in lookup.works and lookup.works[w].kind in REFERENCE_KINDS]


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
