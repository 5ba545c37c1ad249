"""The project's annotated corpus (``data/annotations/ar``): reading, checking, agreement.

``sentences.jsonl`` holds the sentences (with article, category, split and context) and
``events.jsonl`` one annotation per sentence, as ``docs/annotation.md`` describes. Every
problem found is reported as ``file:line: problem``; nothing is silently dropped.

:func:`agreement` compares two independent passes over the same sentences: event F1 (an
event of one pass matches one of the other with the same type and status whose triggers
share a word), the kappa of the sentence-level "reports an asserted event" judgement, and,
on matched events, how often the actor, target and place spans agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.evaluate.articles import f_measure
from kg.lang.ar.normalize import match_words
from kg.vocab import MODES, PLOVER_TYPES

__all__ = [
    "ROLES",
    "STATUSES",
    "AnnotatedEvent",
    "Annotation",
    "Sentence",
    "load_sentences",
    "load_annotations",
    "check_annotations",
    "agreement",
    "Agreement",
    "DATA",
]

#: Where the corpus lives in the repository.
DATA = Path(__file__).resolve().parents[2] / "data" / "annotations" / "ar"
#: Span roles of an annotated event.
ROLES = ("actor", "target", "place", "claimed_by")
#: Statuses; only ``asserted`` events are events.
STATUSES = ("asserted", "negated", "hypothetical", "repeated", "background")
_COUNTS = ("killed", "injured", "arrested")
_FIELDS = {"trigger", "type", "mode", "status", *ROLES, *_COUNTS} | {
    f"{r}_in_context" for r in ROLES
}


@dataclass(frozen=True)
class Sentence:
    """One sentence of the corpus, with where it comes from."""

    id: str
    article: str
    category: str
    split: str
    text: str
    context: str = ""
    title: str = ""
    sampled_for: str = ""


@dataclass(frozen=True)
class AnnotatedEvent:
    """One event an annotator read in a sentence (spans are text, see docs/annotation.md)."""

    trigger: str
    type: str
    status: str
    mode: str | None = None
    actor: str | None = None
    target: str | None = None
    place: str | None = None
    claimed_by: str | None = None
    in_context: frozenset[str] = frozenset()
    killed: str | None = None
    injured: str | None = None
    arrested: str | None = None

    @property
    def asserted(self) -> bool:
        """Whether this is an event (the sentence says it happened)."""
        return self.status == "asserted"


@dataclass(frozen=True)
class Annotation:
    """The events of one sentence (empty: it reports none)."""

    id: str
    events: tuple[AnnotatedEvent, ...] = ()
    note: str = ""
    annotator: str = ""


def _lines(path: Path) -> Iterable[tuple[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            try:
                yield f"{path}:{n}", json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: malformed JSON ({exc.msg})") from None


def load_sentences(path: str | Path = DATA / "sentences.jsonl") -> dict[str, Sentence]:
    """The corpus sentences by id."""
    out: dict[str, Sentence] = {}
    for where, obj in _lines(Path(path)):
        try:
            s = Sentence(**{k: obj[k] for k in obj if k in Sentence.__dataclass_fields__})
        except TypeError as exc:
            raise InputError(f"{where}: not a sentence record ({exc})") from None
        if s.id in out:
            raise InputError(f"{where}: duplicate sentence id {s.id!r}")
        out[s.id] = s
    return out


def _event(where: str, raw: Any, sent: Sentence) -> tuple[AnnotatedEvent | None, list[str]]:
    problems: list[str] = []
    if not isinstance(raw, dict):
        return None, [f"{where}: an event must be an object"]
    unknown = set(raw) - _FIELDS
    if unknown:
        problems.append(f"{where}: unknown fields {sorted(unknown)}")
    etype, status, mode = raw.get("type"), raw.get("status", "asserted"), raw.get("mode")
    if etype not in PLOVER_TYPES:
        problems.append(f"{where}: type {etype!r} is not a PLOVER type")
    if status not in STATUSES:
        problems.append(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    if mode is not None and mode not in MODES:
        problems.append(f"{where}: mode {mode!r} is not a mode of ontology/kg.ttl")
    trigger = raw.get("trigger")
    if not isinstance(trigger, str) or not trigger.strip() or trigger not in sent.text:
        problems.append(f"{where}: trigger {trigger!r} is not a substring of the sentence")
    in_context = frozenset(r for r in ROLES if raw.get(f"{r}_in_context"))
    for role in ROLES:
        span = raw.get(role)
        if span is None:
            continue
        source = sent.context if role in in_context else sent.text
        if not isinstance(span, str) or not span.strip() or span not in source:
            where_from = "the context" if role in in_context else "the sentence"
            problems.append(f"{where}: {role} {span!r} is not a substring of {where_from}")
    for count in _COUNTS:
        value = raw.get(count)
        if value is not None and not isinstance(value, (str, int)):
            problems.append(f"{where}: {count} must be a number or text")
    if problems:
        return None, problems
    return AnnotatedEvent(
        trigger=trigger,
        type=etype,
        status=status,
        mode=mode,
        in_context=in_context,
        **{r: raw.get(r) for r in ROLES},
        **{c: None if raw.get(c) is None else str(raw[c]) for c in _COUNTS},
    ), []


def check_annotations(
    path: str | Path, sentences: Mapping[str, Sentence]
) -> tuple[dict[str, Annotation], list[str]]:
    """The annotations of a file and every problem found (``file:line: problem``)."""
    out: dict[str, Annotation] = {}
    problems: list[str] = []
    for where, obj in _lines(Path(path)):
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            problems.append(f"{where}: expected an object with an 'id'")
            continue
        sent = sentences.get(obj["id"])
        if sent is None:
            problems.append(f"{where}: no sentence with id {obj['id']!r}")
            continue
        if obj["id"] in out:
            problems.append(f"{where}: {obj['id']!r} annotated twice")
            continue
        raw_events = obj.get("events")
        if not isinstance(raw_events, list):
            problems.append(f"{where}: 'events' must be a list")
            continue
        events = []
        for k, raw in enumerate(raw_events):
            ev, found = _event(f"{where}: event {k}", raw, sent)
            problems += found
            if ev is not None:
                events.append(ev)
        out[obj["id"]] = Annotation(
            obj["id"], tuple(events), str(obj.get("note") or ""), str(obj.get("annotator") or "")
        )
    return out, problems


def load_annotations(
    path: str | Path = DATA / "events.jsonl", sentences: Mapping[str, Sentence] | None = None
) -> dict[str, Annotation]:
    """The annotations of a file, by sentence id.

    Raises:
        InputError: any problem :func:`check_annotations` finds (the first few are named).
    """
    sentences = sentences if sentences is not None else load_sentences()
    out, problems = check_annotations(path, sentences)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise InputError("; ".join(problems[:3]) + more)
    return out


# --- agreement ------------------------------------------------------------------------------


def _same_span(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return bool(match_words(a) & match_words(b))


@dataclass(frozen=True)
class Agreement:
    """How two passes agree (see :func:`agreement`)."""

    sentences: int
    events_a: int
    events_b: int
    matched: int
    event_f1: float
    detection_kappa: float
    roles: dict[str, float] = field(default_factory=dict)

    def to_text(self) -> str:
        """A few lines for docs/annotation.md."""
        roles = ", ".join(f"{r} {v:.2f}" for r, v in self.roles.items())
        return (
            f"{self.sentences} sentences; events {self.events_a} (A) / {self.events_b} (B), "
            f"{self.matched} matched: event F1 {self.event_f1:.2f}; sentence-level kappa "
            f"(reports an asserted event) {self.detection_kappa:.2f}; role agreement on "
            f"matched events: {roles}"
        )


def _match(
    a: Sequence[AnnotatedEvent], b: Sequence[AnnotatedEvent]
) -> list[tuple[AnnotatedEvent, AnnotatedEvent]]:
    pairs, free = [], list(b)
    for ea in a:
        for eb in free:
            if (
                ea.type == eb.type
                and ea.asserted == eb.asserted
                and _same_span(ea.trigger, eb.trigger)
            ):
                pairs.append((ea, eb))
                free.remove(eb)
                break
    return pairs


def _kappa(x: Sequence[bool], y: Sequence[bool]) -> float:
    n = len(x)
    if n == 0:
        return 0.0
    po = sum(1 for a, b in zip(x, y, strict=True) if a == b) / n
    pa, pb = sum(x) / n, sum(y) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def agreement(a: Mapping[str, Annotation], b: Mapping[str, Annotation]) -> Agreement:
    """Agreement of two passes on the sentences both annotated (asserted events only)."""
    ids = sorted(set(a) & set(b))
    n_a = n_b = n_m = 0
    role_hits = dict.fromkeys(ROLES[:3], 0)
    det_a, det_b = [], []
    for i in ids:
        ea = [e for e in a[i].events if e.asserted]
        eb = [e for e in b[i].events if e.asserted]
        det_a.append(bool(ea))
        det_b.append(bool(eb))
        pairs = _match(ea, eb)
        n_a, n_b, n_m = n_a + len(ea), n_b + len(eb), n_m + len(pairs)
        for x, y in pairs:
            for role in role_hits:
                role_hits[role] += _same_span(getattr(x, role), getattr(y, role))
    p = n_m / n_b if n_b else 0.0
    r = n_m / n_a if n_a else 0.0
    f1 = f_measure(p, r)
    roles = {role: (hits / n_m if n_m else 0.0) for role, hits in role_hits.items()}
    return Agreement(len(ids), n_a, n_b, n_m, f1, _kappa(det_a, det_b), roles)
