"""The Arabic rule data (trigger lexicon, cue words, registry labels), compiled for matching.

The trigger lexicon ``data/triggers.jsonl`` is written for people: a verb is given by its
perfect and imperfect stems, a noun by its forms, and this module expands them to the
inflected, normalized forms that spaCy ``Matcher`` patterns on ``NORM`` need, as typed
:class:`~kg.nlp.triggers.TriggerRule` objects. ``data/cues.json`` holds the closed-class words
the grammar rules use (reporting verbs, prepositions, negations …) and the words that refine
an event's mode (:class:`~kg.extract.roles.ModeCue`).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from kg.extract.roles import ModeCue
from kg.lang.ar.normalize import normalize
from kg.nlp.triggers import TriggerRule
from kg.registry import Registry, load_registry

__all__ = [
    "Lexicon",
    "load_lexicon",
    "verb_forms",
    "verb_tenses",
    "noun_forms",
    "plural_forms",
    "group_key",
]

# No bare -ه (object "him": normalized it collides with nouns in ة, طلبه "students") and no
# dual -ا/-تا (فجرا "at dawn"): both are rare as verbs in news and common as other words.
_PERFECT_SUFFIXES = ("", "ت", "وا", "ن", "نا", "تم", "ها", "هم", "ته", "تها", "تهم", "وه", "وها")
_IMPERFECT_PREFIXES = ("ي", "ت", "ن", "ا")
_IMPERFECT_SUFFIXES = ("", "ون", "ان", "ين", "ن", "وا", "ا", "ه", "ها", "هم")
_NOUN_SUFFIXES = ("ه", "ها", "هم", "هما", "ي", "نا", "كم")
_NOUN_ENDINGS = ("ا",)  # accusative tanwin, احتجاجاً → احتجاجا


def verb_forms(perfect: str | None, imperfect: str | None) -> set[str]:
    """Inflected forms (normalized) of a verb from its perfect and imperfect stems.

    >>> {"دعت", "دعوا", "يدعو", "تدعو"} <= verb_forms("دعا", "دعو")
    True
    """
    forms: set[str] = set()
    if perfect:
        p = normalize(perfect)
        forms.update(p + s for s in _PERFECT_SUFFIXES)
        if p[-1] in "اي":  # weak final radical: دعا → دعت, دعوا; اجرى → اجرت, اجروا
            forms.update({p[:-1] + "ت", p[:-1] + "وا", p[:-1] + "تا"})
    if imperfect:
        i = normalize(imperfect)
        forms.update(pre + i + suf for pre in _IMPERFECT_PREFIXES for suf in _IMPERFECT_SUFFIXES)
    return forms


def noun_forms(nouns: list[str]) -> set[str]:
    """Forms of verbal nouns with possessive suffixes (ة → ت before a suffix): دعوة → دعوته.

    >>> {"دعوه", "دعوته", "دعوتها"} <= noun_forms(["دعوة"])
    True
    """
    forms: set[str] = set()
    for n in nouns:
        n = normalize(n)
        forms.add(n)
        if not n.endswith(("ه", "ا", "ات")):
            forms.update(n + e for e in _NOUN_ENDINGS)
        stem = n[:-1] + "ت" if n.endswith("ه") else n
        forms.update(stem + s for s in _NOUN_SUFFIXES)
    return forms


@dataclass(frozen=True)
class Lexicon:
    """All rule data the Arabic pipeline uses, normalized."""

    triggers: tuple[TriggerRule, ...]
    cues: dict[str, frozenset[str]]
    vocab_norms: frozenset[str]
    registry: Registry
    group_kinds: dict[str, str]  # group_key(noun) → ontology class (مسلحين → ArmedGroup)
    generic_kinds: dict[str, str]  # الحكومه → Government: class of an unresolved generic head
    word_freqs: dict[str, int]  # normalized word → count in ANT v1.1 news (tokenizer's clitic rule)
    common_words: frozenset[str] = frozenset()  # trigger and cue words: never part of a name
    mode_cues: tuple[ModeCue, ...] = ()  # in order: the first that applies sets the mode
    #: Words a multi-word name never holds: trigger forms and closed-class words (verbs of
    #: saying, complementizers, negations …). Frequent words and the heads of organisation
    #: names (وزارة، حزب، مجلس) and first names (محمد، عبد) are not in it.
    name_breakers: frozenset[str] = frozenset()
    #: group_key(noun) → ontology class of a participant noun (رجل → Civilians): role
    #: candidates only (``participant_nouns`` in cues.json)
    participant_kinds: dict[str, str] = field(default_factory=dict)
    #: normalized trigger verb form → "perfect" or "imperfect", from the stems it is
    #: generated from (نفذ، تظاهروا، سيطر are perfects; a form both stems give is left out)
    verb_tenses: dict[str, str] = field(default_factory=dict)
    #: group_kind's answers so far (a cache: not part of the lexicon's value)
    _group_kinds_seen: dict[str, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def group_kind(self, norm: str) -> str | None:
        """The ontology class of a group noun (any of its inflected forms), else None."""
        seen = self._group_kinds_seen
        if norm in seen:
            return seen[norm]
        if len(seen) >= 200_000:
            seen.clear()
        seen[norm] = kind = self._group_kind(norm)
        return kind

    def _group_kind(self, norm: str) -> str | None:
        return _plural_lookup(self.group_kinds, group_key(norm))

    def participant_kind(self, norm: str) -> str | None:
        """The ontology class of a participant noun (رجلا، الشاب، منفذي), else None."""
        key = group_key(norm)
        if key not in self.participant_kinds and key.endswith("ا") and len(key) > 3:
            key = key[:-1]  # رجلا، شابا: group_key keeps the -ا of a four-letter word
        return _plural_lookup(self.participant_kinds, key)

    def cue(self, name: str) -> frozenset[str]:
        """The normalized word set of one cue list in ``cues.json``."""
        return self.cues[name]


def _item_pattern(item: dict[str, Any], definite_ok: bool) -> tuple[dict[str, Any], set[str]]:
    if "gap" in item:
        return {"IS_PUNCT": False, "OP": f"{{0,{int(item['gap'])}}}"}, set()
    if "verb" in item:
        forms = verb_forms(*item["verb"])
    elif "noun" in item:
        forms = noun_forms(item["noun"])
        if definite_ok:
            forms |= {"ال" + f for f in normalize_all(item["noun"])}
    elif "word" in item:
        words = normalize_all(item["word"])
        forms = set(words) | {"ال" + w for w in words if not w.startswith("ال") and len(w) > 2}
    else:
        raise ValueError(f"unknown trigger item {item!r}")
    return {"NORM": {"IN": sorted(forms)}}, forms


def _plural_lookup(table: dict[str, str], key: str) -> str | None:
    """``table[key]``, else under the other case ending of a plural (-ون for -ين and back)."""
    kind = table.get(key)
    if kind is None and key.endswith("ون"):
        kind = table.get(key[:-2] + "ين")
    if kind is None and key.endswith("ين"):
        kind = table.get(key[:-2] + "ون")
    return kind


def group_key(word: str) -> str:
    """The lookup key of a group noun: normalized, without ال and without accusative -ا/-ًا.

    >>> group_key("الإرهابيون") == group_key("إرهابيون"), group_key("جنودا")
    (True, 'جنود')
    """
    w = normalize(word)
    if w.startswith("ال") and len(w) > 4:
        w = w[2:]
    if w.endswith("ا") and len(w) > 4 and not w.endswith(("يا", "ءا")):
        w = w[:-1]
    return w


def normalize_all(words: list[str]) -> list[str]:
    """Normalize every word of a list."""
    return [normalize(w) for w in words]


def participle_forms(stems: list[str]) -> set[str]:
    """Active participles with their endings (داعي → داعيا، داعيه، داعين …), also definite.

    >>> {"داعيا", "منددا", "المنددين"} <= participle_forms(["داعي", "مندد"])
    True
    """
    forms: set[str] = set()
    for stem in normalize_all(stems):
        base = {stem, stem + "ا", stem + "ه", stem + "ين", stem + "ون", stem + "تين", stem + "ات"}
        forms |= base | {"ال" + f for f in base}
    return forms


def plural_forms(nouns: list[str]) -> set[str]:
    """Sound feminine plurals of verbal nouns, bare, definite and with a possessive suffix.

    A verbal noun in the plural reports the same kind of act (غارة → غارات, اقتحام →
    اقتحاماتهم, ضرب → الضربات); nouns already plural (in ات) and broken plurals are left.

    >>> {"اقتحامات", "الاقتحامات", "اقتحاماتهم", "غارات"} <= plural_forms(["اقتحام", "غارة"])
    True
    """
    forms: set[str] = set()
    for noun in normalize_all(nouns):
        if noun.startswith("ال"):
            noun = noun[2:]
        if noun.endswith(("ات", "ا", "ي")) or len(noun) < 3:
            continue
        plural = (noun[:-1] if noun.endswith("ه") else noun) + "ات"
        bare = {plural} | {plural + s for s in _NOUN_SUFFIXES}
        forms |= bare | {"ال" + plural}
    return forms


def _recall_forms(entry: dict[str, Any]) -> set[str]:
    """What the rules of a ``triggers.jsonl`` entry leave out: definite, dual, plural nouns."""
    forms: set[str] = set()
    for noun in normalize_all(entry.get("noun", [])):
        stem = noun[:-1] + "ت" if noun.endswith("ه") else noun
        duals = {stem + "ين", stem + "ان"} if not noun.endswith(("ات", "ا")) else set()
        forms |= duals | {"ال" + f for f in noun_forms([noun]) | duals if not f.startswith("ال")}
    return forms | plural_forms(entry.get("noun", []))


def _compile_recall(
    rules_lines: list[tuple[int, dict[str, Any]]], lines: list[tuple[int, dict[str, Any]]]
) -> list[TriggerRule]:
    """The recall-only rules: ``candidates.jsonl`` and the forms the rules leave out."""
    out: list[TriggerRule] = []
    for n, entry in rules_lines:
        forms = _recall_forms(entry)
        if forms:
            pattern = ({"NORM": {"IN": sorted(forms)}},)
            out.append(TriggerRule(f"{n}:noun+", entry["type"], entry.get("mode"), "noun", pattern, recall_only=True))  # fmt: skip
        if entry.get("verb") and entry["verb"][1]:  # the future (سيقصف): a hypothetical act
            future = {"س" + f for f in verb_forms(None, entry["verb"][1])}
            pattern = ({"NORM": {"IN": sorted(future)}},)
            out.append(TriggerRule(f"{n}:future", entry["type"], entry.get("mode"), "verb", pattern, recall_only=True))  # fmt: skip
    compiled, candidate_forms = _compile_triggers(lines, prefix="c")
    for n, entry in lines:
        plurals = plural_forms(entry.get("noun", [])) - candidate_forms
        if plurals:
            pattern = ({"NORM": {"IN": sorted(plurals)}},)
            out.append(TriggerRule(f"c{n}:plural", entry["type"], entry.get("mode"), "noun", pattern, recall_only=True))  # fmt: skip
    for rule in compiled:
        out.append(TriggerRule(rule.key, rule.event_type, rule.mode, rule.pos, rule.pattern, rule.not_after, recall_only=True))  # fmt: skip
        if rule.pos == "noun":  # the definite first word, and the rest of a sequence after it
            words = set(rule.pattern[0]["NORM"]["IN"])
            definite = {"ال" + w for w in words if not w.startswith("ال")}
            pattern = ({"NORM": {"IN": sorted(definite)}}, *rule.pattern[1:])
            out.append(TriggerRule(rule.key + "+", rule.event_type, rule.mode, "noun", pattern, recall_only=True))  # fmt: skip
    for n, entry in lines:
        if entry.get("participle"):
            pattern = ({"NORM": {"IN": sorted(participle_forms(entry["participle"]))}},)
            out.append(TriggerRule(f"c{n}:participle", entry["type"], entry.get("mode"), "participle", pattern, recall_only=True))  # fmt: skip
    return out


def verb_tenses(entries: list[dict[str, Any]]) -> dict[str, str]:
    """The tense of each verb form of ``entries`` (trigger lines), where only one stem gives it.

    The prefix alone misleads: the perfects نفذ، تظاهر، سيطر begin like the imperfect or
    the future.

    >>> t = verb_tenses([{"verb": ["نفذ", "نفذ"]}, {"verb": ["تظاهر", "تظاهر"]}])
    >>> t["نفذ"], t["ينفذ"], t["تظاهر"], t["يتظاهرون"]
    ('perfect', 'imperfect', 'perfect', 'imperfect')
    """
    perfect: set[str] = set()
    imperfect: set[str] = set()
    for entry in entries:
        stems = [entry["verb"]] if "verb" in entry else []
        stems += [it["verb"] for it in entry.get("seq", []) if "verb" in it]
        for past, present in stems:
            perfect |= verb_forms(past, None)
            imperfect |= verb_forms(None, present)
    return {
        **{f: "perfect" for f in perfect - imperfect},
        **{f: "imperfect" for f in imperfect - perfect},
    }


def _compile_triggers(
    lines: list[tuple[int, dict[str, Any]]], prefix: str = ""
) -> tuple[list[TriggerRule], set[str]]:
    """Rules (keyed ``"<line>:<reading>"``) and every normalized form they match."""
    rules: list[TriggerRule] = []
    vocab: set[str] = set()
    for n, entry in lines:
        n = f"{prefix}{n}"
        etype, mode = entry["type"], entry.get("mode")
        not_after = frozenset(normalize_all(entry.get("not_after", [])))
        if "seq" in entry:
            items = [_item_pattern(it, definite_ok=True) for it in entry["seq"]]
            pos = "verb" if "verb" in entry["seq"][0] else "noun"
            if entry.get("passive"):
                pos = "passive"  # the subject undergoes the event: تعرضت القوات لهجوم
            pattern = tuple(p for p, _ in items)
            for _, forms in items:
                vocab |= forms
            rules.append(TriggerRule(f"{n}:{pos}", etype, mode, pos, pattern, not_after))
            continue
        if "verb" in entry:
            forms = verb_forms(*entry["verb"])
            vocab |= forms
            pattern = ({"NORM": {"IN": sorted(forms)}},)
            rules.append(TriggerRule(f"{n}:verb", etype, mode, "verb", pattern, not_after))
        if "agent" in entry:
            # The trigger names the actor itself: "المتظاهرون" protesting.
            forms = set(normalize_all(entry["agent"]))
            vocab |= forms
            pattern = ({"NORM": {"IN": sorted(forms)}},)
            rules.append(TriggerRule(f"{n}:agent", etype, mode, "agent", pattern, not_after))
        if "noun" in entry:
            # Only indefinite or construct-state verbal nouns: a definite masdar (القصف) is
            # usually generic or refers back to an event already stated.
            forms = noun_forms(entry["noun"])
            vocab |= forms
            pattern = ({"NORM": {"IN": sorted(forms)}},)
            rules.append(TriggerRule(f"{n}:noun", etype, mode, "noun", pattern, not_after))
    return rules, vocab


@functools.lru_cache(maxsize=4)
def load_lexicon(registry_path: str | None = None) -> Lexicon:
    """Load and compile ``data/triggers.jsonl``, ``data/candidates.jsonl``, ``data/cues.json``.

    ``candidates.jsonl`` (and the definite, dual and future forms of the trigger nouns and
    verbs) become ``recall_only`` rules: candidates for the trained detector that the rules
    never decide on, and that do not change the tokenizer's vocabulary.

    Every word of the top-level cue lists is also known to the tokenizer (``vocab_norms``:
    proclitics split off it) and never part of a name (``common_words``); the lists under
    ``rule_words`` are only tested by the grammar rules.
    """
    base = resources.files("kg.lang.ar") / "data"
    text = (base / "triggers.jsonl").read_text(encoding="utf-8")
    lines = [(n, json.loads(line)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    rules, vocab = _compile_triggers(lines)
    trigger_forms = set(vocab)
    text = (base / "candidates.jsonl").read_text(encoding="utf-8")
    extra = [(n, json.loads(line)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    recall = _compile_recall(lines, extra)
    raw_cues = json.loads((base / "cues.json").read_text(encoding="utf-8"))
    cues = {
        k: frozenset(normalize(w) for w in v)
        for k, v in raw_cues.items()
        if not k.startswith("_") and isinstance(v, list) and all(isinstance(w, str) for w in v)
    }
    cues["reporting_verbs"] = cues["reporting_verbs"] | {
        w + suf
        for w in cues["reporting_verbs"]
        if not w.startswith(("ي", "ت"))
        for suf in ("ت", "وا", "ا")
    }
    groups = {
        group_key(w): kind
        for kind, words in raw_cues.get("group_nouns", {}).items()
        if not kind.startswith("_")
        for w in words
    }
    cues["group_nouns"] = frozenset(groups)
    participants = {
        group_key(w): kind
        for kind, words in raw_cues.get("participant_nouns", {}).items()
        if not kind.startswith("_")
        for w in words
    }
    generic_kinds = {
        normalize(w): kind
        for w, kind in raw_cues.get("generic_head_kinds", {}).items()
        if not w.startswith("_")
    }
    registry = load_registry(registry_path)
    for values in cues.values():
        vocab |= values
    for entry in registry.entries.values():
        for label in (entry.label_ar, *entry.aliases_ar, *entry.demonyms_ar):
            if label:
                vocab.update(normalize(w) for w in label.split())
    vocab |= set(groups) | {"ال" + g for g in groups}
    freqs = {}
    for line in (base / "ant_word_freq.tsv").read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition("\t")
        freqs[word] = int(count)
    common = set(trigger_forms)
    for values in cues.values():
        common |= values
    common |= set(groups) | {"ال" + g for g in groups} | set(generic_kinds)
    # the most frequent words of news text are function and common words, not names
    common |= {w for w, _ in sorted(freqs.items(), key=lambda kv: -kv[1])[:1500]}
    for name, words in raw_cues.get("rule_words", {}).items():
        if name.startswith("_"):
            continue
        if name in cues:
            raise ValueError(f"cues.json: rule_words.{name} repeats a cue list")
        cues[name] = frozenset(normalize_all(words))
    return Lexicon(
        tuple(rules) + tuple(recall),
        cues,
        frozenset(vocab),
        registry,
        groups,
        generic_kinds,
        freqs,
        frozenset(common),
        tuple(_mode_cue(c) for c in raw_cues.get("mode_cues", [])),
        frozenset(trigger_forms).union(*(cues[name] for name in _NAME_BREAKING_CUES)),
        participants,
        verb_tenses([e for _, e in lines + extra]),
    )


#: The cue lists of closed-class words, which end a name (``name_breakers``).
_NAME_BREAKING_CUES = (
    "reporting_verbs",
    "reporting_participles",
    "complementizers",
    "according_to",
    "negations",
    "irrealis",
    "demonstratives",
    "copulas",
    "result_markers",
    "continuation_verbs",
    "quantifiers",
    "target_preps",
    "clause_breaks",
    "event_anaphors",
)


def _mode_cue(raw: dict[str, Any]) -> ModeCue:
    replaces = raw.get("replaces", [None])
    return ModeCue(
        mode=raw["mode"],
        words=frozenset(normalize_all(raw["words"])),
        replaces=None if replaces == "any" else frozenset(replaces),
        types=frozenset(raw.get("types", ())),
        final=bool(raw.get("final", False)),
    )
