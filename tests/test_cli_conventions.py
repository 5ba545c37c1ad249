"""The command line follows the SPARQL tools' conventions (issue 15): any query form, W3C formats, -o -, exit codes."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from kgfixtures import build_graph
from rdflib.compare import to_isomorphic

from kg.cli import main
from kg.graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
KG_EXE = shutil.which("kg")
G1 = rdflib.URIRef("https://w3id.org/conflict-kg/id/graph/0000000000000001")
G2 = rdflib.URIRef("https://w3id.org/conflict-kg/id/graph/0000000000000002")
LNA = "https://w3id.org/conflict-kg/id/actor/LNA"
SELECT = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?o }"
CONSTRUCT = (
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
    "FILTER(?p = <http://www.w3.org/2004/02/skos/core#prefLabel>) }"
)


def run(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m kg ARGS`` in a real process, with this checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A store with the fixture graph split over two article graphs, and the same as Turtle."""
    root = tmp_path_factory.mktemp("conventions")
    graph = build_graph()
    ds = rdflib.Dataset()
    for i, triple in enumerate(sorted(graph)):
        ds.graph(G1 if i % 2 else G2).add(triple)
    with open_store(root / "store") as store:
        store.update(ds)
    graph.serialize(root / "graph.ttl", format="turtle")
    return root, graph, ds


def expected_labels(graph: rdflib.Graph) -> set[tuple[str, str]]:
    p = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    return {(str(s), str(o)) for s, o in graph.subject_objects(p)}


def source_args(root: Path, engine: str) -> list[str]:
    return (
        ["--store", str(root / "store")] if engine == "store" else ["-g", str(root / "graph.ttl")]
    )


# --- kg query: what QUERY is ---------------------------------------------------------------


def test_query_inline_text_stdin_file_and_name(data, tmp_path):
    root, graph, _ = data
    where = source_args(root, "store")
    inline = run("query", SELECT, *where, "--format", "csv")
    assert inline.returncode == 0, inline.stderr
    rows = {tuple(line.split(",", 1)) for line in inline.stdout.splitlines()[1:]}
    assert rows == expected_labels(graph)
    piped = run("query", "-", *where, "--format", "csv", stdin=SELECT)
    assert piped.returncode == 0 and piped.stdout == inline.stdout
    rq = tmp_path / "labels.rq"
    rq.write_text(SELECT, encoding="utf-8")
    assert run("query", rq, *where, "--format", "csv").stdout == inline.stdout
    shipped = run("query", "events_by_type", *where, "--format", "csv")
    assert shipped.returncode == 0 and shipped.stdout.startswith("type,mode,events")


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("no_such_query", "'no_such_query' is no shipped query, no file and no SPARQL text"),
        ("missing/q.rq", "kg: error: missing/q.rq: no such file or directory"),
        ("SELECT WHERE", "kg: error: <query text>: SPARQL syntax error"),
    ],
)
def test_query_that_is_nothing_is_one_line(data, arg, message):
    root, _, _ = data
    done = run("query", arg, *source_args(root, "store"))
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1 and message in done.stderr, done.stderr


# --- every form, both engines, the W3C formats -------------------------------------------------


