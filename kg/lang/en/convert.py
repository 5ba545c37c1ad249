"""Convert PETRARCH2's CAMEO verb dictionary and the PLOVER crosswalk into ``data/verbs.jsonl``."""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Pattern",
    "Verb",
    "Block",
    "Dictionary",
    "ALLOWED_TYPES",
    "parse_cameo",
    "parse_cameo_text",
    "read_crosswalk",
    "read_crosswalk_text",
    "ontology_modes",
    "convert",
    "apply_review",
    "write_jsonl",
    "main",
]

CAMEO_FILE = "CAMEO.2.0.txt"
CAMEO_PATH = Path("lexicons/petrarch2") / CAMEO_FILE
CROSSWALK_PATH = Path("lexicons/plover/CAMEO2PLOVER-2021.txt")
DATA_DIR = Path(__file__).resolve().parent / "data"
REVIEW_PATH = DATA_DIR / "verbs_review.json"
ONTOLOGY_PATH = Path(__file__).resolve().parents[3] / "ontology" / "kg.ttl"

ALLOWED_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
)
# PLOVER names older than the 2021 crosswalk, should one appear
OLD_TYPES = {
    "DEMAND": "REQUEST",
    "FIGHT": "ASSAULT",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
}
# the project's modes (``kgmode:`` individuals of ontology/kg.ttl), read from the ontology
# when it is there; this copy is for an installed package without the ontology beside it
DEFAULT_MODES = frozenset(
    "aerial drone missile artillery heavy_weapons shooting bombing ground naval destroy "
    "shoot_down assassination kill arrest abduction siege capture raid demonstration strike "
    "sit_in ceasefire military humanitarian economic diplomatic deploy withdraw release "
    "negotiation meeting visit statement condemnation warning".split()
)
# PLOVER mode spellings that name one of the project's modes in another word form
MODE_ALIASES = {
    "abduct": "abduction",
    "assassinate": "assassination",
    "demo": "demonstration",
    "firearms": "shooting",
    "explosives": "bombing",
    "suicide-attack": "bombing",
}
# CAMEO codes whose crosswalk mode is coarser than the ontology's: 195 is "Employ aerial
# weapons" (the crosswalk's own comment), which the ontology calls aerial; its heavy_weapons
# is tanks and armour
CODE_MODES = {"195": "aerial"}
# words read as a verb's particle or preposition when they follow the verb bare
PARTICLES = frozenset(
    "about across after against along around as at away back before behind below beneath "
    "beside between beyond by down for forth forward from in into of off on onto out over "
    "past through to toward towards under up upon with within without".split()
)
MARKERS = frozenset("$+^%")
# headwords the dictionary gives inflected (with no ``{forms}`` of a verb to find them in)
INFLECTED = {
    "angered": "anger",
    "attacked": "attack",
    "forgave": "forgive",
    "forgiven": "forgive",
    "is": "be",
    "kidnapped": "kidnap",
    "killed": "kill",
    "losing": "lose",
    "touring": "tour",
    "worried": "worry",
}
_CODE = re.compile(r"\[([^\]]*)\]")
_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
_TOKEN = re.compile(r"\([^)]*\)|\{[^}]*\}|[^\s(){}]+")


@dataclass(frozen=True)
class Pattern:
    """One ``- before * after [code]`` line of a verb block."""

    line: int
    before: str
    after: str
    code: str | None
    #: the verbs the pattern was first written for (its ``# VERB`` comment), upper case
    origin: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verb:
    """One verb line: the verb (``_`` joins the words of a multiword verb) and its own code."""

    line: int
    word: str
    code: str | None
    forms: tuple[str, ...] = ()


@dataclass
class Block:
    """A ``--- NAME [code] ---`` block: its verbs and the patterns they share."""

    line: int
    name: str
    code: str | None
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class Dictionary:
    """A parsed CAMEO verb dictionary: synonym sets (lowercase members) and verb blocks."""

    synsets: dict[str, list[str]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


def parse_code(text: str) -> str | None:
    """The CAMEO code of ``[...]``: the first of a ``source:target`` pair, ``None`` for ``---``.

    >>> parse_code("042:043"), parse_code(":173"), parse_code("---"), parse_code("080!")
    ('042', '173', None, '080')
    """
    for part in text.split(":"):
        digits = re.sub(r"[^0-9]", "", part)
        if digits:
            return digits
    return None


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].strip()


