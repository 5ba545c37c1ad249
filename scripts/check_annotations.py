"""Check annotation files of data/annotations/ar against the sentences and the guideline.

Usage: python scripts/check_annotations.py FILE [FILE ...]

Prints every problem as ``file:line: problem`` and a count per file; exits 1 if any.
"""

from __future__ import annotations

import sys
from collections import Counter

from kg.train.annotations import check_annotations, load_sentences


def main(paths: list[str]) -> int:
    sentences = load_sentences()
    bad = 0
    for path in paths:
        found, problems = check_annotations(path, sentences)
        for p in problems:
            print(p)
        events = [e for a in found.values() for e in a.events]
        statuses = Counter(e.status for e in events)
        print(
            f"{path}: {len(found)} sentences, {len(events)} events {dict(statuses)}, "
            f"{len(problems)} problem(s)"
        )
        bad += len(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
