"""`factiongraph new`: a document folder made from a text, ready to annotate.

The folder gets a document.toml with the keys its type needs, the text laid out the way the
build reads it (paragraphs separated by blank lines), and empty tables with their headers. The
author, the container (journal, newspaper, site) and the publisher are entity ids; a name that
no entity has yet gets a row in entities.csv, and the command says so. Nothing is written
unless everything is: the folder is made under a temporary name and renamed in one step.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .dates import parse_date
from .tables import ENTITY_COLUMNS, FIGURE_COLUMNS, ID_PATTERN, SOURCE_COLUMNS, STATEMENT_COLUMNS
from ..errors import FactionGraphError, Problem, raise_if_any
from .source import parse_text

DOCUMENT_TYPES = ("JournalArticle", "NewspaperArticle", "MagazineArticle", "ReportDocument", "BookChapter", "WebPage")
"""The kinds of document `new` makes, named by their FaBiO class (the graph types the document so)."""

ROLE_TYPES = {"author": "Person", "journal": "Publication", "publisher": "Organisation"}
SENTENCE_LINE_END = re.compile(r"[.?!:”\"’)]\s*$")


@dataclass(frozen=True)
class NewDocument:
    folder: Path
    paragraphs: int
    added_entities: tuple[str, ...]
    warnings: tuple[str, ...]


def slug(name: str) -> str:
    """A kebab-case id for a name: accents dropped, other characters joined by hyphens.

    >>> slug("Dan De Luce"), slug("Agence France-Presse"), slug("Ḥasan Rūḥānī")
    ('dan-de-luce', 'agence-france-presse', 'hasan-ruhani')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))


def decode_text(raw: bytes, path: Path) -> str:
    """The text as UTF-8 (a byte-order mark dropped), or an error saying where it is not."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise FactionGraphError(Problem(
            path, f"the text is not UTF-8: byte 0x{raw[err.start]:02x} at offset {err.start} cannot be read",
            "save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8 IN > OUT), then run again",
            row=line)) from err


def normalise_text(text: str) -> tuple[str, list[str]]:
    """The text with paragraphs separated by one blank line, and warnings about its layout.

    Line ends become ``\\n`` and trailing spaces go. A text with no blank line whose lines end like
    sentences has one paragraph a line, so the lines are separated by blank lines; a text whose
    lines do not (a hard-wrapped one) is left as it is, with a warning.

    >>> normalise_text("First para.\\r\\nSecond para.\\r\\n")[0]
    'First para.\\n\\nSecond para.\\n'
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    body = "\n".join(lines).strip("\n")
    warnings = []
    filled = [line for line in lines if line.strip()]
    if "\n\n" not in body and len(filled) > 1:
        if sum(bool(SENTENCE_LINE_END.search(line)) for line in filled) * 2 >= len(filled):
            body = "\n\n".join(filled)
            warnings.append("the text had no blank lines: each line became a paragraph (blank lines put between "
                            "them); join any lines of text.txt that belong to one paragraph")
        else:
            warnings.append("the text has no blank lines and its lines do not end like sentences (hard-wrapped?): "
                            "it stays one paragraph; put a blank line between the paragraphs of text.txt")
    return re.sub(r"\n{3,}", "\n\n", body) + "\n", warnings


def layout_warnings(text: str) -> list[str]:
    """What the build will read differently from what a reader sees: headings, a single paragraph."""
    source, _ = parse_text(text)
    warnings = []
    for section in source.sections:
        if not section.untitled:
            line = text.count("\n", 0, section.start) + 1
            warnings.append(f"text.txt:{line}: {section.title!r} will be read as a section heading (a short line "
                            "not ending in . : , or ”); if it is not one, end it with its punctuation or join it "
                            "to the next paragraph")
    if len(source.paragraphs) == 1 and len(text) > 400:
        warnings.append("the text is one paragraph: every statement will cite paragraph 1; put a blank line "
                        "between its paragraphs if it has several")
    return warnings


def resolve_entity(name: str, entities: dict[str, dict]) -> str | None:
    """The id of the entity that name is the id, label or an alias of (case aside), if exactly one."""
    if name in entities:
        return name
    folded = name.casefold()
    owners = {entity_id for entity_id, row in entities.items()
              if folded == row["label"].casefold()
              or folded in (alias.strip().casefold() for alias in (row.get("aliases") or "").split("|"))}
    return owners.pop() if len(owners) == 1 else None


def cited_date(iso: str) -> str:
    """'2004-01-16' as '16 January 2004'; a month or a year as given."""
    value = parse_date(iso)
    if value.precision == "day":
        return f"{value.earliest.day} {value.earliest.strftime('%B')} {value.earliest.year}"
    if value.precision == "month":
        return value.earliest.strftime("%B %Y")
    return iso


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def render_document_toml(keys: dict[str, object]) -> str:
    lines = ["# Bibliographic metadata of the document (corpus/ANNOTATING.md, document.toml)."]
    for key, value in keys.items():
        lines.append(f"{key} = {value if isinstance(value, int) else toml_string(str(value))}")
    return "\n".join(lines) + "\n"


def header_only(columns: tuple[str, ...]) -> str:
    return ",".join(columns) + "\n"


