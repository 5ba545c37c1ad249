"""``kg train ner|pretrain|relevance|extraction``: the training recipes (:mod:`kg.train`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from kg.cli import main
from kg.cli.options import quiet
from kg.errors import InputError

__all__ = ["train", "train_main"]

#: :class:`kg.train.ner.NerArch`'s defaults (kg.train imports spaCy: not for `kg --help`;
#: tests/test_cli.py checks that they agree).
NER_DEFAULTS = {
    "width": 96,
    "depth": 4,
    "rows": "5000,1000,2500,2500",
    "hidden_width": 64,
    "maxout_pieces": 2,
    "char_bytes": 0,
    "char_width": 32,
}
_SEED = 0  # kg.train.data.SEED
_MODELS = Path("kg/lang/ar/models")


def _shared_option(f):
    return click.option(
        "--shared",
        type=click.Path(path_type=Path),
        default=Path("../shared"),
        show_default=True,
        metavar="DIR",
        help="The shared corpora and evaluation data.",
    )(f)


def _ints(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, ...]:
    try:
        rows = tuple(int(x) for x in value.split(","))
    except ValueError:
        raise click.BadParameter(f"expected comma-separated integers, got {value!r}") from None
    if len(rows) != 4:
        raise click.BadParameter("needs 4 numbers (NORM,PREFIX,SUFFIX,SHAPE)")
    return rows


def _floats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[float, ...]:
    try:
        return tuple(float(x) for x in value.split(","))
    except ValueError:
        raise click.BadParameter(f"expected comma-separated numbers, got {value!r}") from None


def _tok2vec_options(f):
    d = NER_DEFAULTS
    for opt in reversed(
        [
            click.option(
                "--char-bytes",
                type=int,
                default=d["char_bytes"],
                show_default=True,
                help="Embed this many UTF-8 bytes per word (CharacterEmbed) instead of affixes.",
            ),
            click.option(
                "--char-width",
                type=int,
                default=d["char_width"],
                show_default=True,
                help="Width per byte.",
            ),
            click.option(
                "--width", type=int, default=d["width"], show_default=True, help="tok2vec width."
            ),
            click.option(
                "--depth", type=int, default=d["depth"], show_default=True, help="tok2vec depth."
            ),
            click.option(
                "--rows",
                default=d["rows"],
                show_default=True,
                callback=_ints,
                help="Hash rows for NORM,PREFIX,SUFFIX,SHAPE.",
            ),
        ]
    ):
        f = opt(f)
    return f


def _check_shared(shared: Path) -> None:
    if not shared.is_dir():
        raise InputError(
            f"{shared}: no such folder (the shared corpora and evaluation data; "
            "give it with --shared DIR)"
        )


def _run(command: str, job, *args: Any, **kwargs: Any) -> int:
    """Run a recipe, print its JSON report; a missing data file is a one-line error."""
    if not quiet():
        logging.getLogger("kg.train").setLevel(logging.INFO)
    try:
        result = job(*args, **kwargs)
    except FileNotFoundError as exc:
        missing = exc.filename or " ".join(str(exc).split())
        raise InputError(f"{missing}: no such file (needed by `kg train {command}`)") from exc
    click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


@main.group("train")
def train() -> None:
    """Train a shipped model: ner, pretrain, relevance or extraction.

    Reproduces the models in kg/lang/ar/models from ../shared and
    data/annotations: `ner` (docs/ner.md), `relevance` and `extraction` (the
    event detector and role model, docs/extraction.md). Needs the `train` extra;
    each prints its scores as JSON.
    """


@train.command("ner")
@_shared_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=_MODELS / "ner",
    show_default=True,
    metavar="DIR",
    help="Model directory to write.",
)
@click.option("--max-steps", type=int, default=4500, show_default=True, help="Training steps.")
@click.option(
    "--patience",
    type=int,
    default=1200,
    show_default=True,
    help="Stop after this many steps without a better dev score.",
)
@click.option("--seed", type=int, default=_SEED, show_default=True, help="Random seed.")
@click.option("--no-vectors", is_flag=True, help="Train without floret vectors.")
@click.option(
    "--vectors",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Reuse this .floret file (trained there if absent).",
)
@click.option(
    "--vector-buckets", type=int, default=50_000, show_default=True, help="floret hash buckets."
)
@click.option("--vector-dim", type=int, default=100, show_default=True, help="floret dimensions.")
@click.option(
    "--hidden-width",
    type=int,
    default=NER_DEFAULTS["hidden_width"],
    show_default=True,
    help="Hidden width of the NER.",
)
@click.option(
    "--maxout-pieces",
    type=int,
    default=NER_DEFAULTS["maxout_pieces"],
    show_default=True,
    help="Maxout pieces of the NER.",
)
@click.option(
    "--train-on-dev",
    is_flag=True,
    help="Add dev to the training data; keep the model after exactly --max-steps.",
)
@click.option("--averages", is_flag=True, help="Evaluate and save averaged weights.")
@click.option(
    "--dropout", type=float, default=0.1, show_default=True, help="Dropout rate while training."
)
@click.option(
    "--augment",
    type=int,
    default=0,
    show_default=True,
    help="Add N mention-replaced copies of the training data.",
)
@click.option(
    "--init-tok2vec",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Start from tok2vec weights written by `kg train pretrain`.",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="A NewsFANE-format file instead of the shared one.",
)
@click.option(
    "--work", type=click.Path(path_type=Path), metavar="DIR", help="Scratch folder for the vectors."
)
@_tok2vec_options
def ner_cmd(
    shared: Path, out: Path, no_vectors: bool, vectors: Path | None, data: Path | None, **opts: Any
) -> int:
    """Train the Arabic NER (PER, LOC, ORG) on NewsFANE Gold, floret vectors from ANT."""
    trains_vectors = not no_vectors and not (vectors and vectors.exists())
    if data is None or trains_vectors:
        _check_shared(shared)
    from kg.train.cli import run_ner
    from kg.train.ner import NerArch

    arch = NerArch(**{k: opts.pop(k) for k in NER_DEFAULTS})
    return _run(
        "ner",
        run_ner,
        shared,
        out,
        vectors=not no_vectors,
        newsfane=data,
        vectors_path=vectors,
        work=opts.pop("work"),
        bucket=opts.pop("vector_buckets"),
        dim=opts.pop("vector_dim"),
        arch=arch,
        **opts,
    )


_models_option = click.option(
    "--models",
    type=click.Path(path_type=Path),
    default=_MODELS,
    show_default=True,
    metavar="DIR",
    help="Models folder to write into.",
)


@train.command("pretrain")
@_shared_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    metavar="FILE",
    help="tok2vec weights file to write.",
)
@click.option(
    "--vectors",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="The .floret file the NER will use (or none).",
)
@click.option("--epochs", type=int, default=5, show_default=True, help="Pretraining epochs.")
@click.option("--seed", type=int, default=_SEED, show_default=True, help="Random seed.")
@_tok2vec_options
def pretrain_cmd(
    shared: Path, out: Path, vectors: Path | None, epochs: int, seed: int, **arch: Any
) -> int:
    """Pretrain the NER's tok2vec on ANT v1.1 (characters)."""
    _check_shared(shared)
    from kg.train.data import ANT
    from kg.train.ner import NerArch
    from kg.train.vectors import pretrain_tok2vec

    return _run(
        "pretrain",
        pretrain_tok2vec,
        shared / ANT,
        out,
        vectors=vectors,
        arch=NerArch(**arch),
        epochs=epochs,
        seed=seed,
    )


