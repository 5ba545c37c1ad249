"""Benchmark: seed event F1, dev-set sentence scores, NER scores and speed, side by side.

Usage: python bench/evaluate.py [--shared ../shared] [--articles 300]

The NER block scores the shipped model on the NewsFANE test split, alone and with the
document pass (``bench/ner.py`` compares models and measures the NER's own speed).

Speed is measured in one run on the same machine, as words per second of the whole spaCy
pipeline (tokenizer → events) over real news articles from the ANT corpus (Apache-2.0,
cite the ANT paper) when ../shared is present, else over the seed article repeated.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from kg.build import extract_articles
from kg.evaluate import load_gold, load_sentence_gold, score, score_sentences, sentences_as_articles
from kg.events.jsonl import events_jsonl
from kg.ingest import parse_date, read_articles
from kg.lang.ar.pipeline import ner_model_path
from kg.train import LABELS, NEWSFANE, evaluate_ner, prepare_newsfane
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]


def _events(articles: list[Article]) -> list[dict]:
    evs, _ = extract_articles(articles)
    return [json.loads(line) for line in events_jsonl(evs, articles).splitlines()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--articles", type=int, default=300, help="ANT articles for the speed run")
    args = ap.parse_args()

    seed_articles = read_articles([ROOT / "seeds"])
    seed = score(load_gold(ROOT / "tests" / "data"), _events(seed_articles), ROOT / "seeds")
    print("== seed gold (tests/data/seed_000.gold.json)")
    print(
        f"precision {seed.precision:.3f}  recall {seed.recall:.3f}  F1 {seed.f1:.3f}  "
        f"duplicates {seed.duplicates}  "
        + "  ".join(f"{k} {v.share:.2f}" for k, v in seed.slots.items())
    )

    dev_path = args.shared / "eval" / "up_arabic_dev.jsonl"
    if dev_path.exists():
        gold = load_sentence_gold(dev_path)
        arts = [
            Article(
                id=a["id"],
                text=a["text"],
                lang="ar",
                path=str(dev_path),
                date=parse_date(a["date"]),
            )
            for a in sentences_as_articles(gold)
        ]
        res = score_sentences(gold, _events(arts))
        print(f"\n== dev sentences ({dev_path.name}, {len(gold)} sentences)")
        print(res.to_text())
    else:
        print(f"\n(dev set skipped: {dev_path} absent)")

    newsfane = args.shared / NEWSFANE
    if newsfane.exists() and (ner_model_path() / "meta.json").exists():
        ner = evaluate_ner(ner_model_path(), prepare_newsfane(newsfane).test)
        print(f"\n== NER ({ner_model_path().name}) on NewsFANE test ({ner['entities']} entities)")
        print(f"{'':8}{'model alone':>26}{'+ document pass':>26}")
        for label in (*LABELS, "overall"):
            cells = []
            for s in (ner, ner["document"]):
                s = s if label == "overall" else s["per_type"][label]
                cells.append(f"P {s['p']:.3f} R {s['r']:.3f} F {s['f']:.3f}".rjust(26))
            print(f"{label:8}" + "".join(cells))
    else:
        print(f"\n(NER scores skipped: {newsfane} or the shipped model absent)")

    corpus = args.shared / "corpora" / "ant_v1.1" / "articles.jsonl.gz"
    if corpus.exists():
        texts = []
        with gzip.open(corpus, "rt", encoding="utf-8") as fh:
            for line in fh:
                t = json.loads(line)["text"]
                if t.strip():
                    texts.append(t)
                if len(texts) >= args.articles:
                    break
        source = f"{len(texts)} ANT v1.1 articles"
    else:
        texts = [seed_articles[0].text] * 50
        source = "the seed article x50"
    arts = [Article(id=str(i), text=t, lang="ar", path="bench") for i, t in enumerate(texts)]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    evs, _ = extract_articles(arts)
    secs = time.perf_counter() - t0
    print(f"\n== speed on {source}: {words:,} words in {secs:.2f} s")
    print(f"{words / secs:,.0f} words/s (one process), {len(evs)} events")


if __name__ == "__main__":
    main()
