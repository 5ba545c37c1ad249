"""ANT v1.1 for the benchmarks: the records with text, in the shape ``kg build`` reads them."""

from __future__ import annotations

from pathlib import Path

from kg.train.data import ANT, ant_articles


def records(shared: Path, n: int, stride: int = 1) -> list[dict]:
    """Every ``stride``-th ANT record with text, ``n`` of them (fewer if ANT runs out).

    Each is ``{"id", "text", "date"}`` plus ``title``, ``url`` and ``source`` where ANT has
    them: a line of a ``.jsonl`` input.
    """
    out = []
    for i, r in enumerate(ant_articles(shared / ANT)):
        if i % stride or not (r.get("text") or "").strip():
            continue
        rec = {"id": r["id"], "text": r["text"], "date": r.get("time")}
        rec.update({k: r[k] for k in ("title", "url", "source") if r.get(k)})
        out.append(rec)
        if len(out) >= n:
            break
    return out
