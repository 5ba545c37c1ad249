"""Draw the sentences of the project's annotated corpus from ANT v1.1 (see docs/annotation.md).

Usage: python scripts/sample_annotation.py [--shared ../shared] [--seed 13] [--round 3|…|8]

Writes data/annotations/ar/sentences.jsonl: one sentence per line with its article, ANT
category, split, the article title and the sentence before it (``context``), and
``sampled_for`` (``trigger``: it holds a word of the trigger lexicon; ``random``: it does
not; ``conflict``: round 2, a trigger of a conflict type, drawn after the first pass to
learn the domain the tool is for; ``news``: rounds 3 and 4, a trigger or a recall candidate
of any type in the news sections; ``accident``: rounds 3 and 4, an accident or disaster
word, to teach what is not an attack; ``conflict`` again in round 5, the design of round 2 on
other articles, for the roles of conflict events) and ``round``. ``--round 3`` (then
``--round 4``, the same design on other articles; ``--round 5``; ``--round 6``, the design of
rounds 3 and 4 again, on articles of no earlier round; ``--round 7``, round 5's design again,
480 sentences; ``--round 8``, the design of round 6 again, 361 sentences) appends that round to the existing file, from articles not drawn before (rounds 1 and 2 are never redrawn). The split is fixed by article (the sha1 of the ANT id) before anything is
trained: 70 % train, 15 % dev, 15 % test. At most two sentences come from one article, and articles
whose text repeats another's are read once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from kg.lang import make_nlp
from kg.lang.ar.normalize import strip_proclitics
from kg.nlp.extensions import CANDIDATES, TRIGGERS
from kg.train.data import ANT, ant_articles

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "annotations" / "ar" / "sentences.jsonl"

#: Round 2: sentences of the conflict types (a trigger of one of them), per category.
CONFLICT_TYPES = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "THREATEN", "SANCTION"}
QUOTAS_2 = {"internationalNews": 360, "localNews": 150, "politic": 50}

#: Sentences per ANT category: (with a trigger word, without one).
QUOTAS = {
    "internationalNews": (450, 60),
    "localNews": (350, 60),
    "politic": (200, 30),
    "society": (100, 20),
    "sport": (120, 20),
    "culture": (60, 10),
    "diverse": (80, 10),
    "economy": (50, 10),
    "technology": (20, 10),
}
#: Round 3: sentences with a trigger or a recall candidate of any type, per news section,
#: and sentences telling of an accident or a disaster (the false attacks of learned-ar-2).
QUOTAS_3 = {"internationalNews": 200, "localNews": 170, "politic": 70, "society": 60}
ACCIDENTS_3 = 100
#: Round 5: sentences holding a trigger of a conflict type, per news section (the actors and
#: targets of conflict events are the model's weakest part).
QUOTAS_5 = {"internationalNews": 330, "localNews": 200, "politic": 70}
#: Round 7: the design of round 5 again on sentences not drawn before (politics has 2 left).
QUOTAS_7 = {"internationalNews": 240, "localNews": 200, "politic": 70, "society": 40}
#: The quotas of each round drawn by :func:`draw_conflict_round`.
CONFLICT_ROUNDS = {5: QUOTAS_5, 7: QUOTAS_7}
#: Round 8: the design of rounds 3, 4 and 6 on articles of no earlier round (international
#: news has 1 left).
QUOTAS_8 = {"internationalNews": 100, "localNews": 200, "politic": 40, "society": 60}
#: The (per-section quotas, accident sentences) of each round drawn by :func:`draw_news_round`.
NEWS_ROUNDS = {3: (QUOTAS_3, ACCIDENTS_3), 4: (QUOTAS_3, ACCIDENTS_3), 6: (QUOTAS_3, ACCIDENTS_3),
               8: (QUOTAS_8, 60)}  # fmt: skip
ACCIDENT_HEADS = tuple(
    strip_proclitics(w, article=True)
    for w in ("حادث", "حوادث", "حريق", "حرائق", "غرق", "زلزال", "فيضان", "سيول", "انهيار",
              "اصطدام", "تصادم", "انقلاب", "صعق", "اختناق")
)  # fmt: skip
MIN_TOKENS, MAX_TOKENS = 6, 80
PER_ARTICLE = 2


def split_of(article_id: str) -> str:
    """train / dev / test from the article id alone (fixed before any training)."""
    bucket = int(hashlib.sha1(article_id.encode("utf-8")).hexdigest(), 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def read_pools(shared: Path) -> dict[tuple[str, str], list[dict]]:
    """Every sentence of 6-80 tokens of the ANT articles, by (category, trigger|random)."""
    nlp = make_nlp("ar", ner=False, learned=False)
    tokenize, sentences, triggers = (
        nlp.tokenizer,
        nlp.get_pipe("kg_sentences"),
        nlp.get_pipe("kg_triggers"),
    )
    pools: dict[tuple[str, str], list[dict]] = defaultdict(list)
    seen_texts: set[str] = set()
    for art in ant_articles(shared / ANT):
        text = (art.get("text") or "").strip()
        cat = art.get("category")
        if not text or text in seen_texts or cat not in QUOTAS:
            continue
        seen_texts.add(text)
        doc = triggers(sentences(tokenize(text)))
        for kind, item in _sentences(art, doc):
            pools[(cat, kind)].append(item)
    return pools


def _sentences(art: dict, doc) -> list[tuple[str, dict]]:
    sents = [s for s in doc.sents if not all(t.is_space for t in s)]
    trig_starts = {t.start for t in doc.spans[TRIGGERS]}
    cand_starts = trig_starts | {t.start for t in doc.spans[CANDIDATES]}
    conflict_starts = {t.start for t in doc.spans[TRIGGERS] if t.label_ in CONFLICT_TYPES}
    out = []
    previous = ""
    for k, sent in enumerate(sents):
        n = sum(1 for t in sent if not t.is_space)
        s_text = sent.text.strip()
        if MIN_TOKENS <= n <= MAX_TOKENS:
            has = any(sent.start <= i < sent.end for i in trig_starts)
            item = {
                "conflict": any(sent.start <= i < sent.end for i in conflict_starts),
                "candidate": any(sent.start <= i < sent.end for i in cand_starts),
                "accident": any(
                    strip_proclitics(t.norm_, article=True).startswith(ACCIDENT_HEADS) for t in sent
                ),
                "id": f"{art['id']}#{k}",
                "article": art["id"],
                "category": art.get("category"),
                "split": split_of(art["id"]),
                "title": art.get("title") or "",
                "context": previous,
                "text": s_text,
                "sampled_for": "trigger" if has else "random",
            }
            out.append(("trigger" if has else "random", item))
        previous = s_text
    return out


def draw(pools: dict[tuple[str, str], list[dict]], seed: int) -> tuple[list[dict], int]:
    """Round 1 by the quotas, then round 2 (conflict types); returns them and the articles."""
    rng = random.Random(seed)
    per_article: dict[str, int] = defaultdict(int)
    chosen: list[dict] = []

    def take(pool: list[dict], quota: int, round_: int) -> int:
        return _take(pool, quota, chosen, per_article, {"round": round_})

    for cat, (n_trig, n_rand) in QUOTAS.items():
        for kind, quota in (("trigger", n_trig), ("random", n_rand)):
            pool = pools[(cat, kind)]
            rng.shuffle(pool)
            taken = take(pool, quota, 1)
            print(f"{cat:18} {kind:8} {taken:4} of {len(pool):6} candidates")
    # Round 2 (after the first pass): more sentences of the conflict types, other articles.
    taken_ids = {item["id"] for item in chosen}
    for cat, quota in QUOTAS_2.items():
        pool = [x for x in pools[(cat, "trigger")] if x["conflict"] and x["id"] not in taken_ids]
        taken = take(pool, quota, 2)  # the pools are already shuffled
        print(f"{cat:18} round 2  {taken:4} of {len(pool):6} candidates")
    for item in _without_flags(chosen):
        item["sampled_for"] = item["sampled_for"] if item["round"] == 1 else "conflict"
    chosen.sort(key=lambda x: x["id"])
    return chosen, len(per_article)


def _take(
    pool: list[dict],
    quota: int,
    chosen: list[dict],
    per_article: dict[str, int],
    fields: dict,
    skip: Callable[[dict], bool] = lambda item: False,
) -> int:
    """Append up to ``quota`` items of ``pool`` to ``chosen`` (with ``fields`` set), in order.

    At most :data:`PER_ARTICLE` per article (counted in ``per_article``), none that ``skip``
    refuses; returns how many were taken.
    """
    taken = 0
    for item in pool:
        if taken == quota:
            break
        if per_article[item["article"]] >= PER_ARTICLE or skip(item):
            continue
        per_article[item["article"]] += 1
        chosen.append({**item, **fields})
        taken += 1
    return taken


def _without_flags(chosen: list[dict]) -> list[dict]:
    """``chosen`` without the pool's flags (``conflict``, ``candidate``, ``accident``)."""
    for item in chosen:
        for key in ("conflict", "candidate", "accident"):
            item.pop(key, None)
    return chosen


