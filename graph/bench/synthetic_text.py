"""The text of one synthetic document, written sentence by sentence with the table rows that quote it,
then laid out with headings, paragraphs and footnotes."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ..sources.records import Entity
from .synthetic_entities import EntityPool, draw_weighted
from .synthetic_mixes import (ACTOR_RELATIONS, ACTORS, ADJECTIVES, EVENT_LINKS, EVENT_VERBS, EVENTS, FIGURE_STATUSES,
                              FILLER, FILLER_VERBS, HEDGES, MEASURES, MONTHS, OPENERS, PLACES, PROJECTS, RELATION_TYPES,
                              STATUSES, VERBS)


def _plain(status: str, source: str) -> bool:
    """Whether the build writes the claim as a plain triple (the facts layer), which the timed queries read."""
    return status in ("stated", "argument", "estimate") and not source


@dataclass
class Row:
    """A table's row and the sentence whose quote it gets."""

    table: str
    cells: dict[str, str]
    sentence: int


DISAGREEING_DATES = 0.05
"""The share of sentences dating an event that give it another day than the other documents do."""


class DocumentWriter:
    """Writes one document: text first, then rows quoting it."""

    def __init__(self, rng: random.Random, pool: EntityPool, works: list[dict], edges: dict[str, set[str]],
                 event_months: dict[str, set[str]], event_days: dict[tuple[str, str], date], doc_id: str):
        self.rng, self.pool = rng, pool
        self.works, self.edges, self.event_months, self.event_days = works, edges, event_months, event_days
        self.doc_id = doc_id
        self.sentences: list[str] = []
        self.quotes: list[str] = []
        self.rows: list[Row] = []
        self.notes: list[tuple[str, list[dict]]] = []
        self.conflicts = 0

    def entity(self, types: tuple[str, ...]) -> Entity:
        return self.pool.draw(self.rng, types)

    def random_day(self) -> date:
        return date(self.rng.randint(1950, 2020), 1, 1) + timedelta(days=self.rng.randint(0, 364))

    def date(self, day: date | None = None) -> tuple[str, str, date]:
        """A date (the day given, or one drawn) as the text writes it, as the table writes it, and its first
        day, at a precision drawn: the day, its month, its year or a range starting on it."""
        rng = self.rng
        day = day or self.random_day()
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

    def event_date(self, event_id: str, relation: str) -> tuple[str, str, date]:
        """When an event took place (began, ended) as one sentence says it: the day every document gives it,
        at some precision, except that one sentence in DISAGREEING_DATES gives another day, as sources
        do disagree (a fresh day for every sentence made every pair of them a conflict)."""
        drawn = self.random_day()
        agreed = self.event_days.setdefault((event_id, relation), drawn)
        return self.date(agreed if self.rng.random() >= DISAGREEING_DATES else drawn)

    def status(self, weights: dict[str, int]) -> tuple[str, str, str]:
        """(status, source entity, opening words) for a claim sentence."""
        status = draw_weighted(self.rng, weights)
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
            self.rows.append(Row(table, cells, index))

    def repeat_sentence(self) -> None:
        """Say an earlier claim again, word for word: its quote then needs an occurrence number."""
        claims = [i for i, q in enumerate(self.quotes) if q]
        if claims:
            index = self.rng.choice(claims)
            rows = [(r.table, dict(r.cells)) for r in self.rows if r.sentence == index]
            self.add_sentence(self.sentences[index], self.quotes[index], rows)

    def actor_sentence(self) -> None:
        relation = draw_weighted(self.rng, ACTOR_RELATIONS)
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
        relation = rng.choices(("date", "startDate", "endDate"), weights=(44, 9, 8))[0]
        words, value, first = self.event_date(event.id, relation)
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
        relation = draw_weighted(self.rng, EVENT_LINKS)
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
        hedge = draw_weighted(rng, HEDGES)
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
                label = f"{self.doc_id}-conflict-{self.conflicts}"  # a label is the corpus's: one pair per label
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
