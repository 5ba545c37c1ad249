"""Score extracted events against hand-annotated gold articles and sentence-level gold.

Implements the scoring rules of the shared gold README (``eval/README.md``). Where the README
leaves room, this module decides as follows.

Paragraphs
    The non-empty lines of the article text (a whitespace-only line counts as empty), numbered
    from 0 (the headline). An extracted event belongs to the paragraph of its trigger's start
    offset. Gold events of paragraph 0 are not scored; extracted events of paragraph 0 are
    reported as ``headline`` and are neither hits nor false positives.
Role values
    An extracted role value matches entity ``X`` when the token sequence
    (:func:`~kg.nlp.normalize.normalize_for_match`) of any of its ``text``, ``label_ar`` or
    ``label_en`` equals or contains, as a contiguous run of whole tokens, the tokens of one of
    X's ``aliases``, its ``ar`` or its ``en``. A gold role written as JSON ``null`` or ``[]``
    accepts only an absent role; ``null`` inside a list makes absence acceptable as well. A
    role key missing from an extracted event counts as absent.
Matching
    Greedy and one to one, per article: extracted events in text order (trigger start), each
    to the first unmatched gold event (in gold order) whose paragraph or ``corroborated_in``
    holds the event's paragraph, whose ``type``/``alt_types`` hold its type and whose actor
    list accepts its actor; a gold event stated in the event's own paragraph is preferred over
    one that only lists it in ``corroborated_in``.
Duplicates
    Decided once every match is made: an unmatched extracted event is a duplicate of a matched
    gold event when its type and actor are acceptable for it and either it comes from one of
    that gold event's paragraphs (it would have matched, had the gold event been free) or its
    target is acceptable for it, an absent target counting as compatible. Duplicates are
    reported and are neither hits nor false positives; every other unmatched event is a false
    positive.
Optional gold events
    A matched ``optional`` gold event is a hit like any other (it counts in ``tp``); an
    unmatched one is not a miss.
Ratios
    A ratio whose denominator is 0 is 0.0. Extracted events of articles that have no gold file
    are counted as ``unscored`` and otherwise ignored.

Sentence-level gold (``up_arabic_dev.jsonl``) is scored by :func:`score_sentences`; see its
docstring for the measures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from kg.errors import GoldError, InputError
from kg.nlp.normalize import normalize_for_match
from kg.types import PLOVER_TYPES

__all__ = [
    "ROLES",
    "SLOTS",
    "GoldEntity",
    "GoldEvent",
    "GoldArticle",
    "EventDetail",
    "GoldDetail",
    "SlotAccuracy",
    "EvalResult",
    "SentenceGoldEvent",
    "SentenceGold",
    "SentenceScores",
    "SentenceDetail",
    "SentenceEvalResult",
    "load_gold",
    "load_events",
    "paragraph_of",
    "role_matches",
    "score",
    "load_sentence_gold",
    "score_sentences",
    "sentences_as_articles",
]

#: The role keys of a gold event and of an extracted event.
ROLES: tuple[str, ...] = ("actor", "target", "place", "claimed_by")
#: The roles whose accuracy is reported for matched events.
SLOTS: tuple[str, ...] = ("target", "place", "claimed_by")
#: Keys of an extracted role value whose text is compared with entity names.
_VALUE_KEYS = ("text", "label_ar", "label_en")

#: Acceptable entity ids of one gold role; ``None`` means the role may be absent.
Role = tuple[str | None, ...]
Tokens = tuple[str, ...]


# --------------------------------------------------------------------------- gold articles


@dataclass(frozen=True)
class GoldEntity:
    """One annotated entity with the names that identify it."""

    id: str
    type: str | None = None
    en: str | None = None
    ar: str | None = None
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every name that identifies the entity: aliases, then ``ar`` and ``en``."""
        return tuple(n for n in (*self.aliases, self.ar, self.en) if n)


@dataclass(frozen=True)
class GoldEvent:
    """One annotated event; roles list acceptable entity ids (``None`` = may be absent)."""

    id: str
    paragraph: int
    type: str
    actor: Role
    target: Role
    place: Role
    claimed_by: Role
    trigger: str = ""
    alt_types: tuple[str, ...] = ()
    mode: str | None = None
    time_text: str | None = None
    corroborated_in: tuple[int, ...] = ()
    optional: bool = False
    hard: bool = False

    @property
    def types(self) -> tuple[str, ...]:
        """The acceptable event types: ``type`` then ``alt_types``."""
        return (self.type, *(t for t in self.alt_types if t != self.type))

    @property
    def paragraphs(self) -> tuple[int, ...]:
        """The paragraphs an extracted event may come from: its own, then corroborating ones."""
        return (self.paragraph, *(p for p in self.corroborated_in if p != self.paragraph))

    def role(self, name: str) -> Role:
        """The acceptable ids of role ``name`` (one of :data:`ROLES`)."""
        return getattr(self, name)


