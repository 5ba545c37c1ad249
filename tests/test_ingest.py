"""Reading articles (``kg.ingest``): offsets, languages, dates, and every kind of bad input.

Every unreadable input must raise :class:`kg.errors.InputError` with a one-line message that
names the file (and the line, for a JSONL line).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.errors import InputError, KgError
from kg.evaluate import paragraph_of
from kg.ingest import (
    content_hash,
    detect_language,
    paragraphs,
    parse_date,
    read_articles,
    read_path,
    scan_articles,
    to_iri,
)
from kg.types import Article

AR_HEADLINE = "«الجيش الوطني» الليبي يقصف أهدافاً عسكرية تركية في مصراتة"
AR_BODY_1 = "أعلن «الجيش الوطني» الليبي أن قواته دمرت أكبر مخزن سلاح في مصراتة."
AR_BODY_2 = "وقال المسماري إن الدفاعات الجوية أسقطت طائرة مسيرة تركية."
AR_ARTICLE = f"{AR_HEADLINE}\n\n{AR_BODY_1}\n{AR_BODY_2}\n"
EN_ARTICLE = "LNA strikes Misrata\n\nThe Libyan National Army said it destroyed a depot.\n"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
HTML_PAGE = """<!DOCTYPE html>
<html lang="ar">
<head><meta charset="utf-8"><title>خبر</title></head>
<body>
<div class="article">
<p>أعلن «الجيش الوطني» الليبي أن قواته دمرت أكبر مخزن سلاح في مصراتة.</p>
<p>وقال المسماري إن الدفاعات الجوية أسقطت طائرة مسيرة تركية.</p>
</div>
</body>
</html>
"""


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def jsonl(path: Path, *objs: object) -> Path:
    lines = [json.dumps(o, ensure_ascii=False) for o in objs]
    return write(path, "".join(line + "\n" for line in lines))


def input_error(inputs: list[Path], **kwargs) -> str:
    """The message of the InputError that reading ``inputs`` raises (checked to be one line)."""
    with pytest.raises(InputError) as info:
        read_articles(inputs, **kwargs)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message, message
    assert message.strip() == message and message, message
    return message


# --- paragraphs, language, hash ----------------------------------------------------------


def test_paragraph_offsets_slice_the_text():
    spans = paragraphs(AR_ARTICLE)
    assert [AR_ARTICLE[s:e] for s, e in spans] == [AR_HEADLINE, AR_BODY_1, AR_BODY_2]
    assert spans[0] == (0, len(AR_HEADLINE))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\n\nFirst.\nSecond.", [(0, 5), (7, 13), (14, 21)]),
        ("Title\r\n\r\nFirst.\r\n", [(0, 5), (9, 15)]),
        ("\n\n  \nTitle\n \t\nBody", [(5, 10), (14, 18)]),
        ("", []),
        ("   \n\n", []),
        ("one line, no newline", [(0, 20)]),
    ],
)
def test_paragraphs(text, expected):
    assert paragraphs(text) == expected


def test_paragraphs_agree_with_evaluate_on_unicode_line_separators():
    text = "العنوان\n\nقال المسماري\u2028إن الجيش قصف.\nوأضاف أن الطيران أغار."
    spans = paragraphs(text)
    for offset in range(len(text)):
        ours = next((i for i, (s, e) in enumerate(spans) if s <= offset <= e), None)
        if ours is not None:
            assert ours == paragraph_of(text, offset), offset
    assert len(spans) == 3


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (AR_ARTICLE, "ar"),
        (EN_ARTICLE, "en"),
        ("قال المتحدث باسم LNA إن الطيران قصف", "ar"),
        ("The LNA (الجيش) said on Monday that it struck targets", "en"),
        ("12345 !!!", "en"),
        ("ﻻ", "ar"),  # presentation forms count as Arabic
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_content_hash_is_sha256_of_utf8():
    assert content_hash("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert len(content_hash(AR_ARTICLE)) == 64


# --- .txt -------------------------------------------------------------------------------


def test_txt_article(tmp_path):
    path = write(tmp_path / "000_abc.txt", AR_ARTICLE)
    [art] = read_articles([path])
    assert isinstance(art, Article)
    assert art.id == "000_abc.txt"
    assert art.text == AR_ARTICLE  # exactly what is in the file
    assert art.title == AR_HEADLINE
    assert art.lang == "ar"
    assert art.path == str(path)
    assert art.date is None and art.url is None and art.source is None


def test_txt_text_is_the_file_as_read(tmp_path):
    text = "  " + AR_HEADLINE + "\r\n\r\n" + AR_BODY_1 + "\r\n"
    path = write(tmp_path / "a.txt", text.encode("utf-8"))
    [art] = read_articles([path])
    assert art.text == text  # no newline translation, no stripping
    assert art.title == AR_HEADLINE
    s, e = paragraphs(art.text)[1]
    assert art.text[s:e] == AR_BODY_1


def test_txt_id_is_its_path_below_the_folder_given(tmp_path):
    """Two folders' a.txt are two articles (an article is its id)."""
    for sub in ("x", "y"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        write(tmp_path / "in" / sub / "a.txt", AR_ARTICLE)
    assert [a.id for a in read_articles([tmp_path / "in"])] == ["x/a.txt", "y/a.txt"]
    assert [a.id for a in read_articles([tmp_path / "in" / "x" / "a.txt"])] == ["a.txt"]


def test_txt_utf8_bom_is_dropped(tmp_path):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + AR_ARTICLE.encode("utf-8"))
    [art] = read_articles([path])
    assert art.text == AR_ARTICLE and art.title == AR_HEADLINE


