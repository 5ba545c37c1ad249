"""Gold annotations: the seed-style article gold files, and the events to score against them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from kg.errors import GoldError, InputError
from kg.vocab import PLOVER_TYPES

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
