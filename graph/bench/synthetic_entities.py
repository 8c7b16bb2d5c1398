"""The corpus-wide pool a synthetic corpus draws from: entities with unique ids and labels, drawn with a
skewed popularity, and the works its footnotes cite."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

from ..sources.records import Entity, Origin
from .synthetic_mixes import ADJECTIVES, CAMEO, ENDINGS, ENTITY_TYPES, MONTHS, NOUNS, PLACES, PROJECTS, SYLLABLES


def draw_weighted(rng: random.Random, weights: dict[str, int]) -> str:
    """One key of weights, drawn in proportion to its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_name(rng: random.Random, syllables: int) -> str:
    """A made-up capitalised name of so many syllables and an ending: 'Kharazadeh'."""
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
    types = [draw_weighted(rng, ENTITY_TYPES) for _ in range(count)]
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
    place = rng.choice(places) if places else make_name(rng, 2)
    if kind == "Person":
        return f"{make_name(rng, 2)} {make_name(rng, 3)}"
    if kind in PLACES:
        prefix = {"Country": "Republic of ", "Province": "Province of ", "City": "", "Place": "Square of "}[kind]
        return prefix + make_name(rng, 3)
    if kind in ("Organisation", "PoliticalParty", "StateInstitution", "InternationalOrganisation"):
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} of {place}"
    if kind == "CollectiveActor":
        return f"the {rng.choice(('students', 'merchants', 'clerics', 'workers', 'deputies', 'voters'))} of {place}"
    if kind == "Faction":
        return f"the {make_name(rng, 2)} camp"
    if kind == "Post":
        return f"{rng.choice(('Governor', 'Minister', 'Speaker', 'Mayor', 'Prosecutor'))} of {place}"
    if kind == "Publication":
        return make_name(rng, 2) + rng.choice((" Daily", " Review", " Weekly", ""))
    if kind == "Regime":
        return f"the {make_name(rng, 2)} dynasty"
    if kind in PROJECTS:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(('reform', 'renewal', 'order', 'unity'))} of {make_name(rng, 2)}"
    return f"the {kind.lower()} of {place} {rng.randint(1950, 2020)}"


class EntityPool:
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


def make_works(rng: random.Random, pool: EntityPool, count: int) -> list[dict]:
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
            title = f"{rng.choice(ADJECTIVES)} {rng.choice(('Politics', 'Elections', 'Factions', 'Streets'))} in {make_name(rng, 3)}"
            work_id = f"{_slug(author.label)}-{year}-{_slug(title)}"
            work = {"id": work_id, "type": kind, "title": title, "authors": author.id, "author_label": author.label,
                    "year": str(year)}
            if kind == "Book":
                work.update(place=make_name(rng, 2), publisher=f"{make_name(rng, 2)} Press")
            else:
                journal = pool.draw(rng, ("Publication",))
                work.update(container=journal.id, container_label=journal.label, volume=str(rng.randint(1, 90)))
        if work_id not in seen:
            seen.add(work_id)
            works.append(work)
    return works
