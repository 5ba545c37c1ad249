"""`kg query` streams: rows go out as the engine yields them, memory stays bounded, --limit N."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.graph.query import TABLE_WIDTH_ROWS, iter_query, write_result
from kg.graph.store import open_store

EX = "https://example.org/"
N = 30_000
ALL = "SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o }"


def triples(n: int) -> bytes:
    return "".join(f"<{EX}s{i}> <{EX}p> <{EX}o{i % 97}> .\n" for i in range(n)).encode()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("stream") / "store"
    with open_store(path) as store:
        store.inner.bulk_load(triples(N), ox.RdfFormat.N_TRIPLES)
    return path


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("stream") / "graph.nt"
    path.write_bytes(triples(3_000))
    return path


class Sink(io.TextIOBase):
    """A text stream that keeps nothing: notes how many rows had been read at each write."""

    def __init__(self, pulled: list[int]) -> None:
        self.pulled = pulled
        self.writes: list[int] = []

    def write(self, text: str) -> int:
        self.writes.append(self.pulled[0])
        return len(text)


def counting(rows, pulled: list[int]):
    for row in rows:
        pulled[0] += 1
        yield row


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_rows_are_written_before_the_store_has_yielded_them_all(store_dir, fmt):
    pulled = [0]
    with open_store(store_dir) as store:
        columns, rows = store.iter_query(ALL)
        sink = Sink(pulled)
        assert write_result(columns, counting(rows, pulled), sink, fmt) == N
    assert pulled[0] == N
    # csv and json write each row as it comes; a table first reads the rows that size it
    first_row_written = sink.writes[1]  # after the header (or the opening bracket)
    assert first_row_written <= {"csv": 1, "json": 1, "table": TABLE_WIDTH_ROWS}[fmt] < N


def test_memory_stays_bounded_while_a_large_result_streams(store_dir):
    with open_store(store_dir) as store:
        columns, rows = store.iter_query(ALL)
        tracemalloc.start()
        try:
            write_result(columns, rows, Sink([0]), "csv")
            _, streamed = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            kept = store.query(ALL)[1]
            _, listed = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert len(kept) == N
    assert streamed < 1_000_000 < listed  # all 30,000 rows held: several MB


def test_rdflib_rows_stream_without_being_kept(graph_file):
    g = rdflib.Graph().parse(graph_file, format="nt")
    columns, rows = iter_query(g, ALL)
    tracemalloc.start()
    try:
        assert write_result(columns, rows, Sink([0]), "csv") == 3_000
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert columns == ["s", "o"]
    assert peak < 500_000  # through rdflib's Result, which keeps every solution: 2.5 MB


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
@pytest.mark.parametrize("source", ["--store", "--graph"])
def test_limit_prints_exactly_n_rows(tmp_path, store_dir, graph_file, fmt, source):
    q = tmp_path / "all.rq"
    q.write_text(ALL + "\n", encoding="utf-8")
    where = str(store_dir) if source == "--store" else str(graph_file)
    if source == "--graph":  # --graph reads Turtle, which N-Triples is
        ttl = tmp_path / "g.ttl"
        ttl.write_bytes(graph_file.read_bytes())
        where = str(ttl)
    res = CliRunner().invoke(
        main, ["query", str(q), source, where, "--format", fmt, "--limit", "7"]
    )
    assert res.exit_code == 0, res.output
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(res.output.strip())))) == 1 + 7
    elif fmt == "json":
        assert len(json.loads(res.output)["results"]["bindings"]) == 7
    else:
        assert len(res.output.strip().splitlines()) == 2 + 7
    zero = CliRunner().invoke(main, ["query", str(q), source, where, "--format", "json", "--limit", "0"])  # fmt: skip
    assert zero.exit_code == 0 and json.loads(zero.output)["results"]["bindings"] == []
