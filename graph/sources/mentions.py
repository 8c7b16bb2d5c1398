"""Where each entity is named in a text, and which names in it match no entity.

An entity's names are its aliases and its label. They are matched case-sensitively as whole
words, except that a name starting in lower case also matches capitalised at the start of a
sentence ("The MPs" for "the MPs"); where matches overlap, the longest wins ("Mohammad Reza
Khatami" is not also a mention of "Khatami").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .records import Entity
from .source import SourceText

NAME_WORD = r"[A-Z][\w.-]*\w|[A-Z]"
CONNECTORS = r"(?:of|the|for|de|des|du|la|le|sur|au)"
NAME = re.compile(rf"(?<![\w-])(?:{NAME_WORD})(?:\s+(?:{CONNECTORS}\s+)*(?:{NAME_WORD}))+")
TEXT_WORD = re.compile(r"(?<![\w-])[\w-]+")
BOUNDARY = re.compile(r"[\w-]")
ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,}(?![\w-])")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+$")
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


@dataclass(frozen=True)
class AliasIndex:
    """Every entity name of a corpus, grouped for matching; made once by index_aliases and read for
    every document (rebuilding it per document made a corpus's mentions quadratic in its size).

    Under each pair of first words, the spellings are grouped by length, longest first: at a word
    of the text each length is one dictionary lookup, so a pair shared by thousands of names
    ("Province of ...") costs no more than one shared by two.
    """

    owner: Mapping[str, str]
    by_words: Mapping[tuple[str, str | None], tuple[tuple[int, Mapping[str, str]], ...]]
    searched_whole: tuple[tuple[str, str], ...]
    """The spellings that start with punctuation (no first word to file them under): searched for whole."""


def index_aliases(entities: dict[str, Entity]) -> AliasIndex:
    """The names of the entities (entity_names), each spelling under its first two words, grouped by
    length, longest first: at each word of a text only the spellings filed under it and the next word
    can start there."""
    owner = entity_names(entities)
    by_words: dict[tuple[str, str | None], dict[int, dict[str, str]]] = {}
    searched_whole = []
    for spelling, alias in sorted(_spellings(owner), key=lambda s: (-len(s[0]), s)):
        if not TEXT_WORD.match(spelling):
            searched_whole.append((spelling, alias))
            continue
        words = TEXT_WORD.findall(spelling)
        key = (words[0], words[1] if len(words) > 1 else None)
        by_words.setdefault(key, {}).setdefault(len(spelling), {})[spelling] = alias
    return AliasIndex(MappingProxyType(owner),
                      MappingProxyType({key: tuple((length, MappingProxyType(spellings))
                                                   for length, spellings in lengths.items())
                                        for key, lengths in by_words.items()}),
                      tuple(searched_whole))


def find_mentions(source: SourceText, index: AliasIndex) -> list[Mention]:
    """Every non-overlapping mention of every alias in the paragraphs and notes, in text order.

    >>> from graph.sources.source import parse_text
    >>> from graph.sources.records import Entity, Origin
    >>> src, _ = parse_text("Mohammad Reza Khatami met Khatami.\\n")
    >>> o = Origin("x", 1)
    >>> ents = {"mrk": Entity("mrk", "Person", "MRK", ("Mohammad Reza Khatami",), "", "", o),
    ...         "mk": Entity("mk", "Person", "MK", ("Khatami",), "", "", o)}
    >>> [(m.entity, m.start) for m in find_mentions(src, index_aliases(ents))]
    [('mrk', 0), ('mk', 26)]
    """
    owner, by_words = index.owner, index.by_words
    if not owner:
        return []
    text, candidates = source.text, []
    for lo, hi in _regions(source):
        for spelling, alias in index.searched_whole:
            at = text.find(spelling, lo, hi)
            while at != -1:
                if not BOUNDARY.match(text, at + len(spelling)):
                    candidates.append((at, at + len(spelling), alias))
                at = text.find(spelling, at + 1, hi)
        words = [(m.start(), m.group(0)) for m in TEXT_WORD.finditer(text, lo, hi)]
        for position, (start, word) in enumerate(words):
            following = words[position + 1][1] if position + 1 < len(words) else None
            for length, spellings in by_words.get((word, following), ()) + by_words.get((word, None), ()):
                end = start + length
                spelling = text[start:end] if end <= hi else None
                alias = spellings.get(spelling)
                if (alias is not None and not BOUNDARY.match(text, end)
                        and (spelling == alias or start == lo or SENTENCE_END.search(text, lo, start))):
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


def entity_names(entities: dict[str, Entity]) -> dict[str, str]:
    """Each name (alias or label) and the entity it names; a name two entities share goes to an alias,
    then to the first id."""
    ordered = sorted(entities.values(), key=lambda e: e.id)
    owner: dict[str, str] = {}
    for entity in ordered:
        for alias in entity.aliases:
            owner.setdefault(alias, entity.id)
    for entity in ordered:
        if entity.label:
            owner.setdefault(entity.label, entity.id)
    return owner


def _spellings(owner: dict[str, str]) -> set[tuple[str, str]]:
    """(spelling in the text, name): each name as written, and capitalised if it starts in lower case
    (that spelling counts only at a sentence start)."""
    spellings = {(name, name) for name in owner}
    for name in owner:
        if name[:1].islower() and (capitalised := name[0].upper() + name[1:]) not in owner:
            spellings.add((capitalised, name))
    return spellings


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
