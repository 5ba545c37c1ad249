"""Accuracy floors on gold data: the seed article (always) and the 459 dev sentences (../shared).

Two pipelines are held to floors: the shipped one (the rules propose, the trained models
decide, docs/extraction.md) and the rules alone (they stay the candidate generator and the
models' features, so a change to them shows here). The floors are the figures measured when
the models were shipped, a little below; the issue's targets are higher (see
bench/extraction.py). The dev sentences were used for error analysis while writing the
rules, so the rules' numbers on them are optimistic for unseen text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import load_gold, load_sentence_gold, score, score_sentences, sentences_as_articles
from kg.events.jsonl import event_records
from kg.ingest import parse_date, read_articles
from kg.lang import make_nlp
from kg.nlp.extensions import article_docs
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "up_arabic_dev.jsonl"

#: pipeline → floors: seed F1; dev detection, actor, target, other types per sentence (max).
#: learned-ar-11 measured seed 0.857, dev 0.786 / 0.724 / 0.494 / 0.577; learned-ar-10 seed
#: 0.759, dev 0.771 / 0.714 / 0.470 / 0.588; learned-ar-9 seed
#: 0.857, dev 0.758 / 0.729 / 0.482 / 0.569; learned-ar-8 seed
#: 0.857, dev 0.756 / 0.718 / 0.470 / 0.638 (learned-ar-7: seed 0.857,
#: dev 0.756 / 0.704 / 0.445 / 0.638; learned-ar-6: seed 0.800,
#: dev 0.758 / 0.699 / 0.452 / 0.638; learned-ar-5: seed
#: 0.800, dev 0.776 / 0.652 / 0.440 / 0.658; learned-ar-4: seed
#: 0.710, dev 0.760 / 0.645 / 0.463 / 0.660; learned-ar-3: seed 0.759, dev 0.773 / 0.622 /
#: 0.491 / 0.723; learned-ar-2: seed 0.774, dev 0.767 / 0.605 / 0.448). Security units named
#: with their place are the unit, not the town (الوحدات الأمنية بسوسة); the dev target falls
#: (docs/extraction.md).
FLOORS = {
    "learned": {"seed": 0.75, "detection": 0.75, "actor": 0.68, "target": 0.45, "other": 0.75},
    "rules": {"seed": 0.85, "detection": 0.80, "actor": 0.60, "target": 0.50, "other": 0.30},
}


@pytest.fixture(scope="module", params=["learned", "rules"])
def pipeline(request):
    return request.param, make_nlp.__wrapped__("ar", learned=request.param == "learned")


def _events(nlp, articles: list[Article]) -> list[dict]:
    events = [e for doc in article_docs(nlp, articles) for e in doc._.events]
    return event_records(events, articles)


def test_seed_event_f1_and_slots(pipeline):
    name, nlp = pipeline
    articles = read_articles([ROOT / "seeds"])
    result = score(
        load_gold(ROOT / "tests" / "data" / "seed_000.gold.json"),
        _events(nlp, articles),
        ROOT / "seeds",
    )
    assert result.f1 >= FLOORS[name]["seed"], result.to_text()
    for slot in ("target", "place", "claimed_by"):
        assert result.slots[slot].share >= 0.8, result.to_text()


@pytest.mark.shared
def test_dev_sentence_floors(pipeline):
    if not DEV.exists():
        pytest.skip(f"{DEV} absent: ../shared is not beside this clone")
    name, nlp = pipeline
    gold = load_sentence_gold(DEV)
    articles = [
        Article(id=a["id"], text=a["text"], lang="ar", path=str(DEV), date=parse_date(a["date"]))
        for a in sentences_as_articles(gold)
    ]
    o = score_sentences(gold, _events(nlp, articles)).overall
    floor = FLOORS[name]
    print(
        f"{name}: detection {o.detection:.3f} actor {o.actor_share:.3f} target {o.target_share:.3f}"
    )
    assert o.detection >= floor["detection"]
    assert o.actor_share >= floor["actor"]
    assert o.target_share >= floor["target"]
    assert o.other_per_sentence <= floor["other"]