@dataclass(frozen=True)
class GoldArticle:
    """One gold file: the article name, its entities and its events."""

    article: str
    path: str
    entities: Mapping[str, GoldEntity]
    events: tuple[GoldEvent, ...]
    language: str | None = None
    relations: tuple[Mapping[str, Any], ...] = ()

    @property
    def scored_events(self) -> tuple[GoldEvent, ...]:
        """The gold events that are scored (all but the headline's)."""
        return tuple(e for e in self.events if e.paragraph != 0)


def _fail(where: str, problem: str) -> NoReturn:
    """Raise a one-line :class:`GoldError` naming the file."""
    raise GoldError(f"{where}: {problem}")


def _is_int(value: Any) -> bool:
    """True for a non-negative int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _opt_str(where: str, what: str, value: Any) -> str | None:
    """Check that ``value`` is a string or null."""
    if value is not None and not isinstance(value, str):
        _fail(
            where, f"{what} must be a string or null, got {json.dumps(value, ensure_ascii=False)}"
        )
    return value


def _str_list(where: str, what: str, value: Any) -> tuple[str, ...]:
    """Check that ``value`` is a list of strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _fail(where, f"{what} must be a list of strings")
    return tuple(value)


def _parse_entity(where: str, index: int, raw: Any) -> GoldEntity:
    """Validate one entity object."""
    if not isinstance(raw, dict):
        _fail(where, f"entity #{index} is not an object")
    eid = raw.get("id")
    if not isinstance(eid, str) or not eid:
        _fail(where, f"entity #{index}: missing key 'id'")
    if "aliases" not in raw:
        _fail(where, f"entity {eid}: missing key 'aliases'")
    return GoldEntity(
        id=eid,
        type=_opt_str(where, f"entity {eid}: 'type'", raw.get("type")),
        en=_opt_str(where, f"entity {eid}: 'en'", raw.get("en")),
        ar=_opt_str(where, f"entity {eid}: 'ar'", raw.get("ar")),
        aliases=_str_list(where, f"entity {eid}: 'aliases'", raw["aliases"]),
    )


def _parse_role(where: str, eid: str, name: str, value: Any, known: Mapping[str, Any]) -> Role:
    """Validate one gold role: null, or a list of known entity ids and nulls."""
    if value is None or value == []:
        return (None,)
    if not isinstance(value, list):
        _fail(where, f"event {eid}: '{name}' must be a list of entity ids or null")
    for item in value:
        if item is not None and not isinstance(item, str):
            _fail(where, f"event {eid}: '{name}' must be a list of entity ids or null")
        if item is not None and item not in known:
            _fail(where, f"event {eid} refers to unknown entity '{item}'")
    return tuple(value)


def _parse_type(where: str, eid: str, value: Any) -> str:
    """Validate one PLOVER event type."""
    if value not in PLOVER_TYPES:
        _fail(where, f"event {eid}: unknown event type {json.dumps(value, ensure_ascii=False)}")
    return value


_EVENT_REQUIRED = ("id", "paragraph", "trigger", "type", *ROLES)


def _parse_event(where: str, index: int, raw: Any, known: Mapping[str, Any]) -> GoldEvent:
    """Validate one gold event object."""
    if not isinstance(raw, dict):
        _fail(where, f"event #{index} is not an object")
    eid = raw.get("id") if isinstance(raw.get("id"), str) else f"#{index}"
    for key in _EVENT_REQUIRED:
        if key not in raw:
            _fail(where, f"event {eid}: missing key '{key}'")
    if not _is_int(raw["paragraph"]):
        _fail(where, f"event {eid}: paragraph must be a non-negative integer")
    corroborated = raw.get("corroborated_in") or []
    if not isinstance(corroborated, list) or not all(_is_int(p) for p in corroborated):
        _fail(where, f"event {eid}: corroborated_in must be a list of paragraph integers")
    alt_types = raw.get("alt_types") or []
    if not isinstance(alt_types, list):
        _fail(where, f"event {eid}: alt_types must be a list of event types")
    for flag in ("optional", "hard"):
        if not isinstance(raw.get(flag, False), bool):
            _fail(where, f"event {eid}: '{flag}' must be true or false")
    roles = {name: _parse_role(where, eid, name, raw[name], known) for name in ROLES}
    return GoldEvent(
        id=eid,
        paragraph=raw["paragraph"],
        type=_parse_type(where, eid, raw["type"]),
        trigger=_opt_str(where, f"event {eid}: 'trigger'", raw["trigger"]) or "",
        alt_types=tuple(_parse_type(where, eid, t) for t in alt_types),
        mode=_opt_str(where, f"event {eid}: 'mode'", raw.get("mode")),
        time_text=_opt_str(where, f"event {eid}: 'time_text'", raw.get("time_text")),
        corroborated_in=tuple(corroborated),
        optional=raw.get("optional", False),
        hard=raw.get("hard", False),
        **roles,
    )


def _check_relation(where: str, index: int, raw: Any, known: Mapping[str, Any]) -> None:
    """Validate that a relation refers to known entities."""
    if not isinstance(raw, dict) or not {"subject", "predicate", "object"} <= raw.keys():
        _fail(where, f"relation #{index} needs 'subject', 'predicate' and 'object'")
    objects = raw["object"] if isinstance(raw["object"], list) else [raw["object"]]
    for ref in [raw["subject"], *objects]:
        if ref not in known:
            _fail(where, f"relation #{index} refers to unknown entity {json.dumps(ref)}")


