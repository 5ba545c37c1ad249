"""Benchmark: two extraction runs on the corpus, and whether their event F1 differs beyond chance.

Usage: python bench/compare.py A B [--split dev|test] [--save-a FILE] [--save-b FILE]
       [--draws 2000]

A and B are each a models directory (``detect``, ``roles``, ``relevance``: e.g. what ``kg
train extraction --dev-models DIR`` wrote, which never saw the dev split), run through the
learned pipeline of this tree, or a JSON file of event records saved by an earlier run
(``--save-a``/``--save-b``): to compare two versions of the code, save A's records in one
tree and B's in the other. Prints each run's event P / R / F1 on the split (as
``bench/extraction.py``) and the paired bootstrap of the difference over the split's
articles (:func:`kg.evaluate.corpus.paired_bootstrap`): its mean, the central 95 % and the
share of draws in which B is better. On corpus dev (about 400 events) a difference of 0.01
is inside that interval: choose between settings by more than one draw of the dev split.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from extraction import _records, corpus_articles  # the runs of bench/extraction.py

from kg.evaluate.corpus import paired_bootstrap, score_corpus
from kg.lang import make_nlp
from kg.lang.ar.pipeline import load_decider
from kg.train.annotations import load_annotations, load_sentences


def _run(nlp, source: Path, split_sentences: dict) -> list[dict]:
    """The records saved in ``source`` (a .json file), or those of its models on the split."""
    if source.suffix == ".json":
        return json.loads(source.read_text(encoding="utf-8"))
    nlp.get_pipe("kg_events").grammar.decider = load_decider(source)
    return _records(nlp, corpus_articles(split_sentences))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--save-a", type=Path)
    ap.add_argument("--save-b", type=Path)
    ap.add_argument("--draws", type=int, default=2000)
    args = ap.parse_args()
    sentences = load_sentences()
    annotations = load_annotations(sentences=sentences)
    split = {i: s for i, s in sentences.items() if s.split == args.split and i in annotations}
    runs = []
    nlp = None  # made once, if a models directory is given: the other only swaps the decider
    for name, source, save in (("A", args.a, args.save_a), ("B", args.b, args.save_b)):
        if nlp is None and source.suffix != ".json":
            nlp = make_nlp.__wrapped__("ar", ner=True, learned=True)
        records = _run(nlp, source, split)
        if save is not None:
            save.write_text(json.dumps(records, ensure_ascii=False, default=str), "utf-8")
        c = score_corpus(split, annotations, records)
        print(
            f"{name} {source}: corpus {args.split} event P {c.precision:.3f} R {c.recall:.3f} "
            f"F1 {c.f1:.3f} ({c.gold} gold events)"
        )
        runs.append(records)
    d = paired_bootstrap(split, annotations, *runs, draws=args.draws)
    print(
        f"B - A over {d.articles} articles ({args.draws} draws): {d.f1_b - d.f1_a:+.4f}; "
        f"bootstrap mean {d.mean:+.4f}, 95 % [{d.low:+.4f}, {d.high:+.4f}], "
        f"B better in {d.b_better:.1%} of draws"
    )


if __name__ == "__main__":
    main()