def test_english_txt(tmp_path):
    [art] = read_articles([write(tmp_path / "en.txt", EN_ARTICLE)])
    assert art.lang == "en" and art.title == "LNA strikes Misrata"


def test_default_date_applies_to_txt(tmp_path):
    path = write(tmp_path / "a.txt", AR_ARTICLE)
    [art] = read_articles([path], default_date=dt.date(2020, 1, 5))
    assert art.date == dt.date(2020, 1, 5)


def test_script_in_a_sentence_is_text_not_html(tmp_path):
    text = f"{AR_HEADLINE}\n\nوكتب أحدهم <script>alert(1)</script> في التعليقات.\n{AR_BODY_2}\n"
    [art] = read_articles([write(tmp_path / "xss.txt", text)])
    assert "<script>alert(1)</script>" in art.text
    assert art.text == text


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "a.txt", AR_ARTICLE)
    write(tmp_path / "c.txt", EN_ARTICLE)
    write(tmp_path / "b.txt", AR_ARTICLE)
    write(tmp_path / "notes.md", "# not an article")
    jsonl(tmp_path / "d.jsonl", {"id": "d1", "text": AR_BODY_1}, {"id": "d0", "text": AR_BODY_2})
    arts = read_articles([tmp_path])
    assert [a.id for a in arts] == ["b.txt", "c.txt", "d1", "d0", "sub/a.txt"]
    assert arts[-1].path == str(tmp_path / "sub" / "a.txt")


# --- .jsonl -----------------------------------------------------------------------------


def test_jsonl_fields(tmp_path):
    path = jsonl(
        tmp_path / "corpus.jsonl",
        {
            "id": "art-1",
            "text": AR_ARTICLE,
            "title": "عنوان",
            "date": "2020-01-05",
            "url": "https://example.org/a/1",
            "lang": "ar",
            "source": "Asharq Al-Awsat",
        },
        {"id": 2, "text": EN_ARTICLE},
    )
    a, b = read_articles([path])
    assert a == Article(
        id="art-1",
        text=AR_ARTICLE,
        lang="ar",
        path=str(path),
        title="عنوان",
        date=dt.date(2020, 1, 5),
        url="https://example.org/a/1",
        source="Asharq Al-Awsat",
    )
    assert b.id == "2"  # integer ids become strings
    assert b.lang == "en"  # detected when not given
    assert b.title is None and b.date is None and b.url is None and b.source is None


def test_jsonl_lang_overrides_detection(tmp_path):
    path = jsonl(tmp_path / "c.jsonl", {"id": "x", "text": "LNA", "lang": "ar"})
    [art] = read_articles([path])
    assert art.lang == "ar"


