"""Benchmark: events per ANT v1.1 section on all 10k articles, rules alone and learned.

Usage: python bench/ant_sections.py [--shared ../shared] [--sample FILE]

Runs both pipelines over every ANT article (one process each, one after the other) and
prints, per ANT category, events per article of all types and of the conflict types
(ASSAULT, COERCE, PROTEST, MOBILIZE, THREATEN, SANCTION), the change from the rules to the
learned pipeline and the words per second of each. ``--sample FILE`` writes 100 events of
the learned pipeline drawn at random (seed 2026) for judging by hand (docs/extraction.md;
the judged sample of the shipped models is docs/judged_events.jsonl).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from pathlib import Path

from kg.lang import make_nlp
from kg.nlp.extensions import article_docs
from kg.train.data import ANT, ant_articles
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]
CONFLICT = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "THREATEN", "SANCTION"}


def _articles(shared: Path) -> tuple[list[Article], dict[str, str]]:
    arts, cats = [], {}
    for a in ant_articles(shared / ANT):
        text = (a.get("text") or "").strip()
        if text:
            arts.append(Article(a["id"], text, "ar", "ant"))
            cats[a["id"]] = a.get("category") or "?"
    return arts, cats


def run(learned: bool, arts: list[Article], cats: dict[str, str]) -> tuple[dict, list[dict]]:
    """Counts per category and every event as a small record."""
    nlp = make_nlp.__wrapped__("ar", ner=True, learned=learned)
    n_ev: Counter = Counter()
    n_conf: Counter = Counter()
    rows = []
    t0 = time.perf_counter()
    for doc in article_docs(nlp, arts):
        for e in doc._.events:
            cat = cats[e.article]
            n_ev[cat] += 1
            n_conf[cat] += e.event_type in CONFLICT
            rows.append(
                {
                    "article": e.article,
                    "category": cat,
                    "type": e.event_type,
                    "mode": e.mode,
                    "trigger": e.trigger.text,
                    "sentence": e.sentence.text,
                    "actor": e.actor.text if e.actor else None,
                    "target": e.target.text if e.target else None,
                    "place": e.place.text if e.place else None,
                }
            )
    secs = time.perf_counter() - t0
    return {"events": n_ev, "conflict": n_conf, "seconds": secs}, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--sample", type=Path, default=None)
    args = ap.parse_args()
    arts, cats = _articles(args.shared)
    n_art = Counter(cats[a.id] for a in arts)
    words = sum(len(a.text.split()) for a in arts)
    rules, _ = run(False, arts, cats)
    learned, rows = run(True, arts, cats)
    print(f"{len(arts):,} articles, {words:,} words")
    print(
        f"{'category':18} {'articles':>8}   all: rules learned change   conflict: rules learned change"
    )
    for cat in sorted(n_art):
        r, lrn = rules["events"][cat] / n_art[cat], learned["events"][cat] / n_art[cat]
        rc, lc = rules["conflict"][cat] / n_art[cat], learned["conflict"][cat] / n_art[cat]
        print(
            f"{cat:18} {n_art[cat]:8}   {r:9.3f} {lrn:7.3f} {_change(r, lrn):>6}"
            f"   {rc:15.3f} {lc:7.3f} {_change(rc, lc):>6}"
        )
    for name, res in (("rules", rules), ("learned", learned)):
        print(f"speed {name}: {words / res['seconds']:,.0f} words/s")
    if args.sample:
        random.Random(2026).shuffle(rows)
        with args.sample.open("w", encoding="utf-8") as fh:
            for i, row in enumerate(rows[:100], 1):
                fh.write(json.dumps({"n": i, **row}, ensure_ascii=False) + "\n")


def _change(a: float, b: float) -> str:
    return f"{(b / a - 1) * 100:+.0f}%" if a else "-"


if __name__ == "__main__":
    main()