def _entity_rows(path: Path) -> tuple[list[str], dict[str, dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:  # a byte-order mark is not part of "id"
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ENTITY_COLUMNS), {row["id"]: row for row in reader if row.get("id")}


def new_document(corpus_dir: Path, doc_id: str, doc_type: str, text_path: Path, title: str, author: str,
                 container: str, when: str, url: str = "", publisher: str = "", volume: str = "", issue: str = "",
                 language: str = "en") -> NewDocument:
    """Make corpus_dir/doc_id from the text and the metadata, adding entity rows for new names."""
    corpus_dir = Path(corpus_dir)
    folder = corpus_dir / doc_id
    problems = []
    if not ID_PATTERN.match(doc_id):
        problems.append(Problem(None, f"bad document id {doc_id!r}",
                                f"use lower-case words and digits joined by hyphens, e.g. {slug(doc_id) or 'deluce-2004'}"))
    elif folder.exists():
        problems.append(Problem(folder, "the folder already exists", "choose another id, or edit that folder's files"))
    if doc_type not in DOCUMENT_TYPES:
        problems.append(Problem(None, f"unknown document type {doc_type!r}", f"use one of: {', '.join(DOCUMENT_TYPES)}"))
    try:
        parse_date(when)
    except ValueError as err:
        problems.append(Problem(None, f"bad --date {when!r}: {err}", "write YYYY-MM-DD (or YYYY-MM, YYYY)"))
    entities_path = corpus_dir / "entities.csv"
    if not entities_path.is_file():
        problems.append(Problem(entities_path, "file not found", "run from the project folder, or pass --corpus PATH"))
    try:
        raw = text_path.read_bytes()
    except OSError as err:
        problems.append(Problem(text_path, f"cannot read the text: {err.strerror}", "give the path of a text file"))
        raw = None
    raise_if_any(problems)
    text, warnings = normalise_text(decode_text(raw, text_path))
    warnings += layout_warnings(text)
    header, entities = _entity_rows(entities_path)
    names = {"author": author, "journal": container, "publisher": publisher or container}
    ids, added = {}, []
    for role, name in names.items():
        entity_id = resolve_entity(name, entities) or slug(name)
        if entity_id not in entities:
            if not entity_id:
                raise FactionGraphError(Problem(None, f"the {role} {name!r} has no letters or digits",
                                                "give the name as it is printed"))
            description = (f"Author of “{title}”." if role == "author"
                           else f"Where “{title}” was published." if role == "journal" else f"Publisher of “{title}”.")
            entities[entity_id] = {"id": entity_id, "type": ROLE_TYPES[role], "label": name, "aliases": name,
                                   "description": description, "cameo": ""}
            added.append(entity_id)
        ids[role] = entity_id
    labels = {role: entities[entity_id]["label"] for role, entity_id in ids.items()}
    keys = document_keys(doc_id, doc_type, title, ids, labels, when, url, volume, issue, language)
    files = {
        "document.toml": render_document_toml(keys),
        "text.txt": text,
        "statements.csv": header_only(STATEMENT_COLUMNS),
        "figures.csv": header_only(FIGURE_COLUMNS),
        "sources.csv": header_only(SOURCE_COLUMNS),
    }
    _write_folder_and_entities(folder, files, entities_path, header, [entities[i] for i in added])
    source, _ = parse_text(text)
    return NewDocument(folder, len(source.paragraphs), tuple(added), tuple(warnings))


def document_keys(doc_id: str, doc_type: str, title: str, ids: dict[str, str], labels: dict[str, str], when: str,
                  url: str, volume: str, issue: str, language: str) -> dict[str, object]:
    """The keys of document.toml, in the order a reader expects them (corpus/ANNOTATING.md, document.toml).

    The container (journal, newspaper, site) is the loader's `journal` key for every type of document.
    """
    keys: dict[str, object] = {"id": doc_id, "type": doc_type, "title": title, "author": ids["author"],
                               "journal": ids["journal"], "publisher": ids["publisher"], "date": when,
                               "year": parse_date(when).earliest.year}
    keys.update({key: value for key, value in (("volume", volume), ("issue", issue), ("url", url)) if value})
    keys["language"] = language
    keys["how_to_cite"] = (f"{labels['author']}, “{title},” {labels['journal']}, {cited_date(when)}"
                           + (f", {url}" if url else "") + ".")
    keys["text"] = "text.txt"
    return keys


def _write_folder_and_entities(folder: Path, files: dict[str, str], entities_path: Path, header: list[str],
                               new_rows: list[dict]) -> None:
    """Write the folder under a temporary name, append the entity rows, then rename: all or nothing."""
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    original = entities_path.read_bytes()
    replaced = False
    try:
        for name in sorted(files, key=lambda n: n == "document.toml"):  # document.toml last
            (staging / name).write_text(files[name], encoding="utf-8", newline="\n")
        if new_rows:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
            writer.writerows(new_rows)
            separator = b"" if not original or original.endswith(b"\n") else b"\n"
            _replace_file(entities_path, original + separator + buffer.getvalue().encode("utf-8"))
            replaced = True
        os.rename(staging, folder)
    except BaseException:
        if replaced:
            _replace_file(entities_path, original)
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _replace_file(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_new_file(path: Path, content: str) -> None:
    """Write a draft the user asked for, whole or not at all, never over an existing file."""
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except OSError as err:
        raise FactionGraphError(Problem(path, f"cannot write: {err.strerror}",
                                        "name a file in a folder you can write")) from err
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(content)
        os.link(temporary, path)
    except FileExistsError as err:
        raise FactionGraphError(Problem(path, "the file already exists", "name a new file, or print to stdout")) from err
    finally:
        Path(temporary).unlink(missing_ok=True)
