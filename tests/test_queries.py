"""The query library ``kg/graph/queries/*.rq`` on the hand-made dataset of ``kgfixtures_claims``.

Every query is checked row by row (IRIs shortened to their local name, events named after the
first report that states them, Arabic labels and sentences left out), and run on Oxigraph too
(union default graph, ``substitutions=`` for the parameters) to show the files are plain SPARQL
1.1 that gives the same rows there.
"""

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import rdflib
from kgfixtures_claims import dataset, event_of

from kg.errors import QueryError
from kg.graph.query import (
    bind_params,
    format_table,
    list_queries,
    load_query,
    query_dataframe,
    query_params,
    run_query,
)

QUERIES = Path(__file__).resolve().parents[1] / "kg" / "graph" / "queries"
NAMES = sorted(p.stem for p in QUERIES.glob("*.rq"))
ID = "https://w3id.org/conflict-kg/id/"
#: Columns left out of the row comparisons (Arabic labels, sentences, report IRIs).
DROP = {
    "sentence", "report", "actor_ar", "target_ar", "at_ar", "place_ar", "person_ar", "org_ar",
    "subject_ar", "object_ar", "claimant_label", "actor_label", "target_label",
}  # fmt: skip


@pytest.fixture(scope="module")
def ds():
    return dataset()


@pytest.fixture(scope="module")
def short():
    names: dict[str, str] = {}
    for report, iri in event_of().items():
        names.setdefault(str(iri), report)

    def shorten(term):
        if term is None:
            return None
        s = str(term)
        if s in names:
            return names[s]
        for prefix in (ID + "actor/", ID + "place/", ID):
            if s.startswith(prefix):
                return s[len(prefix) :]
        return s

    return shorten


def rows_of(ds, short, name, **params):
    cols, rows = run_query(ds, name, params)
    keep = [i for i, c in enumerate(cols) if c not in DROP]
    return [cols[i] for i in keep], [tuple(short(r[i]) for i in keep) for r in rows]


# --- the files --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_query_has_header_and_parses(name):
    text, meta = load_query(name)
    assert meta["name"] == name and meta["title"] and meta["description"]
    assert "PREFIX kg: <https://w3id.org/conflict-kg/ontology#>" in text
    assert (name, meta["title"]) in list_queries()
    # every parameter is projected (Oxigraph substitutes projected variables only) and is
    # never tested with BOUND() (false for a substituted variable in Oxigraph)
    projection = text[text.index("SELECT") : text.index("WHERE")]
    for param in query_params(text):
        assert re.search(rf"\?{param}\b", projection), param
        assert f"BOUND(?{param})" not in text, param


def test_the_library_answers_the_analyst_questions():
    assert {
        "who_attacked_whom",
        "events_at_place",
        "actor_claims",
        "contested_claims",
        "most_targeted_places",
        "actors_and_affiliations",
        "spokespeople",
        "corroboration",
        "events_by_type",
        "actor_timeline",
        "claims_by_source",
    } <= set(NAMES)
    assert [n for n, _ in list_queries()] == NAMES


def test_param_headers():
    text, meta = load_query("events_at_place")
    params = query_params(text)
    assert list(params) == ["place", "since", "until"] and meta["params"] == "place, since, until"
    assert params["place"].type == "iri" and params["since"].type == "xsd:date"
    assert params["until"].description == "latest event date, inclusive"
    assert list(query_params(load_query("actor_timeline")[0])) == ["actor"]
    assert query_params(load_query("who_attacked_whom")[0]) == {}


# --- each question, row by row ----------------------------------------------------------------


def test_who_attacked_whom(ds, short):
    cols, rows = rows_of(ds, short, "who_attacked_whom")
    assert cols == ["actor", "actor_en", "target", "target_en", "events", "reports"]
    assert rows == [
        ("LNA_AF", "LNA Air Force", "GNA", "Government of National Accord", "2", "3"),
        ("GNA_AF", "GNA Air Force", "LNA", "Libyan National Army", "1", "1"),
        ("LNA", "Libyan National Army", "TUR", "Turkey", "1", "1"),
        ("LNA_AF", "LNA Air Force", "TUR", "Turkey", "1", "2"),
        ("VOLCANO", "Operation Volcano of Rage", "LNA", "Libyan National Army", "1", "1"),
    ]


