"""Read articles from .txt and .jsonl files (or directories of them) into :class:`Article` objects.

Input is untrusted: every unreadable file raises :class:`~kg.errors.InputError` with a one-line
message naming the file and the problem (empty, binary, not UTF-8, too large, malformed line).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.types import Article

__all__ = [
    "MAX_BYTES",
    "read_articles",
    "read_path",
    "detect_language",
    "parse_date",
    "content_hash",
    "paragraphs",
]

#: Largest article file accepted (a whole JSONL corpus file may be larger; each line is checked).
MAX_BYTES = 50 * 1024 * 1024
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's default max_length; the NER takes ~3 GB for such a text
SUFFIXES = (".txt", ".jsonl")

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z]")
_HTML_PAGE = re.compile(r"\s*<(!doctype\s+html|html)\b", re.I)
_HTML = re.compile(r"<\s*(html|body|p|div|script|br|span|head)\b[^>]*>", re.I)
#: An ISO 639-1/-2 code: articles in a language without a pack are stored, with a warning.
_LANG_CODE = re.compile(r"[a-z]{2,3}")


def content_hash(text: str) -> str:
    """The sha256 hex digest of the article text (its identity in the graph)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def detect_language(text: str) -> str:
    """'ar' when Arabic letters outnumber Latin ones, else 'en'.

    >>> detect_language("قال المسماري إن...") , detect_language("The LNA said")
    ('ar', 'en')
    """
    ar = len(_ARABIC.findall(text))
    la = len(_LATIN.findall(text))
    return "ar" if ar >= la and ar > 0 else "en"


def parse_date(value: str | None, *, where: str = "") -> dt.date | None:
    """Parse an ISO date (``2020-05-06`` or a datetime) or ``YYYYMMDD``; None stays None.

    >>> parse_date("2020-05-06T10:00:00Z"), parse_date("20080110")
    (datetime.date(2020, 5, 6), datetime.date(2008, 1, 10))
    """
    if value is None or value == "":
        return None
    s = str(value).strip()
    try:
        if re.fullmatch(r"\d{8}", s):
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?", s):
            raise ValueError(s)
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        raise InputError(f"{where}: not an ISO date: {s!r}") from None


def paragraphs(text: str) -> list[tuple[int, int]]:
    r"""(start, end) offsets of the non-empty lines of ``text``; the first is the headline.

    >>> paragraphs("Title\n\nFirst.\nSecond.")
    [(0, 5), (7, 13), (14, 21)]
    """
    spans = []
    pos = 0
    for line in text.split("\n"):  # only \n: the gold files count paragraphs this way
        body = line.rstrip("\r")
        if body.strip():
            spans.append((pos, pos + len(body)))
        pos += len(line) + 1
    return spans


def _check_text(text: str, where: str) -> None:
    if not text.strip():
        raise InputError(f"{where}: empty article (no text)")
    if "\x00" in text:
        raise InputError(f"{where}: binary data (NUL bytes), not an article")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 10:
        raise InputError(f"{where}: binary data ({controls} control characters), not an article")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"{where}: article too large ({len(text):,} characters, limit {MAX_ARTICLE_CHARS:,})"
        )
    if _HTML_PAGE.match(text) or (_HTML.search(text[:5000]) and len(_HTML.findall(text)) > 3):
        raise InputError(f"{where}: looks like HTML markup; give plain text (strip the HTML first)")


def _decode(raw: bytes, where: str) -> str:
    if b"\x00" in raw[:8192]:
        raise InputError(f"{where}: binary file (NUL bytes), not UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "re-encode the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if size == 0:
        raise InputError(f"{path}: empty file")
    if size > MAX_BYTES and path.suffix != ".jsonl":
        raise InputError(f"{path}: file too large ({size:,} bytes, limit {MAX_BYTES:,})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _read_txt(path: Path, default_date: dt.date | None) -> Article:
    text = _decode(_read_bytes(path), str(path))
    _check_text(text, str(path))
    spans = paragraphs(text)
    title = text[spans[0][0] : spans[0][1]].strip() if spans else None
    return Article(
        id=path.name,
        text=text,
        lang=detect_language(text),
        path=str(path),
        title=title,
        date=default_date,
    )


def _read_jsonl(path: Path, default_date: dt.date | None) -> Iterator[Article]:
    text = _decode(_read_bytes(path), str(path))
    seen: set[str] = set()
    found = False
    # split on \n only: U+2028 and friends may stand raw inside JSON strings
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: malformed JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object per line")
        for key in ("id", "text"):
            if not isinstance(obj.get(key), str) and not (
                key == "id" and isinstance(obj.get(key), int)
            ):
                raise InputError(f"{where}: missing or non-string field {key!r}")
        art_id = str(obj["id"])
        if art_id in seen:
            raise InputError(f"{where}: duplicate article id {art_id!r}")
        seen.add(art_id)
        body: str = obj["text"]
        _check_text(body, where)
        lang = obj.get("lang") or detect_language(body)
        if not isinstance(lang, str) or not _LANG_CODE.fullmatch(lang):
            raise InputError(f"{where}: {lang!r} is not a language code (ISO 639: ar, en, fr …)")
        found = True
        yield Article(
            id=art_id,
            text=body,
            lang=lang,
            path=str(path),
            title=obj.get("title"),
            date=parse_date(obj.get("date"), where=where) or default_date,
            url=obj.get("url"),
            source=obj.get("source"),
        )
    if not found:
        raise InputError(f"{path}: empty file (no articles)")


def read_path(path: Path, *, default_date: dt.date | None = None) -> Iterator[Article]:
    """Articles from one .txt or .jsonl file."""
    if path.suffix == ".jsonl":
        yield from _read_jsonl(path, default_date)
    elif path.suffix == ".txt":
        yield _read_txt(path, default_date)
    else:
        raise InputError(f"{path}: unsupported file type {path.suffix!r} (use .txt or .jsonl)")


def read_articles(
    inputs: Iterable[str | Path], *, default_date: dt.date | None = None
) -> list[Article]:
    """Read every article under ``inputs`` (files, or directories searched for .txt/.jsonl).

    Files are read in sorted order, so the output is deterministic. Article ids must be unique.
    """
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in SUFFIXES)
            if not found:
                raise InputError(f"{p}: no .txt or .jsonl articles in this directory")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            raise InputError(f"{p}: no such file or directory")
    articles: list[Article] = []
    ids: dict[str, str] = {}
    for f in files:
        for art in read_path(f, default_date=default_date):
            if art.id in ids:
                raise InputError(f"{f}: article id {art.id!r} already read from {ids[art.id]}")
            ids[art.id] = str(f)
            articles.append(art)
    return articles
