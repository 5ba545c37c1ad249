"""Fuzzing ingest with Hypothesis: random bytes, Unicode and JSONL records never give a traceback.

Every input either reads or is rejected with a one-line ``file:line: problem``; what is read
has fields of the right types (a URL is a valid IRI), and what is rejected can be written to
``rejected.jsonl``. The runs are derandomized (the same examples on every machine, so CI is
stable); ``KG_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_ingest.py`` searches longer.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import pyoxigraph
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import ReadResult, parse_date, scan_articles, to_iri

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Characters that break naive code: controls, bidi, separators, surrogates' neighbours, BOM.
NASTY = "\x00\x01\x0b\x1b\x7f\x85\u200e\u202e\u2066\u2028\u2029\ufeff\ufffe\uffff<>&\"'\\|[]()!*_`#"
ARABIC = "قصفالطيرانمواقعفيسرتوقالالمتحدثإن«»،. \n"
TEXT = st.text(alphabet=st.sampled_from(NASTY + ARABIC) | st.characters(), max_size=300)
SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3), max_leaves=5)
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(TEXT, st.integers(), VALUE),
        "text": st.one_of(TEXT, VALUE),
        "title": st.one_of(TEXT, VALUE),
        "date": st.one_of(TEXT, st.dates().map(str), st.integers(), VALUE),
        "url": st.one_of(TEXT, st.just('http://x.org/a b"><'), VALUE),
        "lang": st.one_of(st.sampled_from(["ar", "en", "fr", "", "AR"]), VALUE),
        "source": st.one_of(TEXT, VALUE),
    },
)


def _scan(data: bytes, suffix: str) -> ReadResult | None:
    """Write ``data`` to a fresh file and scan it; only InputError may escape (then None)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in{suffix}"
        path.write_bytes(data)
        try:
            result = scan_articles([path])
        except InputError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(str(path)), exc
            return None
    _check(result)
    return result


def _check(result: ReadResult) -> None:
    for art in result.articles:
        assert isinstance(art.id, str) and art.id.strip()
        assert isinstance(art.text, str) and art.text.strip()
        art.text.encode("utf-8")  # no lone surrogates
        for value in (art.title, art.source):
            assert value is None or isinstance(value, str)
        assert art.date is None or isinstance(art.date, dt.date)
        if art.url is not None:
            pyoxigraph.NamedNode(art.url)
    for rej in result.rejected:
        message = rej.message()
        assert "\n" not in message and "\r" not in message, message
        json.dumps(rej.to_json(), ensure_ascii=False).encode("utf-8")
    for warning in result.warnings:
        assert "\n" not in warning, warning


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".jsonl"]))
def test_random_bytes(data, suffix):
    _scan(data, suffix)


@FUZZ
@given(TEXT, st.sampled_from([".txt", ".jsonl"]))
def test_random_unicode(text, suffix):
    _scan(text.encode("utf-8", "surrogatepass"), suffix)


@FUZZ
@given(st.lists(RECORD | VALUE, min_size=1, max_size=6))
def test_random_jsonl_records(records):
    lines = [json.dumps(r) for r in records]
    result = _scan(("\n".join(lines) + "\n").encode("utf-8"), ".jsonl")
    assert result is not None  # a file of JSON lines is never refused whole
    # every line is accounted for: read or rejected, never both, never lost
    assert len(result.articles) + len(result.rejected) == len(lines)


@FUZZ
@given(st.one_of(TEXT, st.integers(), VALUE))
def test_random_dates(value):
    try:
        day = parse_date(value, where="f:1")
    except InputError as exc:
        assert str(exc).startswith("f:1: ") and "\n" not in str(exc)
        return
    assert day is None or 1800 <= day.year <= 2200


@FUZZ
@given(st.one_of(TEXT, st.builds(lambda p: "https://example.org/" + p, TEXT)))
def test_random_urls(url):
    iri = to_iri(url)
    if iri is not None:
        pyoxigraph.NamedNode(iri)
        g = rdflib.Graph()
        g.add((rdflib.URIRef(iri), rdflib.RDF.type, rdflib.OWL.Thing))
        back = rdflib.Graph().parse(data=g.serialize(format="nt"), format="nt")
        assert {str(s) for s in back.subjects()} == {iri}
        assert iri.startswith(("http://", "https://"))
        assert not any(c in iri for c in ' "<>{}|\\^`\u202e\u2066')


# --- whole builds: whatever the records hold, every output parses ----------------------------

#: What must never reach a rendered output (C0 but tab/newline, DEL, C1, bidi overrides).
CONTROLS = {chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))} - set("\t\n") | set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
FRAGMENTS = [
    "قصف الطيران المسير التابع لقوات الوفاق مواقع لقوات حفتر في سرت",
    "وقال المتحدث باسم الجيش الوطني أحمد المسماري إن",
    "اشتبكت قوات «بركان الغضب» مع مسلحين في طرابلس",
    "تظاهر مئات المواطنين أمام مقر الحكومة في مصراتة",
    "[x](javascript:alert(1)) ![i](http://evil.example/x.png) <script>alert(1)</script>",
    "**غليظ** _مائل_ `رمز` # عنوان | خلية |",
]
PIECE = st.sampled_from(FRAGMENTS) | st.text(alphabet=NASTY + ARABIC, min_size=1, max_size=8)
ARTICLE_TEXT = st.lists(PIECE, min_size=2, max_size=8).map(lambda parts: "".join(parts) + ".")
ARTICLE_ID = st.text(alphabet=NASTY.replace("\x00", "") + "abc[]()!.-_/", min_size=1, max_size=20)


@settings(FUZZ, max_examples=max(10, EXAMPLES // 6))
@given(st.lists(st.tuples(ARTICLE_ID, ARTICLE_TEXT, TEXT), min_size=1, max_size=3))
def test_random_articles_build_to_outputs_that_parse(articles):
    import xml.etree.ElementTree as ET

    import rdflib

    from kg.build import build

    records = [{"id": i, "text": t, "title": title} for i, t, title in articles]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        out = Path(tmp) / "out"
        try:
            result = build([src], out, store=None)
        except InputError as exc:  # every record bad: one line, nothing written
            assert "\n" not in str(exc) and not out.exists()
            return
        rdflib.Graph().parse(out / "graph.ttl", format="turtle")
        for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines():
            json.loads(line)
        ET.parse(out / "actors.graphml")
        report = (out / "report.md").read_text(encoding="utf-8")
        assert not set(report) & CONTROLS, "a control character reached report.md"
        page = (out / "network.html").read_text(encoding="utf-8")
        for name in ("kg-data", "kg-style"):  # the page's data blocks are JSON that parses
            start = page.index(f'<script type="application/json" id="{name}">')
            body = page[page.index(">", start) + 1 : page.index("</script>", start)]
            json.loads(body)
            assert "<" not in body, "raw markup inside the page's data"
        if result.rejected:
            for line in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines():
                json.loads(line)
