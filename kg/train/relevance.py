"""The article relevance model: which ANT section an article's words belong to.

A bag-of-words logistic regression over the normalized words of an article, trained on the
categories of ANT v1.1 (sport, culture, economy, politics, international and local news …):
a free, weak label of "is this the kind of article events come from". The detector reads its
output as features (:func:`kg.lang.ar.grammar.decide.relevance_features`), so a trigger word
in a match report or a festival programme weighs less. Articles of the corpus's ``dev`` and
``test`` splits are left out of its training data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.extract.linear import LinearModel
from kg.lang.ar.grammar.decide import article_words
from kg.train.data import ant_articles
from kg.train.extraction import fit

__all__ = ["train_relevance", "section_scores", "ANT_CATEGORIES"]

#: The ANT v1.1 categories, the classes of the model.
ANT_CATEGORIES = (
    "culture",
    "diverse",
    "economy",
    "internationalNews",
    "localNews",
    "politic",
    "society",
    "sport",
    "technology",
)


def train_relevance(
    ant: Path, out: Path, *, exclude: Iterable[str] = (), c: float = 0.3, limit: int | None = None
) -> dict:
    """Fit the model on ANT articles (not those in ``exclude``); write it to ``out``.

    Returns the accuracy on a held-out tenth of the articles (every tenth one).
    """
    excluded = set(exclude)
    rows: list[list[str]] = []
    labels: list[str] = []
    for art in ant_articles(ant):
        text = (art.get("text") or "").strip()
        if not text or art["id"] in excluded or art.get("category") not in ANT_CATEGORIES:
            continue
        rows.append(article_words(text))
        labels.append(art["category"])
        if limit and len(rows) >= limit:
            break
    held = list(range(0, len(rows), 10))
    held_set = set(held)
    train = [i for i in range(len(rows)) if i not in held_set]
    model = fit([rows[i] for i in train], [labels[i] for i in train], ANT_CATEGORIES, c=c)
    probs = model.proba([rows[i] for i in held])
    accuracy = sum(
        ANT_CATEGORIES[int(p.argmax())] == labels[i] for p, i in zip(probs, held, strict=True)
    )
    report = {"articles": len(rows), "held_out_accuracy": round(accuracy / len(held), 3), "C": c}
    final = fit(rows, labels, ANT_CATEGORIES, c=c)
    final.meta.update(
        {"trained_on": "ANT v1.1 articles outside the corpus dev/test splits", **report}
    )
    final.to_disk(out)
    return report


def section_scores(model: LinearModel, texts: Sequence[str]) -> list[dict[str, float]]:
    """``{category: probability}`` for each text."""
    probs = model.proba([article_words(t) for t in texts])
    return [dict(zip(model.classes, map(float, p), strict=True)) for p in probs]