def draw_news_round(
    pools: dict[tuple[str, str], list[dict]], seed: int, done: list[dict], round_: int
) -> list[dict]:
    """Round 3, 4, 6 or 8, from articles of no earlier round: news-section candidates, accidents."""
    rng = random.Random(seed * 1000 + round_)
    used = {item["article"] for item in done}
    per_article: dict[str, int] = defaultdict(int)
    chosen: list[dict] = []

    def skip(item: dict) -> bool:
        return item["article"] in used or any(c["id"] == item["id"] for c in chosen)

    def take(pool: list[dict], quota: int, why: str) -> int:
        fields = {"round": round_, "sampled_for": why}
        return _take(pool, quota, chosen, per_article, fields, skip)

    quotas, n_accidents = NEWS_ROUNDS[round_]
    news = [x for cat in quotas for kind in ("trigger", "random") for x in pools[(cat, kind)]]
    accidents = sorted((x for x in news if x["accident"]), key=lambda x: x["id"])
    rng.shuffle(accidents)
    print(
        f"accidents          round {round_}  {take(accidents, n_accidents, 'accident'):4} of {len(accidents):6}"
    )
    for cat, quota in quotas.items():
        pool = sorted(
            (x for kind in ("trigger", "random") for x in pools[(cat, kind)] if x["candidate"]),
            key=lambda x: x["id"],
        )
        rng.shuffle(pool)
        print(f"{cat:18} round {round_}  {take(pool, quota, 'news'):4} of {len(pool):6} candidates")
    return _without_flags(chosen)


