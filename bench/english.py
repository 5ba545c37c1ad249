"""Benchmark: the English pipeline's speed beside spaCy's model alone and the Arabic pipeline.

Usage: OPENBLAS_NUM_THREADS=1 python bench/english.py [--shared ../shared] [--rounds 2]

In one process, alternating, each round: spaCy's ``en_core_web_sm`` alone (kg's components
disabled), the whole English pipeline, and the whole Arabic pipeline on 150 ANT politics
and news articles. The English text is the PLOVER gold's 322 sentences, three times over, as
articles of ten sentences (no English news corpus is in ``../shared``). Prints words/s of
each and the ratios, which are what compares across machines.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from extraction import _ant  # the same ANT sample as bench/extraction.py

from kg.evaluate.plover_gsr import load_plover_gsr
from kg.lang import make_nlp
from kg.nlp.extensions import article_docs
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]


def _english(shared: Path) -> list[Article]:
    texts = [g.text for g in load_plover_gsr(shared / "eval" / "plover_gsr_en.json")] * 3
    return [
        Article(f"s{i}", " ".join(texts[i : i + 10]), "en", "bench")
        for i in range(0, len(texts), 10)
    ]


def _rate(run, articles: list[Article]) -> float:
    words = sum(len(a.text.split()) for a in articles)
    t0 = time.perf_counter()
    run(articles)
    return words / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    en = _english(args.shared)
    ar = _ant(args.shared, {"politic", "internationalNews", "localNews"}, 150)
    nlp_en, nlp_ar = make_nlp("en"), make_nlp("ar")
    list(article_docs(nlp_en, en[:5]))
    list(article_docs(nlp_ar, ar[:5]))

    def model_alone(arts: list[Article]) -> None:
        with nlp_en.select_pipes(disable=["kg_gazetteer", "kg_events"]):
            list(nlp_en.pipe(a.text for a in arts))

    print(
        f"English: {len(en)} articles, {sum(len(a.text.split()) for a in en):,} words; "
        f"Arabic: {len(ar)} ANT articles, {sum(len(a.text.split()) for a in ar):,} words"
    )
    for r in range(args.rounds):
        model = _rate(model_alone, en)
        whole = _rate(lambda arts: list(article_docs(nlp_en, arts)), en)
        arabic = _rate(lambda arts: list(article_docs(nlp_ar, arts)), ar)
        print(
            f"round {r + 1}: spaCy model alone {model:,.0f} words/s; English pipeline {whole:,.0f} "
            f"({model / whole:.2f}x the model's time); Arabic pipeline {arabic:,.0f} "
            f"(English/Arabic {whole / arabic:.2f})"
        )


if __name__ == "__main__":
    main()