def _parse_gold(data: Any, where: str) -> GoldArticle:
    """Validate the decoded JSON of one gold file."""
    if not isinstance(data, dict):
        _fail(where, "the top level is not a JSON object")
    for key in ("article", "entities", "events"):
        if key not in data:
            _fail(where, f"missing key '{key}'")
    if not isinstance(data["article"], str) or not data["article"]:
        _fail(where, "'article' must be the article's file name")
    for key in ("entities", "events"):
        if not isinstance(data[key], list):
            _fail(where, f"'{key}' must be a list")
    entities: dict[str, GoldEntity] = {}
    for i, raw in enumerate(data["entities"]):
        entity = _parse_entity(where, i, raw)
        if entity.id in entities:
            _fail(where, f"duplicate entity id '{entity.id}'")
        entities[entity.id] = entity
    relations = data.get("relations") or []
    if not isinstance(relations, list):
        _fail(where, "'relations' must be a list")
    for i, raw in enumerate(relations):
        _check_relation(where, i, raw, entities)
    events: list[GoldEvent] = []
    for i, raw in enumerate(data["events"]):
        event = _parse_event(where, i, raw, entities)
        if any(e.id == event.id for e in events):
            _fail(where, f"duplicate event id '{event.id}'")
        events.append(event)
    return GoldArticle(
        article=data["article"],
        path=where,
        entities=entities,
        events=tuple(events),
        language=_opt_str(where, "'language'", data.get("language")),
        relations=tuple(relations),
    )


def _read_text(path: Path, error: type[Exception]) -> str:
    """Read a UTF-8 file, raising ``error`` with a one-line message naming it."""
    try:
        return path.read_bytes().decode("utf-8").removeprefix("\ufeff")  # as kg.ingest reads it
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text (byte {exc.start})") from exc


def _read_gold_file(path: Path) -> GoldArticle:
    """Read and validate one ``*.gold.json`` file."""
    text = _read_text(path, GoldError)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GoldError(
            f"{path}:{exc.lineno}: invalid JSON ({exc.msg}, column {exc.colno})"
        ) from exc
    return _parse_gold(data, str(path))


def load_gold(path_or_dir: str | Path) -> list[GoldArticle]:
    """Load and validate one gold file, or every ``*.gold.json`` of a directory (sorted)."""
    path = Path(path_or_dir)
    if path.is_dir():
        files = sorted(path.glob("*.gold.json"))
        if not files:
            _fail(str(path), "no *.gold.json files in the directory")
    elif path.is_file():
        files = [path]
    else:
        _fail(str(path), "no such file or directory")
    articles: list[GoldArticle] = []
    for file in files:
        article = _read_gold_file(file)
        for seen in articles:
            if Path(seen.article).name == Path(article.article).name:
                _fail(str(file), f"article '{article.article}' is also annotated in {seen.path}")
        articles.append(article)
    return articles


# --------------------------------------------------------------------------- extracted events


def _event_problem(obj: Any) -> str | None:
    """What is wrong with one decoded ``events.jsonl`` object (``None`` when fine)."""
    if not isinstance(obj, dict):
        return "not a JSON object"
    if not isinstance(obj.get("article"), str) or not obj["article"]:
        return "missing or empty 'article'"
    if not isinstance(obj.get("event_type"), str) or not obj["event_type"]:
        return "missing or empty 'event_type'"
    trigger = obj.get("trigger")
    if not isinstance(trigger, dict) or not all(_is_int(trigger.get(k)) for k in ("start", "end")):
        return "'trigger' must be an object with integer 'start' and 'end'"
    if trigger["end"] < trigger["start"]:
        return "'trigger' ends before it starts"
    for name in ROLES:
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, dict):
            return f"'{name}' must be an object or null"
        for key in _VALUE_KEYS:
            if not isinstance(value.get(key), (str, type(None))):
                return f"'{name}.{key}' must be a string or null"
    for name in ("time", "sentence"):
        if not isinstance(obj.get(name), (dict, type(None))):
            return f"'{name}' must be an object or null"
    return None


def load_events(path: str | Path) -> list[dict[str, Any]]:
    """Read an ``events.jsonl`` file: one event object a line, blank lines skipped."""
    path = Path(path)
    events: list[dict[str, Any]] = []
    # split on "\n" only: str.splitlines would also split on U+2028 inside JSON strings.
    for lineno, line in enumerate(_read_text(path, InputError).split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}:{lineno}: invalid JSON ({exc.msg}, column {exc.colno})"
            ) from exc
        problem = _event_problem(obj)
        if problem:
            raise InputError(f"{path}:{lineno}: {problem}")
        events.append(obj)
    return events


# --------------------------------------------------------------------------- text helpers


