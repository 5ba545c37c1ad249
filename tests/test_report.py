import copy

from kgfixtures import build_events, build_graph

from kg.events.jsonl import parse_events
from kg.network import actor_network, centrality
from kg.render.markdown import render_report, write_report


def report(events, mdg, **kwargs):
    """``render_report`` of events.jsonl dicts, sized by the network's centrality."""
    return render_report(parse_events(events), mdg, scores=centrality(mdg), **kwargs)


def section(text, heading):
    body = text.split(heading, 1)[1]
    return body.split("\n## ", 1)[0]


def test_report_written(tmp_path):
    events = build_events()
    before = copy.deepcopy(events)
    mdg = actor_network(build_graph())
    path = write_report(parse_events(events), mdg, tmp_path / "report.md", scores=centrality(mdg))
    assert path == tmp_path / "report.md"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
    text = path.read_text(encoding="utf-8")
    assert events == before
    assert text.startswith("# Knowledge graph report\n")
    counts = section(text, "## Counts")
    for row in (
        "| articles | 2 |",
        "| event reports | 9 |",
        "| events | 8 |",
        "| actors | 6 |",
        "| places | 2 |",
        "| ASSAULT | 5 | 6 |",
        "| ACCUSE | 1 | 1 |",
        "| CONSULT | 1 | 1 |",
        "| MOBILIZE | 1 | 1 |",
    ):
        assert row in counts, row


def test_top_actors_table():
    text = report(build_events(), actor_network(build_graph()), top=3)
    rows = [r for r in section(text, "## Top actors").splitlines() if r.startswith("| ")]
    assert rows[0] == "| # | actor | Arabic | kind | PageRank | as actor | as target |"
    assert [r.split(" | ")[1] for r in rows[1:]] == [
        "Government of National Accord",
        "Libyan National Army",
        "Turkey",
    ]
    assert rows[1].endswith("| 1 | 3 |")  # GNA: 1 event as actor, 3 as target


def test_events_table():
    text = report(build_events(), actor_network(build_graph()))
    rows = [r for r in section(text, "\n## Events\n").splitlines() if r.startswith("| ")]
    assert rows[0] == (
        "| article | type | mode | actor | target | place | claimed by | time | trigger |"
    )
    assert len(rows) == 1 + 9
    assert rows[1] == (
        "| 000_af9ab40275ef7aca.txt | ASSAULT | destroy | Libyan National Army | Turkey "
        "| Misrata | Libyan National Army | 2020-01-05 (أمس) | دمرت |"
    )
    assert rows[4] == (
        "| 001_0123456789abcdef.txt | ACCUSE |  | Government of National Accord "
        "| Libyan National Army |  | Government of National Accord |  | اتهمت |"
    )
    # minted entity without English label: the Arabic one
    assert "| مسلحون مجهولون | Government of National Accord |" in rows[8]


def test_cells_escaped():
    ev = build_events()[0]
    ev["trigger"] = {"text": "a|b\nc <img src=x>", "start": 0, "end": 5}
    ev["actor"] = dict(ev["actor"], label_en="A | B")
    text = report([ev], actor_network(build_graph()))
    row = [r for r in section(text, "\n## Events\n").splitlines() if r.startswith("| 000")][0]
    assert "| A \\| B |" in row
    assert row.endswith("| a\\|b c &lt;img src=x&gt; |")
    assert "<img" not in text
    # every events row has exactly the header's number of unescaped separators
    assert row.replace("\\|", "").count("|") == 10


def test_empty():
    import networkx as nx

    text = render_report([], nx.MultiDiGraph(), scores={})
    assert "| articles | 0 |" in text and "## Events" in text
