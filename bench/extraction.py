"""Benchmark: event extraction on every evaluation set, side by side, rules alone and learned.

Usage: python bench/extraction.py [--shared ../shared] [--ant N] [--only rules|learned|english]
       [--models DIR] [--split test|dev]

``--models DIR`` scores the learned pipeline with the models of DIR (``detect``, ``roles``,
``relevance``; e.g. what ``kg train extraction --dev-models DIR`` wrote, which never saw the
corpus dev split) instead of the shipped ones; ``--split dev`` scores the corpus's dev split
instead of its test split (only meaningful with such models: the shipped ones were trained
on dev).

Prints, for the rules alone (``learned=False``) and with the trained detector and role
model (the default pipeline):

- the detection set (``up_arabic_detect_dev.jsonl``): precision, recall, F1 and false
  alarms on ``no`` sentences, per category; the detector is trained on it, so for the
  learned column these are the out-of-fold scores ``kg train extraction`` measured (each
  sentence scored by a model that did not see it), read from the shipped model;
- ``up_arabic_dev.jsonl`` (never trained on; the rules were written reading it): detection, actor and target overlap;
- the test split of the project's corpus (``data/annotations/ar``, never trained or tuned
  on): event F1 with the type and the actor right, target and place accuracy on matched
  events, and how many of their casualty and arrest counts are right;
- the seed gold: event precision, recall and F1;
- the first N ANT articles of the sport and culture categories: events per article;
- speed: words per second of the whole pipeline on ANT articles (one process), and the size
  of the shipped models;
- English (first; ``--only english`` alone): on ``plover_gsr_en.json`` (323 English PLOVER
  sentences, never tuned on beyond reading its errors; see docs/english.md) the share of
  sentences whose first event has the gold type, detection, actor and target overlap, and
  the English pipeline's words per second.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.evaluate import load_gold, load_sentence_gold, score, score_sentences, sentences_as_articles
from kg.evaluate.corpus import calibration, score_corpus, span_scores
from kg.evaluate.detection import load_detection_gold, score_detection
from kg.evaluate.plover_gsr import load_plover_gsr, score_plover_gsr
from kg.events.jsonl import event_records
from kg.ingest import parse_date, read_articles
from kg.lang import get_pack, make_nlp
from kg.lang.ar.pipeline import load_decider
from kg.nlp.extensions import article_docs
from kg.train.annotations import load_annotations, load_sentences
from kg.train.data import ANT, ant_articles
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "kg" / "lang" / "ar" / "models"


def _events(nlp, articles: list[Article]) -> list:
    return [e for doc in article_docs(nlp, articles) for e in doc._.events]


def _records(nlp, articles: list[Article]) -> list[dict]:
    return event_records(_events(nlp, articles), articles)


def corpus_articles(split_sentences: dict) -> list[Article]:
    """The corpus sentences as articles, each read after its context sentence."""
    return [
        Article(i, f"{s.context} {s.text}" if s.context else s.text, "ar", "corpus")
        for i, s in sorted(split_sentences.items())
    ]


def _ant(shared: Path, categories: set[str], limit: int) -> list[Article]:
    out = []
    for a in ant_articles(shared / ANT):
        if a.get("category") in categories and (a.get("text") or "").strip():
            out.append(Article(a["id"], a["text"], "ar", "ant"))
            if len(out) >= limit:
                break
    return out


def run(
    name: str,
    learned: bool,
    shared: Path,
    n_ant: int,
    models: Path | None = None,
    split: str = "test",
) -> None:
    """One column of results."""
    nlp = make_nlp.__wrapped__("ar", ner=True, learned=learned)
    if learned and models is not None:
        decider = load_decider(models)
        if decider is None:  # else the rules alone would be scored under the models' name
            raise SystemExit(f"bench/extraction.py: no detector in {models} (detect/model.json)")
        nlp.get_pipe("kg_events").grammar.decider = decider
    print(f"\n==== {name}")
    det = shared / "eval" / "up_arabic_detect_dev.jsonl"
    decider = nlp.get_pipe("kg_events").grammar.decider
    if decider is not None:  # trained on the detection set: its out-of-fold scores
        cv = decider.detector.meta.get("report", {}).get("detection_set_cv", {})
        for cat, s in cv.items():
            print(
                f"detection set {cat:8} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f']:.3f} "
                f"false alarms {s['false_alarms']:.3f}  (5-fold cross-validation, kg train)"
            )
    elif det.exists():
        gold = load_detection_gold(det)
        arts = [Article(g.id, g.text, "ar", "detect") for g in gold]
        for cat, s in score_detection(gold, _records(nlp, arts)).items():
            print(
                f"detection set {cat:8} P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} "
                f"false alarms {s.false_alarms:.3f}  (tp {s.tp} fp {s.fp} fn {s.fn} tn {s.tn})"
            )
    dev = shared / "eval" / "up_arabic_dev.jsonl"
    if dev.exists():
        gold = load_sentence_gold(dev)
        arts = [
            Article(a["id"], a["text"], "ar", "dev", date=parse_date(a["date"]))
            for a in sentences_as_articles(gold)
        ]
        o = score_sentences(gold, _records(nlp, arts)).overall
        print(
            f"up_arabic_dev: detection {o.detection:.3f} actor {o.actor_share:.3f} "
            f"target {o.target_share:.3f} other types/sentence {o.other_per_sentence:.3f}"
        )
    sentences = load_sentences()
    annotations = load_annotations(sentences=sentences)
    test = {i: s for i, s in sentences.items() if s.split == split and i in annotations}
    records = _records(nlp, corpus_articles(test))
    c = score_corpus(test, annotations, records)
    print(
        f"corpus {split} ({len(test)} sentences, {c.gold} gold events): event P {c.precision:.3f} "
        f"R {c.recall:.3f} F1 {c.f1:.3f} (type and actor right; {c.duplicates} duplicates); "
        f"on matched events target {c.target:.3f} place {c.place:.3f} "
        f"tolls {c.size:.3f} ({c.size_right}/{c.size_total} killed/injured/arrested counts)"
    )
    for role in ("actor", "target"):
        sp = span_scores(test, annotations, records, role)
        print(
            f"corpus {split} {role} spans ({sp.pairs} right roles): words P {sp.precision:.3f} "
            f"R {sp.recall:.3f} F1 {sp.f1:.3f}, exactly the gold's words {sp.exact_share:.3f}"
        )
    if learned:
        bins = calibration(test, annotations, records)
        print(
            f"confidence on corpus {split} (bin: events, type right, type and actor right): "
            + "; ".join(
                f"[{lo:.1f},{min(hi, 1):.1f}) {n} {m:.2f} {a:.2f}" for lo, hi, n, m, a in bins
            )
        )
    seed = read_articles([ROOT / "seeds"])
    s = score(load_gold(ROOT / "tests" / "data"), _records(nlp, seed), ROOT / "seeds")
    print(f"seed: P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}")
    if (shared / "corpora").exists():
        for cats in ({"sport"}, {"culture"}, {"politic", "internationalNews"}):
            arts = _ant(shared, cats, n_ant)
            evs = _events(nlp, arts)
            print(
                f"ANT {'+'.join(sorted(cats)):26} {len(evs) / len(arts):.2f} events/article ({len(arts)} articles)"
            )
        arts = _ant(shared, {"localNews", "internationalNews", "politic", "society", "sport"}, 300)
        words = sum(len(a.text.split()) for a in arts)
        t0 = time.perf_counter()
        _events(nlp, arts)
        secs = time.perf_counter() - t0
        print(f"speed: {words / secs:,.0f} words/s on {len(arts)} ANT articles ({words:,} words)")


def run_english(shared: Path) -> None:
    """The English block: the PLOVER gold standard, and the English pipeline's speed."""
    path = shared / "eval" / "plover_gsr_en.json"
    if not path.exists():
        print(f"\n==== English: {path} not found")
        return
    nlp = make_nlp("en")
    print(f"\n==== English ({get_pack('en').EXTRACTOR_VERSION})")
    gold = load_plover_gsr(path)
    arts = [Article(g.id, g.text, "en", "gsr") for g in gold]
    t0 = time.perf_counter()
    records = _records(nlp, arts)
    secs = time.perf_counter() - t0
    r = score_plover_gsr(gold, records)
    o = r.overlap.overall
    print(
        f"plover_gsr_en ({r.sentences} sentences): type {r.type_accuracy:.3f} "
        f"({r.type_right}; first event's type; {r.with_event} with an event) detection "
        f"{o.detection:.3f} actor {o.actor_share:.3f} ({o.actor_overlap}/{o.actor_total}) "
        f"target {o.target_share:.3f} ({o.target_overlap}/{o.target_total}) "
        f"other types/sentence {o.other_per_sentence:.3f}"
    )
    # speed on articles of ten sentences each (the sentences, three times over)
    texts = [g.text for g in gold] * 3
    docs = [
        Article(f"s{i}", " ".join(texts[i : i + 10]), "en", "speed")
        for i in range(0, len(texts), 10)
    ]
    words = sum(len(a.text.split()) for a in docs)
    t0 = time.perf_counter()
    _events(nlp, docs)
    secs = time.perf_counter() - t0
    print(f"speed: {words / secs:,.0f} words/s on {len(docs)} English articles ({words:,} words)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--ant", type=int, default=200, help="ANT articles per category block")
    ap.add_argument("--only", choices=["rules", "learned", "english"])
    ap.add_argument("--models", type=Path, help="score these models instead of the shipped")
    ap.add_argument("--split", choices=["test", "dev"], default="test", help="corpus split")
    args = ap.parse_args()
    if args.only in (None, "english"):
        run_english(args.shared)
        if args.only == "english":
            return
    if args.only != "learned":
        run("rules alone", False, args.shared, args.ant, split=args.split)
    if args.only != "rules":
        label = f"learned (models of {args.models})" if args.models else "learned (shipped models)"
        run(label, True, args.shared, args.ant, args.models, args.split)
    sizes = {
        p.name: sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) for p in MODELS.iterdir()
    }
    print("\nmodel sizes: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(sizes.items())))


if __name__ == "__main__":
    main()