def paragraph_of(article_text: str, offset: int) -> int:
    """Index of the non-empty line holding ``offset`` (0 = headline), as in the gold files.

    A line's terminating newline belongs to it; an offset on an empty line belongs to the
    paragraph before it.

    >>> text = "Headline\\n\\nFirst paragraph.\\nSecond."
    >>> [paragraph_of(text, i) for i in (0, 8, 9, 10, text.index("Second"), len(text))]
    [0, 0, 0, 1, 2, 2]
    """
    if not 0 <= offset <= len(article_text):
        raise ValueError(f"offset {offset} outside a text of {len(article_text)} characters")
    paragraph, start = -1, 0
    for line in article_text.split("\n"):
        if line.strip():
            paragraph += 1
        end = start + len(line)
        if offset <= end:
            break
        start = end + 1
    return max(paragraph, 0)


def _paragraph_count(article_text: str) -> int:
    """The number of non-empty lines."""
    return sum(1 for line in article_text.split("\n") if line.strip())


def _tokens(text: Any) -> Tokens:
    """The gold-scoring token sequence of ``text`` (empty for non-strings)."""
    return tuple(normalize_for_match(text).split()) if isinstance(text, str) and text else ()


def _contains(hay: Tokens, needle: Tokens) -> bool:
    """True when ``needle`` is a non-empty contiguous run of ``hay``."""
    n = len(needle)
    return n > 0 and any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def _value_forms(value: Mapping[str, Any]) -> list[Tokens]:
    """The token sequences of a role value's ``text``, ``label_ar`` and ``label_en``."""
    return [t for t in (_tokens(value.get(k)) for k in _VALUE_KEYS) if t]


def _display(value: Mapping[str, Any] | None) -> str:
    """A short human label of a role value."""
    if value is None:
        return "-"
    for key in _VALUE_KEYS:
        if isinstance(value.get(key), str) and value[key]:
            return value[key]
    return "?"


class _Matcher:
    """Role matching against the entities of one gold article, with name tokens cached."""

    def __init__(self, gold: GoldArticle) -> None:
        self.names: dict[str, list[Tokens]] = {
            eid: [t for t in map(_tokens, entity.names()) if t]
            for eid, entity in gold.entities.items()
        }

    def matches(self, value: Mapping[str, Any], entity_id: str) -> bool:
        """True when the role value names ``entity_id``."""
        forms = _value_forms(value)
        return any(_contains(f, n) for f in forms for n in self.names.get(entity_id, ()))

    def acceptable(self, value: Mapping[str, Any] | None, ids: Role) -> bool:
        """True when a role value (``None`` = absent) is acceptable for the gold ids."""
        if value is None:
            return None in ids
        return any(eid is not None and self.matches(value, eid) for eid in ids)

    def named(self, value: Mapping[str, Any] | None) -> list[str]:
        """The ids of every entity the role value names."""
        if value is None:
            return []
        return [eid for eid in self.names if self.matches(value, eid)]


def role_matches(
    value: Mapping[str, Any] | None, ids: Sequence[str | None], gold: GoldArticle
) -> bool:
    """True when an extracted role value (``None`` = absent) is acceptable for gold ``ids``.

    >>> lna = GoldEntity("LNA", en="Libyan National Army", ar="الجيش الوطني الليبي",
    ...                  aliases=("الجيش الوطني",))
    >>> gold = GoldArticle("a.txt", "a.gold.json", {"LNA": lna}, ())
    >>> role_matches({"text": "للجيش الوطني"}, ["LNA"], gold)
    True
    >>> role_matches({"text": "الجيشين"}, ["LNA"], gold), role_matches(None, ["LNA", None], gold)
    (False, True)
    """
    return _Matcher(gold).acceptable(value, tuple(ids))


# --------------------------------------------------------------------------- event scoring


@dataclass(frozen=True)
class EventDetail:
    """What became of one extracted event, and why.

    ``status`` is ``hit``, ``duplicate``, ``false_positive`` or ``headline``; ``slots`` holds,
    for hits, whether target, place and claimed_by are acceptable.
    """

    article: str
    event_id: str | None
    offset: int
    paragraph: int
    type: str
    trigger: str
    actor: str
    status: str
    gold_id: str | None
    reason: str
    slots: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class GoldDetail:
    """What became of one scored gold event: ``hit``, ``miss`` or ``optional_miss``."""

    article: str
    gold_id: str
    paragraph: int
    type: str
    status: str
    event_id: str | None
    optional: bool
    hard: bool
    reason: str


@dataclass(frozen=True)
class SlotAccuracy:
    """How many matched events have an acceptable value for one role."""

    correct: int
    total: int

    @property
    def share(self) -> float:
        """``correct / total`` (0.0 when nothing was matched)."""
        return self.correct / self.total if self.total else 0.0


def _ratio(num: int, den: int) -> float:
    """``num / den``, 0.0 when ``den`` is 0."""
    return num / den if den else 0.0


