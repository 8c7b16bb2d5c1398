"""Event data from the annotations: PLOVER records and CAMEO dyads beside POLECAT, ICEWS and Phoenix.

The PLOVER coding (graph/sources/coding.py) becomes SKOS concepts and links in the graph, records in the
PLOVER JSON shape (``events/plover.jsonl``, one per line, as the manual's chapter 6 suggests), a CAMEO
dyadic table (``events/cameo-dyads.csv``, a row per source-target pair as ICEWS and Phoenix have it)
and a section of analysis.md: the crisis as a sequence of events by quad class. Actors and
recipients, dates and epistemic statuses come from the statements about each event, so the event
data says no more than the annotations do.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS, XSD

from ..sources.records import Corpus, DateValue, Document
from ..build.anchors import add_text_annotation
from ..build.iris import entity_iri
from ..sources.coding import Codebook, Coding, auxiliary_modes, concept_iri, entity_kinds, load_codebook, rests_on_rumour
from ..namespaces import FG, FGST, OA, PLOVER
from ..sources.vocabulary import ontology_dir, load_vocabulary

ACTOR_ROLES = ("hasOrganiser", "hasParticipant")
RECIPIENT_ROLES = ("hasTarget",)
START_RELATIONS = ("date", "startDate")
# The statements that attest an event: who took part, where and when (not what it concerned or led to).
ATTESTING_RELATIONS = frozenset(ACTOR_ROLES + RECIPIENT_ROLES + START_RELATIONS + ("endDate", "hasPlace"))
SCHEMES = {"event": "event-types", "mode": "event-types", "context": "contexts", "auxiliary": "auxiliary-modes",
           "quad": "quad-classes", "sector": "sectors"}
CODEBOOK_NAME = "PLOVER manual, draft 2.0 (openeventdata/PLOVER, PLOVER_MANUAL.tex at 5e0c24f)"
DYAD_COLUMNS = ("event", "date", "date_latest", "date_precision", "source_actor", "source_name", "source_sectors",
                "source_country", "target_actor", "target_name", "target_sectors", "target_country", "cameo_code",
                "cameo_name", "quad_class", "plover_type", "plover_score", "status", "rests_on_rumour", "document",
                "quote", "start", "end")


@dataclass(frozen=True)
class Role:
    """An actor's part in an event, with the statuses of the statements that give it."""

    entity: str
    statuses: tuple[str, ...]


@dataclass(frozen=True)
class EventFacts:
    """What the statements say about one event: who acted on whom, when, and the statuses of the
    statements that attest it (ATTESTING_RELATIONS)."""

    event: str
    actors: tuple[Role, ...]
    recipients: tuple[Role, ...]
    start: DateValue | None
    end: DateValue | None
    claimed: DateValue | None  # when the statements about it apply (their date column)
    statuses: frozenset[str]

    @property
    def when(self) -> DateValue | None:
        """The event's own date, or else when what is said about it applies (a rumour's time)."""
        return self.start or self.claimed


def _narrowest(dates: list[DateValue]) -> DateValue | None:
    """The most precise date given: the shortest span, then the earliest."""
    return min(dates, key=lambda d: (d.latest - d.earliest, d.earliest, d.text), default=None)


def _publication(corpus: Corpus, document: Document) -> str:
    """The name of what the document appeared in (journal, newspaper, website), or of its publisher."""
    where = document.metadata["container"] or document.metadata.get("publisher")
    return corpus.entities[where].label if where else ""


