import csv
import io
import json
from pathlib import Path

import pytest
import rdflib
from kgfixtures import XSS_SENTENCE, build_graph, entity_iri, event_iri

from kg.errors import QueryError
from kg.query import format_table, list_queries, load_query, run_query

QUERIES = Path(__file__).resolve().parents[1] / "kg" / "queries"
NAMES = sorted(p.stem for p in QUERIES.glob("*.rq"))


@pytest.fixture(scope="module")
def graph():
    return build_graph()


def lex(rows):
    return [tuple(None if t is None else str(t) for t in row) for row in rows]


def A(ident):
    return str(entity_iri(ident))


def E(ident):
    return str(event_iri(ident))


@pytest.mark.parametrize("name", NAMES)
def test_every_query_has_header_and_parses(name):
    text, meta = load_query(name)
    assert meta["name"] == name and meta["title"] and meta["description"]
    assert "PREFIX kg: <https://w3id.org/conflict-kg/ontology#>" in text
    assert (name, meta["title"]) in list_queries()


def test_at_least_five_queries():
    assert {
        "who_attacked_whom",
        "events_by_type",
        "claims_by_source",
        "actors_and_affiliations",
        "events_at_place",
    } <= set(NAMES)
    assert [n for n, _ in list_queries()] == NAMES


def test_who_attacked_whom(graph):
    cols, rows = run_query(graph, "who_attacked_whom")
    assert cols == ["actor", "actor_en", "actor_ar", "target", "target_en", "target_ar", "events"]
    assert lex(rows) == [
        (A("LNA"), "Libyan National Army", "الجيش الوطني الليبي", A("TUR"), "Turkey", "تركيا", "2"),
        (A("LNA"), "Libyan National Army", "الجيش الوطني الليبي", A("GNA"),
         "Government of National Accord", "حكومة الوفاق", "1"),
        (A("LNA_AF"), "LNA Air Force", "سلاح الجو التابع للجيش الوطني", A("MISRATA"), "Misrata",
         "مصراتة", "1"),
        (A("x-0123456789ab"), None, "مسلحون مجهولون", A("GNA"), "Government of National Accord",
         "حكومة الوفاق", "1"),
    ]  # fmt: skip


def test_events_by_type(graph):
    cols, rows = run_query(graph, "events_by_type")
    assert cols == ["type", "mode", "events"]
    # ORDER BY DESC(?events) ?type ?mode; unbound mode → ""
    assert lex(rows) == [
        ("ACCUSE", "", "1"),
        ("ASSAULT", "", "1"),
        ("ASSAULT", "aerial", "1"),
        ("ASSAULT", "artillery", "1"),
        ("ASSAULT", "destroy", "1"),
        ("ASSAULT", "drone", "1"),
        ("CONSULT", "", "1"),
        ("MOBILIZE", "", "1"),
    ]


def test_events_by_type_uses_plover_code(graph):
    g = build_graph()
    g.add((rdflib.URIRef("https://w3id.org/conflict-kg/ontology#Mobilize"),
           rdflib.URIRef("https://w3id.org/conflict-kg/ontology#ploverCode"),
           rdflib.Literal("MOBILIZE_X")))  # fmt: skip
    _, rows = run_query(g, "events_by_type")
    assert ("MOBILIZE_X", "", "1") in lex(rows)


def test_claims_by_source(graph):
    cols, rows = run_query(graph, "claims_by_source")
    assert cols == ["claimant", "claimant_label", "type", "actor_label", "target_label", "sentence"]
    assert lex(rows) == [
        (A("MISMARI"), "Ahmed al-Mismari", "ASSAULT", "Libyan National Army",
         "Government of National Accord", "قال المسماري إن المدفعية | قصفت مواقع الوفاق."),
        (A("GNA"), "Government of National Accord", "ACCUSE", "Government of National Accord",
         "Libyan National Army", XSS_SENTENCE),
        (A("LNA"), "Libyan National Army", "ASSAULT", "Libyan National Army", "Turkey",
         "أعلن الجيش الوطني الليبي أن قواته دمرت مخزن سلاح تركي في مصراتة."),
        (A("LNA"), "Libyan National Army", "ASSAULT", "Libyan National Army",
         "Government of National Accord", "وقصف الجيش مواقع قوات الوفاق في طرابلس."),
        (A("TUR"), "Turkey", "ASSAULT", "Libyan National Army", "Turkey",
         "وقالت تركيا إن طائرة مسيرة تابعة للجيش الوطني قصفت مواقعها في مصراتة."),
    ]  # fmt: skip