def _parse_verb(lineno: int, text: str) -> Verb | None:
    match = _CODE.search(text)
    code = parse_code(match.group(1)) if match else None
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text).split()
    if not head:
        return None
    braces = re.search(r"\{([^}]*)\}", text)
    forms = tuple(f.lstrip("+").upper() for f in braces.group(1).split()) if braces else ()
    return Verb(lineno, head[0].lstrip("+").upper(), code, forms)


def _origin(raw: str) -> tuple[str, ...]:
    """The verbs a pattern line's comment names (``# STAGE`` → ``("STAGE",)``)."""
    if "#" not in raw:
        return ()
    words = re.findall(r"[A-Z][A-Z_]+", raw.split("#", 1)[1])
    return tuple(dict.fromkeys(w.strip("_") for w in words))


def _parse_pattern(lineno: int, text: str, raw: str = "") -> Pattern | None:
    body = text[1:]
    match = _CODE.search(body)
    code = parse_code(match.group(1)) if match else None
    body = _CODE.sub(" ", body)
    if "*" not in body:
        return None
    before, after = body.split("*", 1)
    return Pattern(lineno, " ".join(before.split()), " ".join(after.split()), code, _origin(raw))


def _read_line(dic: Dictionary, state: dict[str, Any], lineno: int, raw: str) -> None:
    text = _strip_comment(raw)
    if not text or state.get("done"):
        return
    if text.startswith("~"):  # the TRANSFORMATIONS section closing the file
        state["done"] = True
        return
    block = _BLOCK.match(text)
    if block:
        dic.blocks.append(Block(lineno, block.group(1), parse_code(block.group(2))))
        state["synset"] = None
    elif text.startswith("&"):
        state["synset"] = text.split()[0][1:]
        dic.synsets.setdefault(state["synset"], [])
    elif dic.blocks and text.startswith("-"):
        pattern = _parse_pattern(lineno, text, raw)
        if pattern:
            dic.blocks[-1].patterns.append(pattern)
    elif dic.blocks:
        verb = _parse_verb(lineno, text)
        if verb:
            dic.blocks[-1].verbs.append(verb)
    elif state["synset"] and text.startswith("+"):
        dic.synsets[state["synset"]].append(text.split()[0][1:].lower())


def parse_cameo_text(text: str) -> Dictionary:
    """Parse the text of a PETRARCH verb dictionary (see :func:`parse_cameo`)."""
    dic = Dictionary()
    state: dict[str, Any] = {"synset": None}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        _read_line(dic, state, lineno, raw)
    return dic


def base_forms(dic: Dictionary) -> dict[str, str]:
    """Inflected form → its verb, from the ``{forms}`` of the verb lines (``DETERRING`` → deter).

    A few verbs stand on their own line in an inflected form; they are read as their verb.
    """
    table: dict[str, str] = dict(INFLECTED)
    for block in dic.blocks:
        for verb in block.verbs:
            for form in verb.forms:
                if form != verb.word:
                    table.setdefault(form.lower(), verb.word.lower())
    return table


def parse_cameo(path: Path | str) -> Dictionary:
    """Parse a PETRARCH verb dictionary file: its synonym sets, blocks, verbs and patterns."""
    return parse_cameo_text(Path(path).read_text(encoding="utf-8", errors="replace"))


def read_crosswalk_text(
    text: str, modes: Iterable[str] = DEFAULT_MODES
) -> dict[str, tuple[str, str | None]]:
    """CAMEO code → (PLOVER type, mode) from the text of the CAMEO2PLOVER table.

    A mode is kept only when it is (or, through :data:`MODE_ALIASES`, names) one of ``modes``.
    A code listed twice keeps its first line (``08`` heads both CONCEDE and RETREAT).

    >>> text = "18: ASSAULT" + chr(10) + "181: ASSAULT, abduct,  # Abduct"
    >>> sorted(read_crosswalk_text(text).items())
    [('18', ('ASSAULT', None)), ('181', ('ASSAULT', 'abduction'))]
    """
    known = frozenset(modes)
    table: dict[str, tuple[str, str | None]] = {}
    for raw in text.splitlines():
        line = _strip_comment(raw)
        code, sep, rest = line.partition(":")
        if not sep or not code.strip().isdigit() or code.strip() in table:
            continue
        fields = [part.strip() for part in rest.split(",")]
        kind = OLD_TYPES.get(fields[0].upper(), fields[0].upper())
        if kind not in ALLOWED_TYPES:
            continue
        mode = fields[1].lower() if len(fields) > 1 and fields[1] else None
        mode = MODE_ALIASES.get(mode, mode) if mode else None
        mode = mode.replace("-", "_") if mode else None
        mode = CODE_MODES.get(code.strip(), mode)
        table[code.strip()] = (kind, mode if mode in known else None)
    return table


