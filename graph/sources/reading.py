"""Reading the corpus's files: a text file inside its folder, and a CSV table cell by cell.

Every problem is appended to a list, never raised, so that one run reports them all.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path

from ..errors import Problem

# Characters no cell, metadata value or text may hold: C0 controls (tab and line ends aside), DEL,
# C1 controls and the non-characters U+FFFE and U+FFFF. They are invisible, and most make every
# XML output (GEXF, GraphML, SVG) invalid. In a text, a carriage return must end a line (CRLF).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|\r(?!\n)")
CONTROL_HINT = ("delete it (it often comes from copying out of a PDF or a word processor); "
                "text may hold tabs and line ends, no other control characters")


def suggest_closest(word: str, options) -> str:
    matches = difflib.get_close_matches(word, sorted(options), n=3, cutoff=0.6)
    return f"did you mean {', '.join(repr(m) for m in matches)}?" if matches else ""


def describe_control(character: str) -> str:
    return f"control character U+{ord(character):04X}"


def read_file(path: Path, folder: Path, problems: list[Problem], missing_hint: str) -> str | None:
    """The text of a regular UTF-8 file inside folder, line ends as they are (offsets count the
    file's own characters); a leading byte-order mark is dropped. None, with a problem, if it
    cannot be read, so a folder, a pipe or a link out of the folder is never opened."""
    if not path.exists():
        problems.append(Problem(path, "file not found", missing_hint))
        return None
    if not path.resolve().is_relative_to(folder.resolve()):
        problems.append(Problem(path, f"the file lies outside its folder {folder} (it leads to {path.resolve()})",
                                "keep every file of the corpus inside its folder: copy it in instead of linking "
                                "or pointing to it"))
        return None
    if not path.is_file():
        problems.append(Problem(path, "not a regular file (a folder, device or pipe)",
                                f"replace it with the file itself; {missing_hint}"))
        return None
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as err:
        problems.append(Problem(path, f"not UTF-8: byte {err.object[err.start]:#04x} at byte {err.start} cannot be read",
                                "save it as UTF-8 (in a spreadsheet: CSV UTF-8)"))
    except OSError as err:
        problems.append(Problem(path, f"cannot read the file: {err.strerror}", "check that you may read it"))
    return None


def read_table(path: Path, folder: Path, columns: tuple[str, ...], required: tuple[str, ...],
               problems: list[Problem]) -> list[tuple[int, dict[str, str]]] | None:
    """Read a CSV as (line, row) pairs, all cells as stripped strings; None if it cannot be read.

    The line is where the row starts in an editor, also after a cell that spans lines. Blank rows
    are skipped; a row may leave out empty cells at its end.
    """
    text = read_file(path, folder, problems, f"create it with the header: {','.join(columns)}")
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows, line = [], 0
    while True:
        first_line = line + 1
        try:
            record = next(reader, None)
        except csv.Error as err:
            if str(err).startswith("field larger than field limit"):
                problems.append(Problem(path, f"a cell is longer than {csv.field_size_limit():,} characters",
                                        "quote only the words that carry the claim, a clause or a sentence",
                                        row=first_line))
            else:
                problems.append(Problem(path, f"cannot read the table: {err}",
                                        "quote cells that hold commas or quote marks (\"a, b\")", row=first_line))
            return None
        if record is None:
            break
        line = reader.line_num
        for index, cell in enumerate(record):
            found = CONTROL.search(cell)
            name = header[index] if header and index < len(header) else None
            if found:
                problems.append(Problem(path, f"{describe_control(found.group())} at character {found.start() + 1} "
                                        "of the cell", CONTROL_HINT, row=first_line, column=name))
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip() for cell in record]
            if not _check_header(path, header, columns, required, problems):
                return None
            continue
        if len(record) > len(header):
            problems.append(Problem(path, f"the row has {len(record)} cells, the header {len(header)}",
                                    "quote cells that hold commas (\"a, b\"), or delete the extra cells",
                                    row=first_line))
            continue
        cells = dict.fromkeys(columns, "") | {c: v.strip() for c, v in zip(header, record)}
        for column, cell in cells.items():
            if "\n" in cell or "\r" in cell:
                problems.append(Problem(path, "a cell spans several lines", "keep each cell on one line",
                                        row=first_line, column=column))
        rows.append((first_line, cells))
    if header is None:
        problems.append(Problem(path, "the table is empty", f"start it with the header: {','.join(columns)}"))
        return None
    return rows


def _check_header(path: Path, header: list[str], columns: tuple[str, ...], required: tuple[str, ...],
                  problems: list[Problem]) -> bool:
    found = []
    for index, column in enumerate(header):
        if column not in columns:
            found.append(Problem(path, f"unknown column {column!r}", suggest_closest(column, columns) or
                                 f"the columns are: {', '.join(columns)}", row=1, column=column))
        elif column in header[:index]:
            found.append(Problem(path, f"column {column!r} appears twice", "delete one of the two", row=1,
                                 column=column))
    for column in required:
        if column not in header:
            found.append(Problem(path, f"missing column {column!r}", f"add it to the header: {','.join(columns)}",
                                 row=1))
    problems.extend(found)
    return not found


def find_control_characters(path: Path, text: str) -> list[Problem]:
    """A problem for each line of the text that holds a control character (the first one in it)."""
    problems, last_line = [], None
    for found in TEXT_CONTROL.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        if line != last_line:
            column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
            what = "a carriage return that ends no line" if found.group() == "\r" else describe_control(found.group())
            problems.append(Problem(path, f"{what} at character {column} of the line", CONTROL_HINT +
                                    "; save the text with LF or CRLF line ends", row=line))
        last_line = line
    return problems