def test_jsonl_blank_lines_are_skipped(tmp_path):
    line = json.dumps({"id": "x", "text": AR_BODY_1}, ensure_ascii=False)
    path = write(tmp_path / "c.jsonl", f"\n{line}\n\n   \n")
    assert [a.id for a in read_articles([path])] == ["x"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-05-06", dt.date(2020, 5, 6)),
        ("2020-05-06T10:00:00Z", dt.date(2020, 5, 6)),
        ("2020-05-06T10:00:00+02:00", dt.date(2020, 5, 6)),
        ("2017-01-20T21:43:00+01:00", dt.date(2017, 1, 20)),  # the date as written, not UTC
        ("2017-01-20 21:43:00.123", dt.date(2017, 1, 20)),
        ("20080110", dt.date(2008, 1, 10)),
        (20080110, dt.date(2008, 1, 10)),
        (" 20080110 ", dt.date(2008, 1, 10)),
        ("17/05/2015", dt.date(2015, 5, 17)),
        ("06/05/2020", dt.date(2020, 5, 6)),  # day first, as Arabic and European sources write
        ("17.05.2015", dt.date(2015, 5, 17)),
        ("2015/05/17", dt.date(2015, 5, 17)),
        ("Sun, 17 May 2015 10:00:00 +0300", dt.date(2015, 5, 17)),  # RFC 2822
        ("Sun, 17 May 2015 23:30:00 -0500", dt.date(2015, 5, 17)),
        ("17 May 2015", dt.date(2015, 5, 17)),
        ("May 17, 2015", dt.date(2015, 5, 17)),
        (None, None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("yesterday", "not a date"),
        ("2020-13-01", "not a valid date"),
        ("20201301", "not a valid date"),
        ("31/02/2020", "not a date"),
        ("May 2015", "incomplete date"),  # no day: never filled in from today's date
        ("2015", "not a date"),
        ("1431864000", "not a date"),  # a Unix time is not a publication date
        ("0001-01-01", "implausible"),
        ("3020-01-01", "implausible"),
        (["2020-01-01"], "must be a string"),
        (True, "must be a string"),
        ("1" * 5000, "not a date"),
    ],
)
def test_parse_date_rejects(value, problem):
    with pytest.raises(InputError, match=problem) as info:
        parse_date(value, where="f.jsonl:3")
    assert str(info.value).startswith("f.jsonl:3: ") and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2020-05-06", dt.date(2020, 5, 6)), ("20080110", dt.date(2008, 1, 10))],
)
def test_jsonl_dates(tmp_path, value, expected):
    path = jsonl(tmp_path / "c.jsonl", {"id": "x", "text": AR_BODY_1, "date": value})
    [art] = read_articles([path])
    assert art.date == expected


def test_default_date_only_when_the_article_has_none(tmp_path):
    path = jsonl(
        tmp_path / "c.jsonl",
        {"id": "dated", "text": AR_BODY_1, "date": "2019-04-04"},
        {"id": "undated", "text": AR_BODY_2},
        {"id": "empty-date", "text": AR_BODY_2, "date": ""},
        {"id": "null-date", "text": AR_BODY_2, "date": None},
    )
    default = dt.date(2020, 1, 5)
    dates = {a.id: a.date for a in read_articles([path], default_date=default)}
    assert dates == {
        "dated": dt.date(2019, 4, 4),
        "undated": default,
        "empty-date": default,
        "null-date": default,
    }
    assert {a.date for a in read_articles([path])} == {dt.date(2019, 4, 4), None}


def test_read_path_yields_articles(tmp_path):
    path = jsonl(tmp_path / "c.jsonl", {"id": "x", "text": AR_BODY_1})
    assert [a.id for a in read_path(path)] == ["x"]


# --- bad input: one-line InputError naming the file ---------------------------------------


def test_input_error_is_a_kg_error():
    assert issubclass(InputError, KgError)


def test_empty_file(tmp_path):
    path = write(tmp_path / "empty.txt", b"")
    message = input_error([path])
    assert str(path) in message and "empty" in message


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_whitespace_only_file(tmp_path, suffix):
    path = write(tmp_path / f"blank{suffix}", "  \n\t\n \r\n")
    message = input_error([path])
    assert str(path) in message and "empty" in message


@pytest.mark.parametrize(
    "data",
    [PNG, b"\x00" * 64, "نص عربي".encode() + b"\x00\x00" + b"more"],
    ids=["png", "nul-bytes", "text-with-nul"],
)
@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_binary_file(tmp_path, data, suffix):
    path = write(tmp_path / f"image{suffix}", data)
    message = input_error([path])
    assert str(path) in message and "binary" in message


