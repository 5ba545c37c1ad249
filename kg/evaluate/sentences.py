"""Sentence-level gold (``up_arabic_dev.jsonl``): loading and scoring."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kg.errors import GoldError
from kg.evaluate.articles import _ratio, _tokens
from kg.evaluate.gold import _VALUE_KEYS, _fail, _read_text


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