def collect_event_facts(corpus: Corpus) -> dict[str, EventFacts]:
    """Roles, dates and statuses of every event, from the statements that attest it."""
    kinds = entity_kinds()
    events = {e.id for e in corpus.entities.values() if kinds.get(e.type) == "event"}
    roles: dict[tuple[str, str], dict[str, list[str]]] = {}
    starts: dict[str, list[DateValue]] = {}
    ends: dict[str, list[DateValue]] = {}
    claimed: dict[str, list[DateValue]] = {}
    statuses: dict[str, set[str]] = {e: set() for e in events}
    for document in corpus.documents:
        for statement in document.statements:
            event, status = statement.subject, statement.evidence.status
            if event not in events or statement.relation not in ATTESTING_RELATIONS:
                continue
            statuses[event].add(status)
            if statement.evidence.date:
                claimed.setdefault(event, []).append(statement.evidence.date)
            if statement.relation in ACTOR_ROLES + RECIPIENT_ROLES:
                if kinds.get(corpus.entities[statement.object].type) == "actor":
                    side = "actor" if statement.relation in ACTOR_ROLES else "recipient"
                    roles.setdefault((event, side), {}).setdefault(statement.object, []).append(status)
            elif statement.relation in START_RELATIONS:
                starts.setdefault(event, []).append(statement.value_date)
            elif statement.relation == "endDate":
                ends.setdefault(event, []).append(statement.value_date)

    def roles_of(event: str, side: str) -> tuple[Role, ...]:
        found = roles.get((event, side), {})
        return tuple(Role(entity, tuple(sorted(set(s)))) for entity, s in sorted(found.items()))

    return {event: EventFacts(event, roles_of(event, "actor"), roles_of(event, "recipient"),
                              _narrowest(starts.get(event, [])), _narrowest(ends.get(event, [])),
                              _narrowest(claimed.get(event, [])), frozenset(statuses[event]))
            for event in sorted(events)}


def _score(codebook: Codebook, event_type: str, modes: list[str]) -> str:
    """The manual's score (2.5) of a type, or of its one mode when the table scores that mode."""
    scored = [codebook.modes_of(event_type)[m].score for m in modes if codebook.modes_of(event_type)[m].score]
    return scored[0] if len(modes) == 1 and scored else codebook.of_kind("event")[event_type].score


def _decimal(value: str) -> Literal:
    return Literal(Decimal(value), datatype=XSD.decimal)


def add_codebook(sink, codebook: Codebook) -> None:
    """The codebook as SKOS concepts in PLOVER's schemes (declared in ontology/plover.ttl)."""
    schemes = Graph()
    schemes.parse(ontology_dir() / "plover.ttl", format="turtle")
    sink += schemes
    for code in codebook.codes:
        if code.kind not in SCHEMES:
            continue
        node = concept_iri(code)
        sink.add((node, RDF.type, SKOS.Concept))
        sink.add((node, SKOS.inScheme, PLOVER[SCHEMES[code.kind]]))
        sink.add((node, SKOS.notation, Literal(code.code)))
        label = {"mode": f"{code.parent} {code.code}", "quad": code.definition}.get(code.kind, code.code)
        sink.add((node, SKOS.prefLabel, Literal(label, lang="en")))
        sink.add((node, SKOS.definition, Literal(code.definition, lang="en")))
        sink.add((node, FG.manualSection, Literal(code.section)))
        if code.kind == "mode":
            sink.add((node, SKOS.broader, concept_iri(codebook.of_kind("event")[code.parent])))
        else:
            sink.add((node, SKOS.topConceptOf, PLOVER[SCHEMES[code.kind]]))
        if code.kind == "event":
            sink.add((node, FG.quadClass, concept_iri(codebook.of_kind("quad")[code.quad])))
        if code.score:
            sink.add((node, FG.ploverScore, _decimal(code.score)))


