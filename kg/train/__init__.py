"""Train the shipped Arabic NER (PER, LOC, ORG) on NewsFANE Gold, with floret vectors from ANT.

Reproduce the shipped model (see ``docs/ner.md``)::

    kg train ner --shared ../shared --out kg/lang/ar/models/ner

Stages, each a plain function the CLI and notebooks can call:

- :func:`prepare_newsfane` reads the corpus, maps its 45 fine classes to PER/LOC/ORG
  (:data:`LABEL_MAP`), splits it by contiguous blocks (:func:`split_blocks`) and tokenizes
  every sentence with the project's :class:`~kg.lang.ar.tokenizer.ArabicTokenizer`, so training
  sees the tokens and ``norm_`` values the pipeline produces at run time;
- :func:`train_vectors` trains small floret subword vectors on the ANT v1.1 news corpus
  (normalized and tokenized like the pipeline);
- :func:`train_ner` trains a CNN NER with its own tok2vec (no listener, so the ``ner``
  component can be sourced alone into :func:`kg.lang.make_nlp`);
- :func:`evaluate_ner` scores a model per label and measures words per second.
"""

from kg.train.cli import run_ner
from kg.train.data import (
    ANT,
    LABEL_MAP,
    LABELS,
    NEWSFANE,
    NerData,
    ant_sentences,
    pipeline_tokenizer,
    prepare_newsfane,
    read_newsfane,
    split_blocks,
)
from kg.train.ner import (
    NerArch,
    augment_mentions,
    evaluate_ner,
    measure_speed,
    model_size,
    train_ner,
)
from kg.train.vectors import pretrain_tok2vec, train_vectors

__all__ = [
    "ANT",
    "NEWSFANE",
    "LABELS",
    "LABEL_MAP",
    "NerArch",
    "NerData",
    "read_newsfane",
    "split_blocks",
    "prepare_newsfane",
    "ant_sentences",
    "train_vectors",
    "pretrain_tok2vec",
    "augment_mentions",
    "train_ner",
    "evaluate_ner",
    "measure_speed",
    "pipeline_tokenizer",
    "model_size",
    "run_ner",
]