def read_crosswalk(path: Path | str) -> dict[str, tuple[str, str | None]]:
    """CAMEO code → (PLOVER type, mode) from ``CAMEO2PLOVER-2021.txt`` (modes of the ontology)."""
    return read_crosswalk_text(Path(path).read_text(encoding="utf-8"), ontology_modes())


def ontology_modes(path: Path = ONTOLOGY_PATH) -> frozenset[str]:
    """The ``kgmode:`` names of the project's ontology (a built-in copy when it is absent)."""
    if not path.exists():
        return DEFAULT_MODES
    return frozenset(re.findall(r"^kgmode:([a-z_]+)", path.read_text(encoding="utf-8"), re.M))


def lookup(code: str | None, table: dict[str, tuple[str, str | None]]) -> tuple[str | None, ...]:
    """(type, mode) of a CAMEO code, falling back to its longest listed prefix.

    >>> lookup("1951", {"19": ("ASSAULT", None), "195": ("ASSAULT", "aerial")})
    ('ASSAULT', 'aerial')
    >>> lookup("010", {"19": ("ASSAULT", None)})
    (None, None)
    """
    for end in range(len(code or ""), 1, -1):
        if code[:end] in table:  # type: ignore[index]
            return table[code[:end]]  # type: ignore[index]
    return (None, None)


# --- patterns → what a dependency parser can check --------------------------------------


def head_nouns(item: str, synsets: dict[str, list[str]]) -> list[str]:
    """The lowercase head-noun alternatives of one pattern item (word, ``&SET``, ``{A B}``).

    >>> head_nouns("{ARMS SHIPMENT}", {}), head_nouns("&W", {"W": ["gun", "tear_gas_"]})
    (['shipment'], ['gas', 'gun'])
    """
    if item.startswith("{"):
        words = [w for w in item.strip("{}").split() if w not in MARKERS]
        return head_nouns(words[-1], synsets) if words else []
    if item.startswith("&"):
        members = synsets.get(item[1:], [])
        return sorted({h for member in members for h in head_nouns(member.upper(), {})})
    heads = set()
    for alternative in item.lower().split("/"):
        parts = [p for p in alternative.strip("_").split("_") if p]
        if "of" in parts[1:]:
            parts = parts[: parts.index("of")]
        if parts and re.fullmatch(r"[a-z][a-z.'-]*", parts[-1]):
            heads.add(parts[-1])
    return sorted(heads)


def _is_word(item: str) -> bool:
    return item not in MARKERS and not item.startswith(("(", "{", "&"))