def add_coding(sink, corpus: Corpus, coding: Coding):
    """The codebook, each coded event's PLOVER codes (with the quote they rest on, as a Web Annotation)
    and each coded actor's sectors and country; returns sink. A corpus with no coding gets nothing."""
    if not (coding.events or coding.actors):
        return sink
    codebook = load_codebook()
    add_codebook(sink, codebook)
    facts = collect_event_facts(corpus)
    events, contexts = codebook.of_kind("event"), codebook.of_kind("context")
    for event in coding.events.values():
        node = entity_iri(event.event)
        sink.add((node, FG.ploverNote, Literal(event.note, lang="en")))
        if not event.types:
            continue
        for event_type in event.types:
            sink.add((node, FG.ploverEventType, concept_iri(events[event_type])))
        for event_type, mode in event.modes:
            sink.add((node, FG.ploverMode, concept_iri(codebook.modes_of(event_type)[mode])))
        for context in event.contexts:
            sink.add((node, FG.ploverContext, concept_iri(contexts[context])))
        statuses = set(facts[event.event].statuses)
        for auxiliary in auxiliary_modes(statuses, event.auxiliary):
            sink.add((node, FG.ploverAuxiliary, concept_iri(codebook.of_kind("auxiliary")[auxiliary])))
        sink.add((node, FG.restsOnRumour, Literal(rests_on_rumour(statuses))))
        anchor = event.anchor
        sink.add((node, FG.ploverQuote, Literal(anchor.exact)))
        key = "\x1f".join((event.document, event.event, str(anchor.start), str(anchor.end)))
        annotation = FGST["p" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]]
        sink.add((node, FG.ploverAnchor, annotation))
        add_text_annotation(sink, annotation, node, OA.classifying, event.document, anchor.start, anchor.end,
                            anchor.exact, anchor.prefix, anchor.suffix)
    sectors = codebook.of_kind("sector")
    for actor in coding.actors.values():
        node = entity_iri(actor.actor)
        if actor.sector:
            sink.add((node, FG.ploverSector, concept_iri(sectors[actor.sector])))
        for other in actor.other_sectors:
            sink.add((node, FG.ploverOtherSector, concept_iri(sectors[other])))
        if actor.country:
            sink.add((node, FG.ploverCountry, Literal(actor.country)))
        if actor.note:
            sink.add((node, FG.ploverNote, Literal(actor.note, lang="en")))
    return sink


def _date_fields(prefix: str, value: DateValue) -> dict:
    """PLOVER's YYYY-MM-DD date (the earliest the text allows), with the latest and the precision."""
    return {prefix: value.earliest.isoformat(), f"{prefix}_latest": value.latest.isoformat(),
            f"{prefix}_precision": value.precision, f"{prefix}_text": value.text}


def _entity_object(role: Role, corpus: Corpus, coding: Coding) -> dict:
    """PLOVER's information object for an entity (manual chapter 6), with the statuses behind the role."""
    entity = corpus.entities[role.entity]
    actor = coding.actors.get(role.entity)
    found = {"code": actor.country if actor else "", "sector": actor.sector if actor else "",
             "other_sectors": list(actor.other_sectors) if actor else [],
             "identifier_id": str(entity_iri(role.entity)), "identifier_text": entity.label,
             "status": list(role.statuses)}
    return {key: value for key, value in found.items() if value != "" and value != []}


def _document_of(corpus: Corpus, doc_id: str) -> Document:
    return next(d for d in corpus.documents if d.id == doc_id)


def plover_records(corpus: Corpus, coding: Coding) -> list[dict]:
    """A PLOVER record for each coded event that has a date and an actor (both required by the manual,
    chapter 6), in order of date. An event the text does not date (a rumoured sanction) takes the date
    of what is said about it, and says so in ``date_basis``."""
    codebook = load_codebook()
    facts = collect_event_facts(corpus)
    cameo = load_vocabulary().cameo
    records = []
    for event in coding.events.values():
        fact = facts[event.event]
        if not event.types or fact.when is None or not fact.actors:
            continue
        document = _document_of(corpus, event.document)
        anchor = event.anchor
        quads = sorted({int(codebook.of_kind("event")[t].quad) for t in event.types})
        auxiliary = auxiliary_modes(set(fact.statuses), event.auxiliary)
        record = {"id": event.event, **_date_fields("date", fact.when),
                  "date_basis": "event" if fact.start else "statements"}
        if fact.end:
            record.update(_date_fields("enddate", fact.end))
        record.update({
            "actor": [_entity_object(r, corpus, coding) for r in fact.actors],
            "recipient": [_entity_object(r, corpus, coding) for r in fact.recipients],
            "event": list(event.types),
            "mode": [mode for _, mode in event.modes],
            "context": list(event.contexts),
            "auxiliary": list(auxiliary),
            "quad_codes": quads,
            "status": sorted(fact.statuses),
            "rests_on_rumour": rests_on_rumour(set(fact.statuses)),
            "event_text": [anchor.exact],
            "text": anchor.exact,
            "text_info": {"start": anchor.start, "end": anchor.end},
            "cite_info": {"corpus": "factiongraph", "document": event.document, "quote": anchor.exact,
                          "start": anchor.start, "end": anchor.end, "paragraph": anchor.paragraph,
                          "title": document.metadata["title"], "citation": document.metadata["how_to_cite"],
                          "language": document.metadata.get("language", "en"),
                          "publication": _publication(corpus, document),
                          "codebook": CODEBOOK_NAME, "coder": "factiongraph annotators, by hand"},
            "comment": event.note,
        })
        if len(quads) == 1:
            record["quad_code"] = quads[0]
        if len(event.types) == 1:
            modes = [mode for _, mode in event.modes]
            record["event_scale"] = float(_score(codebook, event.types[0], modes))
        entity = corpus.entities[event.event]
        if entity.cameo:
            record["cameo"] = {"code": entity.cameo, "name": cameo[entity.cameo]}
        records.append(record)
    return sorted(records, key=lambda r: (r["date"], r["date_latest"], r["id"]))


