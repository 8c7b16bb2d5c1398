"""Whatever a user puts in the tables, document.toml or the text, only FactionGraphError escapes."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.sources.corpus import load_corpus
from graph.errors import FactionGraphError
from graph.pipeline import build_outputs
from support import DATA

TABLES = ("entities.csv", "note/statements.csv", "note/figures.csv", "note/sources.csv")
FILES = TABLES + ("note/document.toml", "note/text.txt")
# Cell values an annotator might type or paste, beside any text at all.
LIKELY = st.sampled_from(["", " ", "²", "¹", "٣", "２００４", "2004-13-01", "circa 1996", "1e3", "-1", "0",
                          "9" * 30, "a\x00b", "\x0b", "\ufeff", "\r", "a\nb", "../../x", "/etc/passwd",
                          "guardian-council", "the-leader", "supports", "stated", "reported", "percent",
                          "The Leader backed them.", "=HYPERLINK(\"x\")", "<script>", "\"", ",", "|", "a b"])
VALUES = st.one_of(LIKELY, st.text(max_size=40))


def build(corpus: Path) -> None:
    """Load and, if the corpus is valid, build it: only the project's error may escape."""
    try:
        corpus_records = load_corpus(corpus)
    except FactionGraphError:
        return
    try:
        build_outputs(corpus_records)
    except FactionGraphError:
        pass


def edit_cell(path: Path, row: int, column: int, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    if len(rows) < 2:
        rows.append([""] * len(rows[0]))
    cells = rows[1 + row % (len(rows) - 1)]
    cells[column % len(cells)] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def edit_metadata(path: Path, line: int, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    key = lines[line % len(lines)].split("=")[0].strip()
    lines[line % len(lines)] = f"{key} = {value}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(TABLES), row=st.integers(0, 20), column=st.integers(0, 20), value=VALUES)
def test_any_cell_of_any_table_gives_a_build_or_the_project_error(name, row, column, value):
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(DATA / "mini", corpus)
        edit_cell(corpus / name, row, column, value)
        build(corpus)


TOML_VALUES = st.one_of(st.sampled_from(['""', "5", "2004.5", "true", "[1]", "{a = 1}", "1979-05-27", '"a b"',
                                         '"\\u0000"', '"../x"', '"/etc/passwd"', '"text.txt"', '"."', '"-"',
                                         '"mini note"', '"circa 2004"', "99999", "-5", '"x"', "'''a\nb'''"]),
                        st.text(max_size=30).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
                        st.text(max_size=30))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=st.integers(0, 20), value=TOML_VALUES)
def test_any_value_in_document_toml_gives_a_build_or_the_project_error(line, value):
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(DATA / "mini", corpus)
        edit_metadata(corpus / "note" / "document.toml", line, value)
        build(corpus)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FILES), at=st.integers(0, 10_000), junk=st.binary(min_size=1, max_size=8))
def test_any_bytes_in_any_file_give_a_build_or_the_project_error(name, at, junk):
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(DATA / "mini", corpus)
        path = corpus / name
        data = path.read_bytes()
        at %= len(data) + 1
        path.write_bytes(data[:at] + junk + data[at:])
        build(corpus)
