"""How completely the annotations cover each text: what is annotated where, and what is not.

The report answers a reviewer's questions: which paragraphs carry no statement, which
footnotes nothing rests on, which names in the text match no entity, where each entity
appears, and how the statements divide by section, status, relation and type.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from ..sources.records import Corpus, Document
from ..escape import markdown_code, markdown_text
from ..sources.mentions import Mention, find_unmatched_names


def _assertions(document: Document):
    return [s.evidence for s in document.statements] + [f.evidence for f in document.figures]


def summarize_document(document: Document, mentions: list[Mention], corpus: Corpus) -> dict:
    """Coverage counts and gaps for one document."""
    source = document.source
    evidence = _assertions(document)
    per_paragraph = Counter(e.anchor.paragraph for e in evidence if e.anchor.paragraph)
    per_section = Counter(e.anchor.section for e in evidence if e.anchor.section)
    cited = {n for e in evidence for n in e.anchor.cited_notes} | {e.anchor.footnote for e in evidence if e.anchor.footnote}
    covered = [(m.start, m.end) for m in mentions] + [(w.anchor.start, w.anchor.end) for w in document.works]
    unmatched = find_unmatched_names(source, covered)
    appears: dict[str, list[str]] = defaultdict(list)
    for mention in mentions:
        where = f"p{mention.paragraph}" if mention.paragraph else f"n{mention.footnote}"
        if where not in appears[mention.entity]:
            appears[mention.entity].append(where)
    return {
        "id": document.id,
        "title": document.metadata["title"],
        "statements": len(document.statements),
        "figures": len(document.figures),
        "by_status": dict(sorted(Counter(e.status for e in evidence).items())),
        "by_relation": dict(sorted(Counter(s.relation for s in document.statements).items())),
        "figures_by_measure": dict(sorted(Counter(f.measure for f in document.figures).items())),
        "by_section": [{"section": s.number, "title": s.title, "assertions": per_section.get(s.number, 0),
                        "paragraphs": [p.number for p in source.paragraphs if p.section == s.number]}
                       for s in source.sections],
        "by_paragraph": {str(p.number): per_paragraph.get(p.number, 0) for p in source.paragraphs},
        "paragraphs_without_assertion": [p.number for p in source.paragraphs if p.number not in per_paragraph],
        "footnotes_without_assertion": [n.number for n in source.footnotes if n.number not in cited],
        "mentions": len(mentions),
        "unmatched_names": [{"name": u.text, "paragraph": u.paragraph, "footnote": u.footnote} for u in unmatched],
        "entity_appearances": {k: appears[k] for k in sorted(appears)},
    }


def summarize_coverage(corpus: Corpus, mentions: dict[str, list[Mention]]) -> dict:
    """Coverage of the whole corpus: entity counts and one summary per document."""
    used = set()
    for document in corpus.documents:
        for s in document.statements:
            used |= {s.subject, s.object, s.evidence.source}
        for f in document.figures:
            used |= {f.place, f.population, f.event, f.evidence.source}
        for w in document.works:
            used |= {*w.authors, w.container}
        used |= {document.metadata.get(k) for k in ("translator", "publisher", "container")}
        used |= {a["id"] for a in document.metadata["authors"]} | set(document.metadata["editors"])
    mentioned = {m.entity for ms in mentions.values() for m in ms}
    return {
        "entities": len(corpus.entities),
        "entities_by_type": dict(sorted(Counter(e.type for e in corpus.entities.values()).items())),
        "entities_never_used": sorted(set(corpus.entities) - used),
        "entities_never_mentioned": sorted(set(corpus.entities) - mentioned),
        "documents": [summarize_document(d, mentions[d.id], corpus) for d in corpus.documents],
    }


def render_coverage_json(summary: dict) -> bytes:
    return (json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def render_coverage_text(summary: dict) -> bytes:
    """The coverage summary as `factiongraph stats` prints it: a block per document."""
    by_type = ", ".join(f"{t} {n}" for t, n in summary["entities_by_type"].items())
    lines = [f"entities: {summary['entities']} ({by_type})"]
    for doc in summary["documents"]:
        lines += ["", f"{doc['id']}: {doc['statements']} statements, {doc['figures']} figures, "
                      f"{doc['mentions']} entity mentions",
                  "  by status: " + ", ".join(f"{k} {v}" for k, v in doc["by_status"].items())]
        lines += [f"  section {s['section']:>2} {s['title']:<28} {s['assertions']:>4} assertions"
                  for s in doc["by_section"]]
        names = ", ".join(u["name"] for u in doc["unmatched_names"])
        lines += [f"  paragraphs without assertion: {doc['paragraphs_without_assertion'] or 'none'}",
                  f"  footnotes without assertion: {doc['footnotes_without_assertion'] or 'none'}",
                  f"  names matching no entity: {names or 'none'}"]
    if summary["entities_never_used"]:
        lines += ["", f"entities in no statement, figure or source: {', '.join(summary['entities_never_used'])}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _listed(items) -> str:
    return ", ".join(markdown_text(item) for item in items) or "none"


def render_coverage_markdown(summary: dict) -> bytes:
    """The coverage report as a page: gaps first, then the distribution; text from the data is escaped."""
    lines = ["# Coverage report", "",
             f"- entities: {summary['entities']}",
             "- entities by type: " + _listed(f"{t} {n}" for t, n in summary["entities_by_type"].items()),
             f"- entities in no statement, figure or source: {_listed(summary['entities_never_used'])}",
             f"- entities never named in a text: {_listed(summary['entities_never_mentioned'])}", ""]
    for doc in summary["documents"]:
        names = [f"{markdown_text(u['name'])} ("
                 + (f"paragraph {u['paragraph']}" if u["paragraph"] else f"note {u['footnote']}") + ")"
                 for u in doc["unmatched_names"]]
        lines += [f"## {markdown_text(doc['title'])} ({markdown_code(doc['id'])})", "",
                  f"- statements {doc['statements']}, figures {doc['figures']}, entity mentions {doc['mentions']}",
                  "- by status: " + ", ".join(f"{markdown_text(k)} {v}" for k, v in doc["by_status"].items()),
                  f"- paragraphs without any assertion: {', '.join(map(str, doc['paragraphs_without_assertion'])) or 'none'}",
                  f"- footnotes without any assertion: {', '.join(map(str, doc['footnotes_without_assertion'])) or 'none'}",
                  f"- names in the text that match no entity: {'; '.join(names) or 'none'}", "",
                  "### By section", "", "| # | section | paragraphs | assertions |", "|---|---|---|---|"]
        lines += [f"| {s['section']} | {markdown_text(s['title'])} | {s['paragraphs'][0]}-{s['paragraphs'][-1]} | "
                  f"{s['assertions']} |" for s in doc["by_section"] if s["paragraphs"]]
        lines += ["", "### By paragraph", "", "| paragraph | assertions |", "|---|---|"]
        lines += [f"| {p} | {n} |" for p, n in doc["by_paragraph"].items()]
        lines += ["", "### By relation", "", "| relation | statements |", "|---|---|"]
        lines += [f"| {markdown_text(r)} | {n} |" for r, n in doc["by_relation"].items()]
        lines += ["", "### Figures by measure", "", "| measure | figures |", "|---|---|"]
        lines += [f"| {markdown_text(m)} | {n} |" for m, n in doc["figures_by_measure"].items()]
        lines += ["", "### Where each entity appears", "", "| entity | paragraphs (p) and notes (n) |", "|---|---|"]
        lines += [f"| {markdown_text(e)} | {' '.join(w)} |" for e, w in doc["entity_appearances"].items()]
        lines.append("")
    return ("\n".join(lines) + "\n").encode("utf-8")
