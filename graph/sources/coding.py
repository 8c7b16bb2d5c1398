"""PLOVER coding of the corpus: corpus/event-codes.csv and corpus/actor-codes.csv, read and checked
against the codebook shipped in ontology/plover.csv (and the CAMEO crosswalk, ontology/cameo-plover.csv).

Both tables are optional: a corpus without them builds as before, with no event data. See
corpus/ANNOTATING.md for the columns and README.md ("Event coding") for the choices behind them.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from rdflib import URIRef
from rdflib.namespace import RDFS

from .corpus import load_corpus
from .reading import read_table
from .records import Corpus, Origin
from ..errors import FactionGraphError, Problem, raise_if_any
from ..namespaces import FG, PLOVER
from .source import Anchor, anchor_quote
from .vocabulary import load_ontology, ontology_dir

EVENT_CODE_COLUMNS = ("event", "plover_type", "plover_mode", "plover_context", "auxiliary", "document", "quote",
                      "occurrence", "note")
ACTOR_CODE_COLUMNS = ("actor", "sector", "other_sectors", "country", "note")
# Epistemic statuses that make an event hypothetical or future in PLOVER's terms (manual 2.3),
# when nothing said about the event is stronger than them.
STATUS_AUXILIARY = {"prediction": "future", "speculation": "hypothetical"}
WEAK_STATUSES = frozenset({"rumour", "prediction", "speculation"})


@dataclass(frozen=True)
class Code:
    """One row of ontology/plover.csv: a code of the PLOVER manual with its definition and section."""

    kind: str
    code: str
    parent: str
    quad: str
    score: str
    definition: str
    section: str


@dataclass(frozen=True)
class Codebook:
    codes: tuple[Code, ...]
    crosswalk: dict[str, str]  # CAMEO code -> the PLOVER event type CAMEO2PLOVER-2021.txt gives it

    def of_kind(self, kind: str) -> dict[str, Code]:
        return {c.code: c for c in self.codes if c.kind == kind}

    def modes_of(self, event_type: str) -> dict[str, Code]:
        return {c.code: c for c in self.codes if c.kind == "mode" and c.parent == event_type}


@dataclass(frozen=True)
class EventCoding:
    event: str
    types: tuple[str, ...]
    modes: tuple[tuple[str, str], ...]  # (event type, mode)
    contexts: tuple[str, ...]
    auxiliary: tuple[str, ...]
    document: str
    anchor: Anchor | None
    note: str
    origin: Origin


@dataclass(frozen=True)
class ActorCoding:
    actor: str
    sector: str
    other_sectors: tuple[str, ...]
    country: str
    note: str
    origin: Origin


@dataclass(frozen=True)
class Coding:
    events: dict[str, EventCoding]
    actors: dict[str, ActorCoding]


@cache
def load_codebook() -> Codebook:
    """The shipped codebook: ontology/plover.csv and the crosswalk's event type of each CAMEO code."""
    with open(ontology_dir() / "plover.csv", encoding="utf-8", newline="") as handle:
        codes = tuple(Code(**row) for row in csv.DictReader(handle))
    with open(ontology_dir() / "cameo-plover.csv", encoding="utf-8", newline="") as handle:
        crosswalk = {row["cameo"]: row["plover_type"] for row in csv.DictReader(handle)}
    return Codebook(codes, crosswalk)


@cache
def entity_kinds() -> dict[str, str]:
    """Each entity class of the ontology as 'actor', 'event' or 'other'."""
    ontology = load_ontology()
    kinds = {}
    for cls in set(ontology.transitive_subjects(RDFS.subClassOf, FG.Entity)):
        ancestors = set(ontology.transitive_objects(cls, RDFS.subClassOf))
        name = str(cls).removeprefix(str(FG))
        kinds[name] = "event" if FG.Event in ancestors else "actor" if FG.Actor in ancestors else "other"
    return kinds


def is_country_code(code: str, codebook: Codebook) -> bool:
    """An ISO 3166-1 alpha-3 code, or one of the manual's codes for non-state actors (5.1)."""
    return code in codebook.of_kind("country") or pycountry.countries.get(alpha_3=code) is not None


