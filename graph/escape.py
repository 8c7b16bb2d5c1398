"""User data made inert in each output format: Markdown text and code, spreadsheet cells, XML text.

Labels, quotes, descriptions and comments come from the annotation tables, so any of them may
hold markup (``<img src=x onerror=...>``), Markdown (``[x](javascript:...)``), a spreadsheet
formula (``=HYPERLINK(...)``) or a control character. Every writer passes such values through
one of these functions exactly once, at the point where they enter the format.
"""

from __future__ import annotations

import html
import re

MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|~#$^])")
"""Characters that open inline markup in CommonMark, GitHub's tables and strikethrough, or pandoc
(math, superscript); each is escaped with a backslash, which every one of them accepts."""
MARKDOWN_BLOCK_START = re.compile(r"^(?:([-+=])|(\(?)(\d{1,9}|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+|@)([.)])(?=\s|$))")
"""A list item, rule or setext underline the value would open at the start of a line: CommonMark's
and pandoc's markers (``-``, ``1.``, ``a)``, ``(iv)``, ``(@)``)."""
BARE_LINK = re.compile(r"(?i)(https?|ftp|www)([:.])")
"""Where GitHub's Markdown would turn a bare address into a link (``http://``, ``www.``)."""
WORD_OPENERS = re.compile(r":(?=[\w+-]+:)|(?<![^\W_])@(?=[\w{])")
"""The colon of an emoji shortcode on GitHub (``:smile:``), the at sign of a pandoc citation (``@doe``)."""
LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
BACKTICKS = re.compile(r"`+")
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV Injection)."""
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold, not even as a character reference."""


def _escape_block_start(match: re.Match) -> str:
    marker, opening, word, closer = match.groups()
    return "\\" + marker if marker else opening + word + "\\" + closer


def markdown_text(value) -> str:
    r"""Value as Markdown text that renders as exactly its characters, on one line.

    HTML becomes entities and Markdown punctuation is backslash-escaped, and so are the colons of a
    bare ``http://`` and of ``:smile:`` (GitHub would make a link and an emoji) and the at sign of
    a pandoc citation. Line breaks become spaces and the ends are trimmed: a renderer drops that
    space anyway, and four spaces would open code. Written for GitHub's Markdown and pandoc's
    (pandoc's `smart` typography still curls straight quotes).

    >>> print(markdown_text("<img src=x onerror=alert(1)> [a](b) *c* | d & e"))
    &lt;img src=x onerror=alert(1)&gt; \[a\](b) \*c\* \| d &amp; e
    >>> print(markdown_text(" - 1996. one\ntwo"), markdown_text("1996. one"), markdown_text("(iv) x"))
    \- 1996. one two 1996\. one (iv\) x
    """
    text = MARKDOWN_INLINE.sub(r"\\\1", LINE_BREAK.sub(" ", str(value)).strip())
    text = BARE_LINK.sub(r"\1\\\2", MARKDOWN_BLOCK_START.sub(_escape_block_start, text))
    text = WORD_OPENERS.sub(lambda m: "\\" + m[0], text)
    return html.escape(text, quote=False)


def _fence_for(text: str, shortest: int) -> str:
    longest = max((len(run) for run in BACKTICKS.findall(text)), default=0)
    return "`" * max(shortest, longest + 1)


def markdown_code(value) -> str:
    """Value as an inline code span that no backtick inside it can close.

    >>> markdown_code("s1"), markdown_code("a`b")
    ('`s1`', '``a`b``')
    """
    text = LINE_BREAK.sub(" ", str(value))
    fence = _fence_for(text, 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def markdown_code_block(text: str, language: str = "") -> list[str]:
    """Text as the lines of a fenced code block whose fence no line of the text can close."""
    fence = _fence_for(text, 3)
    return [fence + language, *text.splitlines(), fence]


def spreadsheet_cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula (a quote before it).

    Only for text: numbers the project formats itself (``-0.5``) must stay numbers.

    >>> print(spreadsheet_cell('=HYPERLINK("http://x","y")'), spreadsheet_cell("Guardian Council"))
    '=HYPERLINK("http://x","y") Guardian Council
    """
    return "'" + text if text.startswith(SPREADSHEET_TRIGGERS) else text


def xml_text(text: str) -> str:
    r"""Text an XML 1.0 file can hold: each character it cannot becomes U+FFFD, the replacement character.

    >>> xml_text("a\x01b\x0bc\x00") == "a\ufffdb\ufffdc\ufffd"
    True
    """
    return NOT_XML.sub("\ufffd", text)
