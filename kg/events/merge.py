"""Merging reports into events: which statements, in one article, are about one happening.

A report is one statement of an event (one trigger in one sentence); an event is what
happened. :func:`happening_keys` gives every report the :class:`HappeningKey` of the event it
reports, after merging the compatible reports of each article (the rule is in
:func:`assign_event_iris`); the key's hash is the event's IRI. Across articles nothing is
compared: equal keys give equal IRIs, so the union of the article graphs merges them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import URIRef

from kg.registry import Registry, load_registry
from kg.types import Article, Event
from kg.vocab import KGR

__all__ = ["HappeningKey", "happening_key", "happening_keys", "assign_event_iris", "event_iri"]


@dataclass(frozen=True)
class HappeningKey:
    """What identifies a happening: type, mode, actor, target, place (IRIs) and when.

    ``when`` is the event's ISO date when the text resolves it; otherwise ``"reported:<ISO
    publication date>"`` when the article has one (undated reports of the same pair in
    articles published on different days stay apart); otherwise ``""``.
    """

    event_type: str
    mode: str | None
    actor: str | None
    target: str | None
    place: str | None
    when: str

    @property
    def date(self) -> str | None:
        """The resolved ISO date, or None."""
        return self.when if self.when and not self.when.startswith("reported:") else None

    def iri(self) -> URIRef:
        """``kgr:event/<sha1 of the key, 16 hex>``."""
        parts = (self.event_type, self.mode, self.actor, self.target, self.place, self.when)
        key = "|".join(p or "" for p in parts)
        return KGR[f"event/{hashlib.sha1(key.encode()).hexdigest()[:16]}"]


def happening_key(event: Event, article: Article) -> HappeningKey:
    """The key of one report taken alone (before merging)."""
    return HappeningKey(
        event_type=event.event_type,
        mode=event.mode,
        actor=event.actor.iri if event.actor else None,
        target=event.target.iri if event.target else None,
        place=event.place.iri if event.place else None,
        when=_when(event, article),
    )


def _when(event: Event, article: Article) -> str:
    if event.time is not None and event.time.date is not None:
        return event.time.date.isoformat()
    if article.date is not None:
        return f"reported:{article.date.isoformat()}"
    return ""


_PLACE_NS = str(KGR) + "place/"


def state_of_place(iri: str | None, registry: Registry) -> str | None:
    """The IRI for an actor (or claimant) role where the text named a place.

    Actors and places are disjoint (``ontology/shapes.ttl``); a place that acts or speaks is
    the usual metonymy (أعلنت الرياض …, أنقرة ترحب …) for its country's state, as CAMEO codes
    a capital. A place with no registered country (a minted name) is no actor: None. Any other
    IRI is returned as it is. (A place may be a target: kg:target ranges over both.)

    >>> reg = load_registry()
    >>> state_of_place(str(KGR["place/RIYADH"]), reg), state_of_place(str(KGR["place/AR_RIYAD_EGY"]), reg)
    ('https://w3id.org/conflict-kg/id/actor/SAU', 'https://w3id.org/conflict-kg/id/actor/SAU')
    >>> state_of_place(str(KGR["place/x-0123456789ab"]), reg) is None
    True
    """
    if iri is None or not iri.startswith(_PLACE_NS):
        return iri
    entry = registry.get(iri)
    if entry is not None and entry.label_ar:
        # a place that acts is the best-known place of its name (الرياض: the capital, not the
        # Egyptian town of that name the linker may have chosen for a place role)
        entry = next(iter(registry.places_named(entry.label_ar)), entry)
    code = (entry.country or entry.id) if entry is not None else None
    state = str(KGR[f"actor/{code}"]) if code else None
    return state if state in registry.entries and not registry.entries[state].is_place else None


def actor_not_place(key: HappeningKey, registry: Registry) -> HappeningKey:
    """``key`` with a place in the actor role mapped by :func:`state_of_place`.

    A place that maps to no state leaves the actor empty and becomes the event's place when
    the event has none.
    """
    actor = state_of_place(key.actor, registry)
    if actor == key.actor:
        return key
    place = key.place if key.place is not None or actor is not None else key.actor
    return dataclasses.replace(key, actor=actor, place=place)


# --- merging reports into events -------------------------------------------------------------


class _Hierarchy:
    """Registry ancestors along one predicate (partOf for actors, locatedIn for places)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._cache: dict[tuple[str, str], frozenset[str]] = {}

    def ancestors(self, iri: str, field: str) -> frozenset[str]:
        key = (iri, field)
        if key not in self._cache:
            seen: set[str] = set()
            todo = [iri]
            while todo:
                entry = self.registry.get(todo.pop())
                for parent in getattr(entry, field, ()) if entry else ():
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._cache[key] = frozenset(seen)
        return self._cache[key]

    def related(self, a: str, b: str) -> bool:
        """Equal, or one is partOf / locatedIn (transitively) the other."""
        if a == b:
            return True
        for field in ("part_of", "located_in"):
            if b in self.ancestors(a, field) or a in self.ancestors(b, field):
                return True
        return False

    def most_specific(self, values: Iterable[str]) -> str:
        """The value every other one is an ancestor of (the values form a chain)."""
        vals = sorted(set(values))
        return max(
            vals,
            key=lambda v: (
                len(self.ancestors(v, "part_of")) + len(self.ancestors(v, "located_in")),
                v,
            ),
        )