def auxiliary_modes(statuses: set[str], coded: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The auxiliary modes of an event: those coded by hand, and those implied by the statuses of the
    statements that attest it when none is stronger than a rumour, a prediction or a speculation.

    >>> auxiliary_modes({"prediction"})
    ('future',)
    >>> auxiliary_modes({"speculation", "stated"})
    ()
    >>> auxiliary_modes({"rumour"}, ("future",))
    ('future',)
    """
    derived = [STATUS_AUXILIARY[s] for s in sorted(statuses) if s in STATUS_AUXILIARY] \
        if statuses and statuses <= WEAK_STATUSES else []
    return tuple(dict.fromkeys([*coded, *derived]))


def rests_on_rumour(statuses: set[str]) -> bool:
    """True when every statement that attests the event is a rumour."""
    return statuses == {"rumour"}


def _suggest(word: str, options) -> str:
    matches = difflib.get_close_matches(word, sorted(options), n=3, cutoff=0.6)
    return f"did you mean {', '.join(repr(m) for m in matches)}?" if matches else ""


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


class _CodingChecker:
    """Checks the cells of a coding table; every problem is appended, none raised."""

    def __init__(self, path: Path, corpus: Corpus | None, codebook: Codebook, problems: list[Problem]):
        self.path, self.corpus, self.codebook, self.problems = path, corpus, codebook, problems

    def problem(self, line: int, column: str, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, message, hint, row=line, column=column))

    def entity(self, line: int, column: str, value: str, kind: str) -> bool:
        if not value:
            self.problem(line, column, f"{column} is empty", f"name an {kind} id from corpus/entities.csv")
            return False
        if self.corpus is None:
            return True
        entity = self.corpus.entities.get(value)
        if entity is None:
            self.problem(line, column, f"unknown entity id {value!r}",
                         _suggest(value, self.corpus.entities) or "add it to corpus/entities.csv first")
            return False
        if entity_kinds().get(entity.type) != kind:
            self.problem(line, column, f"{value!r} is a {entity.type}, not an {kind}",
                         f"this table codes {kind}s: name an {kind} id")
            return False
        return True

    def codes(self, line: int, column: str, values: tuple[str, ...], kind: str) -> bool:
        known = self.codebook.of_kind(kind)
        ok = True
        for value in values:
            if value not in known:
                self.problem(line, column, f"unknown PLOVER {kind} {value!r}",
                             _suggest(value, known) or f"use a {kind} of ontology/plover.csv: {', '.join(known)}")
                ok = False
        return ok

    def modes(self, line: int, modes: tuple[str, ...], types: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
        resolved = []
        for mode in modes:
            owners = [t for t in types if mode in self.codebook.modes_of(t)]
            if len(owners) != 1:
                allowed = sorted({m for t in types for m in self.codebook.modes_of(t)})
                reason = "is a mode of none of" if not owners else "is a mode of more than one of"
                self.problem(line, "plover_mode", f"{mode!r} {reason} {'|'.join(types) or 'no type'}",
                             f"the modes of {'|'.join(types)} are: {', '.join(allowed)}" if allowed
                             else "give the event type first; only some types have modes")
                return None
            resolved.append((owners[0], mode))
        return tuple(resolved)

    def anchor(self, line: int, document: str, quote: str, occurrence: str) -> Anchor | None:
        if self.corpus is None:
            return None
        documents = {d.id: d for d in self.corpus.documents}
        if document not in documents:
            self.problem(line, "document", f"unknown document {document!r}",
                         _suggest(document, documents) or f"use a document id: {', '.join(documents)}")
            return None
        if occurrence and not (occurrence.isdigit() and int(occurrence) >= 1):
            self.problem(line, "occurrence", f"occurrence {occurrence!r} is not a positive whole number",
                         "write 1 for the first occurrence of the quote, 2 for the second, ...")
            return None
        try:
            return anchor_quote(documents[document].source, quote, int(occurrence) if occurrence else None)
        except FactionGraphError as err:
            self.problem(line, "quote", err.problems[0].message, err.problems[0].hint)
            return None


def load_event_codes(path: Path, corpus: Corpus | None, codebook: Codebook,
                     problems: list[Problem]) -> dict[str, EventCoding]:
    """Read corpus/event-codes.csv: each event's PLOVER type, modes, contexts and the words they rest on."""
    check = _CodingChecker(path, corpus, codebook, problems)
    codings: dict[str, EventCoding] = {}
    for line, row in read_table(path, path.parent, EVENT_CODE_COLUMNS, ("event", "plover_type", "note"), problems) or []:
        ok = check.entity(line, "event", row["event"], "event")
        if row["event"] in codings:
            check.problem(line, "event", f"{row['event']!r} is coded twice (first on row {codings[row['event']].origin.row})",
                          "give each event one row; a row takes several types, modes or contexts separated by |")
            continue
        types, contexts, auxiliary = _split(row["plover_type"]), _split(row["plover_context"]), _split(row["auxiliary"])
        if not types:
            coded = [c for c in ("plover_mode", "plover_context", "auxiliary", "quote") if row[c]]
            for column in coded:
                check.problem(line, column, "an uncoded event takes no codes and no quote",
                              "give its plover_type, or clear the row's codes and say in note why none fits")
            if not row["note"]:
                check.problem(line, "note", "an event left uncoded needs the reason",
                              "say in note why no PLOVER event type fits")
            ok = ok and not coded and bool(row["note"])
        else:
            ok &= check.codes(line, "plover_type", types, "event")
            ok &= check.codes(line, "plover_context", contexts, "context")
            ok &= check.codes(line, "auxiliary", auxiliary, "auxiliary")
            for column in ("document", "quote"):
                if not row[column]:
                    check.problem(line, column, f"a coded event needs its {column}",
                                  "quote the words of the text the coding rests on, and name their document")
                    ok = False
        modes = check.modes(line, _split(row["plover_mode"]), types) if ok else None
        anchor = check.anchor(line, row["document"], row["quote"], row["occurrence"]) if ok and types else None
        if ok and types and corpus is not None:
            ok = anchor is not None and _check_crosswalk(check, line, corpus.entities[row["event"]].cameo, types,
                                                         row["note"])
        if ok and modes is not None:
            codings[row["event"]] = EventCoding(row["event"], types, modes, contexts, auxiliary, row["document"],
                                                anchor, row["note"], Origin(str(path), line))
    return codings


def _check_crosswalk(check: _CodingChecker, line: int, cameo: str, types: tuple[str, ...], note: str) -> bool:
    """A type other than the crosswalk's for the event's CAMEO code must say why."""
    default = check.codebook.crosswalk.get(cameo)
    if default and default not in types and not note:
        check.problem(line, "note", f"the crosswalk gives CAMEO {cameo} the type {default}, this row {'|'.join(types)}",
                      "say in note why the text calls for another type (cite the manual's section)")
        return False
    return True


def load_actor_codes(path: Path, corpus: Corpus | None, codebook: Codebook,
                     problems: list[Problem]) -> dict[str, ActorCoding]:
    """Read corpus/actor-codes.csv: each actor's PLOVER sector(s) and country."""
    check = _CodingChecker(path, corpus, codebook, problems)
    codings: dict[str, ActorCoding] = {}
    for line, row in read_table(path, path.parent, ACTOR_CODE_COLUMNS, ("actor", "sector", "country"), problems) or []:
        ok = check.entity(line, "actor", row["actor"], "actor")
        if row["actor"] in codings:
            check.problem(line, "actor", f"{row['actor']!r} is coded twice (first on row {codings[row['actor']].origin.row})",
                          "give each actor one row; put further sectors in other_sectors, separated by |")
            continue
        sector, others = row["sector"], _split(row["other_sectors"])
        ok &= check.codes(line, "sector", (sector,) if sector else (), "sector")
        ok &= check.codes(line, "other_sectors", others, "sector")
        if others and not sector:
            check.problem(line, "sector", "other sectors without a primary one",
                          "put the sector that best describes the actor's role in sector")
            ok = False
        if sector in others:
            check.problem(line, "other_sectors", f"{sector} is already the primary sector", "list it once")
            ok = False
        country = row["country"]
        if country and not is_country_code(country, codebook):
            check.problem(line, "country", f"unknown country code {country!r}",
                          "use an ISO 3166-1 alpha-3 code (IRN, USA) or one of the manual's non-state codes "
                          f"({', '.join(codebook.of_kind('country'))})")
            ok = False
        if ok:
            codings[row["actor"]] = ActorCoding(row["actor"], sector, others, country, row["note"],
                                                Origin(str(path), line))
    return codings


def load_coding(root: Path, corpus: Corpus | None, problems: list[Problem]) -> Coding:
    """Read the corpus's coding tables if it has them; without the corpus (it failed to load), the codes
    are still checked, the entity ids and quotes are not."""
    codebook = load_codebook()
    events_path, actors_path = root / "event-codes.csv", root / "actor-codes.csv"
    events = load_event_codes(events_path, corpus, codebook, problems) if events_path.exists() else {}
    actors = load_actor_codes(actors_path, corpus, codebook, problems) if actors_path.exists() else {}
    return Coding(events, actors)


def load_coded_corpus(root: Path | str) -> tuple[Corpus, Coding]:
    """Read and check the corpus and its PLOVER coding; raise one FactionGraphError listing every problem."""
    root = Path(root)
    problems: list[Problem] = []
    try:
        corpus = load_corpus(root)
    except FactionGraphError as err:
        problems.extend(err.problems)
        corpus = None
    coding = load_coding(root, corpus, problems) if root.is_dir() else Coding({}, {})
    raise_if_any(problems)
    return corpus, coding


def concept_iri(code: Code) -> URIRef:
    """plover:event-COERCE, plover:mode-COERCE-restrict, plover:context-election, plover:sector-GOV, ..."""
    if code.kind == "mode":
        return PLOVER[f"mode-{code.parent}-{code.code}"]
    return PLOVER[f"{code.kind}-{code.code}"]
