"""Count normalized word frequencies in the ANT v1.1 news corpus for the tokenizer's clitic rule.

Usage: python scripts/word_frequencies.py [--shared ../shared] [--top 60000]

Writes kg/lang/ar/data/ant_word_freq.tsv ("word<TAB>count", most frequent first). ANT v1.1 is
Apache-2.0 with a citation request (Chouigui et al., ANT Corpus, AICCSA 2017); only word
counts are shipped, not text.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
from pathlib import Path

from kg.text import normalize

ROOT = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"[\u0621-\u064a]+")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--top", type=int, default=60000)
    args = ap.parse_args()
    counts: collections.Counter[str] = collections.Counter()
    corpus = args.shared / "corpora" / "ant_v1.1" / "articles.jsonl.gz"
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            for field in ("title", "abstract", "text"):
                counts.update(_WORD.findall(normalize(obj.get(field) or "")))
    out = ROOT / "kg" / "lang" / "ar" / "data" / "ant_word_freq.tsv"
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: args.top]
    out.write_text("".join(f"{w}\t{c}\n" for w, c in rows if c >= 2), encoding="utf-8")
    print(f"{len(rows):,} words → {out}")


if __name__ == "__main__":
    main()