_ROLES = ("actor", "target", "place")


def _compatible(a: HappeningKey, b: HappeningKey, h: _Hierarchy) -> bool:
    """Could two reports in one article state the same happening?

    Same type; modes equal or one absent; resolved dates equal or one absent; actor, target
    and place each equal, related by registry partOf / locatedIn, or absent on one side; and a
    participant (actor or target) present on both sides: a shared place alone is not enough.
    """
    if a.event_type != b.event_type:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    if a.date and b.date and a.date != b.date:
        return False
    overlap = False
    for role in _ROLES:
        x, y = getattr(a, role), getattr(b, role)
        if x and y:
            if not h.related(x, y):
                return False
            overlap = overlap or role != "place"
    return overlap


def _agreement(a: HappeningKey, b: HappeningKey) -> tuple[bool, int]:
    """How closely two compatible keys agree.

    The same stated mode (the kind of act) first, then how many of actor, target, place and
    date both state identically.
    """
    same_mode = bool(a.mode) and a.mode == b.mode
    fields = (*_ROLES, "date")
    return same_mode, sum(1 for f in fields if getattr(a, f) and getattr(a, f) == getattr(b, f))


def _completeness(k: HappeningKey) -> int:
    return sum(1 for v in (k.mode, k.actor, k.target, k.place, k.date) if v)


def _merge_keys(keys: Sequence[HappeningKey], h: _Hierarchy) -> HappeningKey:
    def pick(values: list[str | None]) -> str | None:
        present = [v for v in values if v]
        return h.most_specific(present) if present else None

    dates = sorted({k.date for k in keys if k.date})
    whens = sorted({k.when for k in keys})
    return HappeningKey(
        event_type=keys[0].event_type,
        mode=pick([k.mode for k in keys]),
        actor=pick([k.actor for k in keys]),
        target=pick([k.target for k in keys]),
        place=pick([k.place for k in keys]),
        when=dates[0] if dates else whens[0],
    )