def test_events_by_type(ds, short):
    cols, rows = rows_of(ds, short, "events_by_type")
    assert cols == ["type", "mode", "events"]
    assert rows == [
        ("ASSAULT", "aerial", "3"),
        ("ASSAULT", "shoot_down", "2"),
        ("ACCUSE", "", "1"),
        ("ASSAULT", "destroy", "1"),
        ("THREATEN", "warning", "1"),
    ]


def test_events_by_type_uses_plover_code(ds):
    g = rdflib.Graph()
    for triple in ds.triples((None, None, None)):
        g.add(triple)
    g.add((rdflib.URIRef("https://w3id.org/conflict-kg/ontology#Threaten"),
           rdflib.URIRef("https://w3id.org/conflict-kg/ontology#ploverCode"),
           rdflib.Literal("THREATEN_X")))  # fmt: skip
    _, rows = run_query(g, "events_by_type")
    assert ("THREATEN_X", "warning", "1") in [tuple(map(str, r)) for r in rows]


EVENTS_AT_PLACE = [
    ("MISRATA", "Misrata", None, "ASSAULT", "aerial", "r32", "LNA_AF", "GNA", "2"),
    ("MISRATA", "Misrata", "2020-01-05", "ASSAULT", "shoot_down", "r22", "VOLCANO", "LNA", "1"),
    ("MISRATA", "Misrata", "2020-01-05", "ASSAULT", "destroy", "r12", "LNA", "TUR", "1"),
    ("TAMINA", "Tamina", "2020-01-05", "ASSAULT", "shoot_down", "r11", "LNA_AF", "TUR", "2"),
    ("TRIPOLI", "Tripoli", "2020-01-04", "ASSAULT", "aerial", "r23", "GNA_AF", "LNA", "1"),
    ("TRIPOLI", "Tripoli", "2020-01-04", "ASSAULT", "aerial", "r31", "LNA_AF", "GNA", "1"),
]


def test_events_at_place_any(ds, short):
    cols, rows = rows_of(ds, short, "events_at_place")
    assert cols == ["place", "since", "until", "at", "at_en", "date", "type", "mode", "event",
                    "actor", "target", "reports"]  # fmt: skip
    assert rows == [(None, None, None, *r) for r in EVENTS_AT_PLACE]


def test_events_at_place_inside_a_place(ds, short):
    # Tamina lies in Misrata (kg:locatedIn): its event counts for Misrata
    _, rows = rows_of(ds, short, "events_at_place", place="MISRATA")
    assert rows == [("MISRATA", None, None, *r) for r in EVENTS_AT_PLACE[:4]]
    _, rows = rows_of(ds, short, "events_at_place", place="kgr:place/TAMINA")
    assert rows == [("TAMINA", None, None, *EVENTS_AT_PLACE[3])]


def test_events_at_place_in_a_date_range(ds, short):
    _, rows = rows_of(ds, short, "events_at_place", since="2020-01-05", until="2020-01-05")
    assert rows == [(None, "2020-01-05", "2020-01-05", *r) for r in EVENTS_AT_PLACE[1:4]]
    _, rows = rows_of(ds, short, "events_at_place", until=dt.date(2020, 1, 4))
    assert [r[8] for r in rows] == ["r23", "r31"]  # undated events drop out once a bound is set
    _, rows = rows_of(ds, short, "events_at_place", place="TRIPOLI", since="2020-01-05")
    assert rows == []