@pytest.mark.parametrize("engine", ["store", "graph"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("limit", [None, 2])
def test_select_in_w3c_formats(data, engine, fmt, limit):
    root, graph, _ = data
    args = ["query", SELECT, *source_args(root, engine), "--format", fmt]
    result = CliRunner().invoke(main, args + (["--limit", str(limit)] if limit else []))
    assert result.exit_code == 0, result.output
    if fmt == "csv":  # lossy: Oxigraph parses it not; lexical values, CRLF lines (RFC 4180)
        assert result.stdout_bytes.startswith(b"s,o\r\n")
        rows = {(r["s"], r["o"]) for r in csv.DictReader(io.StringIO(result.stdout))}
    else:
        parsed = ox.parse_query_results(result.stdout_bytes, getattr(ox.QueryResultsFormat, fmt.upper()))  # fmt: skip
        rows = {(sol["s"].value, sol["o"].value) for sol in parsed}
    if limit is None:
        assert rows == expected_labels(graph)
    else:
        assert len(rows) == limit and rows <= expected_labels(graph)
    if fmt == "json":
        literal = json.loads(result.stdout)["results"]["bindings"][0]["o"]
        assert literal["type"] == "literal" and "xml:lang" in literal


@pytest.mark.parametrize("engine", ["store", "graph"])
@pytest.mark.parametrize("fmt", ["table", "json", "xml", "csv", "tsv"])
def test_ask(data, engine, fmt):
    root, _, _ = data
    for query, truth in (("ASK { ?s ?p ?o }", True), ("ASK { ?s <urn:x:none> ?o }", False)):
        args = ["query", query, *source_args(root, engine), "--format", fmt]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        if fmt == "table":
            assert result.stdout == ("true\n" if truth else "false\n")
        elif fmt in ("json", "xml"):
            parsed = ox.parse_query_results(result.stdout_bytes, getattr(ox.QueryResultsFormat, fmt.upper()))  # fmt: skip
            assert bool(parsed) is truth
        else:
            assert result.stdout == ("true" if truth else "false")


@pytest.mark.parametrize("engine", ["store", "graph"])
@pytest.mark.parametrize(
    ("fmt", "parser"),
    [
        ("turtle", "turtle"),
        ("ntriples", "nt"),
        ("jsonld", "json-ld"),
        ("rdfxml", "xml"),
        (None, "turtle"),
    ],  # fmt: skip
)
def test_construct_and_describe(data, engine, fmt, parser):
    root, graph, _ = data
    p = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    expected = rdflib.Graph()
    for t in graph.triples((None, p, None)):
        expected.add(t)
    args = ["query", CONSTRUCT, *source_args(root, engine)] + (["--format", fmt] if fmt else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    got = rdflib.Graph().parse(data=result.stdout_bytes, format=parser)
    assert to_isomorphic(got) == to_isomorphic(expected)
    if fmt == "jsonld":  # compacted with kg's @context: labels are language maps
        doc = json.loads(result.stdout)
        assert "@context" in doc and all(isinstance(n["prefLabel"], dict) for n in doc["@graph"])
    described = CliRunner().invoke(main, ["query", f"DESCRIBE <{LNA}>", *source_args(root, engine), "--format", "ntriples"])  # fmt: skip
    assert described.exit_code == 0, described.output
    lna = rdflib.Graph().parse(data=described.stdout, format="nt")
    assert set(lna) == set(graph.triples((rdflib.URIRef(LNA), None, None)))


def test_a_format_of_the_other_form_is_one_line(data):
    root, _, _ = data
    done = run("query", CONSTRUCT, *source_args(root, "store"), "--format", "csv")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "kg: error: <query text>: a CONSTRUCT/DESCRIBE query cannot be written as 'csv' "
        "(use --format turtle|ntriples|jsonld|rdfxml)"
    ]


def test_the_store_serializer_writes_as_it_goes(tmp_path):
    """pyoxigraph's serializer writes to the stream in pieces, not one buffer at the end."""
    from kg.graph.results import answer

    with open_store(tmp_path / "big") as store:
        quads = [
            ox.Quad(
                ox.NamedNode(f"urn:x:{i}"),
                ox.NamedNode("urn:x:p"),
                ox.Literal(str(i)),
                ox.NamedNode("urn:g"),
            )  # fmt: skip
            for i in range(50_000)
        ]
        store.inner.extend(quads)
        store.inner.update("INSERT { ?s ?p ?o } WHERE { GRAPH <urn:g> { ?s ?p ?o } }")
        writes = []

        class Sink(io.RawIOBase):
            def write(self, b):
                writes.append(len(b))
                return len(b)

        answer(store, "SELECT * WHERE { ?s ?p ?o }").write(Sink(), "json")
    assert len(writes) > 10 and max(writes) < sum(writes) / 10


# --- -o FILE|- -----------------------------------------------------------------------------


def test_query_out_file_guesses_the_format_from_its_suffix(data, tmp_path):
    root, graph, _ = data
    target = tmp_path / "labels.srj"
    result = CliRunner().invoke(main, ["query", SELECT, *source_args(root, "store"), "-o", target])
    assert result.exit_code == 0 and result.stdout == ""
    parsed = ox.parse_query_results(target.read_bytes(), ox.QueryResultsFormat.JSON)
    assert {(s["s"].value, s["o"].value) for s in parsed} == expected_labels(graph)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_export_to_stdout(data, fmt):
    root, _, ds = data
    done = run("export", "--store", root / "store", "--format", fmt, "-o", "-")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert not Path("-").exists()
    got = rdflib.Dataset().parse(data=done.stdout, format={"nquads": "nquads"}.get(fmt, fmt.replace("jsonld", "json-ld")))  # fmt: skip
    assert {tuple(q) for q in got.quads()} == {tuple(q) for q in ds.quads()}


@pytest.mark.parametrize("command", [["analyze"], ["build", "seeds"]])
def test_folder_writers_refuse_dash(command):
    result = CliRunner().invoke(main, [*command, "-o", "-"])
    assert result.exit_code == 2
    assert "'-' (standard output) cannot take a folder of files" in result.output


# --- JSON-LD with kg's @context ------------------------------------------------------------


def test_jsonld_export_is_compact_and_the_same_quads(data, tmp_path):
    root, _, ds = data
    target = tmp_path / "kg.jsonld"
    result = CliRunner().invoke(main, ["export", "--store", root / "store", "--format", "jsonld", "-o", target])  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["@context"]["actor"] == {"@id": "kg:actor", "@type": "@id"}
    graphs = {g["@id"]: g["@graph"] for g in doc["@graph"]}
    assert set(graphs) == {str(G1), str(G2)}  # a @graph per article graph
    nodes = [n for g in graphs.values() for n in g]
    assert any("prefLabel" in n and isinstance(n["prefLabel"], dict) for n in nodes)  # language map
    assert not any(k.startswith("http") for n in nodes for k in n)  # every property is a term
    back = rdflib.Dataset().parse(target, format="json-ld")
    for name in (G1, G2):
        assert to_isomorphic(back.graph(name)) == to_isomorphic(ds.graph(name))


def test_shipped_context_is_made_from_the_ontology():
    from kg.graph.jsonld import CONTEXT_PATH, make_context

    assert json.loads(CONTEXT_PATH.read_text(encoding="utf-8")) == make_context()


# --- exit codes --------------------------------------------------------------------------

MISSING = "/nonexistent/kg-input"
#: Per command, the arguments naming a missing input (each command that reads one, each way).
MISSING_INPUT: dict[str, list[list[str]]] = {
    "build": [["build", MISSING]],
    "query": [
        ["query", "events_by_type", "--store", MISSING],
        ["query", "events_by_type", "-g", MISSING],
        ["query", f"{MISSING}.rq"],
    ],
    "queries": [],
    "validate": [["validate", MISSING]],
    "export": [["export", "--store", MISSING, "-o", "-"]],
    "evaluate": [["evaluate", MISSING], ["evaluate", "seeds", "--events", MISSING]],
    "analyze": [["analyze", "-g", MISSING]],
    "serve": [["serve", "--store", MISSING]],
    # the shared folder's message names what it is for (kept from before)
    "train ner": [["train", "ner", "--shared", MISSING]],
    "train pretrain": [["train", "pretrain", "--shared", MISSING, "--out", "x"]],
    "train relevance": [["train", "relevance", "--shared", MISSING]],
    "train extraction": [["train", "extraction", "--shared", MISSING]],
}


def commands() -> list[list[str]]:
    out = []
    for name, cmd in sorted(main.commands.items()):
        subs = getattr(cmd, "commands", None)
        out += [[name, s] for s in sorted(subs)] if subs else [[name]]
    return out


def test_every_command_has_its_exit_code_cases():
    assert set(MISSING_INPUT) == {" ".join(c) for c in commands()}


@pytest.mark.parametrize("command", commands(), ids=" ".join)
def test_exit_codes(command):
    """A missing input: 1 and one line ``kg: error: PATH: no such …``; a bad option: 2."""
    for args in MISSING_INPUT[" ".join(command)]:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        lines = result.stderr.splitlines()
        wanted = "no such folder (" if command[0] == "train" else "no such file or directory"
        assert len(lines) == 1 and lines[0].startswith(f"kg: error: {MISSING}"), result.stderr
        assert wanted in lines[0], result.stderr
    result = CliRunner().invoke(main, [*command, "--no-such-option"])
    assert result.exit_code == 2, result.output
    assert "No such option" in result.stderr


# --- python -m kg, -q, progress ----------------------------------------------------------


def test_python_m_kg_is_kg():
    done = run("queries")
    assert done.returncode == 0 and "who_attacked_whom" in done.stdout
    if KG_EXE:
        assert subprocess.run([KG_EXE, "queries"], capture_output=True, text=True).stdout == done.stdout  # fmt: skip
    assert run("--no-such-option").returncode == 2


def test_quiet_prints_no_summary(data, tmp_path):
    root, _, _ = data
    loud = run("export", "--store", root / "store", "-o", tmp_path / "a.trig")
    assert loud.returncode == 0 and "triples (trig)" in loud.stdout
    quiet = run("-q", "export", "--store", root / "store", "-o", tmp_path / "b.trig")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert (tmp_path / "b.trig").read_bytes() == (tmp_path / "a.trig").read_bytes()


def analyze_stderr(root: Path, out: Path, *flags: str, tty: bool) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "kg", *flags, "analyze", "-g", str(root / "store"), "-o", str(out)]
    if not tty:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env).stderr
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a terminal's size
    try:
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=slave, timeout=120, env=env)
        assert proc.returncode == 0
        os.set_blocking(master, False)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", "replace")
    finally:
        os.close(master)
        os.close(slave)


