"""Quote once, use many times: a ``quote`` cell of ``^`` takes the quote of the row above.

A sentence that carries three relations is then typed once, on its first row; the rows under it
hold ``^``. The build sees the full quote on every row, so nothing downstream changes, and a table
without ``^`` reads exactly as before.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem

SAME_AS_ABOVE = "^"


def reuse_quotes(rows: list[tuple[int, dict[str, str]]], path: Path,
                 problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """The rows with every ``^`` quote replaced by the quote (and occurrence) of the row above.

    >>> rows = [(2, {"quote": "the Leader spoke", "occurrence": "2"}), (3, {"quote": "^", "occurrence": ""})]
    >>> [row["quote"] + "/" + row["occurrence"] for _, row in reuse_quotes(rows, Path("t.csv"), [])]
    ['the Leader spoke/2', 'the Leader spoke/2']
    """
    resolved: list[tuple[int, dict[str, str]]] = []
    for line, row in rows:
        if row["quote"] != SAME_AS_ABOVE:
            resolved.append((line, row))
            continue
        above = resolved[-1][1] if resolved else None
        if above is None or not above["quote"]:
            problems.append(Problem(path, f"quote '{SAME_AS_ABOVE}' means the quote of the row above, but "
                                    + ("this is the first row" if above is None else f"row {resolved[-1][0]} has none"),
                                    "type the quote on this row, or move the row under the row whose quote it shares",
                                    row=line, column="quote"))
            resolved.append((line, row))
            continue
        if row["occurrence"]:
            problems.append(Problem(path, f"a reused quote takes the occurrence of the row above "
                                    f"({above['occurrence'] or 'none'}), but this row gives {row['occurrence']!r}",
                                    "clear the occurrence cell, or type the quote itself on this row",
                                    row=line, column="occurrence"))
        resolved.append((line, {**row, "quote": above["quote"], "occurrence": above["occurrence"]}))
    return resolved
