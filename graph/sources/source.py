"""The source text: sections, paragraphs, footnotes, and anchoring quotes in it.

Offsets count Unicode code points in the text exactly as shipped, so for any anchor
``text[anchor.start:anchor.end] == anchor.exact``.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from ..errors import FactionGraphError, Problem

MARKER = re.compile(r"\[([0-9]+)\]")
NOTE_START = re.compile(r"(?:^|(?<=\s))\[([0-9]+)\]\s")
SENTENCE_END = re.compile(r"[.?!][”’\"')]*(?=\s|$)")
IBID = re.compile(r"^\s*Ibid\.?\s*$")
CONTEXT = 32
# The closest passage to a mistyped quote is looked for with this many of its first characters:
# difflib's time grows with the product of the two lengths (a 40,000-character quote took 33 s on
# the article's text, a 1 MB one would take minutes).
PROBE = 200


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    start: int
    end: int
    untitled: bool = False


@dataclass(frozen=True)
class Paragraph:
    number: int
    section: int
    start: int
    end: int


@dataclass(frozen=True)
class Marker:
    """A footnote marker such as ``[5]`` in the body."""

    number: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    start: int
    end: int
    ibid_of: int | None = None


@dataclass(frozen=True)
class SourceText:
    """A document's text and the structure parsed from it."""

    text: str
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    markers: tuple[Marker, ...]
    footnotes: tuple[Footnote, ...]
    credit: str | None
    citation: str | None

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding offset (paragraphs are in text order, so a bisection finds it)."""
        index = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if index >= 0 and offset < self.paragraphs[index].end:
            return self.paragraphs[index]
        return None

    def footnote_at(self, offset: int) -> Footnote | None:
        return next((f for f in self.footnotes if f.start <= offset < f.end), None)

    def section(self, number: int) -> Section:
        return self.sections[number - 1]

    def footnote(self, number: int) -> Footnote | None:
        return next((f for f in self.footnotes if f.number == number), None)

    def cited_footnote(self, number: int) -> int:
        """The note whose sources note `number` stands for: 'Ibid.' notes resolve to the note before."""
        note = self.footnote(number)
        while note is not None and note.ibid_of is not None:
            note = self.footnote(note.ibid_of)
        return note.number if note else number


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands: offsets, context, and the structure around it."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str
    paragraph: int | None
    section: int | None
    footnote: int | None
    cited_notes: tuple[int, ...]


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-blank lines, end excluding the trailing line end (LF or CRLF)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+(?:\r?\n[^\r\n]+)*", text)]


def _is_heading(block: str) -> bool:
    return "\n" not in block and len(block) < 60 and not block.rstrip().endswith((".", ":", "”", ","))


LINE_ENDS_SENTENCE = re.compile(r"[.?!][”’\"')]*(?:\s*\[[0-9]+\])*[ \t]*$")


def _layout_problems(path: str, text: str, start: int, end: int) -> list[Problem]:
    """A paragraph whose lines look like paragraphs or headings of their own: the text separates them
    with single line breaks, and would silently become one paragraph."""
    lines = text[start:end].splitlines()
    problems = []
    first_row = text.count("\n", 0, start) + 1
    for index, (line, following) in enumerate(zip(lines, lines[1:])):
        if LINE_ENDS_SENTENCE.search(line) and following[:1].isupper():
            what = "a sentence ends a line and the next line starts another, with no blank line between"
        elif index == 0 and _is_heading(line.strip()) and following[:1].isupper():
            what = f"the line {line.strip()!r} looks like a heading, but the next line follows it without a blank line"
        else:
            continue
        problems.append(Problem(path, what, "separate paragraphs (and headings) with a blank line; a paragraph "
                                "must not be broken over several lines", row=first_row + index + 1))
        break
    return problems


def parse_text(text: str, path: str = "text.txt") -> tuple[SourceText, list[Problem]]:
    """Parse a plain-text article: body paragraphs under headings, a credit line, footnotes.

    Layout expected (as in the Middle East Report article): paragraphs separated by blank
    lines; headings are short single lines; a credit line starting with an em dash; notes
    that start with ``[n] `` (several may share a line); then a "How to cite" block. A
    paragraph broken over lines that look like paragraphs or headings is refused, not read as one.
    """
    problems: list[Problem] = []
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    notes: list[Footnote] = []
    credit = citation = None
    blocks = _blocks(text)
    body_end = len(text)
    state = "body"
    current_title, current_start, untitled = "Opening", 0, True
    section_paragraphs: list[Paragraph] = []

    def close_section(end: int) -> None:
        if section_paragraphs or sections:
            sections.append(Section(len(sections) + 1, current_title, current_start, end, untitled))

    for start, end in blocks:
        block = text[start:end]
        if state == "body" and block.startswith("—"):
            credit = block.lstrip("—").strip()
            close_section(start)
            body_end, state = start, "after-body"
        elif NOTE_START.match(block) and state != "citation":
            if state == "body":
                close_section(start)
                body_end = start
            state = "notes"
            notes.extend(_split_notes(text, start, end))
        elif block.rstrip().lower().startswith("how to cite"):
            state = "citation"
        elif state == "citation":
            citation = citation or block.strip()
        elif state == "body" and _is_heading(block):
            if section_paragraphs or sections:
                close_section(start)
            current_title, current_start, untitled = block.strip(), start, False
            section_paragraphs = []
        elif state == "body":
            problems += _layout_problems(path, text, start, end)
            para = Paragraph(len(paragraphs) + 1, len(sections) + 1, start, end)
            paragraphs.append(para)
            section_paragraphs.append(para)
        else:
            problems.append(Problem(path, f"unexpected block after the body: {block[:60]!r}",
                                    "body paragraphs must come before the credit line and the notes",
                                    row=text.count("\n", 0, start) + 1))
    if state == "body":
        close_section(len(text))
    markers = tuple(
        Marker(int(m.group(1)), m.start(), m.end(), p.number)
        for p in paragraphs
        for m in MARKER.finditer(text, p.start, p.end)
    )
    problems += _check_notes(path, text, markers, notes, body_end)
    return SourceText(text, tuple(sections), tuple(paragraphs), markers, tuple(notes), credit, citation), problems


def _split_notes(text: str, start: int, end: int) -> list[Footnote]:
    """Split a notes block into notes; several notes may share one line ('[13] ... [14] ...')."""
    starts = [m for m in NOTE_START.finditer(text, start, end)]
    notes = []
    for i, m in enumerate(starts):
        note_end = starts[i + 1].start() if i + 1 < len(starts) else end
        body_start = m.end()
        body = text[body_start:note_end].rstrip()
        notes.append(Footnote(int(m.group(1)), body, body_start, body_start + len(body)))
    resolved = []
    for note in notes:
        ibid_of = note.number - 1 if IBID.match(note.text) else None
        resolved.append(Footnote(note.number, note.text, note.start, note.end, ibid_of))
    return resolved


def _check_notes(path, text, markers, notes, body_end) -> list[Problem]:
    problems = []
    numbers = [n.number for n in notes]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(Problem(path, f"footnotes are not numbered 1..{len(numbers)}: {numbers}",
                                "number the notes consecutively, each starting with '[n] '"))
    for marker in markers:
        if marker.number not in numbers:
            problems.append(Problem(path, f"marker [{marker.number}] has no footnote",
                                    "add the note or remove the marker",
                                    row=text.count("\n", 0, marker.start) + 1))
    marked = {m.number for m in markers}
    for note in notes:
        if note.number not in marked:
            problems.append(Problem(path, f"footnote [{note.number}] has no marker in the body",
                                    "add its marker [n] to the sentence it supports",
                                    row=text.count("\n", 0, note.start) + 1))
    return problems


def sentence_span(source: SourceText, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) holding [start, end), with the footnote markers after them."""
    container = source.paragraph_at(start) or source.footnote_at(start)
    lo, hi = (container.start, container.end) if container else (0, len(source.text))
    trailing = re.compile(r"(?:\s*\[[0-9]+\])+")
    sent_start = lo
    for m in SENTENCE_END.finditer(source.text, lo, start):
        markers_after = trailing.match(source.text, m.end(), hi)
        boundary = markers_after.end() if markers_after else m.end()
        if boundary <= start:
            sent_start = boundary
    sent_end = hi
    for m in SENTENCE_END.finditer(source.text, max(end - 1, lo), hi):
        sent_end = m.end()
        break
    after = trailing.match(source.text, sent_end, hi)
    if after:
        sent_end = after.end()
    return sent_start, sent_end