def _group_parts(group: str, synsets: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """(preposition alternatives, head nouns) of a ``(PREP words)`` group."""
    items = [t for t in _TOKEN.findall(group[1:-1]) if t not in MARKERS]
    if not items or not _is_word(items[0]):
        return [], []
    preps = sorted({w for w in items[0].lower().split("/") if w})
    rest = items[1:]
    return preps, _np_head(rest, synsets)


def _np_head(items: Sequence[str], synsets: dict[str, list[str]]) -> list[str]:
    """Head nouns of the noun phrase that starts ``items``: its last item before a break."""
    run: list[str] = []
    for item in items:
        if item in MARKERS or item.startswith("(") or item.lower() in PARTICLES:
            break
        run.append(item)
    return head_nouns(run[-1], synsets) if run else []


def pattern_keys(after: str, synsets: dict[str, list[str]]) -> dict[str, list[str]]:
    """``particles``, ``object`` and ``prep_object`` of the words after a pattern's ``*``.

    >>> pattern_keys("POLICE (TO BORDER)", {})
    {'particles': ['to'], 'object': ['police'], 'prep_object': ['border']}
    >>> pattern_keys("OUT {NEW STRATEGY}", {})
    {'particles': ['out'], 'object': ['strategy']}
    """
    items = [t for t in _TOKEN.findall(after) if t not in MARKERS]
    particles: list[str] = []
    while items and _is_word(items[0]) and items[0].lower() in PARTICLES:
        particles.append(items.pop(0).lower())
    groups = [t for t in items if t.startswith("(")]
    obj = _np_head([t for t in items if not t.startswith("(")], synsets)
    preps, prep_obj = _group_parts(groups[0], synsets) if groups else ([], [])
    keys: dict[str, list[str]] = {"particles": particles or preps, "object": obj}
    if prep_obj:
        keys["prep_object"] = prep_obj
    return keys


def _before_is_markers(before: str) -> bool:
    return all(token in MARKERS for token in before.split())


# --- the conversion -----------------------------------------------------------------------


def _split_verb(word: str) -> tuple[str, list[str]]:
    """(lemma, rest) of a verb: ``HAND_OVER`` → ("hand", ["over"])."""
    parts = [p for p in word.lower().split("_") if p]
    return parts[0], parts[1:]


def _multiword_keys(rest: list[str]) -> dict[str, list[str]]:
    particles = [p for p in rest if p in PARTICLES]
    nouns = [p for p in rest if p not in PARTICLES]
    return {"particles": particles, "object": nouns[:1]}


def _entry(kind: str | None, mode: str | None, code: str | None, keys: dict) -> dict[str, Any]:
    entry: dict[str, Any] = {"particles": keys.get("particles", []), "object": keys["object"]}
    if keys.get("prep_object"):
        entry["prep_object"] = keys["prep_object"]
    entry.update({"type": kind, "mode": mode, "cameo": code})
    return entry


class _Builder:
    """Collects lemmas over the blocks of a dictionary."""

    def __init__(self, dic: Dictionary, table: dict[str, tuple[str, str | None]]) -> None:
        self.dic = dic
        self.table = table
        self.base = base_forms(dic)
        self.verbs: dict[str, dict[str, Any]] = {}
        self.patterns: dict[str, list[dict[str, Any]]] = {}

    def _record(self, lemma: str, line: int) -> dict[str, Any]:
        if lemma not in self.verbs:
            self.verbs[lemma] = {"lemma": lemma, "type": None, "mode": None, "cameo": None}
            self.verbs[lemma]["source"] = f"{CAMEO_FILE}:{line}"
            self.verbs[lemma]["_set"] = False
            self.patterns[lemma] = []
        return self.verbs[lemma]

    def add_block(self, block: Block) -> None:
        keys = []
        for pattern in block.patterns:
            if not _before_is_markers(pattern.before):
                continue
            found = pattern_keys(pattern.after, self.dic.synsets)
            if found["particles"] or found["object"] or found.get("prep_object"):
                keys.append((found, pattern.code, pattern.origin))
        for verb in block.verbs:
            self.add_verb(verb, block, keys)

    def add_verb(
        self, verb: Verb, block: Block, keys: list[tuple[dict, str | None, tuple]]
    ) -> None:
        lemma, rest = _split_verb(verb.word)
        lemma = self.base.get(lemma, lemma) if not rest else INFLECTED.get(lemma, lemma)
        if not re.fullmatch(r"[a-z][a-z-]*", lemma):
            return
        record = self._record(lemma, verb.line)
        code = verb.code or block.code
        kind, mode = lookup(code, self.table)
        keys = _own_patterns(verb, keys) if kind is not None else [k[:2] for k in keys]
        if rest:
            prefix = _multiword_keys(rest)
            self.patterns[lemma].append(_entry(kind, mode, code, prefix))
            for found, pcode in keys:
                ptype, pmode = lookup(pcode, self.table) if pcode else (None, None)
                merged = {**found, "particles": prefix["particles"] + found["particles"]}
                merged["object"] = found["object"] or prefix["object"]
                self.patterns[lemma].append(_entry(ptype, pmode, pcode, merged))
            return
        if not record["_set"] and code is not None:
            record.update({"type": kind, "mode": mode, "cameo": code, "_set": True})
            record["source"] = f"{CAMEO_FILE}:{verb.line}"
        for found, pcode in keys:
            ptype, pmode = lookup(pcode, self.table) if pcode else (None, None)
            self.patterns[lemma].append(_entry(ptype, pmode, pcode, found))

    def records(self) -> list[dict[str, Any]]:
        out = []
        for lemma in sorted(self.verbs):
            record = {k: v for k, v in self.verbs[lemma].items() if k != "_set"}
            default = (record["type"], record["mode"])
            record["patterns"] = _collapse(self.patterns[lemma], default)
            if record["type"] is None and not record["patterns"]:
                continue
            record["source"] = record.pop("source")
            out.append(record)
        return out


def _own_patterns(verb: Verb, keys: list[tuple[dict, str | None, tuple]]) -> list[tuple]:
    """The block's patterns first written for this verb (or for no verb in particular).

    PETRARCH applies a block's patterns to every verb of the block; copied to the synonyms of
    a verb that codes an event by itself, they code nonsense ("take part" → "capture part"
    AGREE, "deny attack" ASSAULT), so such a verb keeps its own patterns and its default.
    A verb with no code of its own needs the block's patterns and keeps them all.
    """
    names = {verb.word, *verb.forms}
    return [(found, code) for found, code, origin in keys if not origin or names & set(origin)]


def _collapse(patterns: list[dict[str, Any]], default: tuple) -> list[dict[str, Any]]:
    """Patterns sorted, duplicates collapsed, those that code the default dropped."""
    seen: dict[str, dict[str, Any]] = {}
    for pattern in sorted(patterns, key=_pattern_sort):
        if (pattern["type"], pattern["mode"]) == default:
            continue
        key = json.dumps({k: v for k, v in pattern.items() if k != "cameo"}, sort_keys=True)
        seen.setdefault(key, pattern)
    return sorted(seen.values(), key=_pattern_sort)


def _pattern_sort(pattern: dict[str, Any]) -> str:
    return json.dumps(
        [pattern["particles"], pattern["object"], pattern.get("prep_object", []),
         pattern["type"] or "", pattern["mode"] or "", pattern["cameo"] or ""]
    )  # fmt: skip


def apply_review(records: list[dict[str, Any]], review: list[dict[str, Any]]) -> list[dict]:
    """Apply the reviewed overrides: ``drop`` a lemma, or ``set`` its default type and mode.

    A ``set`` of a lemma the dictionary lacks adds it (``cameo`` null, ``source`` the review);
    ``add_patterns`` appends patterns. Patterns that now code the default are dropped.
    """
    by_lemma = {record["lemma"]: record for record in records}
    for item in review:
        lemma = item["lemma"]
        if item["action"] == "drop":
            by_lemma.pop(lemma, None)
            continue
        record = by_lemma.get(lemma)
        if record is None:
            record = {"lemma": lemma, "cameo": None, "patterns": [], "source": "verbs_review.json"}
            by_lemma[lemma] = record
        record["type"], record["mode"] = item.get("type"), item.get("mode")
        record["patterns"] = record["patterns"] + item.get("add_patterns", [])
        default = (record["type"], record["mode"])
        record["patterns"] = [p for p in record["patterns"] if (p["type"], p["mode"]) != default]
    return [_ordered(by_lemma[lemma]) for lemma in sorted(by_lemma)]


def _ordered(record: dict[str, Any]) -> dict[str, Any]:
    order = ("lemma", "type", "mode", "cameo", "patterns", "source")
    return {key: record.get(key) for key in order}


def convert(shared: Path, review: Path | None = REVIEW_PATH) -> list[dict[str, Any]]:
    """The lexicon records from ``shared/lexicons`` (CAMEO.2.0.txt + crosswalk) and the review."""
    dic = parse_cameo(Path(shared) / CAMEO_PATH)
    table = read_crosswalk(Path(shared) / CROSSWALK_PATH)
    builder = _Builder(dic, table)
    for block in dic.blocks:
        builder.add_block(block)
    records = builder.records()
    if review is not None and Path(review).exists():
        records = apply_review(records, json.loads(Path(review).read_text(encoding="utf-8")))
    return [_ordered(record) for record in records]


def write_jsonl(records: Iterable[dict[str, Any]], out: Path) -> None:
    """Write one JSON object a line, through a temporary file renamed over ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kg.lang.en.convert --shared ../shared --out kg/lang/en/data/verbs.jsonl``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, required=True, help="the ../shared folder")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "verbs.jsonl")
    parser.add_argument("--no-review", action="store_true", help="skip verbs_review.json")
    args = parser.parse_args(argv)
    records = convert(args.shared, None if args.no_review else REVIEW_PATH)
    write_jsonl(records, args.out)
    patterns = sum(len(record["patterns"]) for record in records)
    print(f"{len(records)} verbs, {patterns} patterns -> {args.out}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
