"""Role choices that hold in every language: the place, the time and the mode of an event.

- :func:`choose_place`: the most specific place stated in the trigger's sentence (a city
  before a country), nearest after the trigger first;
- :func:`choose_time`: the time expression of the sentence nearest the trigger;
- :func:`refine_mode`: the mode the words around the trigger state (:class:`ModeCue` lists
  come from the language's lexicon).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from kg.extract.context import ArticleContext
from kg.extract.model import Draft, Mention
from kg.types import TimeRef

__all__ = ["ModeCue", "choose_place", "choose_time", "refine_mode"]


@dataclass(frozen=True)
class ModeCue:
    """Words near a trigger that tell how the event was carried out (``مسيرة`` → ``drone``).

    The cue applies to events of ``types`` (all when empty) whose mode is in ``replaces``
    (``None`` standing for "no mode yet"; any mode when ``replaces`` is None). A ``final`` cue
    whose words are present ends the search even where it does not apply.
    """

    mode: str
    words: frozenset[str]
    replaces: frozenset[str | None] | None = frozenset({None})
    types: frozenset[str] = frozenset()
    final: bool = False


def refine_mode(
    cues: Sequence[ModeCue], words: Iterable[str], event_type: str, mode: str | None
) -> str | None:
    """The mode after the first cue whose words are among ``words`` and which applies.

    >>> drone = ModeCue("drone", frozenset({"مسيره"}), frozenset({None, "aerial"}), final=True)
    >>> refine_mode([drone], ["طائره", "مسيره"], "ASSAULT", "aerial")
    'drone'
    """
    present = set(words)
    for cue in cues:
        if cue.types and event_type not in cue.types:
            continue
        if not present & cue.words:
            continue
        if cue.replaces is None or mode in cue.replaces:
            return cue.mode
        if cue.final:
            return mode
    return mode


def _is_country(ctx: ArticleContext, m: Mention) -> bool:
    entry = ctx.reg.get(m.iri)
    return entry is not None and entry.id.isalpha() and entry.id.isupper() and len(entry.id) == 3


def choose_place(ctx: ArticleContext, sent: Span, p: Draft) -> Mention | None:
    """The most specific place stated in the trigger's sentence, nearest after the trigger first.

    Countries (registry ids of three capital letters: ISO 3166 alpha-3) come after every other place;
    the event's target is never its place.
    """
    cands = [
        m
        for m in ctx.mentions_in(sent.start, sent.end)
        if m.kind == "Place" and not m.demonym and (p.target is None or m.iri != p.target.iri)
    ]
    if not cands:
        return None

    def rank(m: Mention) -> tuple[int, int, int]:
        after = 0 if m.start >= p.trigger.start else 1
        return (1 if _is_country(ctx, m) else 0, after, abs(m.start - p.trigger.end))

    return min(cands, key=rank)


def choose_time(ctx: ArticleContext, sent: Span, p: Draft) -> TimeRef | None:
    """The time expression of the trigger's sentence nearest the trigger, or None."""
    times = ctx.times_in(sent.start_char, sent.end_char)
    if not times:
        return None
    return min(times, key=lambda t: abs(t.start - p.trigger.start_char))