def _normalise(s: str) -> str:
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})
    return re.sub(r"\s+", " ", s.translate(table))


def anchor_quote(source: SourceText, quote: str, occurrence: int | None = None) -> Anchor:
    """Find quote in the text and derive its offsets, context, paragraph, section and notes.

    Raises FactionGraphError (one Problem with its hint, no path: the caller knows the row) when the
    quote is missing, ambiguous or out of range.

    >>> src, _ = parse_text("Title\\n\\nThe Leader spoke. [1] Then he left.\\n\\n[1] Sharq.\\n")
    >>> a = anchor_quote(src, "Leader spoke")
    >>> (a.paragraph, a.cited_notes, src.text[a.start:a.end])
    (1, (1,), 'Leader spoke')
    """
    text = source.text
    if not quote:
        raise _unanchored("the quote is empty", "copy the words of the text that carry the claim")
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + len(quote))
    if not found:
        raise _unanchored(*_not_found_message(source, quote))
    if occurrence is None and len(found) > 1:
        raise _unanchored(f"the quote occurs {len(found)} times (paragraphs "
                          f"{', '.join(str(_where(source, s)) for s in found)})",
                          "set the occurrence column to the one you mean (1-based), or quote more words")
    index = (occurrence or 1) - 1
    if not 0 <= index < len(found):
        raise _unanchored(f"occurrence {occurrence} asked for, but the quote occurs {len(found)} time(s)",
                          f"use a number from 1 to {len(found)}")
    start = found[index]
    end = start + len(quote)
    paragraph = source.paragraph_at(start)
    note = source.footnote_at(start)
    if note is not None:
        cited = (note.number,)
    else:
        s, e = sentence_span(source, start, end)
        cited = tuple(sorted({m.number for m in source.markers if s <= m.start < e}))
    return Anchor(
        exact=quote, start=start, end=end,
        prefix=text[max(0, start - CONTEXT):start], suffix=text[end:end + CONTEXT],
        paragraph=paragraph.number if paragraph else None,
        section=paragraph.section if paragraph else None,
        footnote=note.number if note else None,
        cited_notes=cited,
    )