def test_actor_claims(ds, short):
    cols, rows = rows_of(ds, short, "actor_claims", actor="LNA")
    assert cols == ["actor", "who", "role", "event", "type", "date", "counterpart", "claimant",
                    "claim"]  # fmt: skip
    assert rows == [
        ("LNA", "LNA", "actor", "r12", "ASSAULT", "2020-01-05", "TUR", "LNA", "self"),
        ("LNA", "LNA", "target", "r13", "ACCUSE", None, "GNA", "GNA", "others"),
        ("LNA", "LNA", "target", "r23", "ASSAULT", "2020-01-04", "GNA_AF", "GUNUNU", "others"),
        ("LNA", "LNA", "target", "r22", "ASSAULT", "2020-01-05", "VOLCANO", "GUNUNU", "others"),
        ("LNA", "LNA", "target", "r34", "THREATEN", "2020-01-07", "TUR", "TUR", "others"),
        ("LNA", "LNA_AF", "actor", "r32", "ASSAULT", None, "GNA", None, "unattributed"),
        ("LNA", "LNA_AF", "actor", "r32", "ASSAULT", None, "GNA", "MISMARI", "self"),
        ("LNA", "LNA_AF", "actor", "r31", "ASSAULT", "2020-01-04", "GNA", "MISMARI", "self"),
        ("LNA", "LNA_AF", "actor", "r11", "ASSAULT", "2020-01-05", "TUR", "LNA_MEDIA", "self"),
        ("LNA", "LNA_AF", "actor", "r11", "ASSAULT", "2020-01-05", "TUR", "MISMARI", "self"),
    ]


def test_contested_claims(ds, short):
    cols, rows = rows_of(ds, short, "contested_claims")
    assert cols == ["kind", "type", "event1", "actor1", "target1", "place1", "claimant1",
                    "event2", "actor2", "target2", "place2", "claimant2"]  # fmt: skip
    assert rows == [
        ("reversed roles", "ASSAULT", "r23", "GNA_AF", "LNA", "TRIPOLI", "GUNUNU",
         "r31", "LNA_AF", "GNA", "TRIPOLI", "MISMARI"),
        ("reversed roles", "ASSAULT", "r32", "LNA_AF", "GNA", "MISRATA", "MISMARI",
         "r22", "VOLCANO", "LNA", "MISRATA", "GUNUNU"),
        # both sides claim the drone shot down over Misrata (Tamina) on 5 January
        ("rival actors", "ASSAULT", "r22", "VOLCANO", "LNA", "MISRATA", "GUNUNU",
         "r11", "LNA_AF", "TUR", "TAMINA", "LNA_MEDIA"),
        ("rival actors", "ASSAULT", "r22", "VOLCANO", "LNA", "MISRATA", "GUNUNU",
         "r11", "LNA_AF", "TUR", "TAMINA", "MISMARI"),
    ]  # fmt: skip


def test_most_targeted_places(ds, short):
    cols, rows = rows_of(ds, short, "most_targeted_places")
    assert cols == ["place", "place_en", "events", "reports"]
    assert rows == [
        ("MISRATA", "Misrata", "3", "4"),
        ("TRIPOLI", "Tripoli", "2", "2"),
        ("TAMINA", "Tamina", "1", "2"),
    ]


def test_spokespeople(ds, short):
    cols, rows = rows_of(ds, short, "spokespeople")
    assert cols == ["person", "person_en", "org", "org_en", "reports"]
    assert rows == [
        ("GUNUNU", "Mohamed Gununu", "GNA", "Government of National Accord", "2"),
        ("MISMARI", "Ahmed al-Mismari", "LNA", "Libyan National Army", "3"),
    ]


def test_corroboration(ds, short):
    cols, rows = rows_of(ds, short, "corroboration")
    assert cols == ["event", "type", "actor", "target", "place", "date", "reports", "articles",
                    "claimants"]  # fmt: skip
    assert rows == [
        # r11 + r21: one happening in two articles, two claimants of the same side
        ("r11", "ASSAULT", "LNA_AF", "TUR", "TAMINA", "2020-01-05", "2", "2", "2"),
        # r32 + r33: one happening twice in one article (headline unattributed)
        ("r32", "ASSAULT", "LNA_AF", "GNA", "MISRATA", None, "2", "1", "1"),
    ]


