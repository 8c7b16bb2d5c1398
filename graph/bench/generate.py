"""Seeded synthetic corpora in the project's own input format, from ten thousand triples up.

A corpus is what an archive annotated by hand would look like: one ``entities.csv`` shared by
many documents, each document a folder with ``document.toml``, ``text.txt``, ``sources.csv``,
``statements.csv`` and ``figures.csv`` exactly as corpus/ANNOTATING.md describes. The text is
written first and every quote is copied out of it, so the build anchors every quote for real.
The mixes of relations and statuses follow the annotated article (corpus/saghafi-2004); entity
popularity is skewed, so a few actors appear in most documents and most appear in a few.

The same seed and size always give byte-identical files.

    python -m graph.bench.generate OUT [--triples 10k] [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..sources.records import Entity, Origin

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}

# Triples the build makes, measured on generated corpora: per entity, per document (metadata,
# text, sections, paragraphs, notes, works), per statement or figure row (plain triple,
# statement resource, evidence, Web Annotation anchor, time entities), and the ontology.
TRIPLES_PER_ENTITY = 6.4
TRIPLES_PER_DOCUMENT = 500
TRIPLES_PER_ROW = 62
ONTOLOGY_TRIPLES = 640
ENTITIES_PER_TRIPLE = 1 / 56

# Relation mix of the article's statements.csv (counts), by the kind of sentence that carries it.
ACTOR_RELATIONS = {"opposes": 31, "supports": 28, "influences": 18, "advocates": 16, "negotiatesWith": 12,
                   "memberOf": 11, "criticises": 11, "inFaction": 6, "holdsOffice": 6, "partOf": 5,
                   "alliedWith": 5, "leads": 4, "rejects": 3, "successorOf": 1, "siblingOf": 1,
                   "locatedIn": 1, "hasRelationsWith": 1}
EVENT_LINKS = {"concerns": 40, "precedes": 14, "respondsTo": 9, "subEventOf": 7, "causes": 3}
STATUSES = {"stated": 319, "argument": 108, "reported": 24, "rumour": 12, "prediction": 12, "speculation": 8}
FIGURE_STATUSES = {"stated": 29, "reported": 17, "estimate": 2, "argument": 2}
HEDGES = {"": 35, "around": 6, "more than": 3, "about": 1, "nearly": 1, "roughly": 1, "at best": 1}

ENTITY_TYPES = {
    "Person": 25, "CollectiveActor": 12, "Organisation": 6, "PoliticalParty": 4, "Faction": 3,
    "StateInstitution": 4, "Post": 4, "Publication": 3, "Regime": 1, "InternationalOrganisation": 1,
    "Country": 1, "Province": 4, "City": 5, "Place": 2, "Ideology": 1, "PoliticalProject": 2,
    "Election": 3, "Protest": 3, "Meeting": 2, "Disqualification": 1, "Decision": 2, "Appeal": 1,
    "Announcement": 1, "Communique": 1, "Resignation": 1, "Boycott": 1, "Negotiation": 1, "Crisis": 1,
    "Proposal": 1, "Agreement": 1, "Sanction": 1, "Report": 1, "SitIn": 1, "Period": 1,
}
ACTORS = ("Person", "CollectiveActor", "Organisation", "PoliticalParty", "Faction", "StateInstitution",
          "Post", "Regime", "InternationalOrganisation", "Country")
BODIES = ("Organisation", "PoliticalParty", "StateInstitution", "CollectiveActor")
PLACES = ("Country", "Province", "City", "Place")
EVENTS = ("Election", "Protest", "Meeting", "Disqualification", "Decision", "Appeal", "Announcement",
          "Communique", "Resignation", "Boycott", "Negotiation", "Crisis", "Proposal", "Agreement",
          "Sanction", "Report", "SitIn", "Period")
PROJECTS = ("Ideology", "PoliticalProject")
CAMEO = {"Protest": "141", "Meeting": "040", "Appeal": "020", "Boycott": "1431", "Negotiation": "046",
         "Agreement": "057", "Announcement": "010", "Decision": "014"}

# (subject types, object types) each relation accepts, so the graph meets the SHACL shapes.
RELATION_TYPES = {
    "leads": (("Person",), BODIES + ("Faction",)),
    "memberOf": (("Person", "Organisation"), BODIES),
    "inFaction": (("Person", "PoliticalParty", "Organisation"), ("Faction",)),
    "partOf": (("Organisation",), ("Organisation", "StateInstitution", "PoliticalParty")),
    "holdsOffice": (("Person",), ("Post",)),
    "siblingOf": (("Person",), ("Person",)),
    "successorOf": (("Person",), ("Person",)),
    "locatedIn": (("City", "Place", "StateInstitution"), ("Province", "Country")),
    "advocates": (ACTORS, PROJECTS),
    "rejects": (ACTORS, ("Proposal", "Decision", "Agreement")),
}
VERBS = {
    "opposes": ("opposed", "stood against", "fought"), "supports": ("supported", "backed", "sided with"),
    "influences": ("encouraged", "shaped the course of", "weighed on"), "advocates": ("championed", "defended", "promoted"),
    "negotiatesWith": ("negotiated with", "bargained with", "held talks with"),
    "memberOf": ("belonged to", "was a member of", "sat in"), "criticises": ("criticised", "blamed", "denounced"),
    "inFaction": ("was counted among", "sided with the camp of", "was reckoned part of"),
    "holdsOffice": ("served as", "held the office of", "was appointed"), "partOf": ("was part of", "belonged within", "answered to"),
    "alliedWith": ("allied with", "joined forces with", "made common cause with"), "leads": ("led", "headed", "presided over"),
    "rejects": ("rejected", "refused", "turned down"), "successorOf": ("succeeded", "replaced", "took over from"),
    "siblingOf": ("is the sibling of", "is the brother of", "is the sister of"), "locatedIn": ("lies in", "is located in", "stands in"),
    "hasRelationsWith": ("kept relations with", "dealt with", "kept channels open to"),
}
EVENT_VERBS = {"concerns": "concerned", "precedes": "came before", "respondsTo": "answered",
               "subEventOf": "was part of", "causes": "brought about"}
OPENERS = {"stated": "", "argument": "In effect, ", "prediction": "It seems certain that ",
           "speculation": "Perhaps ", "rumour": "It was rumoured that ", "estimate": "By one estimate, "}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MEASURES = (("turnout", "percent", "of the voters turned out"), ("vote-share", "percent", "of the votes went to"),
            ("candidates", "count", "candidates stood"), ("disqualified-candidates", "count", "candidates were barred"),
            ("protesters", "count", "people joined"), ("sit-in-length", "day", "days of sit-in went by"))
FILLER = ("the balance of forces", "the old guard", "a generation of activists", "the provincial press",
          "the clerical establishment", "the bazaar", "the universities", "the urban poor", "the security services",
          "the courts", "public opinion", "the ministries", "the state broadcaster", "rural voters")
FILLER_VERBS = ("watched", "weighed", "ignored", "feared", "welcomed", "doubted", "absorbed", "mistrusted")
ADJECTIVES = ("National", "Islamic", "Democratic", "Popular", "United", "Free", "Progressive", "Workers’",
              "Revolutionary", "Independent", "Civic", "Green", "Students’", "Teachers’", "Writers’")
NOUNS = ("Front", "Association", "Council", "League", "Society", "Union", "Assembly", "Coalition", "Movement",
         "Committee", "Party", "Forum", "Alliance", "Congress")
SYLLABLES = ("ba", "da", "fa", "ga", "ha", "ja", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta", "va", "za",
             "be", "de", "ke", "me", "ne", "re", "se", "te", "bi", "di", "ki", "mi", "ni", "ri", "si", "ti",
             "bo", "do", "ko", "mo", "no", "ro", "so", "to", "bu", "du", "ku", "mu", "nu", "ru", "su", "tu",
             "kha", "sha", "gho", "zé", "rā", "ḥa")
ENDINGS = ("i", "an", "ani", "zadeh", "pour", "nia", "ian", "ar", "abad", "estan", "vand", "")


@dataclass
class SyntheticCorpus:
    """What was generated, counted as it was written: the expected answers of every stage."""

    path: Path
    seed: int
    target_triples: int
    entities: int = 0
    documents: int = 0
    statements: int = 0
    figures: int = 0
    works: int = 0
    footnotes: int = 0
    characters: int = 0
    probe_actor: str = ""
    probe_statements: int = 0
    probe_two_hop: list[str] = field(default_factory=list)
    dated_events_by_month: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in self.__dict__.items()}


def _plain(status: str, source: str) -> bool:
    """Whether the build writes the claim as a plain triple (the facts layer), which the timed queries read."""
    return status in ("stated", "argument", "estimate") and not source


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng: random.Random, syllables: int) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(syllables)) + rng.choice(ENDINGS)
    return word[0].upper() + word[1:]


def _slug(label: str) -> str:
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().replace("'", "")
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_label.lower()).split())


def make_entities(rng: random.Random, count: int) -> list[Entity]:
    """An entity pool: actors, places, events and projects with unique ids and labels."""
    entities: list[Entity] = []
    labels: set[str] = set()
    places: list[str] = []
    types = [_weighted(rng, ENTITY_TYPES) for _ in range(count)]
    types.sort(key=lambda t: t not in PLACES)
    for index, kind in enumerate(types):
        while True:
            label = _entity_label(rng, kind, places)
            if label not in labels:
                break
        labels.add(label)
        if kind in PLACES:
            places.append(label)
        entity_id = f"{_slug(label)}-{index}"
        aliases = (label,) if rng.random() < 0.7 else (label, label.split()[-1])
        cameo = CAMEO.get(kind, "") if rng.random() < 0.6 else ""
        entities.append(Entity(entity_id, kind, label, aliases, f"A {kind} of the synthetic corpus.", cameo,
                               Origin("entities.csv", index + 2)))
    return entities


def _entity_label(rng: random.Random, kind: str, places: list[str]) -> str:
    place = rng.choice(places) if places else _name(rng, 2)
    if kind == "Person":
        return f"{_name(rng, 2)} {_name(rng, 3)}"
    if kind in PLACES:
        prefix = {"Country": "Republic of ", "Province": "Province of ", "City": "", "Place": "Square of "}[kind]
        return prefix + _name(rng, 3)
    if kind in ("Organisation", "PoliticalParty", "StateInstitution", "InternationalOrganisation"):
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} of {place}"
    if kind == "CollectiveActor":
        return f"the {rng.choice(('students', 'merchants', 'clerics', 'workers', 'deputies', 'voters'))} of {place}"
    if kind == "Faction":
        return f"the {_name(rng, 2)} camp"
    if kind == "Post":
        return f"{rng.choice(('Governor', 'Minister', 'Speaker', 'Mayor', 'Prosecutor'))} of {place}"
    if kind == "Publication":
        return _name(rng, 2) + rng.choice((" Daily", " Review", " Weekly", ""))
    if kind == "Regime":
        return f"the {_name(rng, 2)} dynasty"
    if kind in PROJECTS:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(('reform', 'renewal', 'order', 'unity'))} of {_name(rng, 2)}"
    return f"the {kind.lower()} of {place} {rng.randint(1950, 2020)}"


class _Pool:
    """Entities by type, drawn with a skewed popularity (a few everywhere, most rarely)."""

    def __init__(self, entities: list[Entity]):
        self.by_type: dict[str, list[Entity]] = {}
        for entity in entities:
            self.by_type.setdefault(entity.type, []).append(entity)
        self.cumulative: dict[tuple[str, ...], tuple[list[Entity], list[float]]] = {}

    def draw(self, rng: random.Random, types: tuple[str, ...]) -> Entity:
        if types not in self.cumulative:
            members = [e for t in types for e in self.by_type.get(t, ())]
            total, weights = 0.0, []
            for rank in range(len(members)):
                total += 1 / (rank + 1) ** 0.9
                weights.append(total)
            self.cumulative[types] = (members, weights)
        members, weights = self.cumulative[types]
        return rng.choices(members, cum_weights=weights)[0]


@dataclass
class _Row:
    table: str
    cells: dict[str, str]
    sentence: int


class _DocumentWriter:
    """Writes one document: text first, then rows quoting it."""

    def __init__(self, rng: random.Random, pool: _Pool, works: list[dict], edges: dict[str, set[str]],
                 event_months: dict[str, set[str]]):
        self.rng, self.pool = rng, pool
        self.works, self.edges, self.event_months = works, edges, event_months
        self.sentences: list[str] = []
        self.quotes: list[str] = []
        self.rows: list[_Row] = []
        self.notes: list[tuple[str, list[dict]]] = []
        self.conflicts = 0

    def entity(self, types: tuple[str, ...]) -> Entity:
        return self.pool.draw(self.rng, types)

    def date(self) -> tuple[str, str, date]:
        """A date as the text writes it, as the table writes it, and its first day."""
        rng = self.rng
        day = date(rng.randint(1950, 2020), 1, 1) + timedelta(days=rng.randint(0, 364))
        precision = rng.choices(("day", "month", "year", "range"), weights=(5, 3, 2, 1))[0]
        if precision == "day":
            return f"on {MONTHS[day.month - 1]} {day.day}, {day.year}", day.isoformat(), day
        if precision == "month":
            return f"in {MONTHS[day.month - 1]} {day.year}", day.isoformat()[:7], day.replace(day=1)
        if precision == "year":
            return f"in {day.year}", str(day.year), day.replace(month=1, day=1)
        end = day + timedelta(days=rng.randint(2, 40))
        return (f"between {MONTHS[day.month - 1]} {day.day}, {day.year} and {MONTHS[end.month - 1]} {end.day}, {end.year}",
                f"{day.isoformat()}/{end.isoformat()}", day)

    def status(self, weights: dict[str, int]) -> tuple[str, str, str]:
        """(status, source entity, opening words) for a claim sentence."""
        status = _weighted(self.rng, weights)
        if status == "reported":
            source = self.entity(("Publication", "CollectiveActor", "StateInstitution"))
            return status, source.id, f"{source.label} reported that "
        if status == "rumour":
            return status, "", OPENERS["rumour"]
        return status, "", OPENERS[status]

    def add_sentence(self, text: str, quote: str, rows: list[tuple[str, dict[str, str]]]) -> None:
        index = len(self.sentences)
        self.sentences.append(text)
        self.quotes.append(quote)
        for table, cells in rows:
            if self.rng.random() < 0.03:
                cells["comment"] = "Annotator’s note: checked against the paragraph around it."
            self.rows.append(_Row(table, cells, index))

    def repeat_sentence(self) -> None:
        """Say an earlier claim again, word for word: its quote then needs an occurrence number."""
        claims = [i for i, q in enumerate(self.quotes) if q]
        if claims:
            index = self.rng.choice(claims)
            rows = [(r.table, dict(r.cells)) for r in self.rows if r.sentence == index]
            self.add_sentence(self.sentences[index], self.quotes[index], rows)

    def actor_sentence(self) -> None:
        relation = _weighted(self.rng, ACTOR_RELATIONS)
        subject_types, object_types = RELATION_TYPES.get(relation, (ACTORS, ACTORS))
        subject, obj = self.entity(subject_types), self.entity(object_types)
        if subject.id == obj.id:
            return
        status, source, opener = self.status(STATUSES)
        when, when_value = ("", "")
        if self.rng.random() < 0.17:
            words, when_value, _ = self.date()
            when = f" {words}"
        clause = f"{subject.label} {self.rng.choice(VERBS[relation])} {obj.label}{when}"
        quote = (opener + clause) if opener else clause
        cells = {"subject": subject.id, "relation": relation, "object": obj.id, "date": when_value,
                 "status": status, "source": source}
        if _plain(status, source):
            self.edges.setdefault(subject.id, set()).add(obj.id)
        self.add_sentence(_capitalise(quote) + ".", _capitalise(quote), [("statements", cells)])

    def event_sentence(self) -> None:
        rng = self.rng
        event = self.entity(EVENTS)
        organiser, place = self.entity(ACTORS), self.entity(PLACES)
        words, value, first = self.date()
        relation = rng.choices(("date", "startDate", "endDate"), weights=(44, 9, 8))[0]
        verb = {"date": "took place", "startDate": "began", "endDate": "ended"}[relation]
        status, source, opener = self.status(STATUSES)
        clause = f"{event.label}, organised by {organiser.label} in {place.label}, {verb} {words}"
        rows = [("statements", {"subject": event.id, "relation": "hasOrganiser", "object": organiser.id}),
                ("statements", {"subject": event.id, "relation": "hasPlace", "object": place.id}),
                ("statements", {"subject": event.id, "relation": relation, "value": value})]
        targets = [organiser.id, place.id]
        if rng.random() < 0.6:
            participant = self.entity(ACTORS)
            clause += f", joined by {participant.label}"
            rows.append(("statements", {"subject": event.id, "relation": "hasParticipant", "object": participant.id}))
            targets.append(participant.id)
        if rng.random() < 0.6:
            target = self.entity(ACTORS + EVENTS)
            if target.id != event.id:
                clause += f", against {target.label}"
                rows.append(("statements", {"subject": event.id, "relation": "hasTarget", "object": target.id}))
                targets.append(target.id)
        quote = _capitalise(opener + clause)
        for _, cells in rows:
            cells.update(status=status, source=source)
        if _plain(status, source):
            self.edges.setdefault(event.id, set()).update(targets)
            self.event_months.setdefault(first.isoformat()[:7], set()).add(event.id)
        self.add_sentence(quote + ".", quote, rows)
        if rng.random() < 0.25:
            self.value_sentence(event)

    def value_sentence(self, event: Entity) -> None:
        relation = self.rng.choice(("reason", "outcome"))
        reason = f"{self.rng.choice(FILLER)} {self.rng.choice(FILLER_VERBS)} {self.rng.choice(FILLER)}"
        clause = f"{event.label} {'came about because' if relation == 'reason' else 'ended as'} {reason}"
        status, source, opener = self.status(STATUSES)
        quote = _capitalise(opener + clause)
        self.add_sentence(quote + ".", quote, [("statements", {"subject": event.id, "relation": relation,
                                                               "value": reason, "status": status, "source": source})])

    def event_link_sentence(self) -> None:
        relation = _weighted(self.rng, EVENT_LINKS)
        event = self.entity(EVENTS)
        other = self.entity(ACTORS + PROJECTS + EVENTS if relation == "concerns" else EVENTS)
        if event.id == other.id:
            return
        status, source, opener = self.status(STATUSES)
        quote = _capitalise(f"{opener}{event.label} {EVENT_VERBS[relation]} {other.label}")
        if _plain(status, source):
            self.edges.setdefault(event.id, set()).add(other.id)
        self.add_sentence(quote + ".", quote, [("statements", {"subject": event.id, "relation": relation,
                                                               "object": other.id, "status": status, "source": source})])

    def figure_sentence(self, conflict: str = "", fixed: tuple | None = None) -> tuple:
        rng = self.rng
        measure, unit, phrase = fixed[0] if fixed else rng.choice(MEASURES)
        place, event = fixed[1:3] if fixed else (self.entity(PLACES), self.entity(EVENTS))
        words, when, _ = fixed[3] if fixed else self.date()
        high = 100 if unit == "percent" else 5000
        value = f"{rng.randint(1, high - 1)}" if rng.random() < 0.8 else f"{rng.randint(1, 40)}.{rng.randint(1, 9)}"
        if rng.random() < 0.1:
            value = f"{rng.randint(1, 40)}-{rng.randint(41, 80)}"
        hedge = _weighted(rng, HEDGES)
        status, source, opener = self.status(FIGURE_STATUSES)
        shown = value.replace("-", " to ")
        clause = f"{opener}{hedge + ' ' if hedge else ''}{shown} {phrase} {event.label} in {place.label} {words}"
        quote = _capitalise(clause)
        population = self.entity(("CollectiveActor",)).id if rng.random() < 0.4 else ""
        self.add_sentence(quote + ".", quote, [("figures", {
            "measure": measure, "value": value, "unit": unit, "approximation": hedge, "place": place.id,
            "date": when, "population": population, "event": event.id, "status": status, "source": source,
            "conflict": conflict})])
        return (measure, unit, phrase), place, event, (words, when, None)

    def filler_sentence(self) -> None:
        rng = self.rng
        text = (f"{_capitalise(rng.choice(FILLER))} {rng.choice(FILLER_VERBS)} {rng.choice(FILLER)}"
                f"{rng.choice(('', ' — and said little', ', as “the street” did', ' for a while'))}.")
        self.add_sentence(text, "", [])

    def write_claims(self, rows_wanted: int) -> None:
        rng = self.rng
        while len(self.rows) < rows_wanted:
            kind = rng.choices(("actor", "event", "link", "figure", "filler", "conflict", "repeat"),
                               weights=(40, 22, 14, 8, 15, 1, 1))[0]
            if kind == "actor":
                self.actor_sentence()
            elif kind == "event":
                self.event_sentence()
            elif kind == "link":
                self.event_link_sentence()
            elif kind == "figure":
                self.figure_sentence()
            elif kind == "filler":
                self.filler_sentence()
            elif kind == "repeat":
                self.repeat_sentence()
            else:
                self.conflicts += 1
                label = f"conflict-{self.conflicts}"
                fixed = self.figure_sentence(label)
                self.figure_sentence(label, fixed)

    def citation(self, work: dict) -> str:
        """How a footnote cites a work; unique in the document because every work is."""
        if work["type"] == "NewspaperIssue":
            return f"{work['container_label']}, {work['issue_words']}"
        if work["type"] == "Book":
            return f"{work['author_label']}, {work['title']} ({work['place']}: {work['publisher']}, {work['year']})"
        return f"{work['author_label']}, “{work['title']},” {work['container_label']} {work['volume']} ({work['year']})"

    def layout(self, metadata: dict) -> str:
        """The text: headings, paragraphs with footnote markers, credit line, notes, how to cite."""
        rng = self.rng
        parts, section_left, paragraph = [], 0, []
        note_count = 0
        works = list(self.works)
        rng.shuffle(works)
        for index, sentence in enumerate(self.sentences):
            if self.quotes[index] and works and rng.random() < 0.22:
                note_count += 1
                if self.notes and rng.random() < 0.1:
                    self.notes.append(("Ibid.", []))
                else:
                    cited = [works.pop()]
                    if works and rng.random() < 0.15:
                        cited.append(works.pop())
                    self.notes.append(("See " + " and ".join(self.citation(w) for w in cited) + ".", cited))
                sentence += f" [{note_count}]"
            paragraph.append(sentence)
            if len(paragraph) >= rng.randint(3, 8):
                if section_left == 0:
                    parts.append(f"{rng.choice(ADJECTIVES)} {rng.choice(('Politics', 'Voices', 'Streets', 'Ballots', 'Fronts'))}")
                    section_left = rng.randint(3, 7)
                parts.append(" ".join(paragraph))
                paragraph, section_left = [], section_left - 1
        if paragraph:
            if parts and len(paragraph) < 3:
                parts[-1] += " " + " ".join(paragraph)
            else:
                parts.append(" ".join(paragraph))
        if rng.random() < 0.5:
            parts.append("—Translated by the synthetic corpus’s editors")
        body = "\n\n".join(parts)
        notes = "\n".join(f"[{n}] {text}" for n, (text, _) in enumerate(self.notes, 1))
        return (f"{body}\n\n{notes}\n\nHow to cite this article:\n\n{metadata['how_to_cite']}\n" if notes
                else f"{body}\n\nHow to cite this article:\n\n{metadata['how_to_cite']}\n")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _occurrence(text: str, quote: str, start: int) -> tuple[int, int]:
    """(how many times quote occurs, which one starts at start), counting as re.finditer does."""
    count, which, at = 0, 0, text.find(quote)
    while at >= 0:
        count += 1
        if at == start:
            which = count
        at = text.find(quote, at + len(quote))
    return count, which


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue()


def _toml(metadata: dict) -> str:
    lines = ["# Synthetic document made by graph.bench.generate."]
    for key, value in metadata.items():
        lines.append(f"{key} = {value}" if isinstance(value, int) else f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


STATEMENT_COLUMNS = ("subject", "relation", "object", "value", "date", "status", "source", "quote", "occurrence",
                     "derivation", "conflict", "comment")
FIGURE_COLUMNS = ("measure", "value", "unit", "approximation", "place", "date", "population", "event", "status",
                  "source", "quote", "occurrence", "derivation", "conflict", "comment")
SOURCE_COLUMNS = ("note", "id", "type", "title", "authors", "container", "volume", "issue_date", "season", "year",
                  "publisher", "place", "language", "quote")
ENTITY_COLUMNS = ("id", "type", "label", "aliases", "description", "cameo")


def make_works(rng: random.Random, pool: _Pool, count: int) -> list[dict]:
    """Works that footnotes cite, shared by the whole corpus (the same book cited by many)."""
    works, seen = [], set()
    while len(works) < count:
        kind = rng.choices(("JournalArticle", "Book", "NewspaperIssue"), weights=(4, 3, 5))[0]
        year = rng.randint(1950, 2020)
        if kind == "NewspaperIssue":
            paper = pool.draw(rng, ("Publication",))
            day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
            work_id = f"{_slug(paper.label)}-{day.isoformat()}"
            work = {"id": work_id, "type": kind, "container": paper.id, "container_label": paper.label,
                    "issue_date": day.isoformat(), "year": str(year),
                    "issue_words": f"{MONTHS[day.month - 1]} {day.day}, {year}"}
        else:
            author = pool.draw(rng, ("Person",))
            title = f"{rng.choice(ADJECTIVES)} {rng.choice(('Politics', 'Elections', 'Factions', 'Streets'))} in {_name(rng, 3)}"
            work_id = f"{_slug(author.label)}-{year}-{_slug(title)}"
            work = {"id": work_id, "type": kind, "title": title, "authors": author.id, "author_label": author.label,
                    "year": str(year)}
            if kind == "Book":
                work.update(place=_name(rng, 2), publisher=f"{_name(rng, 2)} Press")
            else:
                journal = pool.draw(rng, ("Publication",))
                work.update(container=journal.id, container_label=journal.label, volume=str(rng.randint(1, 90)))
        if work_id not in seen:
            seen.add(work_id)
            works.append(work)
    return works


def write_document(rng: random.Random, pool: _Pool, folder: Path, doc_id: str, rows_wanted: int,
                   works: list[dict], corpus: SyntheticCorpus, edges, event_months) -> None:
    """Write one document folder; every quote is copied out of the text it writes."""
    author, journal = pool.draw(rng, ("Person",)), pool.draw(rng, ("Publication",))
    publisher = pool.draw(rng, ("Organisation",))
    title = f"{rng.choice(ADJECTIVES)} {rng.choice(('Politics', 'Elections', 'Factions'))} in {_name(rng, 3)}"
    year = rng.randint(1980, 2024)
    issue = str(rng.randint(1, 300))
    metadata = {"id": doc_id, "type": "JournalArticle", "title": title, "author": author.id,
                "journal": journal.id, "issue": issue, "year": year, "publisher": publisher.id, "language": "en",
                "how_to_cite": f"{author.label} “{title},” {journal.label} {issue} ({year}).", "text": "text.txt"}
    writer = _DocumentWriter(rng, pool, works, edges, event_months)
    writer.write_claims(rows_wanted)
    text = writer.layout(metadata)
    offsets, at = [], 0
    for sentence in writer.sentences:
        start = text.index(sentence, at)
        offsets.append(start)
        at = start + len(sentence)
    tables: dict[str, list[dict[str, str]]] = {"statements": [], "figures": []}
    for row in writer.rows:
        quote = writer.quotes[row.sentence]
        count, which = _occurrence(text, quote, offsets[row.sentence])
        cells = dict(row.cells, quote=quote, occurrence=str(which) if count > 1 else "")
        tables[row.table].append(cells)
    sources = []
    for number, (_, cited) in enumerate(writer.notes, 1):
        for work in cited:
            quote = writer.citation(work)
            if _occurrence(text, quote, -1)[0] != 1:
                raise RuntimeError(f"{doc_id}: the citation {quote!r} is not unique in the text")
            sources.append({"note": str(number), "id": work["id"], "type": work["type"], "title": work.get("title", ""),
                            "authors": work.get("authors", ""), "container": work.get("container", ""),
                            "volume": work.get("volume", ""), "issue_date": work.get("issue_date", ""),
                            "year": work["year"], "publisher": work.get("publisher", ""), "place": work.get("place", ""),
                            "quote": quote})
    folder.mkdir(parents=True)
    (folder / "document.toml").write_text(_toml(metadata), encoding="utf-8")
    (folder / "text.txt").write_text(text, encoding="utf-8", newline="\n")
    (folder / "statements.csv").write_text(_csv(STATEMENT_COLUMNS, tables["statements"]), encoding="utf-8", newline="\n")
    (folder / "figures.csv").write_text(_csv(FIGURE_COLUMNS, tables["figures"]), encoding="utf-8", newline="\n")
    (folder / "sources.csv").write_text(_csv(SOURCE_COLUMNS, sources), encoding="utf-8", newline="\n")
    corpus.documents += 1
    corpus.statements += len(tables["statements"])
    corpus.figures += len(tables["figures"])
    corpus.works += len(sources)
    corpus.footnotes += len(writer.notes)
    corpus.characters += len(text)


def generate_corpus(out: Path | str, target_triples: int, seed: int = 0) -> SyntheticCorpus:
    """Write a corpus of about target_triples triples into out (which must not exist yet).

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     made = generate_corpus(pathlib.Path(folder) / "corpus", 20_000, seed=1)
    >>> made.documents > 1 and made.statements > 100
    True
    """
    out = Path(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    corpus = SyntheticCorpus(out, seed, target_triples)
    entities = make_entities(rng, max(150, round(target_triples * ENTITIES_PER_TRIPLE)))
    pool = _Pool(entities)
    corpus.entities = len(entities)
    (out / "entities.csv").write_text(_csv(ENTITY_COLUMNS, [
        {"id": e.id, "type": e.type, "label": e.label, "aliases": "|".join(e.aliases),
         "description": e.description, "cameo": e.cameo} for e in entities]), encoding="utf-8", newline="\n")
    budget = target_triples - ONTOLOGY_TRIPLES - TRIPLES_PER_ENTITY * len(entities)
    all_works = make_works(rng, pool, max(40, int(budget / TRIPLES_PER_ROW / 12)))
    edges: dict[str, set[str]] = {}
    event_months: dict[str, set[str]] = {}
    while budget > 0:
        rows = min(rng.randint(40, 420), max(10, int((budget - TRIPLES_PER_DOCUMENT) / TRIPLES_PER_ROW)))
        doc_works = rng.sample(all_works, min(len(all_works), rng.randint(8, 30)))
        doc_id = f"synthetic-{corpus.documents + 1:05d}"
        write_document(rng, pool, out / doc_id, doc_id, rows, doc_works, corpus, edges, event_months)
        budget -= TRIPLES_PER_DOCUMENT + rows * TRIPLES_PER_ROW
    _choose_probe(corpus, entities, edges)
    corpus.dated_events_by_month = {month: len(events) for month, events in sorted(event_months.items())}
    (out / "manifest.json").write_text(json.dumps(corpus.as_dict(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return corpus


def _choose_probe(corpus: SyntheticCorpus, entities: list[Entity], edges: dict[str, set[str]]) -> None:
    """The person named most often as a subject: the one the selective queries ask about."""
    persons = {e.id for e in entities if e.type == "Person"}
    counts: dict[str, int] = {}
    for folder in sorted(p for p in corpus.path.iterdir() if p.is_dir()):
        with open(folder / "statements.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["subject"] in persons:
                    counts[row["subject"]] = counts.get(row["subject"], 0) + 1
    probe = min(counts, key=lambda k: (-counts[k], k))
    corpus.probe_actor, corpus.probe_statements = probe, counts[probe]
    corpus.probe_two_hop = sorted({far for middle in edges.get(probe, ()) for far in edges.get(middle, ())})


def generate_long_document(out: Path | str, rows: int, seed: int = 0) -> SyntheticCorpus:
    """A corpus of one document of about `rows` rows: how anchoring grows with a document's length."""
    out = Path(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    corpus = SyntheticCorpus(out, seed, 0)
    entities = make_entities(rng, max(150, rows // 2))
    pool = _Pool(entities)
    corpus.entities = len(entities)
    (out / "entities.csv").write_text(_csv(ENTITY_COLUMNS, [
        {"id": e.id, "type": e.type, "label": e.label, "aliases": "|".join(e.aliases),
         "description": e.description, "cameo": e.cameo} for e in entities]), encoding="utf-8", newline="\n")
    works = make_works(rng, pool, max(40, rows // 4))
    write_document(rng, pool, out / "long-document", "long-document", rows, works, corpus, {}, {})
    return corpus


def _triples(text: str) -> int:
    """'10k', '1m' or a plain number of triples."""
    if text.lower() in SIZES:
        return SIZES[text.lower()]
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {', '.join(SIZES)} or a whole number") from None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph.bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write the corpus into; it must not exist yet")
    parser.add_argument("--triples", type=_triples, default="10k",
                        help=f"about how many triples the corpus builds: {', '.join(SIZES)} or a number "
                             "(default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="the same seed and size give the same files (default: 0)")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} already exists: give a folder that does not, or remove it first")
    made = generate_corpus(args.out, args.triples, args.seed)
    print(f"wrote {made.documents} documents, {made.entities} entities, {made.statements} statements and "
          f"{made.figures} figures to {args.out}")


if __name__ == "__main__":
    main()
