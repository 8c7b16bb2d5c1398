"""Typed values: a SPARQL term as the Python value a program expects, and SELECT rows as a typed DataFrame."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import XSD

if TYPE_CHECKING:
    import pandas as pd

    from .query import QueryResult

INTEGER_TYPES = {str(XSD[name]) for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
KINDS = {str(XSD.decimal): "decimal", str(XSD.double): "double", str(XSD.float): "double",
         str(XSD.boolean): "boolean", str(XSD.date): "date", str(XSD.dateTime): "datetime",
         str(XSD.gYear): "year", str(XSD.gYearMonth): "month"} | {t: "integer" for t in INTEGER_TYPES}


def term_kind(term) -> str | None:
    """'iri', 'blank', 'text', a datatype kind ('integer', 'date', ...) or None for unbound."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return "iri"
    if isinstance(term, ox.Literal):
        return KINDS.get(term.datatype.value, "text")
    return "blank"


def term_value(term):
    """A term as the Python value a program expects: int, Decimal, float, bool, date, Period, or str."""
    kind = term_kind(term)
    if kind is None:
        return None
    text = term.value
    try:
        if kind == "integer":
            return int(text)
        if kind == "decimal":
            return Decimal(text)
        if kind == "double":
            return float(text)
        if kind == "boolean":
            return text in ("true", "1")
        if kind == "date":
            return date.fromisoformat(text[:10])
        if kind == "datetime":
            import pandas as pd  # here, not at the top: a command that needs no table starts 0.4 s sooner
            return pd.Timestamp(text)
        if kind in ("year", "month"):
            import pandas as pd
            return pd.Period(text, freq="Y" if kind == "year" else "M")
    except ValueError:
        return text  # an ill-typed literal keeps its text rather than failing the whole table
    return str(term) if kind == "blank" else text


def _column(terms: list) -> pd.Series:
    import pandas as pd

    kinds = {term_kind(t) for t in terms} - {None}
    values = [term_value(t) for t in terms]
    if not kinds:
        return pd.Series(values, dtype="object")
    if kinds == {"integer"}:
        return pd.Series(values, dtype="Int64")
    if kinds <= {"integer", "decimal", "double"}:
        return pd.Series([None if v is None else float(v) for v in values], dtype="Float64")
    if kinds == {"boolean"}:
        return pd.Series(values, dtype="boolean")
    if kinds in ({"date"}, {"datetime"}):
        return pd.Series(pd.to_datetime(values))
    if kinds == {"year"} or kinds == {"month"}:
        return pd.Series(pd.array(values, dtype=f"period[{'Y' if kinds == {'year'} else 'M'}]"))
    if kinds <= {"iri", "text", "blank"}:
        return pd.Series(values, dtype="string")
    return pd.Series(values, dtype="object")


def to_dataframe(result: QueryResult) -> pd.DataFrame:
    """SELECT rows as a DataFrame, one typed column per variable, in the query's order."""
    import pandas as pd

    columns = {name: _column([row[i] for row in result.rows]) for i, name in enumerate(result.variables)}
    return pd.DataFrame(columns, columns=list(result.variables))
