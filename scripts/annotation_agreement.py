"""Agreement between the two independent annotation passes (docs/annotation.md).

Usage: python scripts/annotation_agreement.py [FIRST] [SECOND]
(default: data/annotations/ar/events.jsonl and data/annotations/ar/second_pass.jsonl)
"""

from __future__ import annotations

import sys

from kg.train.annotations import DATA, agreement, load_annotations, load_sentences


def main(argv: list[str]) -> None:
    first = argv[0] if argv else DATA / "events.jsonl"
    second = argv[1] if len(argv) > 1 else DATA / "second_pass.jsonl"
    sentences = load_sentences()
    print(
        agreement(load_annotations(first, sentences), load_annotations(second, sentences)).to_text()
    )


if __name__ == "__main__":
    main(sys.argv[1:])