def _cluster_article(
    items: list[tuple[int, Event]], article: Article, h: _Hierarchy
) -> dict[int, HappeningKey]:
    """Merge the reports of one article; index → the merged key of its event."""
    keyed = [(i, ev, actor_not_place(happening_key(ev, article), h.registry)) for i, ev in items]
    # A content order (never the input order): most complete first, then by position.
    keyed.sort(
        key=lambda t: (
            -_completeness(t[2]),
            t[1].sentence.start,
            t[1].trigger.start,
            t[1].event_type,
            t[1].trigger.end,
            repr(t[2]),
        )
    )
    clusters: list[list[tuple[int, HappeningKey]]] = []
    for i, _ev, key in keyed:
        fits = [c for c in clusters if all(_compatible(key, k, h) for _, k in c)]
        # Among compatible events, the one agreeing most closely (identical, not merely
        # related values); a tie is ambiguous and the report starts its own event.
        scored = sorted(((max(_agreement(key, k) for _, k in c), n) for n, c in enumerate(fits)), reverse=True)  # fmt: skip
        if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            fits[scored[0][1]].append((i, key))
        else:
            clusters.append([(i, key)])
    out: dict[int, HappeningKey] = {}
    for cluster in clusters:
        merged = _merge_keys([k for _, k in cluster], h)
        for i, _ in cluster:
            out[i] = merged
    return out


def happening_keys(
    events: Sequence[Event], articles: Iterable[Article], *, registry: Registry | None = None
) -> list[HappeningKey]:
    """The merged key of the event each report in ``events`` states, in the same order.

    ``articles`` must hold the article of every event. The merge rule is the one of
    :func:`assign_event_iris`; compute the keys once and pass them to
    :func:`kg.graph.rdf.build_dataset` and :func:`kg.events.jsonl.events_jsonl`.
    """
    registry = registry or load_registry()
    by_id = {a.id: a for a in articles}
    per_article: dict[str, list[tuple[int, Event]]] = defaultdict(list)
    for i, ev in enumerate(events):
        if ev.article not in by_id:
            raise KeyError(f"event of unknown article {ev.article!r}")
        per_article[ev.article].append((i, ev))
    h = _Hierarchy(registry)
    keys: dict[int, HappeningKey] = {}
    for art_id, items in per_article.items():
        keys.update(_cluster_article(items, by_id[art_id], h))
    return [keys[i] for i in range(len(events))]


def assign_event_iris(
    events: Sequence[Event],
    articles: Iterable[Article],
    *,
    registry: Registry | None = None,
) -> list[URIRef]:
    """The IRI of the (merged) event each report in ``events`` states, in the same order.

    Merge rule. Within one article, reports are taken most complete first (then by position)
    and each joins an event all of whose reports it is compatible with: same type; modes
    equal or one absent; dates equal or one absent; actor, target and place each equal, related
    by the registry's partOf (actors) or locatedIn (places) hierarchy, or absent on one side;
    and the actor or the target shared (a place alone is not enough). If several events are
    compatible it joins the one that agrees with it most closely (the same mode first, then the
    most identical actor, target, place and date); a report
    compatible with none, or tied between several (ambiguous), starts its own event. The event's key takes, per role, the most specific
    value of its reports, and its IRI is the hash of that key. Across articles nothing is
    compared: equal keys give equal IRIs, so the union merges them. The IRIs of one article's
    events therefore depend on that article (and the registry) only, whatever the order or the
    other articles.
    """
    return [k.iri() for k in happening_keys(events, articles, registry=registry)]


def event_iri(
    event: Event,
    article: Article,
    events: Sequence[Event] | None = None,
    *,
    registry: Registry | None = None,
) -> URIRef:
    """The IRI of the event ``event`` reports, merged with the other reports in ``events``.

    Without ``events`` the report is taken alone (its own key); pass the article's events (or
    all events) to get the merged event's IRI, as :func:`build_dataset` does. For many events
    use :func:`assign_event_iris`.
    """
    events = list(events) if events is not None else [event]
    same = [ev for ev in events if ev.article == event.article]
    if not any(ev is event for ev in same):
        same.append(event)
    idx = next(i for i, ev in enumerate(same) if ev is event)
    return assign_event_iris(same, [article], registry=registry)[idx]
