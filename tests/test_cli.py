"""The ``kg`` console script end to end: build, query, evaluate, help, and bad input.

The seed is built once per module through the real console script; the other commands read
that build. Errors must be one ``kg: error: …`` line naming the file, exit code 1, and must
leave a previous build in ``--out`` untouched.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner

import kg.build
from kg.build import OUTPUT_FILES
from kg.cli import EXIT_SKIPPED, main
from kg.errors import InputError
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "data" / "seed_000.gold.json"
LNA = "https://w3id.org/conflict-kg/id/actor/LNA"
KG_EXE = shutil.which("kg")

pytestmark = pytest.mark.skipif(KG_EXE is None, reason="the kg console script is not on PATH")

ROLE_FIELDS = {"iri", "label_en", "label_ar", "text", "start", "end"}
SPAN_FIELDS = {"text", "start", "end"}
#: A short good article (a bad input, fixed).
AR_BAD_FIXED = "قصف الطيران مواقع في سرت.\nوقال المتحدث إن القصف استهدف مخازن ذخيرة.\n"


def kg_cmd(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [KG_EXE, *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=300,
    )


def snapshot(directory: Path) -> dict[str, bytes]:
    """The output files and the store's article graphs (the store is a directory)."""
    from kg.graph.store import open_store

    snap = {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}
    if (directory / "store").is_dir():
        with open_store(directory / "store") as store:
            snap["store"] = store.inner.dump(format=__import__("pyoxigraph").RdfFormat.N_QUADS)
    return snap


def assert_one_line_error(stderr: str, path: Path) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("kg: error: "), stderr
    assert str(path) in lines[0], stderr


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """A build of the seed directory through the console script."""
    out = tmp_path_factory.mktemp("cli") / "out"
    result = kg_cmd("build", SEEDS, "--out", out)
    assert result.returncode == 0, result.stderr
    assert f"→ {out}/" in result.stdout
    return out


@pytest.fixture(scope="module")
def events(out) -> list[dict]:
    lines = (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


# --- kg build -------------------------------------------------------------------------------


def test_build_writes_every_output(out):
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, "store"])
    for name in OUTPUT_FILES:
        assert (out / name).stat().st_size > 0, name
    leftovers = [p.name for p in out.parent.iterdir() if p.name != "out"]
    assert leftovers == []  # no temporary directory beside --out


def test_graph_ttl_parses(out):
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(g) > 100
    assert set(g.subjects(rdflib.RDF.type, KG.Report))
    assert (rdflib.URIRef(LNA), rdflib.RDF.type, KG.ArmedForce) in g


def test_events_jsonl_fields(events):
    assert len(events) >= 10
    # One line per report; reports of one happening share the (merged) event id.
    keys = [(ev["id"], ev["sentence"]["start"], ev["trigger"]["start"]) for ev in events]
    assert len(set(keys)) == len(keys)
    for ev in events:
        assert {"article", "id", "event_type", "mode", "trigger", "sentence", "confidence"} <= set(
            ev
        )
        assert ev["article"] == "000_af9ab40275ef7aca.txt"
        assert ev["id"].startswith("https://w3id.org/conflict-kg/id/event/")
        assert isinstance(ev["event_type"], str) and ev["event_type"].isupper()
        assert ev["mode"] is None or isinstance(ev["mode"], str)
        assert SPAN_FIELDS <= set(ev["trigger"]) and SPAN_FIELDS <= set(ev["sentence"])
        for role in ("actor", "target", "place", "claimed_by"):
            assert role in ev, role
            assert ev[role] is None or ROLE_FIELDS <= set(ev[role]), (role, ev[role])
        assert "time" in ev
        assert ev["time"] is None or SPAN_FIELDS | {"date"} <= set(ev["time"])
        assert isinstance(ev["confidence"], (int, float)) and 0 <= ev["confidence"] <= 1


def test_events_offsets_are_exact(events):
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    checked = 0
    for ev in events:
        text = texts[ev["article"]]
        spans = [ev["trigger"], ev["sentence"]]
        spans += [ev[r] for r in ("actor", "target", "place", "claimed_by", "time") if ev[r]]
        for s in spans:
            assert 0 <= s["start"] < s["end"] <= len(text), s
            assert text[s["start"] : s["end"]] == s["text"], (ev["id"], s)
            checked += 1
        sentence, trigger = ev["sentence"], ev["trigger"]
        assert sentence["start"] <= trigger["start"] and trigger["end"] <= sentence["end"]
    assert checked > 2 * len(events)