def test_actor_timeline(ds, short):
    cols, rows = rows_of(ds, short, "actor_timeline", actor="GNA")
    assert cols == ["actor", "when", "date", "event", "who", "role", "type", "mode",
                    "counterpart", "place", "reports"]  # fmt: skip
    assert rows == [
        ("GNA", "2020-01-04", "2020-01-04", "r23", "GNA_AF", "actor", "ASSAULT", "aerial", "LNA", "TRIPOLI", "1"),
        ("GNA", "2020-01-04", "2020-01-04", "r31", "GNA", "target", "ASSAULT", "aerial", "LNA_AF", "TRIPOLI", "1"),
        ("GNA", "2020-01-05", "2020-01-05", "r22", "VOLCANO", "actor", "ASSAULT", "shoot_down", "LNA", "MISRATA", "1"),
        ("GNA", "2020-01-06", None, "r13", "GNA", "actor", "ACCUSE", "", "LNA", None, "1"),
        ("GNA", "2020-01-08", None, "r32", "GNA", "target", "ASSAULT", "aerial", "LNA_AF", "MISRATA", "2"),
    ]  # fmt: skip


def test_actor_timeline_dates_an_event_by_its_dated_articles_only(short):
    """An article without a publication date among an undated event's reports leaves the
    event dated by the others (a bare MIN() would be unbound), on both engines."""
    from kg.vocab import KG

    data = dataset()
    extra = data.graph(rdflib.URIRef("https://example.org/graph/undated"))
    report, article = rdflib.URIRef("https://example.org/r"), rdflib.URIRef("https://example.org/a")
    extra.add((event_of()["r13"], KG.report, report))
    extra.add((report, KG.article, article))
    data.default_graph += extra
    _, rows = rows_of(data, short, "actor_timeline", actor="GNA")
    assert (
        "GNA",
        "2020-01-06",
        None,
        "r13",
        "GNA",
        "actor",
        "ACCUSE",
        "",
        "LNA",
        None,
        "2",
    ) in rows
    assert_oxigraph_agrees(data, "actor_timeline", {"actor": "GNA"})


def test_claims_by_source(ds, short):
    cols, rows = run_query(ds, "claims_by_source", {"claimant": "GUNUNU"})
    assert cols == ["claimant", "claimant_label", "type", "actor_label", "target_label", "sentence"]
    assert [tuple(short(t) for t in r[:5]) for r in rows] == [
        ("GUNUNU", "Mohamed Gununu", "ASSAULT", "Operation Volcano of Rage", "Libyan National Army"),
        ("GUNUNU", "Mohamed Gununu", "ASSAULT", "GNA Air Force", "Libyan National Army"),
    ]  # fmt: skip
    _, everyone = run_query(ds, "claims_by_source")
    assert len(everyone) == 9 and {short(r[0]) for r in everyone} == {
        "MISMARI", "GNA", "LNA_MEDIA", "LNA", "GUNUNU", "TUR"
    }  # fmt: skip


def test_actors_and_affiliations(ds, short):
    cols, rows = rows_of(ds, short, "actors_and_affiliations")
    assert cols == ["subject", "subject_en", "relation", "object", "object_en"]
    assert rows == [
        ("MISMARI", "Ahmed al-Mismari", "memberOf", "LNA", "Libyan National Army"),
        ("x-e968546e4494", None, "memberOf", "VOLCANO", "Operation Volcano of Rage"),
        ("GNA", "Government of National Accord", "partOf", "LBY", "Libya"),
        ("GNA_AF", "GNA Air Force", "partOf", "GNA", "Government of National Accord"),
        ("LNA_AF", "LNA Air Force", "partOf", "LNA", "Libyan National Army"),
        ("LNA_MEDIA", "LNA War Media Division", "partOf", "LNA", "Libyan National Army"),
        ("VOLCANO", "Operation Volcano of Rage", "partOf", "GNA", "Government of National Accord"),
        ("GUNUNU", "Mohamed Gununu", "spokespersonOf", "GNA", "Government of National Accord"),
        ("MISMARI", "Ahmed al-Mismari", "spokespersonOf", "LNA", "Libyan National Army"),
    ]  # fmt: skip


