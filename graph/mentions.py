"""Where each entity is named in a text, and which names in it match no entity.

Aliases are matched case-sensitively as whole words; where matches overlap, the longest
wins ("Mohammad Reza Khatami" is not also a mention of "Khatami").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .annotations import Entity
from .source import SourceText

NAME_WORD = r"[A-Z][\w.-]*\w|[A-Z]"
CONNECTORS = r"(?:of|the|for|de|des|du|la|le|sur|au)"
NAME = re.compile(rf"(?<![\w-])(?:{NAME_WORD})(?:\s+(?:{CONNECTORS}\s+)*(?:{NAME_WORD}))+")
TEXT_WORD = re.compile(r"(?<![\w-])[\w-]+")
BOUNDARY = re.compile(r"[\w-]")
ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,}(?![\w-])")
SENTENCE_STARTERS = frozenset("""A After Again All Also Although Among An As At Before But By Currently
    Each Even For Granted However If In Initially It Its Ironically Later Many Meanwhile Most
    Nevertheless Nor Now On Once Only Other Others Perhaps See Similarly Since So Some Still Then There
    Therein The Their These They This Those Though Thus True Unlike We When While With Worse Yet""".split())


@dataclass(frozen=True)
class Mention:
    entity: str
    alias: str
    start: int
    end: int
    paragraph: int | None
    footnote: int | None


@dataclass(frozen=True)
class UnmatchedName:
    text: str
    start: int
    paragraph: int | None
    footnote: int | None


def _regions(source: SourceText) -> list[tuple[int, int]]:
    """The parts of the text that carry content: body paragraphs and footnotes."""
    return [(p.start, p.end) for p in source.paragraphs] + [(n.start, n.end) for n in source.footnotes]


def find_mentions(source: SourceText, entities: dict[str, Entity]) -> list[Mention]:
    """Every non-overlapping mention of every alias in the paragraphs and notes, in text order.

    >>> from graph.source import parse_text
    >>> from graph.annotations import Entity, Origin
    >>> src, _ = parse_text("Mohammad Reza Khatami met Khatami.\\n")
    >>> o = Origin("x", 1)
    >>> ents = {"mrk": Entity("mrk", "Person", "MRK", ("Mohammad Reza Khatami",), "", "", o),
    ...         "mk": Entity("mk", "Person", "MK", ("Khatami",), "", "", o)}
    >>> [(m.entity, m.start) for m in find_mentions(src, ents)]
    [('mrk', 0), ('mk', 26)]
    """
    owner = {}
    for entity in sorted(entities.values(), key=lambda e: e.id):
        for alias in entity.aliases:
            owner.setdefault(alias, entity.id)
    if not owner:
        return []
    # aliases by their first two words: at each word of the text only those can start there
    by_words: dict[tuple[str, str | None], list[str]] = {}
    for alias in sorted(owner, key=lambda a: (-len(a), a)):
        words = TEXT_WORD.findall(alias) if TEXT_WORD.match(alias) else []
        key = (words[0], words[1] if len(words) > 1 else None) if words else ("", None)
        by_words.setdefault(key, []).append(alias)
    text, candidates = source.text, []
    for lo, hi in _regions(source):
        for alias in by_words.get(("", None), ()):  # aliases that start with punctuation: searched whole
            at = text.find(alias, lo, hi)
            while at != -1:
                if not BOUNDARY.match(text, at + len(alias)):
                    candidates.append((at, at + len(alias), alias))
                at = text.find(alias, at + 1, hi)
        words = [(m.start(), m.group(0)) for m in TEXT_WORD.finditer(text, lo, hi)]
        for index, (start, word) in enumerate(words):
            following = words[index + 1][1] if index + 1 < len(words) else None
            for alias in by_words.get((word, following), []) + by_words.get((word, None), []):
                end = start + len(alias)
                if end <= hi and text.startswith(alias, start) and not BOUNDARY.match(text, end):
                    candidates.append((start, end, alias))
                    break
    taken = bytearray(len(text))  # 1 where a longer mention already stands
    chosen = []
    for start, end, alias in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
        if 1 in taken[start:end]:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, alias))
    mentions = []
    for start, end, alias in sorted(chosen):
        paragraph = source.paragraph_at(start)
        note = source.footnote_at(start)
        mentions.append(Mention(owner[alias], alias, start, end,
                                paragraph.number if paragraph else None, note.number if note else None))
    return mentions


def _strip_starter(match: re.Match) -> tuple[int, str]:
    """Drop a capitalised function word that only starts the sentence ('The Europeans')."""
    name = match.group(0)
    first, _, rest = name.partition(" ")
    while first in SENTENCE_STARTERS and rest:
        name = re.sub(rf"^\s*(?:{CONNECTORS}\s+)*", "", rest)
        first, _, rest = name.partition(" ")
    return match.end() - len(name), name


def find_unmatched_names(source: SourceText, covered: list[tuple[int, int]]) -> list[UnmatchedName]:
    """Capitalised multi-word names and acronyms outside the covered spans: candidates for new entities.

    Covered spans are mentions of known entities and the quotes of cited works (titles, publishers).
    """

    def is_covered(start: int, end: int) -> bool:
        return any(c_start <= start and end <= c_end for c_start, c_end in covered)

    found: dict[int, UnmatchedName] = {}
    for lo, hi in _regions(source):
        for pattern in (NAME, ACRONYM):
            for m in pattern.finditer(source.text, lo, hi):
                start, name = _strip_starter(m)
                if is_covered(start, start + len(name)) or any(
                        u.start <= start < u.start + len(u.text) for u in found.values()):
                    continue
                if pattern is NAME and " " not in name:
                    continue
                paragraph = source.paragraph_at(start)
                note = source.footnote_at(start)
                found[start] = UnmatchedName(name, start, paragraph.number if paragraph else None,
                                             note.number if note else None)
    return [found[k] for k in sorted(found)]
