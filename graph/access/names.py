"""The one name resolver: which entity or cited work a reader means by a name, an id or an IRI.

`cite`, `mentions` and `render --focus` all take a name as the text writes it; one resolver answers
them alike: any case, curly or straight quotes, fgd:/fgwork: ids and full IRIs, a unique part of a
name (and it says which entity that picked), the candidates of an ambiguous name, and close spellings.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from ..errors import FactionGraphError, Problem
from .prepare import sparql_literal
from .query import read_records


@dataclass(frozen=True)
class Entity:
    """The entity (or cited work) a name resolved to."""

    iri: str
    id: str
    label: str
    type: str
    description: str
    picked: str
    """Which entity a part of a name chose ('' when the name was exact)."""

    @property
    def prefixed(self) -> str:
        """Its id as factiongraph prints it: fgd:guardian-council, fgwork:sharq-2004-01-12."""
        return f"{'fgwork' if self.type == 'Work' else 'fgd'}:{self.id}"

    @property
    def named(self) -> str:
        """How a lookup names it: 'Guardian Council (fgd:guardian-council, StateInstitution)'."""
        return f"{self.label} ({self.prefixed}, {self.type})"


QUOTE_FOLDS = (("[‘’ʼ′`]", "'"), ("[“”„″]", '"'))
"""Curly and straight quotes and apostrophes match each other in names (SPARQL regex, replacement)."""
ID_PREFIXES = ("fgd:", "https://w3id.org/factiongraph/id/", "fgwork:", "https://w3id.org/factiongraph/work/")


def fold_name(name: str) -> str:
    """A name as lookups compare it: lower case, its quotes and apostrophes straight, an id's prefix dropped.

    >>> fold_name("Provincial governors’ ultimatum"), fold_name("fgd:guardian-council")
    ("provincial governors' ultimatum", 'guardian-council')
    """
    folded = name.strip()
    for prefix in ID_PREFIXES:
        if folded.startswith(prefix):
            folded = folded.removeprefix(prefix)
    for pattern, plain in QUOTE_FOLDS:
        folded = re.sub(pattern, plain, folded)
    return folded.lower()


def _folded(variable: str) -> str:
    """The SPARQL expression that folds a name as fold_name does (prefixes aside: ids carry none)."""
    expression = f"LCASE(STR({variable}))"
    for pattern, plain in QUOTE_FOLDS:
        expression = f"REPLACE({expression}, {sparql_literal(pattern)}, {sparql_literal(plain)})"
    return expression


def find_entity(name: str, source, option: str | None = None, usage: str = "factiongraph cite ID") -> Entity:
    """The one entity or cited work called name (label, alias, title or id, any case, curly or straight
    quotes, fgd:/fgwork: ids and full IRIs); its `picked` says which one a part of a name chose; ambiguous
    names list the candidates. An error names the option the name came in and how to name one by its id."""
    wanted = sparql_literal(fold_name(name))
    pattern = """SELECT DISTINCT ?entity ?id ?label ?type ?description WHERE {{
        {{ ?entity dcterms:identifier ?id }}
        UNION {{ ?entity a fg:Work BIND(STRAFTER(STR(?entity), STR(fgwork:)) AS ?id) }}
        ?entity rdfs:label ?label ; a ?class .
        {{ ?entity rdfs:label ?name }} UNION {{ ?entity fg:alias ?name }} UNION {{ ?entity dcterms:title ?name }}
        FILTER({test})
        FILTER(STRSTARTS(STR(?class), STR(fg:)))
        BIND(STRAFTER(STR(?class), "#") AS ?type)
        OPTIONAL {{ ?entity dcterms:description ?description }}
    }} ORDER BY ?id"""
    tests = ((True, f"{_folded('?name')} = {wanted} || LCASE(?id) = {wanted}"),
             (False, f"CONTAINS({_folded('?name')}, {wanted})"), (False, f"CONTAINS(LCASE(?id), {wanted})"))
    for exact, test in tests:
        found = [Entity(r["entity"], r["id"], r["label"], r["type"], r["description"] or "", "")
                 for r in read_records(pattern.format(test=test), source)]
        if len(found) == 1:
            return found[0] if exact else replace(
                found[0], picked=f"{name!r} is part of one name only: {found[0].label} ({found[0].prefixed})")
        if found:
            listing = "\n".join(f"        {e.prefixed}: {e.label} ({e.type})" for e in found)
            raise FactionGraphError(Problem(option, f"{name!r} could be any of {len(found)} entities",
                                            f"name one by its id ({usage}):\n{listing}"))
    known = [r["name"] for r in read_records("SELECT DISTINCT ?name WHERE { ?e dcterms:identifier ?id . "
                                      "{ ?e rdfs:label ?name } UNION { ?e fg:alias ?name } }", source)]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    raise FactionGraphError(Problem(option, f"no actor, event or other entity is called {name!r}",
                                    f"did you mean {', '.join(map(repr, close))}?" if close else
                                    "try part of the name, an alias as the text writes it, or an id"))