def test_progress_only_on_a_terminal_and_not_quiet(data, tmp_path):
    root, _, _ = data
    assert "writing outputs" in analyze_stderr(root, tmp_path / "a", tty=True)
    assert analyze_stderr(root, tmp_path / "b", tty=False) == ""
    assert "writing outputs" not in analyze_stderr(root, tmp_path / "c", "-q", tty=True)


def test_verbose_logs_each_stage(data, tmp_path):
    """``kg -v`` logs the stages of a build and an analysis on stderr, terminal or not."""
    root, _, _ = data
    analysed = analyze_stderr(root, tmp_path / "a", "-v", tty=False)
    for stage in ("read the network: ", "camps: ", "writing outputs: network.gexf"):
        assert stage in analysed, analysed
    built = run("-v", "build", ROOT / "seeds", "--out", tmp_path / "b", "--no-store")
    assert built.returncode == 0, built.stderr
    for stage in ("extracting (ar): 1", "writing outputs: graph.ttl", "writing outputs: report.md"):
        assert stage in built.stderr, built.stderr
    assert "built " in built.stderr.splitlines()[-1]


# --- kg train --------------------------------------------------------------------------------


def test_train_defaults_are_the_recipes():
    from kg.cli.train import NER_DEFAULTS
    from kg.train.ner import NerArch

    arch = NerArch()
    assert {k: getattr(arch, k) for k in NER_DEFAULTS} == {
        **NER_DEFAULTS,
        "rows": tuple(int(x) for x in NER_DEFAULTS["rows"].split(",")),
    }