# --- the same files on Oxigraph -----------------------------------------------------------------

OX_CASES = [(n, {}) for n in NAMES] + [
    ("events_at_place", {"place": "MISRATA"}),
    ("events_at_place", {"since": "2020-01-05", "until": "2020-01-05"}),
    ("actor_claims", {"actor": "LNA"}),
    ("actor_timeline", {"actor": "GNA"}),
    ("claims_by_source", {"claimant": "GUNUNU"}),
]


def assert_oxigraph_agrees(ds, name, params):
    """Oxigraph (union default graph, ``substitutions=``) gives rdflib's rows, in order."""
    ox = pytest.importorskip("pyoxigraph")
    store = ox.Store()
    store.load(ds.serialize(format="nquads").encode(), format=ox.RdfFormat.N_QUADS)
    text, _ = load_query(name)
    bindings = bind_params(text, params)

    def term(t):
        if isinstance(t, rdflib.URIRef):
            return ox.NamedNode(str(t))
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))

    result = store.query(
        text,
        use_default_graph_as_union=True,
        substitutions={ox.Variable(k): term(v) for k, v in bindings.items()},
    )
    ox_cols = [v.value for v in result.variables]
    ox_rows = [tuple(None if s[c] is None else s[c].value for c in ox_cols) for s in result]
    cols, rows = run_query(ds, name, bindings)
    assert ox_cols == cols
    assert ox_rows == [tuple(None if t is None else str(t) for t in r) for r in rows]


@pytest.mark.parametrize(("name", "params"), OX_CASES)
def test_oxigraph_gives_the_same_rows(ds, name, params):
    assert_oxigraph_agrees(ds, name, params)


def test_event_without_a_counterpart_keeps_its_row(ds, short):
    """An event with an actor and no target is still the actor's event, counterpart unbound.

    SPARQL 1.1 Query 18.5 (LeftJoin, Diff): a solution with no compatible OPTIONAL match is
    kept. rdflib 7 used to drop it when the OPTIONAL's predicate came from a VALUES row
    (RDFLib/rdflib#2332); the queries now use one constant predicate per role.
    """
    kg = rdflib.Namespace("https://w3id.org/conflict-kg/ontology#")
    lone, report = rdflib.URIRef(ID + "event/lone"), rdflib.URIRef(ID + "report/lone")
    data = rdflib.Dataset(default_union=True)  # a copy: the module's ``ds`` stays as it is
    data.parse(data=ds.serialize(format="nquads"), format="nquads")
    extra = data.graph(rdflib.URIRef(ID + "graph/lone"))
    extra.add((lone, rdflib.RDF.type, kg.Mobilize))
    extra.add((lone, kg.actor, rdflib.URIRef(ID + "actor/LNA_AF")))
    extra.add((lone, kg.report, report))
    _, rows = rows_of(data, short, "actor_claims", actor="LNA")
    assert ("LNA", "LNA_AF", "actor", "event/lone", "MOBILIZE", None, None, None,
            "unattributed") in rows  # fmt: skip
    _, rows = rows_of(data, short, "actor_timeline", actor="LNA")
    assert rows[-1] == ("LNA", None, None, "event/lone", "LNA_AF", "actor", "MOBILIZE", "",
                        None, None, "1")  # fmt: skip
    for name in ("actor_claims", "actor_timeline"):
        for params in ({}, {"actor": "LNA"}, {"actor": "LNA_AF"}):
            assert_oxigraph_agrees(data, name, params)