@dataclass(frozen=True)
class EvalResult:
    """Event-level scores with per-event and per-gold details."""

    tp: int
    fp: int
    fn: int
    duplicates: int
    headline: int
    unscored: int
    optional_missed: int
    slots: Mapping[str, SlotAccuracy]
    events: tuple[EventDetail, ...]
    gold: tuple[GoldDetail, ...]

    @property
    def precision(self) -> float:
        """``tp / (tp + fp)``."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """``tp / (tp + fn)``."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_json(self) -> dict[str, Any]:
        """A JSON-serializable dict of every score and detail."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "duplicates": self.duplicates,
            "headline_events": self.headline,
            "unscored_events": self.unscored,
            "optional_missed": self.optional_missed,
            "slots": {
                name: {"correct": s.correct, "total": s.total, "share": s.share}
                for name, s in self.slots.items()
            },
            "events": [{**asdict(d), "slots": dict(d.slots)} for d in self.events],
            "gold": [asdict(d) for d in self.gold],
        }

    def to_text(self) -> str:
        """A readable report: scores, slot accuracies, then one row per event and per miss."""
        lines = [
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}",
            f"tp {self.tp}  fp {self.fp}  fn {self.fn}  duplicates {self.duplicates}  "
            f"headline {self.headline}  unscored {self.unscored}  "
            f"optional missed {self.optional_missed}",
            "",
            "slots of matched events:",
        ]
        for name, s in self.slots.items():
            lines.append(f"  {name:<11} {s.correct:>3}/{s.total:<3} {s.share:.3f}")
        lines += [
            "",
            f"{'para':>4} {'offset':>6}  {'type':<9} {'status':<14} {'gold':<6} "
            "trigger | actor | reason",
        ]
        article = None
        for d in self.events:
            if d.article != article:
                article = d.article
                lines.append(f"[{article}]")
            slots = " ".join(f"{k}={'ok' if v else 'WRONG'}" for k, v in d.slots.items())
            reason = f"{d.reason}; {slots}" if slots else d.reason
            lines.append(
                f"{d.paragraph:>4} {d.offset:>6}  {d.type:<9} {d.status:<14} "
                f"{d.gold_id or '-':<6} {d.trigger} | {d.actor} | {reason}"
            )
        missed = [g for g in self.gold if g.status != "hit"]
        if missed:
            lines += ["", "gold events not matched:"]
            for g in missed:
                flags = "".join([" optional" if g.optional else "", " hard" if g.hard else ""])
                lines.append(
                    f"  {g.article} {g.gold_id:<5} para {g.paragraph:<3} {g.type:<9} "
                    f"{g.status}{flags}: {g.reason}"
                )
        return "\n".join(lines)


def _offset(event: Mapping[str, Any]) -> int:
    """The character offset that places an event in its article (trigger start)."""
    for key in ("trigger", "sentence"):
        span = event.get(key)
        if isinstance(span, dict) and _is_int(span.get("start")):
            return span["start"]
    raise InputError(f"event {event.get('id')!r} of {event.get('article')!r} has no trigger start")


def _article_key(name: Any) -> str:
    """The file name an event or gold file refers to."""
    return Path(str(name)).name


class _ArticleScorer:
    """Scores the extracted events of one article against its gold."""

    def __init__(self, gold: GoldArticle, text: str) -> None:
        self.gold = gold
        self.text = text
        self.m = _Matcher(gold)
        self.scored = gold.scored_events
        count = _paragraph_count(text)
        for g in gold.events:
            for p in g.paragraphs:
                if p >= count:
                    _fail(
                        gold.path,
                        f"event {g.id}: paragraph {p} is beyond the article's {count} paragraphs",
                    )

    def fits(self, ev: Mapping[str, Any], para: int, g: GoldEvent) -> bool:
        """True when the event would match ``g`` (paragraph, type and actor)."""
        return para in g.paragraphs and self.type_actor_fit(ev, g)

    def type_actor_fit(self, ev: Mapping[str, Any], g: GoldEvent) -> bool:
        """True when the event's type and actor are acceptable for ``g``."""
        return ev["event_type"] in g.types and self.m.acceptable(ev.get("actor"), g.actor)

    def restates(self, ev: Mapping[str, Any], para: int, g: GoldEvent) -> str | None:
        """Why the event restates the matched ``g``, or ``None``."""
        if not self.type_actor_fit(ev, g):
            return None
        if para in g.paragraphs:
            return f"restates {g.id} (one of its paragraphs, same type and actor)"
        target = ev.get("target")
        if target is None:
            return f"restates {g.id} (same type and actor, no target)"
        if self.m.acceptable(target, g.target):
            return f"restates {g.id} (same type, actor and target)"
        return None

    def why_not(self, ev: Mapping[str, Any], g: GoldEvent) -> str:
        """Why the event does not fit ``g`` by type and actor."""
        if ev["event_type"] not in g.types:
            return f"{g.id} wants {'/'.join(g.types)}"
        actor = ev.get("actor")
        named = self.m.named(actor)
        wanted = "|".join(i or "none" for i in g.actor)
        names = f" (names {'|'.join(named)})" if named else ""
        return f"{g.id} wants actor {wanted}, got '{_display(actor)}'{names}"

    def explain_fp(self, ev: Mapping[str, Any], para: int) -> str:
        """Why an unmatched, non-duplicate event is a false positive."""
        here = [g for g in self.scored if para in g.paragraphs]
        if here:
            reasons = [self.why_not(ev, g) for g in here]
        else:
            reasons = [f"no gold event in paragraph {para}"]
        elsewhere = [g for g in self.scored if g not in here and self.type_actor_fit(ev, g)]
        if elsewhere:
            where = ", ".join(f"{g.id} (paragraph {g.paragraph})" for g in elsewhere[:3])
            reasons.append(f"type and actor fit {where}")
        return "; ".join(reasons[:4])

    def explain_miss(
        self,
        g: GoldEvent,
        rows: list[tuple[int, int, dict[str, Any]]],
        matched_by: dict[int, GoldEvent],
    ) -> str:
        """Why a gold event found no extracted event."""
        near = [(i, ev) for i, para, ev in rows if para in g.paragraphs]
        if not near:
            paras = ", ".join(map(str, g.paragraphs))
            return f"nothing extracted in paragraph {paras}"
        reasons = []
        for i, ev in near[:3]:
            label = f"{ev['event_type']} '{(ev.get('trigger') or {}).get('text', '')}'"
            if self.type_actor_fit(ev, g) and i in matched_by:
                reasons.append(f"{label} went to {matched_by[i].id}")
            else:
                reasons.append(f"{label}: {self.why_not(ev, g)}")
        return "; ".join(reasons)

    def run(self, events: Iterable[dict[str, Any]]) -> tuple[list[EventDetail], list[GoldDetail]]:
        """Match, classify and explain; returns the event and gold details."""
        ordered = sorted(
            enumerate(events),
            key=lambda ie: (_offset(ie[1]), (ie[1].get("trigger") or {}).get("end", 0), ie[0]),
        )
        rows: list[tuple[int, int, dict[str, Any]]] = []
        for i, (_, ev) in enumerate(ordered):
            try:
                para = paragraph_of(self.text, _offset(ev))
            except ValueError as exc:
                raise InputError(f"{self.gold.article}: event {ev.get('id')!r}: {exc}") from exc
            rows.append((i, para, ev))
        matched_by: dict[int, GoldEvent] = {}
        taken: dict[str, int] = {}
        for i, para, ev in rows:
            if para == 0:
                continue
            fitting = [g for g in self.scored if g.id not in taken and self.fits(ev, para, g)]
            own = [g for g in fitting if g.paragraph == para]
            pick = (own or fitting or [None])[0]
            if pick is not None:
                matched_by[i] = pick
                taken[pick.id] = i
        matched_golds = [g for g in self.scored if g.id in taken]
        details: list[EventDetail] = []
        for i, para, ev in rows:
            slots: dict[str, bool] = {}
            gold_id: str | None = None
            if para == 0:
                status, reason = "headline", "headline events are not scored"
            elif i in matched_by:
                g = matched_by[i]
                status, gold_id = "hit", g.id
                how = "own paragraph" if para == g.paragraph else "corroborating paragraph"
                reason = f"{how}, type {ev['event_type']}, actor '{_display(ev.get('actor'))}'"
                slots = {s: self.m.acceptable(ev.get(s), g.role(s)) for s in SLOTS}
            else:
                ranked = sorted(matched_golds, key=lambda g: para not in g.paragraphs)
                status, reason = "false_positive", ""
                for g in ranked:
                    why = self.restates(ev, para, g)
                    if why:
                        status, gold_id, reason = "duplicate", g.id, why
                        break
                if status == "false_positive":
                    reason = self.explain_fp(ev, para)
            details.append(
                EventDetail(
                    article=self.gold.article,
                    event_id=ev.get("id"),
                    offset=_offset(ev),
                    paragraph=para,
                    type=ev["event_type"],
                    trigger=str((ev.get("trigger") or {}).get("text", "")),
                    actor=_display(ev.get("actor")),
                    status=status,
                    gold_id=gold_id,
                    reason=reason,
                    slots=slots,
                )
            )
        gold_details: list[GoldDetail] = []
        for g in self.scored:
            if g.id in taken:
                ev = rows[taken[g.id]][2]
                status, event_id, reason = "hit", ev.get("id"), f"matched at offset {_offset(ev)}"
            else:
                status = "optional_miss" if g.optional else "miss"
                event_id, reason = None, self.explain_miss(g, rows, matched_by)
            gold_details.append(
                GoldDetail(
                    article=self.gold.article,
                    gold_id=g.id,
                    paragraph=g.paragraph,
                    type=g.type,
                    status=status,
                    event_id=event_id,
                    optional=g.optional,
                    hard=g.hard,
                    reason=reason,
                )
            )
        return details, gold_details


