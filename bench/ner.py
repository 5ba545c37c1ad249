"""Benchmark the Arabic NER: per-label P/R/F on the NewsFANE test split, size, words/s.

    python bench/ner.py --shared ../shared                      # the shipped model
    python bench/ner.py --shared ../shared --model kg/lang/ar/models/ner --model /tmp/kg_train/novec

Several ``--model`` directories are printed side by side (e.g. with and without vectors).
Speed is tokenizer + NER through ``nlp.pipe`` on one core (BLAS threads pinned to 1), on the
first ``--speed-docs`` ANT v1.1 articles (real news text), else on the test sentences.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

from kg.lang.ar.pipeline import ner_model_path  # noqa: E402
from kg.train import (  # noqa: E402
    ANT,
    LABELS,
    NEWSFANE,
    evaluate_ner,
    measure_speed,
    model_size,
    prepare_newsfane,
)


def _speed_texts(shared: Path, n: int, fallback: list[str]) -> list[str]:
    path = shared / ANT
    if not path.is_file():
        return fallback
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            if text:
                texts.append(text)
            if len(texts) >= n:
                break
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--model", type=Path, action="append", default=None)
    parser.add_argument("--split", choices=["dev", "test"], default="test")
    parser.add_argument("--speed-docs", type=int, default=1000)
    parser.add_argument(
        "--windows",
        type=lambda t: [int(x) for x in t.split(",")],
        default=[],
        help="also score the document pass with every N consecutive sentences as a document",
    )
    args = parser.parse_args()
    models = args.model or [ner_model_path()]
    data = prepare_newsfane(args.shared / NEWSFANE)
    docs = getattr(data, args.split)
    texts = _speed_texts(args.shared, args.speed_docs, [d.text for d in docs])
    rows = {}
    for model in models:
        scores = evaluate_ner(model, docs)
        speed = {
            "sentence": measure_speed(model, texts),
            "document": measure_speed(model, texts, document=True),
        }
        rows[str(model)] = (scores, speed, model_size(model))
    n_ents = sum(len(d.ents) for d in docs)
    print(f"NewsFANE {args.split}: {len(docs)} sentences, {n_ents} entities")
    print(f"speed corpus: {len(texts)} docs, {sum(len(t.split()) for t in texts)} words\n")
    head = f"{'':10}" + "".join(f"{Path(m).name:>24}" for m in rows)
    print(head)
    for label in (*LABELS, "overall"):
        for key, name in ((None, label), ("document", "  +doc")):
            cells = []
            for scores, _, _ in rows.values():
                s = scores.get(key, {}) if key else scores
                s = s if label == "overall" else s.get("per_type", {}).get(label, {})
                cells.append(
                    f"P {s.get('p', 0):.3f} R {s.get('r', 0):.3f} F {s.get('f', 0):.3f}".rjust(24)
                )
            print(f"{name:10}" + "".join(cells))
    print(f"{'size MB':10}" + "".join(f"{size / 2**20:>24.1f}" for _, _, size in rows.values()))
    for key, name in (("sentence", "words/s"), ("document", "  +doc")):
        print(
            f"{name:10}"
            + "".join(f"{speed[key]['words_per_s']:>24,.0f}" for _, speed, _ in rows.values())
        )
    print(
        "\n+doc: after kg_ner_document's name propagation, each 150-sentence corpus block taken"
        " as one document"
    )
    for n in args.windows:
        cells = [
            f"F {evaluate_ner(model, docs, window=n)['document']['f']:.3f}".rjust(24)
            for model in models
        ]
        print(f"{'+doc/' + str(n):10}" + "".join(cells))


if __name__ == "__main__":
    main()
