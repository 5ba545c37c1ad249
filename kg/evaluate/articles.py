"""Scoring extracted events against article gold (the rules are in :mod:`kg.evaluate`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import GoldError, InputError
from kg.evaluate.gold import (
    _VALUE_KEYS,
    SLOTS,
    GoldArticle,
    GoldEvent,
    Role,
    Tokens,
    _fail,
    _is_int,
    _read_text,
)
from kg.lang.ar.normalize import normalize_for_match


def paragraph_of(article_text: str, offset: int) -> int:
    r"""Index of the non-empty line holding ``offset`` (0 = headline), as in the gold files.

    A line's terminating newline belongs to it; an offset on an empty line belongs to the
    paragraph before it.

    >>> text = "Headline\n\nFirst paragraph.\nSecond."
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

    >>> from kg.evaluate.gold import GoldEntity
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


def f_measure(precision: float, recall: float) -> float:
    """The harmonic mean of ``precision`` and ``recall`` (0.0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


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


def _article_path(gold: GoldArticle, articles_dir: str | Path) -> Path:
    """The article file a gold file names, which must lie inside ``articles_dir``.

    Resolved first (``..`` and symbolic links followed), so neither ``../../etc/passwd``, an
    absolute path nor a link out of the folder is read.

    Raises:
        GoldError: the article is outside ``articles_dir`` (the message names the gold file).
    """
    path = Path(articles_dir) / gold.article
    if not path.resolve().is_relative_to(Path(articles_dir).resolve()):
        raise GoldError(
            f"{gold.path}: article {gold.article!r} is outside the articles folder {articles_dir}"
        )
    return path


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
        text = _read_text(_article_path(article, articles_dir), InputError)
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
