"""Read articles from .txt and .jsonl files (or directories of them), record by record.

Input is untrusted. Every record (a .txt file, a .jsonl line) is checked before anything is
extracted; a bad one becomes a :class:`Rejected` naming ``file:line`` and the problem (empty,
binary, not UTF-8, too large, malformed JSON, a field of the wrong type, a duplicate id …).
:func:`scan_articles` returns the good articles and the rejected records (a batch goes on
without them); :func:`read_articles` raises the first problem instead (``strict``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.ingest.fields import check_string, parse_date, to_iri
from kg.types import Article

__all__ = [
    "MAX_BYTES",
    "MAX_ARTICLE_CHARS",
    "Rejected",
    "ReadResult",
    "scan_articles",
    "read_articles",
    "read_path",
    "detect_language",
    "content_hash",
    "paragraphs",
]

#: Largest article file accepted (a whole JSONL corpus file may be larger; each line is checked).
MAX_BYTES = 50 * 1024 * 1024
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's max_length is set from it; the NER takes ~3 GB at this size
SUFFIXES = (".txt", ".jsonl")

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z]")
_HTML_PAGE = re.compile(r"\s*<(!doctype\s+html|html)\b", re.I)
_HTML = re.compile(r"<\s*(html|body|p|div|script|br|span|head)\b[^>]*>", re.I)
#: An ISO 639-1/-2 code: articles in a language without a pack are stored, with a warning.
_LANG_CODE = re.compile(r"[a-z]{2,3}")
_ID_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: The longest raw record kept in ``rejected.jsonl`` (characters).
MAX_RECORD_KEPT = 100_000


@dataclass(frozen=True)
class Rejected:
    """A record that could not be read: where (``file`` and ``line``), why, and its raw text."""

    file: str
    line: int | None
    problem: str
    record: str | None = None

    @property
    def where(self) -> str:
        """``file:line`` (or ``file`` for a whole-file problem)."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def message(self) -> str:
        """``file:line: problem``, one line."""
        return f"{self.where}: {self.problem}"

    def to_json(self) -> dict:
        """The ``rejected.jsonl`` object (the raw record cut at :data:`MAX_RECORD_KEPT`)."""
        rec = self.record
        if rec is not None and len(rec) > MAX_RECORD_KEPT:
            rec = rec[:MAX_RECORD_KEPT]
        return {"file": self.file, "line": self.line, "error": self.problem, "record": rec}


@dataclass
class ReadResult:
    """What :func:`scan_articles` read: the good articles, the rejected records, warnings."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def content_hash(text: str) -> str:
    """The sha256 hex digest of the article text (decides whether a stored article changed)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def detect_language(text: str) -> str:
    """'ar' when Arabic letters outnumber Latin ones, else 'en'.

    >>> detect_language("قال المسماري إن...") , detect_language("The LNA said")
    ('ar', 'en')
    """
    ar = len(_ARABIC.findall(text))
    la = len(_LATIN.findall(text))
    return "ar" if ar >= la and ar > 0 else "en"


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


def _read_txt(path: Path, default_date: dt.date | None, art_id: str | None = None) -> Article:
    text = _decode(_read_bytes(path), str(path))
    _check_text(text, str(path))
    spans = paragraphs(text)
    title = text[spans[0][0] : spans[0][1]].strip() if spans else None
    return Article(
        id=art_id or path.name,
        text=text,
        lang=detect_language(text),
        path=str(path),
        title=title,
        date=default_date,
    )


def _record(
    obj: object, path: Path, where: str, default_date: dt.date | None, warnings: list[str]
) -> Article:
    """One JSONL object as an Article (InputError for a field it cannot do without)."""
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object per line")
    art_id = check_string(obj, "id", where, required=True)
    if not art_id.strip() or _ID_BAD.search(art_id):
        raise InputError(f"{where}: field 'id' is empty or holds control characters")
    body = check_string(obj, "text", where, required=True)
    _check_text(body, where)
    lang = obj.get("lang") or detect_language(body)
    if not isinstance(lang, str) or not _LANG_CODE.fullmatch(lang):
        raise InputError(f"{where}: {lang!r} is not a language code (ISO 639: ar, en, fr …)")
    title, source = (check_string(obj, k, where) for k in ("title", "source"))
    try:
        date = parse_date(obj.get("date"), where=where)
    except InputError as exc:
        warnings.append(f"{exc}; the date is unknown")
        date = None
    url = check_string(obj, "url", where)
    iri = to_iri(url) if url else None
    if url and iri is None:
        warnings.append(f"{where}: url {url[:200]!r} is not an http(s) address; left out")
    return Article(
        id=art_id,
        text=body,
        lang=lang,
        path=str(path),
        title=title,
        date=date or default_date,
        url=iri,
        source=source,
    )