def draw_conflict_round(
    pools: dict[tuple[str, str], list[dict]], seed: int, done: list[dict], round_: int
) -> list[dict]:
    """Round 5 (and 7): sentences with a conflict-type trigger not drawn before.

    Earlier rounds hold most of the conflict articles of international news, so a sentence
    may come from an article drawn before (its split is the article's, so nothing crosses
    the split); at most :data:`PER_ARTICLE` new ones per article, articles of no earlier
    round first.
    """
    rng = random.Random(seed * 1000 + round_)
    used = {item["article"] for item in done}
    taken_ids = {item["id"] for item in done}
    per_article: dict[str, int] = defaultdict(int)
    chosen: list[dict] = []
    for cat, quota in CONFLICT_ROUNDS[round_].items():
        pool = sorted(
            (x for x in pools[(cat, "trigger")] if x["conflict"] and x["id"] not in taken_ids),
            key=lambda x: x["id"],
        )
        rng.shuffle(pool)
        pool.sort(key=lambda x: x["article"] in used)  # stable: new articles first
        fields = {"round": round_, "sampled_for": "conflict"}
        taken = _take(pool, quota, chosen, per_article, fields)
        print(f"{cat:18} round {round_}  {taken:4} of {len(pool):6} candidates")
    return _without_flags(chosen)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--round", type=int, choices=(1, 3, 4, 5, 6, 7, 8), default=1, help="3-8: append it"
    )
    args = ap.parse_args()
    if args.round in (3, 4, 5, 6, 7, 8):
        done = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line]
        drawn = draw_conflict_round if args.round in CONFLICT_ROUNDS else draw_news_round
        chosen = done + drawn(read_pools(args.shared), args.seed, done, args.round)
        chosen.sort(key=lambda x: x["id"])
        n_articles = len({item["article"] for item in chosen})
    else:
        chosen, n_articles = draw(read_pools(args.shared), args.seed)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        for item in chosen:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    by_split: dict[str, int] = defaultdict(int)
    for item in chosen:
        by_split[item["split"]] += 1
    print(f"{len(chosen)} sentences from {n_articles} articles → {OUT}: {dict(by_split)}")


if __name__ == "__main__":
    main()