def test_casualties_gives_the_range_of_tolls_the_reports_give(ds, short):
    """Two reports of one shoot-down give 2 and 3 dead; one raid report gives 5 injured."""
    kg = rdflib.Namespace("https://w3id.org/conflict-kg/ontology#")
    data = rdflib.Dataset(default_union=True)
    data.parse(data=ds.serialize(format="nquads"), format="nquads")
    extra = data.graph(rdflib.URIRef(ID + "graph/tolls"))
    count = lambda n: rdflib.Literal(n, datatype=rdflib.XSD.nonNegativeInteger)  # noqa: E731
    events = event_of()
    shot = sorted(data.objects(events["r11"], kg.report))
    assert len(shot) == 2  # r11 and r21
    extra.add((shot[0], kg.killed, count(2)))
    extra.add((shot[1], kg.killed, count(3)))
    (raid,) = data.objects(events["r31"], kg.report)
    extra.add((raid, kg.injured, count(5)))
    extra.add((raid, kg.arrested, count(1)))
    cols, rows = rows_of(data, short, "casualties")
    assert cols == [
        "event", "type", "date", "actor", "actor_en", "place", "place_en",
        "killed_max", "killed_min", "injured_max", "arrested_max", "reports",
    ]  # fmt: skip
    assert rows == [
        ("r11", "ASSAULT", "2020-01-05", "LNA_AF", "LNA Air Force", "TAMINA",
         "Tamina", "3", "2", None, None, "2"),
        ("r31", "ASSAULT", "2020-01-04", "LNA_AF", "LNA Air Force", "TRIPOLI",
         "Tripoli", None, None, "5", "1", "1"),
    ]  # fmt: skip
    _, none = rows_of(ds, short, "casualties")
    assert none == []  # no report of the fixture gives a toll
    assert_oxigraph_agrees(data, "casualties", {})


# --- parameters -------------------------------------------------------------------------------


def test_unknown_parameter_names_the_query_and_its_parameters(ds):
    with pytest.raises(QueryError, match=r"events_at_place\.rq: unknown parameter 'actor'") as info:
        run_query(ds, "events_at_place", {"actor": "LNA"})
    assert "(parameters: place, since, until)" in str(info.value)
    with pytest.raises(QueryError, match=r"parameters: none"):
        run_query(ds, "who_attacked_whom", {"place": "MISRATA"})


def test_parameters_are_typed_from_the_header():
    text, _ = load_query("events_at_place")
    place = rdflib.URIRef(ID + "place/MISRATA")
    date = rdflib.Literal("2020-01-05", datatype=rdflib.XSD.date)
    assert bind_params(text, {"place": "MISRATA"}) == {"place": place}
    assert bind_params(text, {"place": "kgr:place/MISRATA"}) == {"place": place}
    assert bind_params(text, {"place": f"<{ID}place/MISRATA>"}) == {"place": place}
    assert bind_params(text, {"since": "2020-01-05"}) == {"since": date}
    assert bind_params(text, {"since": dt.date(2020, 1, 5), "until": None}) == {"since": date}
    with pytest.raises(QueryError, match=r"'since' wants an xsd:date value, got '5 Jan'"):
        bind_params(text, {"since": "5 Jan"})
    with pytest.raises(QueryError, match=r"'place' wants an IRI or a registry ID"):
        bind_params(text, {"place": "not an iri"})


def test_query_dataframe(ds):
    df = query_dataframe(ds, "events_at_place", place="MISRATA", since="2020-01-05")
    assert list(df.columns)[:3] == ["place", "since", "until"]
    assert len(df) == 3 and set(df["place"]) == {ID + "place/MISRATA"}
    assert df["since"].iloc[0] == dt.date(2020, 1, 5)
    assert df["reports"].tolist() == [1, 1, 2]
    with pytest.raises(QueryError, match="unknown parameter"):
        query_dataframe(ds, "events_at_place", where="MISRATA")


def test_bindings_are_not_string_formatted(ds):
    evil = rdflib.Literal('x" } UNION { ?s ?p ?o } #')
    _, rows = run_query(ds, "claims_by_source", {"claimant": evil})
    assert rows == []


