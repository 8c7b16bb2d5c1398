"""W3C Web Annotation interchange: the graph's anchors out as JSON-LD, other tools' annotations in as drafts.

`render_web_annotations` writes every statement's and figure's anchor as a Web Annotation (the
same IRIs as the graph's ``oa:Annotation`` resources), with a TextQuoteSelector and a
TextPositionSelector on the document's text, so Hypothesis, Recogito or INCEpTION users can read
them. `read_web_annotations` takes such annotations (a Hypothesis export, a Recogito download, an
AnnotationCollection or a plain list), finds each one's quote in the text, and turns it into a
draft statement row; its tags fill the status, relation, subject and object they name.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..sources.records import Corpus, Document
from ..build.assertions import figure_label, statement_label
from ..build.iris import figure_iri, statement_iri, text_iri
from ..errors import FactionGraphError, Problem
from ..namespaces import FGDOC, FGST
from ..sources.reuse import SAME_AS_ABOVE
from ..sources.suggest import occurrence_of
from ..sources.vocabulary import STATUSES, Vocabulary, load_vocabulary

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _annotation(node, label: str, tags: list[str], document: Document, anchor) -> dict:
    """One anchor as a Web Annotation: the claim in words and its tags as bodies, the statement linked."""
    return {"id": f"{node}-annotation", "type": "Annotation", "motivation": "linking",
            "body": [{"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": label}]
            + [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags if tag]
            + [{"id": str(node)}],
            "target": {"type": "SpecificResource", "source": str(text_iri(document.id)),
                       "selector": [{"type": "TextQuoteSelector", "exact": anchor.exact, "prefix": anchor.prefix,
                                     "suffix": anchor.suffix},
                                    {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end}]}}


def web_annotations(corpus: Corpus) -> list[dict]:
    """Every statement and figure anchor as a Web Annotation, in the order of the texts."""
    items = []
    for document in corpus.documents:
        assertions = []
        for statement in document.statements:
            tags = [statement.evidence.status, statement.relation, statement.subject, statement.object]
            assertions.append((statement_iri(statement), statement_label(statement, corpus.entities), tags,
                               statement.evidence))
        for figure in document.figures:
            assertions.append((figure_iri(figure), figure_label(figure, corpus.entities, document.source.text),
                               [figure.evidence.status, figure.measure], figure.evidence))
        for node, label, tags, evidence in sorted(assertions, key=lambda a: (a[3].anchor.start, a[3].anchor.end,
                                                                             str(a[0]))):
            items.append(_annotation(node, label, tags, document, evidence.anchor))
    return items


def render_web_annotations(corpus: Corpus) -> bytes:
    """output/annotations.jsonld: one AnnotationCollection of one page holding every anchor."""
    items = web_annotations(corpus)
    collection = {"@context": CONTEXT, "id": str(FGST["annotations"]), "type": "AnnotationCollection",
                  "label": "Every statement and figure of the graph, anchored in its document's text",
                  "total": len(items),
                  "first": {"id": str(FGST["annotations-page-1"]), "type": "AnnotationPage", "startIndex": 0,
                            "items": items}}
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _items(data) -> list:
    """The annotations of an export: a list, Hypothesis's {'rows': [...]}, a collection or page, or one."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("rows", "items"):
            if isinstance(data.get(key), list):
                return data[key]
        if isinstance(data.get("first"), dict):
            return _items(data["first"])
        return [data]
    return []


def _locate(text: str, selectors: list) -> tuple[int, int] | None:
    """Where the selectors point in text: the position if it holds the quote, else the quote by its context."""
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
    exact = quote.get("exact") if quote else None
    if position and isinstance(position.get("start"), int) and isinstance(position.get("end"), int):
        start, end = position["start"], position["end"]
        if 0 <= start < end <= len(text) and (exact is None or text[start:end] == exact):
            return start, end
    if not isinstance(exact, str) or not exact:
        return None
    prefix, suffix = str(quote.get("prefix") or ""), str(quote.get("suffix") or "")
    best, best_score, at = None, -1, text.find(exact)
    while at != -1:
        score = (text[:at].endswith(prefix) if prefix else 0) + (text[at + len(exact):].startswith(suffix) if suffix else 0)
        if score > best_score:
            best, best_score = at, score
        at = text.find(exact, at + 1)
    return (best, best + len(exact)) if best is not None else None


def _another_document(source, document: Document) -> bool:
    """Whether a target is the text of another document of this corpus (annotations.jsonld holds them all)."""
    return isinstance(source, str) and source.startswith(str(FGDOC)) and source != str(text_iri(document.id))


def _bodies(annotation: dict) -> tuple[list[str], list[str]]:
    """(tags, comments) of an annotation, in the W3C form (body) or Hypothesis's (tags, text)."""
    tags = [str(t) for t in _as_list(annotation.get("tags"))]
    comments = [str(annotation["text"])] if annotation.get("text") else []
    for body in _as_list(annotation.get("body")):
        if isinstance(body, str):
            comments.append(body)
        elif isinstance(body, dict) and body.get("value") is not None:
            (tags if body.get("purpose") == "tagging" else comments).append(str(body["value"]))
    return tags, [c for c in comments if c.strip()]


def read_web_annotations(path: Path, document: Document, entities, vocabulary: Vocabulary | None = None
                         ) -> list[dict[str, str]]:
    """Draft statement rows from a file of Web Annotations on the document's text; every problem at once."""
    vocabulary = vocabulary or load_vocabulary()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FactionGraphError(Problem(path, f"cannot read the annotations: {err}",
                                        "give a JSON or JSON-LD export of Web Annotations (Hypothesis, Recogito)")) from err
    text, rows, problems = document.source.text, [], []
    for number, annotation in enumerate(_items(data), start=1):
        if not isinstance(annotation, dict):
            problems.append(Problem(path, f"annotation {number} is not a JSON object", "export Web Annotations"))
            continue
        targets = [t for t in _as_list(annotation.get("target")) if isinstance(t, dict)]
        if targets and all(_another_document(t.get("source"), document) for t in targets):
            continue
        selectors = [s for target in targets for s in _as_list(target.get("selector"))]
        found = _locate(text, selectors)
        if found is None:
            problems.append(Problem(path, f"annotation {number} ({annotation.get('id', 'no id')}): its quote is not "
                                    f"in the text of {document.id}",
                                    "annotate the same text.txt (its TextQuoteSelector 'exact' must be in it)"))
            continue
        start, end = found
        tags, comments = _bodies(annotation)
        quote = text[start:end]
        status = next((t for t in tags if t in STATUSES), "")
        relation = next((t for t in tags if t in vocabulary.relations), "")
        named = [t for t in tags if t in entities]
        rows.append((start, number, {"kind": "statement", "where": f"annotation {number}", "subject": named[0] if named else "",
                     "relation": relation, "object": named[1] if len(named) > 1 else "", "status": status,
                     "quote": quote, "occurrence": occurrence_of(text, start, quote),
                     "comment": " | ".join(comments + [t for t in tags if t not in (status, relation, *named)])}))
    if problems:
        raise FactionGraphError(problems)
    return _reusing_quotes([row for _, _, row in sorted(rows, key=lambda r: r[:2])])


def _reusing_quotes(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows whose quote is the row above's get '^' (corpus/ANNOTATING.md: quote once, use many times)."""
    return [{**row, "quote": SAME_AS_ABOVE, "occurrence": ""}
            if index and (row["quote"], row["occurrence"]) == (rows[index - 1]["quote"], rows[index - 1]["occurrence"])
            else row for index, row in enumerate(rows)]
