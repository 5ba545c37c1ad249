"""An article is its id: identical texts under two ids, and incremental builds ≡ clean builds."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import to_isomorphic

from kg.build import OUTPUT_FILES, build
from kg.graph.staging import extraction_graph
from kg.graph.store import open_store
from kg.graph.validate import validate

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ANT = SHARED / "corpora" / "ant_v1.1" / "articles.jsonl.gz"

WIRE = (
    "قصف الطيران المسير مواقع في سرت\n"
    "قصف الطيران المسير التابع لقوات الوفاق مواقع لقوات حفتر في سرت أمس.\n"
    "وقال المتحدث باسم الجيش الوطني إن القصف استهدف مخازن ذخيرة.\n"
)


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def _quads(store_dir: Path) -> set[str]:
    with open_store(store_dir) as st:
        return set(st.inner.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())


def test_same_text_under_two_ids_is_two_articles(tmp_path):
    """A wire story republished by two outlets: both are kept, and reruns change nothing."""
    src = _jsonl(
        tmp_path / "wire.jsonl",
        [
            {"id": "outlet-a/1", "text": WIRE, "date": "2020-06-01"},
            {"id": "outlet-b/77", "text": WIRE, "date": "2020-06-01"},
        ],
    )
    out, store = tmp_path / "out", tmp_path / "store"
    first = build([src], out, store=store)
    assert first.articles == 2 and first.extracted == 2
    events = [json.loads(x) for x in (out / "events.jsonl").read_text().splitlines()]
    assert {e["article"] for e in events} == {"outlet-a/1", "outlet-b/77"}
    assert len(events) % 2 == 0 and len(events) > 0
    assert not validate(store), "the union graph must conform"
    before = _quads(store)
    again = build([src], out, store=store)
    assert (again.extracted, again.unchanged) == (0, 2)
    assert _quads(store) == before


def test_a_new_text_under_the_same_id_equals_a_clean_build(tmp_path):
    """Replacing an article leaves nothing of its old text (registry and labels graphs too)."""
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    old = _jsonl(tmp_path / "old.jsonl", [{"id": "A", "text": seed, "date": "2019-05-10"}])
    headline = seed.split("\n", 1)[0] + "\n"
    new = _jsonl(tmp_path / "new.jsonl", [{"id": "A", "text": headline, "date": "2019-05-10"}])
    build([old], tmp_path / "o1", store=tmp_path / "s1")
    replaced = build([new], tmp_path / "o1", store=tmp_path / "s1")
    assert (replaced.extracted, replaced.articles) == (1, 1)
    clean = build([new], tmp_path / "o2", store=tmp_path / "s2")
    assert _quads(tmp_path / "s1") == _quads(tmp_path / "s2")
    assert replaced.triples == clean.triples


def test_store_only_then_outputs_on_request_equal_a_clean_build(tmp_path):
    """``--no-outputs`` adds articles to the store and leaves OUT as it was; a build without
    inputs then writes the files of the store: the same as one build of everything."""
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    first = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": seed, "date": "2019-05-10"}])
    more = _jsonl(
        tmp_path / "bc.jsonl",
        [{"id": i, "text": WIRE, "date": "2020-06-01"} for i in ("b", "c")],
    )
    out, store = tmp_path / "inc", tmp_path / "inc-store"
    build([first], out, store=store)
    files = {f.name: f.read_bytes() for f in out.iterdir() if f.is_file()}
    added = build([more], out, store=store, outputs=False)
    assert (added.extracted, added.articles, added.files, added.triples) == (2, 3, (), None)
    assert {f.name: f.read_bytes() for f in out.iterdir() if f.is_file()} == files
    written = build([], out, store=store)
    assert (written.extracted, written.articles) == (0, 3)
    clean = build([first, more], tmp_path / "clean", store=tmp_path / "clean-store")
    assert written.triples == clean.triples and written.events == clean.events > 0
    assert _quads(store) == _quads(tmp_path / "clean-store")
    assert _graph(out / "graph.ttl") == _graph(clean.out / "graph.ttl")
    for name in ("events.jsonl", "report.md", "actors.graphml"):
        assert (out / name).read_bytes() == (clean.out / name).read_bytes(), name


def _ant_records(n: int) -> list[dict]:
    with gzip.open(ANT, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(n), fh, strict=False)]
    keys = ("title", "url", "source")
    return [
        {"id": r["id"], "text": r.get("text") or "", **{k: r[k] for k in keys if r.get(k)},
         "date": r.get("time")}
        for r in rows
    ]  # fmt: skip


def _graph(path: Path) -> rdflib.Graph:
    return to_isomorphic(rdflib.Graph().parse(path, format="turtle"))


@pytest.mark.shared
def test_incremental_build_equals_a_clean_build_on_real_news(tmp_path):
    """100 → 300 → 600 ANT articles (some repeat another's text) ≡ one build of the 600.

    Records with no text are skipped (and listed) the same way in both.
    """
    if not ANT.exists():
        pytest.skip(f"{ANT} absent: ../shared corpora are not beside this clone")
    records = _ant_records(600)
    texts = [r["text"] for r in records if r["text"].strip()]
    assert len(set(texts)) < len(texts)  # the duplicates are in the sample
    inc_out, inc_store = tmp_path / "inc", tmp_path / "inc-store"
    for n in (100, 300, 600):
        step = build([_jsonl(tmp_path / f"ant{n}.jsonl", records[:n])], inc_out, store=inc_store)
    n_new = len([r for r in records[300:] if r["text"].strip()])
    assert (step.extracted, step.articles) == (n_new, len(texts))
    clean_out, clean_store = tmp_path / "clean", tmp_path / "clean-store"
    clean = build([tmp_path / "ant600.jsonl"], clean_out, store=clean_store)
    assert clean.articles == len(texts) and clean.triples == step.triples
    assert [r.line for r in clean.rejected] == [r.line for r in step.rejected]
    assert (inc_out / "rejected.jsonl").read_bytes() == (clean_out / "rejected.jsonl").read_bytes()
    assert _quads(inc_store) == _quads(clean_store)
    assert _graph(inc_out / "graph.ttl") == _graph(clean_out / "graph.ttl")
    for name in ("events.jsonl", "report.md"):
        assert (inc_out / name).read_bytes() == (clean_out / name).read_bytes(), name


@pytest.mark.shared
def test_replacing_and_removing_articles_gives_the_labels_and_registry_of_a_clean_build(tmp_path):
    """An incremental build that changes 15 articles and removes 15 others ≡ a clean build.

    The registry and labels graphs are rebuilt from the extraction caches of the articles
    kept (only the minted entities whose spellings change are relabelled): dropped and
    replaced articles must take their entities' spellings with them.
    """
    if not ANT.exists():
        pytest.skip(f"{ANT} absent: ../shared corpora are not beside this clone")
    records = [r for r in _ant_records(400) if r["text"].strip()][:160]
    inc_store = tmp_path / "inc-store"
    build([_jsonl(tmp_path / "all.jsonl", records)], tmp_path / "inc", store=inc_store)
    changed = [{**r, "text": r["text"][: len(r["text"]) // 2]} for r in records[:15]]  # cut
    removed = [r["id"] for r in records[15:30]]
    final = changed + records[30:]
    step = build(
        [_jsonl(tmp_path / "changed.jsonl", changed)], tmp_path / "inc", store=inc_store,
        remove=removed,
    )  # fmt: skip
    assert (step.extracted, step.removed) == (15, 15)
    clean_store = tmp_path / "clean-store"
    build([_jsonl(tmp_path / "final.jsonl", final)], tmp_path / "clean", store=clean_store)
    assert _quads(inc_store) == _quads(clean_store)


@pytest.mark.shared
def test_a_build_over_two_worker_processes_equals_one_in_process(tmp_path):
    """``kg build -j 2`` ≡ ``-j 1``: the store and every output file, byte for byte.

    The workers make each article's graph and cache (:mod:`kg.graph.article`) from chunks
    they take as they free up; an article in a language without a pack is stored with the
    graph of its metadata, as in one process.
    """
    if not ANT.exists():
        pytest.skip(f"{ANT} absent: ../shared corpora are not beside this clone")
    records = [r for r in _ant_records(200) if r["text"].strip()][:40]
    records.append({"id": "fr/1", "text": "Des manifestants ont défilé à Tunis.", "lang": "fr"})
    inputs = [_jsonl(tmp_path / "in.jsonl", records), ROOT / "seeds"]
    one = build(inputs, tmp_path / "one", store=tmp_path / "one-store")
    two = build(inputs, tmp_path / "two", store=tmp_path / "two-store", n_process=2)
    assert (two.articles, two.events, two.triples) == (one.articles, one.events, one.triples)
    assert one.articles == len(records) + 1 and one.events > 20
    assert _quads(tmp_path / "two-store") == _quads(tmp_path / "one-store")
    for name in OUTPUT_FILES:
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), (
            name
        )


def test_a_store_whose_caches_predate_the_registry_and_spellings_lists_builds_the_same(tmp_path):
    """Caches without ``registry``/``spellings`` (a store of an older kg): the registry and
    labels graphs are read from the article graphs, and the result is that of a clean build."""
    seed = next((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(seed, first / seed.name)
    (first / "en.txt").write_text(
        "Ali Saleh, a spokesman for the LNA, said militants shelled Misrata.\n", "utf-8"
    )
    more = _jsonl(
        tmp_path / "more.jsonl",
        [{"id": "en2", "text": "Ali Saleh said Turkish drones struck Sirte.", "lang": "en"}],
    )
    old_store = tmp_path / "old-store"
    build([first], tmp_path / "old", store=old_store)
    with open_store(old_store) as st:  # rewrite each cache as an older kg wrote it
        for g in st.articles():
            graph = ox.NamedNode(extraction_graph(g))
            (quad,) = st.inner.quads_for_pattern(None, None, None, graph)
            cache = json.loads(quad.object.value)
            assert {"registry", "spellings"} <= set(cache)
            old = {k: v for k, v in cache.items() if k not in ("registry", "spellings")}
            st.inner.remove(quad)
            st.inner.add(ox.Quad(quad.subject, quad.predicate, ox.Literal(json.dumps(old)), graph))
        assert all("registry" not in st.extraction(g) for g in st.articles())
    build([more], tmp_path / "old", store=old_store)
    clean_store = tmp_path / "clean-store"
    build([first, more], tmp_path / "clean", store=clean_store)
    old_quads = {q for q in _quads(old_store) if "urn:kg:extraction:" not in q}
    clean_quads = {q for q in _quads(clean_store) if "urn:kg:extraction:" not in q}
    assert old_quads == clean_quads
