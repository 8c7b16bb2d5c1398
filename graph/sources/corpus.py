"""Reading and checking a whole corpus into records, every problem reported at once.

A corpus folder holds ``entities.csv`` (shared) and one folder per document with
``document.toml``, its text, ``sources.csv``, ``statements.csv`` and ``figures.csv``.
See corpus/ANNOTATING.md for the columns.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..errors import Problem, raise_if_any
from .metadata import load_metadata
from .reading import find_control_characters, read_file
from .records import Corpus, Document, Entity, Evidence, Origin
from .source import parse_text
from .tables import load_entities, load_figures, load_statements, load_works
from .vocabulary import Vocabulary, load_vocabulary


def _check_duplicates(document: Document, problems: list[Problem]) -> None:
    keys: dict[tuple, Origin] = {}
    for statement in document.statements:
        key = (statement.subject, statement.relation, statement.object, statement.value,
               statement.evidence.anchor.start, statement.evidence.date and statement.evidence.date.text)
        origin = statement.evidence.origin
        if key in keys:
            problems.append(Problem(origin.path, f"duplicate statement (same as row {keys[key].row})",
                                    "delete one of the two rows", row=origin.row))
        keys.setdefault(key, origin)


def check_conflict_labels(documents: list[Document], problems: list[Problem]) -> None:
    """A conflict label is shared across the whole corpus: rows of two documents that contradict each
    other carry the same label, so a label is lonely only when no row of any document shares it."""
    groups: dict[str, list[Evidence]] = defaultdict(list)
    for document in documents:
        for assertion in document.statements + document.figures:
            if assertion.evidence.conflict:
                groups[assertion.evidence.conflict].append(assertion.evidence)
    for label, members in groups.items():
        if len(members) < 2:
            origin = members[0].origin
            problems.append(Problem(origin.path, f"conflict {label!r} has only this row",
                                    "give the contradicting row (in this document or another) the same conflict "
                                    "label, or clear it", row=origin.row, column="conflict"))


def load_document(folder: Path, entities: dict[str, Entity] | None, vocabulary: Vocabulary,
                  problems: list[Problem]) -> Document | None:
    """Read one document folder; problems are appended, never raised."""
    metadata = load_metadata(folder / "document.toml", entities, problems)
    if metadata is None:
        return None
    text_path = folder / metadata["text"]
    text = read_file(text_path, folder, problems, "put the text beside document.toml, or correct the text key")
    if text is None:
        return None
    problems.extend(find_control_characters(text_path, text))
    source, text_problems = parse_text(text, str(text_path))
    problems.extend(text_problems)
    doc_id = metadata["id"]
    works = load_works(folder / "sources.csv", entities, source, problems)
    statements = load_statements(folder / "statements.csv", doc_id, entities, source, vocabulary, problems)
    figures_path = folder / "figures.csv"
    figures = load_figures(figures_path, doc_id, entities, source, problems) if figures_path.exists() else []
    document = Document(doc_id, metadata, text_path, source, tuple(works), tuple(statements), tuple(figures))
    _check_duplicates(document, problems)
    return document


def document_folders(root: Path) -> list[Path]:
    """Every folder of the corpus that is a document: all of them but those named '.*' or '_*'."""
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def load_corpus(root: Path, vocabulary: Vocabulary | None = None) -> Corpus:
    """Read and check the whole corpus; raise one FactionGraphError listing every problem."""
    vocabulary = vocabulary or load_vocabulary()
    problems: list[Problem] = []
    root = Path(root)
    if not root.is_dir():
        message = "the corpus is not a folder" if root.exists() else "the corpus folder does not exist"
        raise_if_any([Problem(root, message, "run from the project folder, or pass --corpus PATH")])
    entities = load_entities(root / "entities.csv", vocabulary, problems)
    try:
        folders = document_folders(root)
    except OSError as err:
        raise_if_any([Problem(root, f"cannot list the corpus folder: {err.strerror}", "check that you may read it")])
    if not folders:
        problems.append(Problem(root, "no document folders", "add a folder holding document.toml, the text and its tables"))
    documents = [load_document(folder, entities, vocabulary, problems) for folder in folders]
    ids = [d.id for d in documents if d]
    for doc_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(root, f"two documents share the id {doc_id!r}", "give each document.toml its own id"))
    check_conflict_labels([d for d in documents if d], problems)
    raise_if_any(problems)
    return Corpus(entities or {}, tuple(d for d in documents if d))
