"""One error type for everything a user can get wrong, carrying where and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is, what is wrong, and how to fix it."""

    path: Path | str | None
    message: str
    hint: str = ""
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = str(self.path) if self.path else "<input>"
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" (column {self.column!r})"
        text = f"{where}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class FactionGraphError(Exception):
    """Raised with every problem found in one run, so a user fixes them all at once."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def raise_if_any(problems: list[Problem]) -> None:
    """Raise one FactionGraphError for all problems, if there are any."""
    if problems:
        raise FactionGraphError(problems)