def test_claims_bound_to_one_claimant(graph):
    _, rows = run_query(graph, "claims_by_source", {"claimant": rdflib.URIRef(A("LNA"))})
    assert [r[0] for r in lex(rows)] == [A("LNA"), A("LNA")]


def test_actors_and_affiliations(graph):
    cols, rows = run_query(graph, "actors_and_affiliations")
    assert cols == [
        "subject", "subject_en", "subject_ar", "relation", "object", "object_en", "object_ar"
    ]  # fmt: skip
    lna = ("Libyan National Army", "الجيش الوطني الليبي")
    assert lex(rows) == [
        (A("HAFTAR"), "Khalifa Haftar", "خليفة حفتر", "leads", A("LNA"), *lna),
        (A("GNA"), "Government of National Accord", "حكومة الوفاق", "memberOf", A("UN"),
         "United Nations", "الأمم المتحدة"),
        (A("LNA_AF"), "LNA Air Force", "سلاح الجو التابع للجيش الوطني", "partOf", A("LNA"), *lna),
        (A("MISMARI"), "Ahmed al-Mismari", "أحمد المسماري", "spokespersonOf", A("LNA"), *lna),
    ]  # fmt: skip


def test_events_at_place(graph):
    cols, rows = run_query(graph, "events_at_place")
    assert cols == ["place", "place_en", "place_ar", "date", "type", "event"]
    mis = (A("MISRATA"), "Misrata", "مصراتة")
    tri = (A("TRIPOLI"), "Tripoli", "طرابلس")
    assert lex(rows) == [
        (*mis, None, "ASSAULT", E("e4")),
        (*mis, "2020-01-05", "ASSAULT", E("e1")),
        (*mis, "2020-01-08", "ASSAULT", E("e8")),
        (*tri, None, "MOBILIZE", E("e6")),
        (*tri, None, "ASSAULT", E("e7")),
        (*tri, "2020-01-06", "ASSAULT", E("e2")),
    ]


def test_events_at_one_place(graph):
    _, rows = run_query(graph, "events_at_place", {"place": rdflib.URIRef(A("TRIPOLI"))})
    assert [r[-1] for r in lex(rows)] == [E("e6"), E("e7"), E("e2")]


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


def test_bindings_are_not_string_formatted(graph):
    evil = rdflib.Literal('x" } UNION { ?s ?p ?o } #')
    _, rows = run_query(graph, "claims_by_source", {"claimant": evil})
    assert rows == []


def test_format_table(graph):
    cols, rows = run_query(graph, "who_attacked_whom")
    table = format_table(cols, rows)
    lines = table.splitlines()
    assert lines[0].split() == cols
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == 2 + len(rows)
    assert "Libyan National Army" in lines[2] and "@en" not in table
    # columns aligned: every column starts where its header starts
    start = lines[0].index("target ")
    assert lines[2][start:].startswith(A("TUR"))

    parsed = list(csv.reader(io.StringIO(format_table(cols, rows, fmt="csv"))))
    assert parsed[0] == cols and parsed[1][-1] == "2" and parsed[4][1] == ""

    data = json.loads(format_table(cols, rows, fmt="json"))
    assert data[0]["events"] == 2 and data[3]["actor_en"] is None
    assert data[0]["actor_ar"] == "الجيش الوطني الليبي"

    with pytest.raises(ValueError):
        format_table(cols, rows, fmt="xml")
