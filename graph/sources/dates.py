"""Dates as annotators write them: a day, a month, a year, or a range of two of them.

>>> parse_date("2004-01/2004-03").bounds[0].latest
datetime.date(2004, 1, 31)
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .records import DateValue

# Matched whole (fullmatch), digits spelt [0-9]: \d would also take '²' or '٣', which int() refuses
# or reads as another number, and which no XSD literal allows.
DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def parse_date(text: str) -> DateValue:
    """Parse '2004', '2004-01', '2004-01-11' or a range 'A/B' into a DateValue.

    >>> parse_date("2004-02").latest
    datetime.date(2004, 2, 29)
    >>> parse_date("1979/1981").precision
    'range'
    """
    parts = text.split("/")
    if len(parts) > 2:
        raise ValueError("a range has exactly one '/'")
    bounds = [_parse_one_date(p) for p in parts]
    earliest, latest = bounds[0][0], bounds[-1][1]
    if earliest > latest:
        raise ValueError(f"the range ends ({parts[-1]}) before it starts ({parts[0]})")
    precision = "range" if len(parts) == 2 else bounds[0][2]
    ends = tuple(DateValue(part, *bound, None) for part, bound in zip(parts, bounds)) if len(parts) == 2 else None
    return DateValue(text, earliest, latest, precision, ends)


def _parse_one_date(text: str) -> tuple[date, date, str]:
    match = DATE_PATTERN.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not an ISO date")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    return date(year, month, day), date(year, month, day), "day"
