"""``kg build --dask``: extraction on a real Dask ``LocalCluster`` on loopback ≡ a local build."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from kg.batch import ClusterError, extract_articles, extract_graphs, extract_on_cluster  # noqa: E402
from kg.build import build  # noqa: E402
from kg.cli import main  # noqa: E402
from kg.graph.store import open_store  # noqa: E402
from kg.ingest import read_articles  # noqa: E402
from kg.registry import load_registry  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes on 127.0.0.1, no dashboard."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    ) as lc:
        yield lc


def _paragraph_articles(tmp_path: Path) -> Path:
    """The seed's paragraphs as separate articles (several partitions, two workers)."""
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    paras = [p for p in seed.split("\n") if p.strip()]
    path = tmp_path / "paras.jsonl"
    rows = [{"id": f"p{i:02d}", "text": p, "date": "2020-05-10"} for i, p in enumerate(paras)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


def _quads(store_dir: Path) -> set[str]:
    with open_store(store_dir) as st:
        return set(st.inner.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())


def test_cluster_extraction_equals_a_local_run(cluster, tmp_path):
    """Partitions of 3 articles over 2 workers: the same events and relations, in order."""
    articles = read_articles([_paragraph_articles(tmp_path)])
    assert len(articles) > 6
    remote = extract_on_cluster(articles, cluster.scheduler_address, partition=3)
    assert sorted(remote) == sorted(a.id for a in articles)
    local_events, local_relations = extract_articles(articles)
    events = [e for a in articles for e in remote[a.id][0]]
    relations = [r for a in articles for r in remote[a.id][1]]
    assert events == local_events and relations == local_relations
    assert events, "the seed's paragraphs report events"
    workers = cluster.scheduler_info["workers"]
    assert len(workers) == 2


def test_cluster_article_graphs_equal_local_ones(cluster, tmp_path):
    """With a registry, the workers send each article's graph and cache (what a build stores)."""
    articles = read_articles([_paragraph_articles(tmp_path)])
    remote = extract_on_cluster(
        articles, cluster.scheduler_address, partition=4, registry=load_registry()
    )
    local = extract_graphs(articles)
    assert [remote[a.id] for a in articles] == local
    assert sum(len(m.cache["events"]) for m in local) > 0


def test_build_on_the_cluster_equals_a_local_build(cluster, tmp_path):
    """``kg build --dask ADDRESS`` writes the same store and outputs as ``kg build``."""
    inputs = [ROOT / "seeds", _paragraph_articles(tmp_path)]
    res = CliRunner().invoke(
        main,
        [
            "build",
            *map(str, inputs),
            "-o",
            str(tmp_path / "d"),
            "--dask",
            cluster.scheduler_address,
        ],
    )
    assert res.exit_code == 0, res.output
    local = build(inputs, tmp_path / "l", store=tmp_path / "l" / "store")
    assert _quads(tmp_path / "d" / "store") == _quads(tmp_path / "l" / "store")
    for name in ("graph.ttl", "events.jsonl", "report.md", "actors.graphml"):
        assert (tmp_path / "d" / name).read_bytes() == (local.out / name).read_bytes(), name


def test_a_worker_with_another_extractor_is_refused(cluster, tmp_path):
    """A worker whose Arabic pack reports another version (an older install) stops the build."""

    def older():
        import kg.lang.ar

        old, kg.lang.ar.EXTRACTOR_VERSION = kg.lang.ar.EXTRACTOR_VERSION, "learned-ar-0"
        return old

    client = distributed.Client(cluster.scheduler_address, set_as_default=False)
    try:
        worker = next(iter(cluster.scheduler_info["workers"]))
        real = client.run(older, workers=[worker])[worker]
        articles = read_articles([ROOT / "seeds"])
        with pytest.raises(ClusterError, match="learned-ar-0.*same kg"):
            extract_on_cluster(articles, cluster.scheduler_address)

        def restore():
            import kg.lang.ar

            kg.lang.ar.EXTRACTOR_VERSION = real

        client.run(restore, workers=[worker])
    finally:
        client.close()


def test_a_worker_with_another_registry_is_refused(cluster, tmp_path):
    """The article graphs are made on the workers: one with another registry stops the build."""

    def other_registry():
        import kg.batch

        kg.batch._digest, kg.batch.real_digest = (lambda: "0" * 64), kg.batch._digest

    def restore():
        import kg.batch

        kg.batch._digest = kg.batch.real_digest

    client = distributed.Client(cluster.scheduler_address, set_as_default=False)
    try:
        worker = next(iter(cluster.scheduler_info["workers"]))
        client.run(other_registry, workers=[worker])
        try:
            articles = read_articles([ROOT / "seeds"])
            with pytest.raises(ClusterError, match="'registry': '0000.*same kg"):
                extract_on_cluster(articles, cluster.scheduler_address, registry=load_registry())
        finally:
            client.run(restore, workers=[worker])
    finally:
        client.close()


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    """Nothing listens on the port: a ClusterError naming the address, no traceback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    articles = read_articles([ROOT / "seeds"])
    with pytest.raises(ClusterError, match=f"cannot reach the Dask scheduler at {address}"):
        extract_on_cluster(articles, address, timeout=2)


@pytest.mark.parametrize("address", ["scheduler", "http://127.0.0.1:8786", "127.0.0.1:port"])
def test_a_bad_address_is_one_line_at_once(address):
    """An address Dask cannot dial is refused before any connection (a made Client hangs)."""
    with pytest.raises(ClusterError, match="bad Dask scheduler address"):
        extract_on_cluster(read_articles([ROOT / "seeds"]), address)