def test_control_characters_are_binary(tmp_path):
    path = write(tmp_path / "ctl.txt", "abc" + "".join(chr(c) for c in range(1, 9)) * 3 + " x")
    message = input_error([path])
    assert str(path) in message and "binary" in message


def test_non_utf8_file(tmp_path):
    path = write(tmp_path / "cp1256.txt", AR_ARTICLE.encode("cp1256"))
    message = input_error([path])
    assert str(path) in message and "UTF-8" in message


def test_non_utf8_jsonl(tmp_path):
    line = json.dumps({"id": "x", "text": AR_BODY_1}, ensure_ascii=False) + "\n"
    path = write(tmp_path / "cp1256.jsonl", line.encode("cp1256"))
    message = input_error([path])
    assert str(path) in message and "UTF-8" in message


def test_malformed_jsonl_line_names_file_and_line(tmp_path):
    good = json.dumps({"id": "a", "text": AR_BODY_1}, ensure_ascii=False)
    path = write(tmp_path / "c.jsonl", f'{good}\n{{"id": "b", "text": "unterminated\n')
    message = input_error([path])
    assert f"{path}:2:" in message and "JSON" in message


def test_jsonl_line_not_an_object(tmp_path):
    path = write(tmp_path / "c.jsonl", '["id", "text"]\n')
    message = input_error([path])
    assert f"{path}:1:" in message


@pytest.mark.parametrize(
    "obj",
    [{"id": "a"}, {"id": "a", "text": 5}, {"id": "a", "text": None}, {"text": AR_BODY_1}],
    ids=["no-text", "int-text", "null-text", "no-id"],
)
def test_jsonl_missing_field(tmp_path, obj):
    good = {"id": "ok", "text": AR_BODY_1}
    path = jsonl(tmp_path / "c.jsonl", good, obj)
    message = input_error([path])
    assert f"{path}:2:" in message
    assert ("'text'" in message) if "id" in obj else ("'id'" in message)


def test_jsonl_empty_text(tmp_path):
    path = jsonl(tmp_path / "c.jsonl", {"id": "a", "text": "   "})
    message = input_error([path])
    assert f"{path}:1:" in message and "empty" in message


def test_jsonl_bad_date_is_unknown_with_a_warning(tmp_path):
    """A date nobody can read does not cost the article: it is kept, its date unknown."""
    path = jsonl(
        tmp_path / "c.jsonl",
        {"id": "a", "text": AR_BODY_1, "date": "yesterday"},
        {"id": "b", "text": AR_BODY_2, "date": "17/05/2015"},
    )
    result = scan_articles([path], default_date=dt.date(2020, 1, 1))
    assert [(a.id, a.date) for a in result.articles] == [
        ("a", dt.date(2020, 1, 1)),
        ("b", dt.date(2015, 5, 17)),
    ]
    assert not result.rejected
    [warning] = result.warnings
    assert warning.startswith(f"{path}:1: ") and "'yesterday'" in warning and "unknown" in warning


def test_jsonl_language_must_be_a_code(tmp_path):
    path = jsonl(tmp_path / "c.jsonl", {"id": "a", "text": AR_BODY_1, "lang": "French"})
    message = input_error([path])
    assert f"{path}:1:" in message and "'French'" in message and "language code" in message


def test_jsonl_language_without_a_pack_is_read(tmp_path):
    """A language kg has no pack for is still an article (``kg build`` warns and stores it)."""
    path = jsonl(
        tmp_path / "c.jsonl", {"id": "a", "text": "Les forces ont bombardé Misrata.", "lang": "fr"}
    )
    assert [a.lang for a in read_articles([path])] == ["fr"]


def test_duplicate_ids_in_one_jsonl(tmp_path):
    path = jsonl(tmp_path / "c.jsonl", {"id": "a", "text": AR_BODY_1}, {"id": "a", "text": "x"})
    message = input_error([path])
    assert f"{path}:2:" in message and "duplicate" in message and "'a'" in message


def test_duplicate_ids_across_files(tmp_path):
    first = jsonl(tmp_path / "1.jsonl", {"id": "a", "text": AR_BODY_1})
    second = jsonl(tmp_path / "2.jsonl", {"id": "a", "text": AR_BODY_2})
    message = input_error([tmp_path])
    assert str(second) in message and str(first) in message and "'a'" in message


def test_same_txt_given_twice_is_a_duplicate(tmp_path):
    path = write(tmp_path / "a.txt", AR_ARTICLE)
    message = input_error([path, path])
    assert str(path) in message and "'a.txt'" in message


