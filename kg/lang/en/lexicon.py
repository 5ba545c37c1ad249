"""The English lexicon: PLOVER verbs, noun triggers, agent nouns, demonyms and cue words.

The verbs (``data/verbs.jsonl``) are converted from PETRARCH2's CAMEO dictionary and reviewed
(:mod:`kg.lang.en.convert`, ``docs/english-lexicon.md``); agent nouns (``data/agents.json``)
and demonyms (``data/demonyms.json``) from its actor dictionaries
(:mod:`kg.lang.en.convert_actors`); the cue words (``data/cues.json``) are the project's own.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from kg.extract.roles import ModeCue
from kg.registry import Registry, load_registry

__all__ = ["VerbSense", "VerbEntry", "EnglishLexicon", "load_lexicon"]


@dataclass(frozen=True)
class VerbSense:
    """One reading of a verb: what must follow it, and the PLOVER type and mode it codes."""

    #: None: the pattern says the verb reports no event in this use ("strike at a summit").
    event_type: str | None
    mode: str | None
    particles: tuple[str, ...] = ()
    objects: frozenset[str] = frozenset()
    prep_objects: frozenset[str] = frozenset()
    cameo: str | None = None

    @property
    def specificity(self) -> int:
        """How much of the clause the sense checks (more specific senses are tried first)."""
        return 2 * bool(self.objects) + 2 * bool(self.prep_objects) + bool(self.particles)


@dataclass(frozen=True)
class VerbEntry:
    """A verb lemma: its default sense (None: only its patterns code it) and its patterns."""

    lemma: str
    default: VerbSense | None
    patterns: tuple[VerbSense, ...] = ()


@dataclass
class EnglishLexicon:
    """Everything the English grammar looks up, loaded once per process."""

    registry: Registry
    verbs: dict[str, VerbEntry]
    cues: dict[str, Any]
    agents: dict[str, str]
    generic_heads: dict[str, str]
    demonyms: dict[str, tuple[str, ...]]
    mode_cues: tuple[ModeCue, ...] = ()
    _sets: dict[str, frozenset[str]] = field(default_factory=dict)
    #: what the grammar derives from the cues, built by its first article (kg.lang.en.grammar.context)
    derived: dict[str, Any] = field(default_factory=dict)
    #: mended lemmas, (form, spaCy lemma, verbal) → lemma, shared by every article
    lemmas: dict[tuple[str, str, bool], str] = field(default_factory=dict)

    def cue(self, name: str) -> frozenset[str]:
        """A cue word list as a set."""
        if name not in self._sets:
            self._sets[name] = frozenset(self.cues[name])
        return self._sets[name]


def _read(name: str) -> str:
    return (resources.files("kg.lang.en") / "data" / name).read_text("utf-8")


def _sense(obj: dict[str, Any]) -> VerbSense:
    return VerbSense(
        event_type=obj.get("type") or None,
        mode=obj.get("mode"),
        particles=tuple(obj.get("particles") or ()),
        objects=frozenset(obj.get("object") or ()),
        prep_objects=frozenset(obj.get("prep_object") or ()),
        cameo=obj.get("cameo"),
    )


def read_verbs(text: str) -> dict[str, VerbEntry]:
    """The verb entries of a ``verbs.jsonl`` text, by lemma.

    >>> line = '{"lemma": "fire", "type": null, "patterns": [{"particles": ["on"], "type": "ASSAULT"}]}'
    >>> read_verbs(line)["fire"].patterns[0].particles
    ('on',)
    """
    verbs = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        patterns = sorted(
            (_sense(x) for x in obj.get("patterns") or ()), key=lambda s: -s.specificity
        )
        default = _sense(obj) if obj.get("type") else None
        verbs[obj["lemma"]] = VerbEntry(obj["lemma"], default, tuple(patterns))
    return verbs


def _mode_cues(raw: list[dict[str, Any]]) -> tuple[ModeCue, ...]:
    cues = []
    for c in raw:
        replaces = c.get("replaces", [None])
        cues.append(
            ModeCue(
                c["mode"],
                frozenset(c["words"]),
                None if replaces == "any" else frozenset(replaces),
                frozenset(c.get("types", ())),
                bool(c.get("final", False)),
            )
        )
    return tuple(cues)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> EnglishLexicon:
    """The shipped English lexicon (cached)."""
    cues = json.loads(_read("cues.json"))
    agents = json.loads(_read("agents.json"))
    demonyms = json.loads(_read("demonyms.json"))
    return EnglishLexicon(
        registry=load_registry(),
        verbs=read_verbs(_read("verbs.jsonl")),
        cues=cues,
        agents=dict(agents["nouns"]),
        generic_heads=dict(agents["generic_heads"]),
        demonyms={k: tuple(v) for k, v in demonyms.items() if not k.startswith("_")},
        mode_cues=_mode_cues(cues["mode_cues"]),
    )
