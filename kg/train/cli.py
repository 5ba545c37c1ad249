"""``kg train`` (and ``python -m kg.train``): the command line of the training recipes."""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.train.annotations import DATA
from kg.train.data import ANT, NEWSFANE, SEED, prepare_newsfane
from kg.train.ner import NerArch, evaluate_ner, model_size, train_ner, write_model_readme
from kg.train.vectors import pretrain_tok2vec, train_vectors

# --------------------------------------------------------------------------- CLI


def run_ner(
    shared: Path,
    out: Path,
    *,
    vectors: bool = True,
    newsfane: Path | None = None,
    vectors_path: Path | None = None,
    work: Path | None = None,
    bucket: int = 50_000,
    dim: int = 100,
    **train_options: Any,
) -> dict:
    """The whole recipe: prepare data, train vectors (unless given/disabled), train, evaluate.

    The floret file (tens of MB of text) goes to ``work``, not into the model directory.
    ``train_options`` (``max_steps``, ``arch``, ``averages`` …) go to :func:`train_ner`.
    """
    t0 = time.perf_counter()
    data = prepare_newsfane(newsfane or Path(shared) / NEWSFANE)
    vec = None
    if vectors:
        vec = vectors_path
        if vec is None or not Path(vec).exists():
            work = Path(work or Path(tempfile.gettempdir()) / "kg_train")
            name = f"ant_{bucket}x{dim}.floret"
            vec = train_vectors(Path(shared) / ANT, vec or work / name, dim=dim, bucket=bucket)
    log_ = train_ner(data, out, vectors=vec, **train_options)
    write_model_readme(out, vectors=vec is not None)
    dev = evaluate_ner(out, data.dev) if data.dev else None
    test = evaluate_ner(out, data.test) if data.test else None
    return {
        "train": log_,
        "dev": dev,
        "test": test,
        "data": dict(data.stats),
        "size_bytes": model_size(out),
        "seconds": time.perf_counter() - t0,
    }


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(","))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kg.train ner --shared ../shared --out kg/lang/ar/models/ner``."""
    parser = argparse.ArgumentParser(prog="python -m kg.train", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    _extraction_parsers(sub)
    ner = sub.add_parser("ner", help="train the Arabic NER on NewsFANE Gold")
    ner.add_argument("--shared", type=Path, default=Path("../shared"), help="shared data dir")
    ner.add_argument("--out", type=Path, default=Path("kg/lang/ar/models/ner"), help="model dir")
    ner.add_argument("--max-steps", type=int, default=4500)
    ner.add_argument("--patience", type=int, default=1200)
    ner.add_argument("--seed", type=int, default=SEED)
    ner.add_argument("--no-vectors", action="store_true", help="train without floret vectors")
    ner.add_argument(
        "--vectors", type=Path, default=None, help="reuse this .floret file (trained if absent)"
    )
    ner.add_argument("--vector-buckets", type=int, default=50_000, help="floret hash buckets")
    ner.add_argument("--vector-dim", type=int, default=100, help="floret dimensions")
    default = NerArch()
    ner.add_argument("--hidden-width", type=int, default=default.hidden_width)
    ner.add_argument("--maxout-pieces", type=int, default=default.maxout_pieces)
    ner.add_argument(
        "--train-on-dev",
        action="store_true",
        help="add dev to the training data and keep the model after exactly --max-steps",
    )
    ner.add_argument("--averages", action="store_true", help="evaluate and save averaged weights")
    ner.add_argument("--dropout", type=float, default=0.1, help="dropout rate while training")
    ner.add_argument(
        "--augment", type=int, default=0, help="add N mention-replaced copies of the training data"
    )
    ner.add_argument(
        "--init-tok2vec",
        type=Path,
        default=None,
        help="start from tok2vec weights written by `pretrain` (same network and vectors)",
    )
    ner.add_argument("--data", type=Path, default=None, help="a NewsFANE-format file instead")
    ner.add_argument("--work", type=Path, default=None, help="scratch dir for the vectors")
    pre = sub.add_parser("pretrain", help="pretrain the NER's tok2vec on ANT v1.1 (characters)")
    pre.add_argument("--shared", type=Path, default=Path("../shared"), help="shared data dir")
    pre.add_argument("--out", type=Path, required=True, help="tok2vec weights file to write")
    pre.add_argument(
        "--vectors", type=Path, default=None, help="the .floret file the NER will use (or none)"
    )
    pre.add_argument("--epochs", type=int, default=5)
    pre.add_argument("--seed", type=int, default=SEED)
    for sub_parser in (ner, pre):
        sub_parser.add_argument(
            "--char-bytes",
            type=int,
            default=default.char_bytes,
            help="embed this many UTF-8 bytes per word (CharacterEmbed) instead of affixes",
        )
        sub_parser.add_argument(
            "--char-width", type=int, default=default.char_width, help="width per byte"
        )
        sub_parser.add_argument("--width", type=int, default=default.width, help="tok2vec width")
        sub_parser.add_argument("--depth", type=int, default=default.depth, help="tok2vec depth")
        sub_parser.add_argument(
            "--rows",
            type=_ints,
            default=default.rows,
            help="hash rows for NORM,PREFIX,SUFFIX,SHAPE (comma-separated)",
        )
    args = parser.parse_args(argv)
    if _needs_shared(args) and not args.shared.is_dir():
        raise InputError(
            f"{args.shared}: no such folder (the shared corpora and evaluation data; "
            "give it with --shared DIR)"
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        result = _run(args, parser)
    except FileNotFoundError as exc:
        missing = exc.filename or " ".join(str(exc).split())
        raise InputError(f"{missing}: no such file (needed by `kg train {args.command}`)") from exc
    print(json.dumps(result, ensure_ascii=False, indent=1))  # noqa: T201
    return 0


def _needs_shared(args: argparse.Namespace) -> bool:
    """Whether the command reads ``--shared`` (ner does not with --data and no vectors to train)."""
    if args.command != "ner":
        return True
    trains_vectors = not args.no_vectors and not (args.vectors and args.vectors.exists())
    return args.data is None or trains_vectors


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> dict:
    if args.command in ("relevance", "extraction"):
        return _run_extraction_from(args)
    default = NerArch()
    arch = NerArch(
        width=args.width,
        depth=args.depth,
        rows=args.rows,
        hidden_width=getattr(args, "hidden_width", default.hidden_width),
        maxout_pieces=getattr(args, "maxout_pieces", default.maxout_pieces),
        char_bytes=args.char_bytes,
        char_width=args.char_width,
    )
    if len(arch.rows) != len(arch.attrs):
        parser.error(f"--rows needs {len(arch.attrs)} numbers ({','.join(arch.attrs)})")
    if args.command == "pretrain":
        return pretrain_tok2vec(
            args.shared / ANT,
            args.out,
            vectors=args.vectors,
            arch=arch,
            epochs=args.epochs,
            seed=args.seed,
        )
    return _run_ner_from(args, arch)


def _extraction_parsers(sub: Any) -> None:
    models = Path("kg/lang/ar/models")
    rel = sub.add_parser("relevance", help="train the ANT-section relevance model")
    ext = sub.add_parser("extraction", help="train the event detector and role model")
    for p in (rel, ext):
        p.add_argument("--shared", type=Path, default=Path("../shared"), help="shared data dir")
        p.add_argument("--models", type=Path, default=models, help="models dir to write into")
    rel.add_argument("--limit", type=int, default=None, help="read only the first N articles")
    ext.add_argument("--data", type=Path, default=DATA, help="annotated corpus dir")
    ext.add_argument("--detect-gold", type=Path, default=None, help="judged yes/no sentences")
    ext.add_argument("--c", type=_floats, default=(0.03, 0.1, 0.3, 1.0), help="C values to try")
    ext.add_argument("--folds", type=int, default=5, help="detection-set folds")
    ext.add_argument(
        "--dev-models",
        type=Path,
        default=None,
        help="also write models that never saw the corpus dev split here (to score it)",
    )


def _floats(text: str) -> tuple[float, ...]:
    return tuple(float(x) for x in text.split(","))


def _run_extraction_from(args: argparse.Namespace) -> dict:
    from kg.train.recipe import run_extraction, run_relevance

    if args.command == "relevance":
        return run_relevance(args.shared, args.models, limit=args.limit)
    return run_extraction(
        args.shared,
        args.models,
        data=args.data,
        detect_gold=args.detect_gold,
        cs=args.c,
        folds=args.folds,
        dev_models=args.dev_models,
    )


def _run_ner_from(args: argparse.Namespace, arch: NerArch) -> dict:
    return run_ner(
        args.shared,
        args.out,
        vectors=not args.no_vectors,
        max_steps=args.max_steps,
        patience=args.patience,
        newsfane=args.data,
        vectors_path=args.vectors,
        work=args.work,
        bucket=args.vector_buckets,
        dim=args.vector_dim,
        arch=arch,
        train_on_dev=args.train_on_dev,
        averages=args.averages,
        seed=args.seed,
        dropout=args.dropout,
        init_tok2vec=args.init_tok2vec,
        augment=args.augment,
    )


if __name__ == "__main__":
    raise SystemExit(main())