@pytest.mark.parametrize("name", ["article.pdf", "article.html", "article", "article.json"])
def test_unsupported_suffix(tmp_path, name):
    path = write(tmp_path / name, AR_ARTICLE)
    message = input_error([path])
    assert str(path) in message and "unsupported" in message


def test_missing_path(tmp_path):
    path = tmp_path / "nope.txt"
    message = input_error([path])
    assert str(path) in message and "no such file" in message


def test_html_page(tmp_path):
    path = write(tmp_path / "page.txt", HTML_PAGE)
    message = input_error([path])
    assert str(path) in message and "HTML" in message


def test_html_page_in_jsonl(tmp_path):
    path = jsonl(tmp_path / "c.jsonl", {"id": "a", "text": HTML_PAGE})
    message = input_error([path])
    assert f"{path}:1:" in message and "HTML" in message


def test_minimal_html_page(tmp_path):
    page = f"<html><body><p>{AR_BODY_1}</p></body></html>\n"
    path = write(tmp_path / "page.txt", page)
    message = input_error([path])
    assert str(path) in message and "HTML" in message


def test_directory_without_articles(tmp_path):
    write(tmp_path / "notes.md", "not an article")
    write(tmp_path / "image.png", PNG)
    message = input_error([tmp_path])
    assert str(tmp_path) in message and "no .txt or .jsonl" in message


def test_empty_directory(tmp_path):
    message = input_error([tmp_path])
    assert str(tmp_path) in message


def test_bad_file_in_a_directory_is_named(tmp_path):
    write(tmp_path / "a.txt", AR_ARTICLE)
    bad = write(tmp_path / "b.txt", AR_ARTICLE.encode("cp1256"))
    message = input_error([tmp_path])
    assert str(bad) in message


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
def test_jsonl_text_with_unicode_line_separator(tmp_path, sep):
    text = f"قال المسماري{sep}إن الجيش قصف مواقع في طرابلس."
    path = jsonl(tmp_path / "c.jsonl", {"id": "a", "text": text}, {"id": "b", "text": AR_BODY_1})
    arts = read_articles([path])
    assert [a.text for a in arts] == [text, AR_BODY_1]


# --- a batch goes on without its bad records -------------------------------------------------

BAD_RECORDS = [
    ('{"id": "t", "text": "%s", "title": {"ar": "x"}}', "field 'title' is an object, not a string"),
    ('{"id": "s", "text": "\\ud800 %s"}', "lone surrogate"),
    ('{"id": "u", "text": "%s", "source": 7}', "field 'source' is a number"),
    ('{"id": 1.5, "text": "%s"}', "field 'id' is a number"),
    ('{"id": "", "text": "%s"}', "field 'id' is empty"),
    ('{"id": "a\\nb", "text": "%s"}', "control characters"),
    ('{"id": "n", "text": null}', "field 'text' is missing"),
    ("[1, 2]", "expected a JSON object"),
    ('{"id": "m", "text": "%s"', "malformed JSON"),
    ("[" * 100_000, "malformed JSON"),
]


def test_scan_sets_bad_records_aside_and_keeps_the_rest(tmp_path):
    good = [json.dumps({"id": f"g{i}", "text": AR_BODY_1}, ensure_ascii=False) for i in range(3)]
    bad = [rec % AR_BODY_2 if "%s" in rec else rec for rec, _ in BAD_RECORDS]
    lines = [good[0], *bad[:5], good[1], *bad[5:], good[2]]
    path = write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    result = scan_articles([path])
    assert [a.id for a in result.articles] == ["g0", "g1", "g2"]
    assert [r.line for r in result.rejected] == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
    for rej, (_, problem) in zip(result.rejected, BAD_RECORDS, strict=True):
        assert problem in rej.problem, (rej, problem)
        assert rej.file == str(path) and rej.record == lines[rej.line - 1][:100_000]
        assert "\n" not in rej.message() and rej.message().startswith(f"{path}:{rej.line}: ")
        json.dumps(rej.to_json()).encode("utf-8")  # rejected.jsonl can always be written
    with pytest.raises(InputError, match=f"^{path}:2: field 'title'"):
        read_articles([path])  # strict: the first problem