def score(
    gold: Sequence[GoldArticle],
    events: Iterable[Mapping[str, Any]],
    articles_dir: str | Path,
) -> EvalResult:
    """Score extracted events against gold articles read from ``articles_dir``.

    Events are grouped by the file name in their ``article`` field; see the module docstring
    for the matching rules.
    """
    by_article: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        by_article.setdefault(_article_key(ev.get("article")), []).append(dict(ev))
    all_events: list[EventDetail] = []
    all_gold: list[GoldDetail] = []
    for article in gold:
        key = _article_key(article.article)
        text = _read_text(Path(articles_dir) / article.article, InputError)
        details, gold_details = _ArticleScorer(article, text).run(by_article.get(key, []))
        all_events += details
        all_gold += gold_details
    known = {_article_key(a.article) for a in gold}
    hits = [d for d in all_events if d.status == "hit"]
    return EvalResult(
        tp=len(hits),
        fp=sum(d.status == "false_positive" for d in all_events),
        fn=sum(g.status == "miss" for g in all_gold),
        duplicates=sum(d.status == "duplicate" for d in all_events),
        headline=sum(d.status == "headline" for d in all_events),
        unscored=sum(len(v) for k, v in by_article.items() if k not in known),
        optional_missed=sum(g.status == "optional_miss" for g in all_gold),
        slots={s: SlotAccuracy(sum(d.slots[s] for d in hits), len(hits)) for s in SLOTS},
        events=tuple(all_events),
        gold=tuple(all_gold),
    )