def render_plover_jsonl(records: list[dict]) -> bytes:
    """One JSON object per line, keys in a fixed order, non-ASCII kept as UTF-8."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def _actor_cells(role: Role | None, corpus: Corpus, coding: Coding) -> list[str]:
    if role is None:
        return ["", "", "", ""]
    actor = coding.actors.get(role.entity)
    sectors = "|".join([actor.sector, *actor.other_sectors]) if actor and actor.sector else ""
    return [role.entity, corpus.entities[role.entity].label, sectors, actor.country if actor else ""]


def cameo_dyads(corpus: Corpus, coding: Coding) -> list[list[str]]:
    """A row per source and target of every event with a CAMEO code, as ICEWS and Phoenix users load them.

    The quad class is that of the PLOVER type the crosswalk gives the CAMEO code (the manual's table of
    quad classes, 7.3); CAMEO's 01 and 02 categories, which PLOVER drops (7.2), have none.
    """
    codebook = load_codebook()
    facts = collect_event_facts(corpus)
    names = load_vocabulary().cameo
    rows = []
    for event_id, fact in facts.items():
        entity = corpus.entities[event_id]
        if not entity.cameo:
            continue
        crosswalk_type = codebook.crosswalk.get(entity.cameo)
        quad = codebook.of_kind("event")[crosswalk_type].quad if crosswalk_type else ""
        coded = coding.events.get(event_id)
        types = coded.types if coded else ()
        score = _score(codebook, types[0], [m for _, m in coded.modes]) if len(types) == 1 else ""
        anchor = coded.anchor if coded and coded.types else None
        when = [fact.when.earliest.isoformat(), fact.when.latest.isoformat(), fact.when.precision] \
            if fact.when else ["", "", ""]
        evidence = [coded.document, anchor.exact, str(anchor.start), str(anchor.end)] if anchor else ["", "", "", ""]
        for source in fact.actors or (None,):
            for target in fact.recipients or (None,):
                rows.append([event_id, *when, *_actor_cells(source, corpus, coding), *_actor_cells(target, corpus, coding),
                             entity.cameo, names[entity.cameo], quad, "|".join(types), score,
                             "|".join(sorted(fact.statuses)), str(rests_on_rumour(set(fact.statuses))).lower(),
                             *evidence])
    return sorted(rows, key=lambda r: (r[1] == "", r[1], r[2], r[0], r[4], r[8]))


def render_cameo_dyads(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DYAD_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _quad_names(codebook: Codebook) -> dict[int, str]:
    return {int(c.code): c.definition.lower() for c in codebook.of_kind("quad").values()}


def _counts(records: list[dict], names: dict[int, str]) -> str:
    counted = Counter(q for r in records for q in r["quad_codes"])
    return ", ".join(f"{counted[q]} {names[q]}" for q in sorted(counted)) or "none"


def _named(record: dict, corpus: Corpus) -> str:
    return f"{corpus.entities[record['id']].label} — {'|'.join(record['event'])}, {_when(record)}"


def _when(record: dict) -> str:
    text = record["date_text"]
    return text.replace("/", " to ") if record["date_precision"] == "range" else text


def render_event_sequence_markdown(records: list[dict], coding: Coding, corpus: Corpus) -> str:
    """The analysis.md section: the coded events in order of date, and their quad classes in each of the
    analysis's time slices."""
    from .networks import DEFAULT_SLICES

    codebook = load_codebook()
    names = _quad_names(codebook)
    coded = [e for e in coding.events.values() if e.types]
    left_out = sorted(set(e.event for e in coded) - {r["id"] for r in records})
    lines = ["## The crisis as a sequence of events", "",
             f"{len(coded)} events of the text are coded in PLOVER (event type, mode, context; "
             f"`corpus/event-codes.csv`); {len(records)} of them have a date and an actor and are records of "
             f"`events/plover.jsonl`. Their quad classes: {_counts(records, names)}. They are counted in the "
             f"analysis's time slices when the whole date range the text allows falls within one; a record of "
             f"two types counts in the quad class of each."]
    if left_out:
        lines[-1] += (" Left out for want of a date or an actor in the annotations: "
                      + ", ".join(corpus.entities[e].label for e in left_out) + ".")
    lines.append("")
    def contained(record: dict, time_slice) -> bool:
        return time_slice.contains(date.fromisoformat(record["date"]), date.fromisoformat(record["date_latest"]))

    for time_slice in DEFAULT_SLICES:
        inside = [r for r in records if contained(r, time_slice)]
        if not inside:
            continue
        conflict = sum(1 for r in inside for q in r["quad_codes"] if q >= 3)
        cooperation = sum(1 for r in inside for q in r["quad_codes"] if q <= 2)
        lines += [f"**{time_slice.title[0].upper()}{time_slice.title[1:]}**: {len(inside)} events "
                  f"({_counts(inside, names)}); conflict {conflict}, cooperation {cooperation}. It opens with "
                  f"{_named(inside[0], corpus)} and ends with {_named(inside[-1], corpus)}.", ""]
    spanning = [r for r in records if not any(contained(r, s) for s in DEFAULT_SLICES)]
    if spanning:
        lines += [f"{len(spanning)} events have dates (a year, or a range of years) that reach over more than one "
                  f"time slice, and are counted in none: {_counts(spanning, names)}.", ""]
    lines += ["| date (as the text allows) | event | PLOVER | quad class | status |", "|---|---|---|---|---|"]
    for record in records:
        spans = record in spanning
        kinds = "|".join(record["event"]) + (f" ({', '.join(record['mode'])})" if record["mode"] else "")
        flags = ", ".join(record["status"]) + (" — rumour only" if record["rests_on_rumour"] else "") \
            + (f"; {', '.join(record['auxiliary'])}" if record["auxiliary"] else "")
        lines.append(f"| {_when(record)}{' (spans slices)' if spans else ''} | "
                     f"{corpus.entities[record['id']].label.replace('|', '/')} | {kinds} | "
                     f"{', '.join(names[q] for q in record['quad_codes'])} | {flags} |")
    return "\n".join(lines) + "\n"


def render_event_files(corpus: Corpus, coding: Coding) -> dict[str, bytes]:
    """events/plover.jsonl and events/cameo-dyads.csv."""
    return {"events/plover.jsonl": render_plover_jsonl(plover_records(corpus, coding)),
            "events/cameo-dyads.csv": render_cameo_dyads(cameo_dyads(corpus, coding))}


def render_event_section(corpus: Corpus, coding: Coding) -> bytes:
    """The section analysis.md ends with, as markdown bytes (none when no event is coded)."""
    if not any(e.types for e in coding.events.values()):
        return b""
    return ("\n" + render_event_sequence_markdown(plover_records(corpus, coding), coding, corpus)).encode("utf-8")