def _scan_jsonl(
    path: Path, default_date: dt.date | None, result: ReadResult, first: dict[str, str]
) -> None:
    """Append the file's articles and rejected lines to ``result`` (raises for the whole file).

    ``first`` maps the article ids read so far to where they were read (updated here).
    """
    raw = _read_bytes(path)
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path}: binary file (NUL bytes), not UTF-8 text")
    found = False
    # split on \n only: U+2028 and friends may stand raw inside JSON strings
    for lineno, chunk in enumerate(raw.split(b"\n"), 1):
        if lineno == 1:
            chunk = chunk.removeprefix(b"\xef\xbb\xbf")
        if not chunk.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            line = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = (
                f"not valid UTF-8 (byte 0x{chunk[exc.start]:02x} at column {exc.start + 1}); "
                "re-encode the file as UTF-8"
            )
            text = chunk.decode("utf-8", "backslashreplace")
            result.rejected.append(Rejected(str(path), lineno, problem, text))
            continue
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: malformed JSON ({exc.msg})") from None
            except RecursionError:
                raise InputError(f"{where}: malformed JSON (nested too deeply)") from None
            art = _record(obj, path, where, default_date, result.warnings)
            if art.id in first:
                raise InputError(
                    f"{where}: duplicate article id {art.id!r} (first: {first[art.id]})"
                )
            first[art.id] = where
            result.articles.append(art)
            found = True
        except InputError as exc:
            problem = str(exc).removeprefix(f"{where}: ")
            result.rejected.append(Rejected(str(path), lineno, problem, line))
    if not found and not any(r.file == str(path) for r in result.rejected):
        raise InputError(f"{path}: empty file (no articles)")


def read_path(path: Path, *, default_date: dt.date | None = None) -> Iterator[Article]:
    """Articles from one .txt or .jsonl file (InputError on the first bad record)."""
    if path.suffix == ".txt":
        yield _read_txt(path, default_date)
        return
    if path.suffix != ".jsonl":
        raise InputError(f"{path}: unsupported file type {path.suffix!r} (use .txt or .jsonl)")
    result = ReadResult()
    _scan_jsonl(path, default_date, result, {})
    if result.rejected:
        raise InputError(result.rejected[0].message())
    yield from result.articles


def _files(inputs: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Each input file, with the id a .txt file there gets.

    The id is the file's path below the folder given (``sub/a.txt``: two folders' ``a.txt``
    stay two articles), or its name when the file itself is given.
    """
    files: list[tuple[Path, str]] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in SUFFIXES)
            if not found:
                raise InputError(f"{p}: no .txt or .jsonl articles in this directory")
            files.extend((f, f.relative_to(p).as_posix()) for f in found)
        elif p.exists():
            files.append((p, p.name))
        else:
            raise InputError(f"{p}: no such file or directory")
    return files


def scan_articles(
    inputs: Iterable[str | Path], *, default_date: dt.date | None = None
) -> ReadResult:
    """Read every article under ``inputs``, setting bad records aside instead of failing.

    Files (or directories searched for .txt/.jsonl) are read in sorted order, so the output
    is deterministic. Each .txt file and each .jsonl line is one record; a record that cannot
    be read, or repeats an article id read before, goes to ``rejected``. A date that cannot
    be read or a URL that is not a web address is dropped with a warning (the article stays).

    Raises:
        InputError: an input path does not exist, or a directory holds no articles.
    """
    result = ReadResult()
    first: dict[str, str] = {}
    for f, txt_id in _files(inputs):
        try:
            if f.suffix == ".jsonl":
                _scan_jsonl(f, default_date, result, first)
                continue
            if f.suffix != ".txt":
                raise InputError(f"{f}: unsupported file type {f.suffix!r} (use .txt or .jsonl)")
            art = _read_txt(f, default_date, txt_id)
            if art.id in first:
                raise InputError(f"{f}: article id {art.id!r} already read from {first[art.id]}")
            first[art.id] = str(f)
            result.articles.append(art)
        except InputError as exc:
            result.rejected.append(Rejected(str(f), None, str(exc).removeprefix(f"{f}: ")))
    return result


def read_articles(
    inputs: Iterable[str | Path], *, default_date: dt.date | None = None
) -> list[Article]:
    """Read every article under ``inputs`` (files, or directories searched for .txt/.jsonl).

    Like :func:`scan_articles`, but strict: the first bad record raises.

    Raises:
        InputError: a record cannot be read (``file:line: problem``), or an id repeats.
    """
    result = scan_articles(inputs, default_date=default_date)
    if result.rejected:
        raise InputError(result.rejected[0].message())
    return result.articles