@train.command("relevance")
@_shared_option
@_models_option
@click.option(
    "--limit", type=click.IntRange(min=1), metavar="N", help="Read only the first N articles."
)
def relevance_cmd(shared: Path, models: Path, limit: int | None) -> int:
    """Train the ANT-section relevance model of articles."""
    _check_shared(shared)
    from kg.train.recipe import run_relevance

    return _run("relevance", run_relevance, shared, models, limit=limit)


@train.command("extraction")
@_shared_option
@_models_option
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Annotated corpus folder.  [default: data/annotations/ar]",
)
@click.option(
    "--detect-gold",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Judged yes/no sentences.",
)
@click.option(
    "--c",
    "cs",
    default="0.03,0.1,0.3,1.0",
    show_default=True,
    callback=_floats,
    help="C values to try.",
)
@click.option(
    "--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Detection-set folds."
)
@click.option(
    "--dev-models",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Also write models that never saw the corpus dev split here (to score it).",
)
@click.option(
    "--select",
    type=click.Choice(["dev", "cv"]),
    default="cv",
    show_default=True,
    help="Choose C and the thresholds on the corpus dev split, or out of fold over train.",
)
def extraction_cmd(shared: Path, models: Path, data: Path | None, **opts: Any) -> int:
    """Train the event detector and the role model on the annotated corpus."""
    _check_shared(shared)
    from kg.train.annotations import DATA
    from kg.train.recipe import run_extraction

    return _run("extraction", run_extraction, shared, models, data=data or DATA, **opts)


def train_main(argv: Sequence[str]) -> int:
    """``kg train …`` from Python: ``train_main(["ner", "--data", path, "--no-vectors"])`` → 0.

    Runs the command without exiting and returns its status (an error is printed as one
    line ``kg: error: …``, status 1).
    """
    try:
        return main(["train", *map(str, argv)], prog_name="kg", standalone_mode=False) or 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