@pytest.mark.parametrize("sub", ["ner", "pretrain", "relevance", "extraction"])
def test_train_subcommand_help(sub):
    result = CliRunner().invoke(main, ["train", sub, "--help"], prog_name="kg")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: kg train {sub} [OPTIONS]")
    assert "--shared DIR" in result.stdout


def test_train_bad_rows_is_a_usage_error():
    result = CliRunner().invoke(main, ["train", "ner", "--rows", "1,2"])
    assert result.exit_code == 2 and "needs 4 numbers" in result.stderr


# --- query_dataframe ---------------------------------------------------------------------


def test_query_dataframe_on_a_store_has_typed_columns(data):
    pytest.importorskip("pandas")
    from kg.graph.query import query_dataframe

    root, graph, _ = data
    with open_store(root / "store", read_only=True) as store:
        df = query_dataframe(store, "events_by_type")
    expected = query_dataframe(graph, "events_by_type")
    assert len(df) == len(expected) > 0
    for frame in (df, expected):  # typed on either engine, not object columns
        assert str(frame["events"].dtype) == "Int64" and str(frame["type"].dtype) == "string"


@pytest.mark.parametrize("engine", ["store", "graph"])
def test_a_shipped_query_takes_only_its_parameters(data, engine):
    root, _, _ = data
    done = run("query", "events_by_type", *source_args(root, engine), "-p", "x=1")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"kg: error: {ROOT}/kg/graph/queries/events_by_type.rq: unknown parameter 'x' "
        "(parameters: none)"
    ]