def _unanchored(message: str, hint: str) -> FactionGraphError:
    return FactionGraphError(Problem(None, message, hint))


def _where(source: SourceText, offset: int) -> str:
    para = source.paragraph_at(offset)
    if para:
        return str(para.number)
    note = source.footnote_at(offset)
    return f"note {note.number}" if note else "outside the body"


def _not_found_message(source: SourceText, quote: str) -> tuple[str, str]:
    """What is wrong with a quote that is not in the text, and the hint that fixes it."""
    normal_text, normal_quote = _normalise(source.text), _normalise(quote)
    if normal_quote and normal_quote in normal_text:
        at = normal_text.index(normal_quote)
        passage = _passage_for_normalised(source.text, at, len(normal_quote))
        return ("the quote is not in the text as typed: only quote marks, dashes or spaces differ",
                f"copy the text's own characters: {passage!r}")
    lowered = source.text.lower().find(quote.lower())
    if lowered >= 0:
        return ("the quote is not in the text as typed: only capital letters differ",
                f"copy the text's own characters: {source.text[lowered:lowered + len(quote)]!r}")
    closest = _closest_passage(source.text, quote)
    return ("the quote is not in the text",
            f"copy it verbatim from the text; the closest passage is: {closest!r}")


def _closest_passage(text: str, quote: str) -> str:
    """The passage of text sharing the longest run of characters with the quote's first PROBE characters."""
    probe = quote[:PROBE]
    matcher = difflib.SequenceMatcher(None, text, probe, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(probe))
    start = max(0, match.a - match.b)
    return text[start:start + len(probe)]


def _passage_for_normalised(text: str, normal_start: int, normal_length: int) -> str:
    """Map a span of the normalised text back onto the original characters."""
    mapping, out_len, i = [], 0, 0
    while i < len(text):
        if text[i].isspace():
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            mapping.append(i)
            i = j
        else:
            mapping.append(i)
            i += 1
        out_len += 1
    start = mapping[normal_start]
    end_index = normal_start + normal_length
    end = mapping[end_index] if end_index < len(mapping) else len(text)
    return text[start:end]
