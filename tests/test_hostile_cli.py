"""Every command fails in one line (issue 13): corrupt stores, folders that are not stores,
missing training data, bad parameters, stale temporaries, Ctrl-C and unexpected errors.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.graph.store import open_store

KG_EXE = shutil.which("kg")
pytestmark = pytest.mark.skipif(KG_EXE is None, reason="the kg console script is not on PATH")

#: This host as kg.fileio writes it into temporary names (letters and digits).
HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"
ARTICLE = "قصف «الجيش الوطني» الليبي مواقع قوات «الوفاق» في مدينة مصراتة أمس.\n"


def kg_cmd(*args: str | Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [KG_EXE, *map(str, args)], capture_output=True, text=True, timeout=300, **kwargs
    )


def invoke(*args: str | Path, env: dict | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def one_error_line(stderr: str, *parts: str | Path) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("kg: error: "), stderr
    for part in parts:
        assert str(part) in lines[0], stderr
    return lines[0]


def article(directory: Path) -> Path:
    path = directory / "a.jsonl"
    record = {"id": "a1", "text": ARTICLE, "date": "2020-05-06"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def small_store(path: Path) -> Path:
    ds = rdflib.Dataset()
    g = ds.graph(rdflib.URIRef("https://example.org/graph/1"))
    g.add((rdflib.URIRef("https://example.org/a"), rdflib.RDF.type, rdflib.RDFS.Class))
    with open_store(path) as store:
        store.update(ds)
    return path


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- 4: temporaries of killed writers --------------------------------------------------------


def test_stale_temporaries_are_removed_and_live_ones_kept(tmp_path):
    out, dead, live = tmp_path / "out", dead_pid(), os.getpid()
    out.mkdir()
    stale = [
        tmp_path / f".out.tmp-{HOST}-{dead}-k2j4h5g6",
        out / f".report.md.tmp-{HOST}-{dead}-a1b2c3d4.tmp",
    ]
    kept = [
        tmp_path / f".thesis.tmp-{HOST}-{dead}-drafts",  # the user's: not a name kg makes
        tmp_path / f".notes.tmp-{HOST}-{dead}-k2j4h5g6",  # not this build's output folder
        tmp_path / f".out.tmp-{HOST}-{live}-k2j4h5g6",  # a build still running (this process)
        out / f".report.md.tmp-{HOST}-{live}-a1b2c3d4.tmp",
        out / f".report.md.tmp-otherhost-{dead}-a1b2c3d4.tmp",  # another host's: its pid means nothing here
        out / ".notes.tmp",
    ]  # fmt: skip
    for path in stale + kept:
        if path.name.endswith(".tmp"):
            path.write_text("half written")
        else:
            path.mkdir()
            (path / "graph.ttl").write_text("half written")
    done = kg_cmd("build", article(tmp_path), "--out", out, "--no-store")
    assert done.returncode == 0, done.stderr
    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []


def test_analyze_removes_stale_temporaries_of_any_file(tmp_path):
    """Also of a file this run does not write again (no conflict matrix this time)."""
    graph = tmp_path / "g.ttl"
    graph.write_text("<https://example.org/a> a <https://example.org/T> .\n")
    out, dead = tmp_path / "analysis", dead_pid()
    out.mkdir()
    stale = [out / f".{name}.tmp-{HOST}-{dead}-zz9_x0y1.tmp" for name in ("metrics.csv", "conflict_matrix.png")]  # fmt: skip
    for path in stale:
        path.write_bytes(b"half")
    result = invoke("analyze", "-g", graph, "-o", out)
    assert result.exit_code == 0, result.output
    assert [p for p in stale if p.exists()] == []


# --- 5: commands that only read never create a store ---------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "{d}"),
        ("query", "who_attacked_whom", "--store", "{d}"),
        ("export", "--store", "{d}", "-o", "{t}/x.trig"),
    ],
)
def test_reading_an_empty_folder_is_an_error_and_creates_nothing(tmp_path, args):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(*(a.format(d=empty, t=tmp_path) for a in args))
    assert result.exit_code == 1, result.output
    one_error_line(result.stderr, empty, "not a store")
    assert list(empty.iterdir()) == [] and not (tmp_path / "x.trig").exists()


# --- 7: corrupt stores, missing training data, bad parameters -------------------------------


def corrupt(store: Path, what: str) -> None:
    targets = [store / "CURRENT"] if what == "CURRENT" else sorted(store.glob("*.sst"))
    assert targets
    for path in targets:
        path.write_bytes(b"\x00garbage\xff" * 7)


@pytest.mark.parametrize("what", ["CURRENT", "sst"])
@pytest.mark.parametrize(
    "args",
    [
        ("query", "who_attacked_whom", "--store", "{d}"),
        ("export", "--store", "{d}", "-o", "{t}/x.trig"),
        ("validate", "{d}"),
        ("analyze", "-g", "{d}", "-o", "{t}/analysis"),
        ("build", "{a}", "--store", "{d}", "-o", "{t}/out"),
    ],
    ids=lambda a: a[0] if isinstance(a, tuple) else a,
)
def test_a_corrupt_store_is_one_line(tmp_path, what, args):
    store = small_store(tmp_path / "store")
    corrupt(store, what)
    values = {"d": store, "t": tmp_path, "a": article(tmp_path)}
    result = invoke(*(a.format(**values) for a in args))
    assert result.exit_code == 1, result.output
    one_error_line(result.stderr, f"{store}: the store is corrupt or unreadable (")


def test_train_without_the_shared_folder(tmp_path, monkeypatch):
    result = invoke("train", "ner", "--shared", "/nonexistent")
    assert result.exit_code == 1, result.output
    one_error_line(result.stderr, "/nonexistent: no such folder")
    monkeypatch.chdir(tmp_path)  # no ../shared here
    result = invoke("train", "extraction", "--models", tmp_path / "models")
    assert result.exit_code == 1, result.output
    one_error_line(result.stderr, "../shared: no such folder")
    assert not (tmp_path / "models").exists()


def test_train_module_without_the_shared_folder():
    done = subprocess.run(
        [sys.executable, "-m", "kg.train", "ner", "--shared", "/nonexistent"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "kg: error: /nonexistent: no such folder (the shared corpora and evaluation "
        "data; give it with --shared DIR)"
    ]


def test_train_with_a_shared_folder_missing_a_corpus(tmp_path):
    result = invoke("train", "ner", "--shared", tmp_path)
    assert result.exit_code == 1, result.output
    one_error_line(result.stderr, f"{tmp_path}/corpora/", ": no such file")


@pytest.mark.parametrize("value", ["2020-13-45", "2020-02-30", "2020-1-1"])
def test_a_bad_date_parameter_is_one_line(tmp_path, value):
    graph = tmp_path / "g.ttl"
    graph.write_text("<https://example.org/a> a <https://example.org/T> .\n")
    done = kg_cmd("query", "events_at_place", "-g", graph, "-p", "place=MISRATA", "-p", f"since={value}")  # fmt: skip
    assert done.returncode == 1
    one_error_line(done.stderr, "events_at_place.rq", "'since'", repr(value))


@pytest.mark.parametrize(
    "args",
    [
        ("analyze", "-g", "{d}", "-o", "{f}"),
        ("export", "--store", "{d}", "-o", "{f}/x.trig"),
        ("query", "who_attacked_whom", "--store", "{d}", "-o", "{f}/x.csv"),
    ],
    ids=lambda a: a[0],
)
def test_an_output_path_the_system_refuses_is_one_line(tmp_path, args):
    """A file where the output folder goes is the user's error (exit 1), not kg's (exit 70)."""
    store = small_store(tmp_path / "store")
    blocker = tmp_path / "a-file"
    blocker.write_text("mine")
    result = invoke(*(a.format(d=store, f=blocker) for a in args))
    assert result.exit_code == 1, result.output
    one_error_line(result.stderr, f"kg: error: {blocker}: ")
    assert blocker.read_text() == "mine"


@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize("value", ["2020-99", "2020-02-30", "yesterday", "20200105"])
def test_a_bad_analyze_date_is_refused_not_an_empty_slice(tmp_path, option, value):
    graph = tmp_path / "g.ttl"
    graph.write_text("<https://example.org/a> a <https://example.org/T> .\n")
    result = invoke("analyze", "-g", graph, "-o", tmp_path / "analysis", option, value)
    assert result.exit_code == 2, result.output  # was 0: an empty network, silently
    assert (
        f"Invalid value for '{option}': not a date" in result.stderr
        and repr(value) in result.stderr
    )
    assert not (tmp_path / "analysis").exists()


# --- 8: the last-resort handler ---------------------------------------------------------------


def broken_list_queries():
    raise RuntimeError("boom\nsecond line")


def test_an_unexpected_error_is_one_line_and_status_70_unless_kg_debug(monkeypatch):
    monkeypatch.setattr("kg.graph.query.list_queries", broken_list_queries)
    result = invoke("queries")
    assert result.exit_code == 70
    assert result.stderr.splitlines() == [
        "kg: internal error: RuntimeError: boom second line (set KG_DEBUG=1 for the traceback)"
    ]
    result = invoke("queries", env={"KG_DEBUG": "1"})  # developers get the exception
    assert isinstance(result.exception, RuntimeError) and "boom" in str(result.exception)
    assert "internal error" not in result.stderr


def test_ctrl_c_and_a_closed_stdout_are_quiet(tmp_path):
    """SIGINT while `kg validate` blocks reading a FIFO (so it is surely inside the command)
    exits 130 with nothing on stderr; `kg queries | head -0` prints nothing either (exit 1,
    click's handling, which the last-resort handler must leave alone)."""
    fifo = tmp_path / "g.ttl"
    os.mkfifo(fifo)
    proc = subprocess.Popen([KG_EXE, "validate", fifo], stderr=subprocess.PIPE, text=True)
    with open(fifo, "w"):  # returns once kg has opened the FIFO for reading
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        rc = proc.wait(timeout=60)
    assert (rc, proc.stderr.read()) == (130, "")

    proc = subprocess.Popen([KG_EXE, "queries"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    assert (proc.wait(timeout=60), proc.stderr.read()) == (1, b"")