def test_format_table(ds):
    cols, rows = run_query(ds, "who_attacked_whom")
    table = format_table(cols, rows)
    lines = table.splitlines()
    assert lines[0].split() == cols
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == 2 + len(rows)
    assert "LNA Air Force" in lines[2] and "@en" not in table
    start = lines[0].index("target ")
    assert lines[2][start:].startswith(ID + "actor/GNA")

    parsed = list(csv.reader(io.StringIO(format_table(cols, rows, fmt="csv"))))
    assert parsed[0] == cols and parsed[1][-2:] == ["2", "3"]

    data = json.loads(format_table(cols, rows, fmt="json"))
    assert data[0]["events"] == 2 and data[0]["actor_ar"] == "سلاح الجو التابع للجيش الوطني"

    with pytest.raises(ValueError):
        format_table(cols, rows, fmt="xml")


# --- errors -------------------------------------------------------------------------------------


def test_missing_query_name_lists_the_known_ones():
    with pytest.raises(QueryError, match=r"no shipped query named 'no_such_query'") as info:
        load_query("no_such_query")
    assert "who_attacked_whom" in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_path(tmp_path):
    with pytest.raises(QueryError, match="absent.rq"):
        load_query(tmp_path / "absent.rq")


def test_unreadable_file(tmp_path):
    bad = tmp_path / "binary.rq"
    bad.write_bytes(b"\xff\xfe\x00SELECT")
    with pytest.raises(QueryError, match=r"binary\.rq: cannot read"):
        load_query(bad)


def test_malformed_query_names_the_file(tmp_path):
    bad = tmp_path / "broken.rq"
    bad.write_text("# title: Broken\nSELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"broken\.rq: SPARQL syntax error") as info:
        load_query(str(bad))
    assert "\n" not in str(info.value)
    with pytest.raises(QueryError, match=r"broken\.rq"):
        run_query(rdflib.Graph(), str(bad))


def test_malformed_query_text():
    with pytest.raises(QueryError, match="syntax error"):
        run_query(rdflib.Graph(), "SELECT ?x WHERE { ?x ")


# --- rewrites keep the results (issue 14) -------------------------------------------------------

BEFORE = Path(__file__).resolve().parent / "data" / "queries_before"
REWRITE_CASES = [*OX_CASES, ("events_at_place", {"place": "LBY"}), ("actor_timeline", {"actor": "LNA"})]  # fmt: skip


@pytest.fixture(scope="module")
def stores(ds, tmp_path_factory):
    """The project store (pyoxigraph, materialized union) of the seed build and of the claims."""
    from kg.build import build
    from kg.graph.store import open_store

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    seed_dir = tmp_path_factory.mktemp("seed-store")
    build([seeds], seed_dir / "out", store=seed_dir / "store")
    claims = open_store()
    claims.update(ds)
    return {"seed": open_store(seed_dir / "store", read_only=True), "claims": claims}


def _lexical_rows(rows):
    return [tuple(None if t is None else (str(t), getattr(t, "datatype", None)) for t in r) for r in rows]  # fmt: skip


@pytest.mark.parametrize("store_name", ["seed", "claims"])
@pytest.mark.parametrize(("name", "params"), REWRITE_CASES)
def test_rewritten_queries_give_the_rows_of_the_old_ones(stores, store_name, name, params):
    """Each shipped query answers what its formulation before issue 14 answered, on the seed
    build and on the three-article claims store, through the project store and rdflib."""
    old_path = BEFORE / f"{name}.rq"
    old, _ = load_query(old_path)
    new, _ = load_query(name)
    store = stores[store_name]
    bindings = bind_params(new, params)
    cols_new, rows_new = store.query(new, bindings)
    cols_old, rows_old = store.query(old, bindings)
    assert cols_new == cols_old
    assert _lexical_rows(rows_new) == _lexical_rows(rows_old), name
    graph = store.union_graph()  # what `kg query --graph` reads
    cols, rows = run_query(graph, new, bindings)
    _, rows_before = run_query(graph, old_path.read_text(encoding="utf-8"), bindings)
    assert cols == cols_new
    assert sorted(_lexical_rows(rows), key=repr) == sorted(_lexical_rows(rows_before), key=repr)
    assert sorted(_lexical_rows(rows), key=repr) == sorted(_lexical_rows(rows_new), key=repr)