def test_actors_graphml(out):
    g = nx.read_graphml(out / "actors.graphml")
    assert g.number_of_nodes() > 0 and g.number_of_edges() > 0
    assert LNA in g


def test_network_html_is_self_contained(out):
    html = (out / "network.html").read_text(encoding="utf-8")
    assert "<html" in html.lower()
    external = re.findall(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^"'\s>]*""", html, re.I)
    assert external == []
    assert not re.search(r"@import\s+(?:url\()?[\"']?(?:https?:)?//", html, re.I)


def test_report_md(out):
    report = (out / "report.md").read_text(encoding="utf-8")
    assert report.startswith("#") and "Libyan National Army" in report


# --- bad input: one line on stderr, exit 1, previous build untouched ----------------------

BAD_INPUTS = {
    "empty.txt": b"",
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10",
    "cp1256.txt": "«الجيش الوطني» الليبي يقصف أهدافاً عسكرية تركية في مصراتة\n".encode("cp1256"),
}


@pytest.fixture
def previous_build(out, tmp_path) -> Path:
    """A copy of the good build in a fresh parent directory."""
    copy = tmp_path / "build"
    shutil.copytree(out, copy)
    return copy


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_through_the_console_script(tmp_path, previous_build, name):
    bad = tmp_path / "in" / name
    bad.parent.mkdir()
    bad.write_bytes(BAD_INPUTS[name])
    before = snapshot(previous_build)
    result = kg_cmd("build", bad, "--out", previous_build)
    assert result.returncode == 1, result
    assert_one_line_error(result.stderr, bad)
    assert result.stdout == ""
    assert snapshot(previous_build) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "in"]


def test_bad_file_among_good_ones_is_skipped_and_listed(tmp_path, previous_build):
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    bad = inputs / "zzz_bad.txt"
    bad.write_bytes(BAD_INPUTS["cp1256.txt"])
    result = kg_cmd("build", inputs, "--out", previous_build)
    assert result.returncode == EXIT_SKIPPED, result
    assert "1 article(s)" in result.stdout and "1 unchanged" in result.stdout
    lines = result.stderr.splitlines()
    assert lines[0] == f"warning: skipped {bad}: not valid UTF-8 " + lines[0].split("UTF-8 ", 1)[1]
    assert lines[-1] == f"kg: 1 bad record(s) skipped, listed in {previous_build}/rejected.jsonl"
    [rec] = [json.loads(x) for x in (previous_build / "rejected.jsonl").read_text().splitlines()]
    assert rec["file"] == str(bad) and rec["line"] is None and "UTF-8" in rec["error"]
    # fixed, the next run builds it and the stale list goes
    bad.write_text(AR_BAD_FIXED, encoding="utf-8")
    result = kg_cmd("build", inputs, "--out", previous_build)
    assert result.returncode == 0, result
    assert "2 article(s)" in result.stdout and not (previous_build / "rejected.jsonl").exists()


def test_bad_record_with_strict_changes_nothing(tmp_path, previous_build):
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    bad = inputs / "zzz_bad.jsonl"
    good = json.dumps({"id": "ok", "text": AR_BAD_FIXED}, ensure_ascii=False)
    bad.write_text(good + '\n{"id": "x", "text": "y", "date": "2020-01-01", "title": [1]}\n')
    before = snapshot(previous_build)
    result = kg_cmd("build", inputs, "--out", previous_build, "--strict")
    assert result.returncode == 1
    assert_one_line_error(result.stderr, f"{bad}:2")
    assert "field 'title' is an array" in result.stderr and "--strict" in result.stderr
    assert snapshot(previous_build) == before


