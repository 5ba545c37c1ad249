"""Benchmark: time and peak memory of one long article without punctuation, per size.

Usage: python bench/long_text.py [--sizes 25000,50000,100000,200000] [--lengths ../shared]

The article is the seed article (real conflict news) with its punctuation and line breaks
removed, repeated to each size: one "sentence" for the full stops, so only the sentence cap
(``kg.nlp.sentences.MAX_SENTENCE_TOKENS``) bounds the per-sentence work. Each size runs in a
fresh process (the whole pipeline: tokenizer, NER, gazetteer, triggers, events), which
prints the seconds of extraction, the peak resident memory of the process and that peak
less the memory of the loaded pipeline. The table adds the ratio to the previous size: a
doubling of the text should double the time (≈ 2×).

``--lengths DIR`` prints instead the distribution of sentence lengths (tokens, as the
pipeline counts them) of the ANT v1.1 news under DIR/corpora, and how many sentences the cap
cuts.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def unpunctuated(chars: int) -> str:
    """The seed article without punctuation or line breaks, repeated to ``chars`` characters."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    text = " ".join(re.sub(r"[.،,؛;:؟?!«»\"“”'()\-]", " ", text).split())
    return ((text + " ") * (chars // len(text) + 1))[:chars].strip()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(chars: int) -> dict:
    """Extract one article of ``chars`` characters in this process; its numbers."""
    from kg.build import extract_articles
    from kg.lang import make_nlp
    from kg.types import Article

    make_nlp("ar")("قال الجيش إن قواته قصفت مواقع المسلحين.")  # load and warm the pipeline
    base = _rss_mb()
    text = unpunctuated(chars)
    t = time.perf_counter()
    events, _ = extract_articles([Article("long", text, "ar", "bench")])
    secs = time.perf_counter() - t
    peak = _rss_mb()
    return {"chars": len(text), "seconds": secs, "peak_mb": peak, "extra_mb": peak - base,
            "events": len(events)}  # fmt: skip


def lengths(shared: Path) -> None:
    """Sentence lengths of ANT v1.1 news (the pipeline's tokenizer and sentences)."""
    import numpy as np

    from kg.lang import make_nlp
    from kg.nlp.sentences import MAX_SENTENCE_TOKENS
    from kg.train.data import ANT, ant_articles

    nlp = make_nlp("ar", ner=False)
    sentencizer = nlp.get_pipe("kg_sentences")
    cut = sentencizer.max_tokens
    sentencizer.max_tokens = 10**9  # measure the sentences as the full stops make them
    lens = []
    for art in ant_articles(shared / ANT):
        text = (art.get("text") or "").strip()
        if text:
            doc = sentencizer(nlp.tokenizer(text))
            lens += [len(s) for s in doc.sents if not all(t.is_space for t in s)]
    sentencizer.max_tokens = cut
    arr = np.array(lens)
    print(f"{len(arr):,} sentences; tokens per sentence at percentiles:")
    for p in (50, 90, 95, 99, 99.5, 99.9, 99.99, 100):
        print(f"  {p:>6}: {np.percentile(arr, p):7.0f}")
    for n in (100, 150, MAX_SENTENCE_TOKENS, 250, 300, 400):
        mark = "  <- MAX_SENTENCE_TOKENS" if n == MAX_SENTENCE_TOKENS else ""
        print(f"  longer than {n:>4}: {int((arr > n).sum()):5d}{mark}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="25000,50000,100000,200000")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--lengths", type=Path, metavar="SHARED")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    if args.lengths:
        lengths(args.lengths)
        return
    print(
        f"{'chars':>9} {'events':>7} {'seconds':>8} {'×time':>6} {'peak MB':>8} {'+MB':>7} {'×MB':>5}"
    )
    prev = None
    for chars in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(chars)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rt = f"{row['seconds'] / prev['seconds']:.1f}" if prev else ""
        rm = f"{row['extra_mb'] / prev['extra_mb']:.1f}" if prev and prev["extra_mb"] > 0 else ""
        print(
            f"{row['chars']:>9,} {row['events']:>7} {row['seconds']:>8.1f} {rt:>6}"
            f" {row['peak_mb']:>8.0f} {row['extra_mb']:>7.0f} {rm:>5}",
            flush=True,
        )
        prev = row


if __name__ == "__main__":
    main()
