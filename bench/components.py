"""Benchmark: the cost of each pipeline component on ANT articles, words/s and sentences/s per core.

Usage: python bench/components.py [--shared ../shared] [--articles 500] [--profile]

Words are whitespace-separated words of the text (as in ``bench/extraction.py``). Runs the
Arabic pipeline over the first N ANT v1.1 articles with text, in one process, one
stage at a time over the whole batch: the tokenizer (``nlp.make_doc``), then each component
in pipeline order (``component.pipe`` on the docs the stages before it made), then the whole
pipeline again in one ``nlp.pipe`` for comparison. Prints seconds, words/s and sentences/s
of each, and the share of the total. Sentences are the pipeline's own (``kg_sentences``).
The issue's anchor: PETRARCH2 coded about 250 sentences/s per core from pre-parsed text.

``--profile``: also a pyinstrument profile of the whole-pipeline run (the top functions by
time; pyinstrument is not a kg dependency: ``pip install pyinstrument``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ant import records as ant_records

from kg.lang import make_nlp
from kg.nlp.extensions import article_doc, article_docs
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]
PETRARCH2 = 250  # sentences/s per core, pre-parsed text


def _articles(shared: Path, n: int) -> list[Article]:
    return [Article(r["id"], r["text"], "ar", "ant") for r in ant_records(shared, n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    articles = _articles(args.shared, args.articles)
    nlp = make_nlp("ar")
    list(article_docs(nlp, articles[:5]))  # warm-up: lazy tables, first-call costs
    rows: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    docs = [article_doc(nlp, a) for a in articles]
    rows.append(("tokenizer", time.perf_counter() - t0))
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=nlp.batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]  # fmt: skip
        rows.append((name, time.perf_counter() - t0))
    words = sum(len(a.text.split()) for a in articles)  # words as written, as bench/extraction.py
    tokens = sum(len(d) for d in docs)
    sents = sum(1 for d in docs for _ in d.sents)
    events = sum(len(d._.events) for d in docs)
    staged = sum(s for _, s in rows)
    print(f"{len(articles):,} ANT articles: {words:,} words ({tokens:,} tokens after clitics), {sents:,} sentences, {events:,} events")  # fmt: skip
    print(f"{'stage':<18}{'seconds':>9}{'share':>8}{'words/s':>12}{'sents/s':>10}")
    for name, sec in rows:
        print(f"{name:<18}{sec:>9.2f}{sec / staged:>8.1%}{words / sec:>12,.0f}{sents / sec:>10,.0f}")  # fmt: skip
    print(f"{'all stages':<18}{staged:>9.2f}{1:>8.0%}{words / staged:>12,.0f}{sents / staged:>10,.0f}")  # fmt: skip
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    t0 = time.perf_counter()
    n = sum(len(d._.events) for d in article_docs(nlp, articles))
    whole = time.perf_counter() - t0
    if profiler is not None:
        profiler.stop()
    assert n == events, "the staged run and nlp.pipe disagree"
    print(f"{'nlp.pipe (whole)':<18}{whole:>9.2f}{'':>8}{words / whole:>12,.0f}{sents / whole:>10,.0f}")  # fmt: skip
    print(f"whole pipeline: {words / whole:,.0f} words/s (target 10,000), {sents / whole:,.0f} sentences/s = {sents / whole / PETRARCH2:.1f}x PETRARCH2's ~{PETRARCH2} (target 2x)")  # fmt: skip
    if profiler is not None:
        print(profiler.output_text(unicode=True, color=False, show_all=False)[:6000])


if __name__ == "__main__":
    main()