def test_missing_input(tmp_path):
    missing = tmp_path / "nope.txt"
    result = CliRunner().invoke(main, ["build", str(missing), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, missing)
    assert not (tmp_path / "o").exists()


def test_failure_while_writing_keeps_previous_build(tmp_path, previous_build, monkeypatch):
    """An error after extraction (here: writing the report) loses nothing either."""

    def broken(*args, **kwargs):
        raise InputError("report: simulated failure")

    monkeypatch.setattr(kg.build, "write_report", broken)
    before = snapshot(previous_build)
    with pytest.raises(InputError):
        kg.build.build([SEEDS], previous_build)
    assert snapshot(previous_build) == before
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_rebuild_skips_unchanged_articles(out, tmp_path):
    copy = tmp_path / "build"
    shutil.copytree(out, copy)
    result = kg_cmd("build", SEEDS, "--out", copy)
    assert result.returncode == 0, result.stderr
    assert "0 extracted, 1 unchanged, 0 removed" in result.stdout
    for name in OUTPUT_FILES:
        assert (copy / name).read_bytes() == (out / name).read_bytes(), name


def test_no_store(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path / "o"), "--no-store"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == sorted(OUTPUT_FILES)


def test_remove_unknown_article(out, tmp_path):
    copy = tmp_path / "build"
    shutil.copytree(out, copy)
    before = snapshot(copy)
    result = kg_cmd("build", "--out", copy, "--remove", "nope.txt")
    assert result.returncode == 1
    assert result.stderr.startswith("kg: error: ") and "nope.txt" in result.stderr
    assert snapshot(copy) == before


def test_store_only_build_with_a_bad_record_says_no_outputs(tmp_path):
    """--no-outputs writes rejected.jsonl but no union: no 'None triples' in the summary."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "قصفت قوات الجيش الوطني مدينة مصراتة."}\n{"id": 3}\n')
    result = CliRunner().invoke(
        main, ["build", str(src), "-o", str(tmp_path / "o"), "--no-outputs"]
    )
    assert result.exit_code == 3, result.output
    assert "no outputs written" in result.stdout and "None" not in result.stdout
    assert (tmp_path / "o" / "rejected.jsonl").is_file()
    assert not (tmp_path / "o" / "graph.ttl").exists()


def test_build_needs_inputs_or_remove(tmp_path):
    """Without INPUTS, kg build writes the files of an existing store; with none, one line."""
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "no such store" in result.stderr
    assert not (tmp_path / "o").exists()
    for flag in ("--no-outputs", "--no-store"):
        result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "o"), flag])
        assert result.exit_code == 2 and "INPUTS" in result.output
        assert not (tmp_path / "o").exists()


def test_store_in_use(out, tmp_path):
    from kg.graph.store import open_store

    copy = tmp_path / "build"
    shutil.copytree(out, copy)
    with open_store(copy / "store"):
        result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(copy)])
    assert result.exit_code == 1 and "in use" in result.stderr


def test_validate_and_export(out, tmp_path):
    result = kg_cmd("validate", out / "store")
    assert result.returncode == 0 and "0 violations" in result.stdout
    target = tmp_path / "g.nq"
    result = kg_cmd("export", "--store", out / "store", "--format", "nquads", "--out", target)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 0


def test_query_store(out):
    text = invoke_query("who_attacked_whom", "--store", str(out / "store"), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert any(r["actor"] == LNA for r in rows)


def test_bad_date_option(tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(SEEDS), "--out", str(tmp_path / "o"), "--date", "05/01/2020"]
    )
    assert result.exit_code == 2 and "ISO date" in result.output
    assert not (tmp_path / "o").exists()


# --- kg query -------------------------------------------------------------------------------


def test_query_who_attacked_whom(out):
    result = kg_cmd("query", "who_attacked_whom", "--graph", out / "graph.ttl")
    assert result.returncode == 0, result.stderr
    assert "Libyan National Army" in result.stdout or "الجيش الوطني الليبي" in result.stdout
    header = result.stdout.splitlines()[0].split()
    assert header[0] == "actor" and "events" in header


def invoke_query(*args: str) -> str:
    result = CliRunner().invoke(main, ["query", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_query_csv(out):
    text = invoke_query("who_attacked_whom", "--graph", str(out / "graph.ttl"), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {"actor", "target", "events"} <= set(rows[0])
    assert any(r["actor"] == LNA for r in rows)
    assert all(int(r["events"]) >= 1 for r in rows)


def sparql_json_rows(text: str) -> list[dict]:
    """The rows of a SPARQL Results JSON document, each variable → its value's lexical form."""
    data = json.loads(text)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_query_json(out):
    text = invoke_query("who_attacked_whom", "--graph", str(out / "graph.ttl"), "--format", "json")
    data = json.loads(text)  # SPARQL 1.1 Query Results JSON
    assert data["head"]["vars"][:2] == ["actor", "actor_en"]
    bindings = data["results"]["bindings"]
    assert bindings and all(b["events"]["datatype"].endswith("#integer") for b in bindings)
    assert any(r["actor_en"] == "Libyan National Army" for r in sparql_json_rows(text))


def claims(out: Path, *params: str) -> list[dict]:
    args = ["claims_by_source", "--graph", str(out / "graph.ttl"), "--format", "json"]
    for p in params:
        args += ["--param", p]
    return sparql_json_rows(invoke_query(*args))


def test_query_param_binds(out):
    everyone = claims(out)
    assert len({r["claimant"] for r in everyone}) > 1
    lna = claims(out, f"claimant={LNA}")
    assert lna and {r["claimant"] for r in lna} == {LNA}
    assert {r["claimant_label"] for r in lna} == {"Libyan National Army"}
    assert len(lna) < len(everyone)


def test_query_claims_one_row_per_report(out):
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    reports = set(g.subjects(KG.claimedBy, rdflib.URIRef(LNA)))
    assert len(claims(out, f"claimant={LNA}")) == len(reports)


def test_query_bad_param(out):
    result = CliRunner().invoke(
        main, ["query", "claims_by_source", "--graph", str(out / "graph.ttl"), "-p", "noequals"]
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: ") and "noequals" in lines[0]


def test_malformed_query_file(out, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX kg: <https://w3id.org/conflict-kg/ontology#>\nSELECT ?x WHERE {\n")
    result = kg_cmd("query", bad, "--graph", out / "graph.ttl")
    assert result.returncode == 1
    assert_one_line_error(result.stderr, bad)
    assert result.stdout == ""


def test_missing_query_file(out, tmp_path):
    missing = tmp_path / "missing.rq"
    result = CliRunner().invoke(main, ["query", str(missing), "--graph", str(out / "graph.ttl")])
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, missing)


def test_malformed_graph_file(tmp_path):
    bad = tmp_path / "graph.ttl"
    bad.write_text("this is not turtle .\n<a> <b> \n")
    result = CliRunner().invoke(main, ["query", "who_attacked_whom", "--graph", str(bad)])
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, bad)


def test_queries_lists_shipped_queries():
    result = CliRunner().invoke(main, ["queries"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert {"who_attacked_whom", "claims_by_source"} <= set(names)


# --- kg evaluate ----------------------------------------------------------------------------


def test_evaluate_text(out):
    result = kg_cmd(
        "evaluate", GOLD, "--events", out / "events.jsonl", "--articles", SEEDS, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert re.fullmatch(r"precision \d\.\d{3}  recall \d\.\d{3}  F1 \d\.\d{3}", first), first


def test_evaluate_json_meets_the_acceptance_floor(out):
    result = CliRunner().invoke(
        main,
        [
            "evaluate",
            str(GOLD),
            "--events",
            str(out / "events.jsonl"),
            "--articles",
            str(SEEDS),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    for key in ("precision", "recall", "f1"):
        assert 0 <= scores[key] <= 1
    print(f"seed: P {scores['precision']:.3f} R {scores['recall']:.3f} F1 {scores['f1']:.3f}")
    assert scores["f1"] >= 0.75


# --- help -----------------------------------------------------------------------------------

COMMANDS = [
    "build",
    "query",
    "queries",
    "evaluate",
    "validate",
    "export",
    "serve",
    "analyze",
    "train",
]


def test_top_level_help():
    result = kg_cmd("--help")
    assert result.returncode == 0
    assert "knowledge graph" in result.stdout.lower()
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s+\S", result.stdout, re.M), name


@pytest.mark.parametrize("name", COMMANDS)
def test_subcommand_help(name):
    result = CliRunner().invoke(main, [name, "--help"], prog_name="kg")
    assert result.exit_code == 0
    usage, _, rest = result.stdout.partition("\n\n")
    assert usage.startswith(f"Usage: kg {name}")
    description = rest.strip().splitlines()[0]
    assert len(description.split()) >= 3 and not description.startswith("Options")


# --- kg analyze -----------------------------------------------------------------------------


def test_analyze_writes_metrics_and_names_the_camps(out, tmp_path):
    result = kg_cmd("analyze", "--graph", out, "--out", tmp_path / "an")
    assert result.returncode == 0, result.stderr
    assert "camp(s)" in result.stdout
    names = {p.name for p in (tmp_path / "an").iterdir()}
    assert {"metrics.csv", "metrics.json", "analysis.md", "network.gexf"} <= names
    report = (tmp_path / "an" / "analysis.md").read_text(encoding="utf-8")
    assert "Libyan National Army" in report and "Government of National Accord" in report


def test_analyze_unknown_ego_is_a_one_line_error(out, tmp_path):
    result = kg_cmd("analyze", "--graph", out, "--out", tmp_path / "an", "--ego", "NO_SUCH_ACTOR")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_every_command_is_tested():
    assert sorted(main.commands) == sorted(COMMANDS)


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "kg" in result.stdout


def test_module_entry_point_matches_console_script():
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "Usage:" in result.stdout