def test_scan_rejects_an_invalid_utf8_line_not_the_file(tmp_path):
    good = json.dumps({"id": "g", "text": AR_BODY_1}, ensure_ascii=False).encode()
    bad = json.dumps({"id": "b", "text": AR_BODY_2}, ensure_ascii=False).encode("utf-8")
    path = write(tmp_path / "c.jsonl", good + b"\n" + bad[:30] + b"\xff" + bad[30:] + b"\n")
    result = scan_articles([path])
    assert [a.id for a in result.articles] == ["g"]
    [rej] = result.rejected
    assert rej.line == 2 and "not valid UTF-8 (byte 0xff at column 31)" in rej.problem
    assert "\\xff" in rej.record


def test_scan_rejects_a_bad_file_and_reads_the_others(tmp_path):
    write(tmp_path / "a.txt", AR_ARTICLE)
    write(tmp_path / "b.txt", b"\x00\x01binary")
    write(tmp_path / "c.txt", AR_ARTICLE.encode("cp1256"))
    write(tmp_path / "d.jsonl", "")
    jsonl(tmp_path / "e.jsonl", {"id": "a.txt", "text": AR_BODY_2}, {"id": "e", "text": AR_BODY_1})
    result = scan_articles([tmp_path])
    assert [a.id for a in result.articles] == ["a.txt", "e"]
    problems = [(Path(r.file).name, r.line, r.problem.split(" (")[0]) for r in result.rejected]
    assert problems == [
        ("b.txt", None, "binary file"),
        ("c.txt", None, "not valid UTF-8"),
        ("d.jsonl", None, "empty file"),
        ("e.jsonl", 1, "duplicate article id 'a.txt'"),
    ]


def test_scan_still_fails_on_a_missing_input(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        scan_articles([tmp_path / "nope.jsonl"])


@pytest.mark.parametrize(
    ("url", "iri"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ('https://example.org/x"><script>', "https://example.org/x%22%3E%3Cscript%3E"),
        ("https://example.org/[x]{y}|^`\\", "https://example.org/%5Bx%5D%7By%7D%7C%5E%60%5C"),
        ("https://example.org/100%", "https://example.org/100%25"),
        ("https://example.org/a%20b", "https://example.org/a%20b"),  # already encoded: kept
        ("https://example.org/x#a#b", "https://example.org/x#a%23b"),
        ("https://ar.example.org/خبر?id=1", "https://ar.example.org/خبر?id=1"),  # an IRI may
        ("https://example.org/\u202egnp.exe", "https://example.org/%E2%80%AEgnp.exe"),
        (" HTTP://Example.org/ ", "http://Example.org/"),
        ("https://[::1]:8080/x", "https://[::1]:8080/x"),
        ("javascript:alert(1)", None),
        ("data:text/html,<b>", None),
        ("www.example.org/x", None),
        ("https://exa mple.org/", None),
        ("https://", None),
        ("http://a.org:port/", None),
        ("http://a.org/\ud800", None),  # found by tests/test_fuzz_ingest.py
        ("http://a.org/\xa0خبر\u2003x\u200cy", "http://a.org/%C2%A0خبر%E2%80%83x%E2%80%8Cy"),  # ANT
    ],
)
def test_to_iri(url, iri):
    import pyoxigraph

    assert to_iri(url) == iri
    if iri:
        pyoxigraph.NamedNode(iri)
        assert_ntriples_roundtrip(iri)


def assert_ntriples_roundtrip(iri: str) -> None:
    """The IRI survives N-Triples both ways, through rdflib (the store loads N-Triples)."""
    import rdflib

    g = rdflib.Graph()
    g.add((rdflib.URIRef(iri), rdflib.RDF.type, rdflib.OWL.Thing))
    back = rdflib.Graph().parse(data=g.serialize(format="nt"), format="nt")
    assert {str(s) for s in back.subjects()} == {iri}


def test_jsonl_url_is_an_iri_or_left_out(tmp_path):
    path = jsonl(
        tmp_path / "c.jsonl",
        {"id": "a", "text": AR_BODY_1, "url": "http://x.org/a b"},
        {"id": "b", "text": AR_BODY_2, "url": "javascript:alert(1)"},
    )
    result = scan_articles([path])
    assert [a.url for a in result.articles] == ["http://x.org/a%20b", None]
    [warning] = result.warnings
    assert warning.startswith(f"{path}:2: url 'javascript:alert(1)'")
