"""``kg serve``'s SERVICE check against the engine itself: pyoxigraph and a listener on 127.0.0.1.

Generates queries that put the keyword after every kind of token (numbers, booleans, strings,
language tags, escaped local names, comments), glued or spaced, in several spellings and
escapes, nested or not, runs each on an in-memory pyoxigraph store and checks that every query
that made the engine send a request is one that :func:`sparql_keywords` reports.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from kgfixtures import Listener

from kg.graph.serve_pool import negotiate, sparql_keywords

QUERIES = Path(__file__).resolve().parents[1] / "kg" / "graph" / "queries"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture
def listener():
    lst = Listener()
    yield lst.url, lst.hits
    lst.close()


BEFORE = [
    "", " ", "\n", ".", "1", "true", "?c", "ex:o", "ex:o\\#", "ex:o.", '"x"', "'x'", '"x"@en',
    "<urn:x:o>", "}", ")", "#c\n", "_:b", "ex:", ":", "-", "\\u0020", "1.", "1e1", '"""x"""',
    "'''x'''", "a",
]  # fmt: skip
KEYWORD = [
    "SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "S\\u0045RVICE", "SERVICE SILENT",
    "SERVICE\tSILENT", "SERVICESILENT",
]  # fmt: skip
TARGET = ["<{u}>", ":x", "ex2:x", "?u", "<{u}x>"]
SEP = ["", " ", "\n", "#c\n"]
NEST = ["{", "FILTER EXISTS {", "OPTIONAL {", "MINUS {"]


def test_every_query_the_engine_sends_is_refused(listener):
    url, hits = listener
    store = ox.Store()
    a, b = ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b")
    for o in [
        ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
        ox.Literal("x"),
        ox.Literal("x", language="en"),
        ox.NamedNode("urn:x:o#"),
        ox.NamedNode("urn:x:o"),
    ]:
        store.add(ox.Quad(a, b, o))
    rng = random.Random(13)
    sent = 0
    for _ in range(3000):
        sep = [rng.choice(SEP) for _ in range(3)]
        target = rng.choice(TARGET).format(u=url)
        body = f"?a ?b {rng.choice(BEFORE)}{sep[0]}{rng.choice(KEYWORD)}{sep[1]}{target}"
        body += f"{sep[2]}{{ ?s ?p ?o }}"
        if rng.random() < 0.3:
            body = f"?a ?b ?c {rng.choice(NEST)} ?a ?b ?c . {body} }}"
        query = (
            f"PREFIX ex: <urn:x:> PREFIX ex2: <{url}> PREFIX : <{url}> "
            f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} {body} }}"
        )
        before = len(hits)
        try:
            list(store.query(query))
        except (SyntaxError, OSError, RuntimeError):
            pass
        if len(hits) > before:
            sent += 1
            assert "service" in sparql_keywords(query), query
    assert sent > 500  # the generator does reach the engine's SERVICE


def test_no_false_alarm_on_the_shipped_queries():
    for path in sorted(QUERIES.glob("*.rq")):
        assert sparql_keywords(path.read_text(encoding="utf-8")) == set(), path.name


@pytest.mark.parametrize(
    ("accept", "kind", "expected"),
    [
        (None, "results", "application/sparql-results+json"),
        (
            "text/csv;q=0.5, application/sparql-results+xml",
            "results",
            "application/sparql-results+xml",
        ),
        ("text/turtle;q=0.1, */*;q=0.9", "graph", "text/turtle"),
        ("application/rdf+xml, text/turtle;q=0.9", "graph", "application/rdf+xml"),
        ("image/png", "results", None),
        ("text/*", "graph", "text/turtle"),
        ("image/*, text/csv;q=0.5", "results", "text/csv"),
    ],
)
def test_negotiate(accept, kind, expected):
    assert negotiate(accept, kind) == expected