# --------------------------------------------------------------------------- sentence gold


@dataclass(frozen=True)
class SentenceGoldEvent:
    """One event of a sentence-level gold line (spans may be lemmatised or reordered)."""

    plover: str
    sourcetext: str = ""
    targettext: str = ""
    eventtext: str = ""


@dataclass(frozen=True)
class SentenceGold:
    """One sentence-level gold line."""

    id: str
    category: str
    text: str
    date: str | None = None
    events: tuple[SentenceGoldEvent, ...] = ()

    def spans(self, key: str) -> list[str]:
        """The non-empty ``sourcetext``/``targettext`` of the events of ``category``."""
        return [
            getattr(e, key) for e in self.events if e.plover == self.category and getattr(e, key)
        ]


def _sentence_line(where: str, obj: Any) -> SentenceGold:
    """Validate one decoded sentence-gold line."""
    if not isinstance(obj, dict):
        _fail(where, "not a JSON object")
    for key in ("id", "category", "text", "events"):
        if key not in obj:
            _fail(where, f"missing key '{key}'")
    for key in ("id", "category", "text"):
        if not isinstance(obj[key], str) or not obj[key]:
            _fail(where, f"'{key}' must be a non-empty string")
    if not isinstance(obj["events"], list):
        _fail(where, "'events' must be a list")
    events = []
    for i, raw in enumerate(obj["events"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("plover"), str):
            _fail(where, f"event #{i} needs a string 'plover'")
        spans = {k: raw.get(k) or "" for k in ("sourcetext", "targettext", "eventtext")}
        if not all(isinstance(v, str) for v in spans.values()):
            _fail(where, f"event #{i}: text spans must be strings")
        events.append(SentenceGoldEvent(plover=raw["plover"], **spans))
    date = obj.get("date")
    return SentenceGold(
        id=obj["id"],
        category=obj["category"],
        text=obj["text"],
        date=None if date is None else str(date),
        events=tuple(events),
    )


def load_sentence_gold(path: str | Path) -> list[SentenceGold]:
    """Read a sentence-level gold JSONL (``up_arabic_dev.jsonl`` format)."""
    path = Path(path)
    lines: list[SentenceGold] = []
    seen: set[str] = set()
    for lineno, line in enumerate(_read_text(path, GoldError).split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(
                f"{path}:{lineno}: invalid JSON ({exc.msg}, column {exc.colno})"
            ) from exc
        gold = _sentence_line(f"{path}:{lineno}", obj)
        if gold.id in seen:
            _fail(f"{path}:{lineno}", f"duplicate id '{gold.id}'")
        seen.add(gold.id)
        lines.append(gold)
    return lines


_YYYYMMDD = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def sentences_as_articles(gold_lines: Iterable[SentenceGold]) -> list[dict[str, Any]]:
    """The gold sentences as ``{"id", "text", "date"}`` article records (ISO dates).

    >>> sentences_as_articles([SentenceGold("s1", "PROTEST", "تظاهر الطلاب", "20080110")])
    [{'id': 's1', 'text': 'تظاهر الطلاب', 'date': '2008-01-10'}]
    """
    out = []
    for line in gold_lines:
        date = line.date
        m = _YYYYMMDD.match(date or "")
        if m:
            date = "-".join(m.groups())
        out.append({"id": line.id, "text": line.text, "date": date})
    return out


def _overlap_tokens(text: Any) -> set[str]:
    """Normalized tokens of at least two characters, for lenient span comparison."""
    return {t for t in _tokens(text) if len(t) >= 2}


def _role_tokens(value: Mapping[str, Any] | None) -> set[str]:
    """The overlap tokens of a role value's text and labels."""
    if not isinstance(value, Mapping):
        return set()
    return set().union(*(_overlap_tokens(value.get(k)) for k in _VALUE_KEYS))


@dataclass(frozen=True)
class SentenceScores:
    """Counts and shares of the sentence-level measures over one set of sentences."""

    sentences: int = 0
    detected: int = 0
    actor_total: int = 0
    actor_overlap: int = 0
    target_total: int = 0
    target_overlap: int = 0
    other_type_events: int = 0

    @property
    def detection(self) -> float:
        """Share of sentences where an event of the sentence's category was found."""
        return _ratio(self.detected, self.sentences)

    @property
    def actor_share(self) -> float:
        """Share of measurable sentences whose detected actor overlaps ``sourcetext``."""
        return _ratio(self.actor_overlap, self.actor_total)

    @property
    def target_share(self) -> float:
        """Share of measurable sentences whose detected target overlaps ``targettext``."""
        return _ratio(self.target_overlap, self.target_total)

    @property
    def other_per_sentence(self) -> float:
        """Events of other types than the category, per sentence."""
        return _ratio(self.other_type_events, self.sentences)

    def to_json(self) -> dict[str, Any]:
        """Counts and shares as a dict."""
        return {
            **asdict(self),
            "detection": self.detection,
            "actor_share": self.actor_share,
            "target_share": self.target_share,
            "other_per_sentence": self.other_per_sentence,
        }


@dataclass(frozen=True)
class SentenceDetail:
    """One sentence's outcome; ``actor``/``target`` are ``None`` when not measurable."""

    id: str
    category: str
    detected: bool
    actor: bool | None
    target: bool | None
    other_types: tuple[str, ...]


@dataclass(frozen=True)
class SentenceEvalResult:
    """Sentence-level measures overall and per category, with per-sentence details."""

    overall: SentenceScores
    by_category: Mapping[str, SentenceScores]
    sentences: tuple[SentenceDetail, ...]

    def to_json(self) -> dict[str, Any]:
        """A JSON-serializable dict."""
        return {
            "overall": self.overall.to_json(),
            "by_category": {k: v.to_json() for k, v in self.by_category.items()},
            "sentences": [asdict(d) for d in self.sentences],
        }

    def to_text(self) -> str:
        """A readable table, one row for all sentences and one per category."""
        lines = [
            f"{'category':<9} {'sentences':>9}  {'detected':<14} {'actor overlap':<18} "
            f"{'target overlap':<18} other types/sentence"
        ]
        rows = [("all", self.overall), *self.by_category.items()]
        for name, s in rows:
            lines.append(
                f"{name:<9} {s.sentences:>9}  "
                f"{f'{s.detection:.3f} ({s.detected})':<14} "
                f"{f'{s.actor_share:.3f} ({s.actor_overlap}/{s.actor_total})':<18} "
                f"{f'{s.target_share:.3f} ({s.target_overlap}/{s.target_total})':<18} "
                f"{s.other_per_sentence:.3f} ({s.other_type_events})"
            )
        return "\n".join(lines)


def _tally(details: Sequence[SentenceDetail]) -> SentenceScores:
    """Sum per-sentence outcomes into scores."""
    return SentenceScores(
        sentences=len(details),
        detected=sum(d.detected for d in details),
        actor_total=sum(d.actor is not None for d in details),
        actor_overlap=sum(d.actor is True for d in details),
        target_total=sum(d.target is not None for d in details),
        target_overlap=sum(d.target is True for d in details),
        other_type_events=sum(len(d.other_types) for d in details),
    )


def _span_overlap(found: Sequence[Mapping[str, Any]], role: str, spans: list[str]) -> bool | None:
    """Whether some found event's role shares a token with a gold span (``None``: no span)."""
    if not spans or not found:
        return None
    gold_tokens = set().union(*(_overlap_tokens(s) for s in spans))
    return any(_role_tokens(ev.get(role)) & gold_tokens for ev in found)


def score_sentences(
    gold_lines: Sequence[SentenceGold], events: Iterable[Mapping[str, Any]]
) -> SentenceEvalResult:
    """Sentence-level measures of the events extracted from gold sentences.

    An event belongs to the line whose ``id`` equals its ``article`` (or that file name's
    stem). Per sentence: *detected* when an event of the line's ``category`` was found;
    *actor* is measured when the gold has a non-empty ``sourcetext`` and an event of the
    category was found, and holds when some such event's actor (text or labels) shares a
    normalized token of two or more characters with it; *target* likewise with
    ``targettext``; *other types* are the events of any other type.
    """
    by_id: dict[str, list[Mapping[str, Any]]] = {}
    for ev in events:
        name = str(ev.get("article"))
        by_id.setdefault(name, []).append(ev)
        stem = Path(name).stem
        if stem != name:
            by_id.setdefault(stem, []).append(ev)
    details = []
    for line in gold_lines:
        found = by_id.get(line.id, [])
        hits = [ev for ev in found if ev.get("event_type") == line.category]
        details.append(
            SentenceDetail(
                id=line.id,
                category=line.category,
                detected=bool(hits),
                actor=_span_overlap(hits, "actor", line.spans("sourcetext")),
                target=_span_overlap(hits, "target", line.spans("targettext")),
                other_types=tuple(
                    str(ev.get("event_type"))
                    for ev in found
                    if ev.get("event_type") != line.category
                ),
            )
        )
    categories = sorted({d.category for d in details})
    return SentenceEvalResult(
        overall=_tally(details),
        by_category={c: _tally([d for d in details if d.category == c]) for c in categories},
        sentences=tuple(details),
    )
