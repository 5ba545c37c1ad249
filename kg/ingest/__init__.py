"""Ingest: articles read from .txt and .jsonl files, every record checked before extraction."""

from kg.ingest.fields import check_string, parse_date, to_iri
from kg.ingest.read import (
    MAX_ARTICLE_CHARS,
    MAX_BYTES,
    ReadResult,
    Rejected,
    content_hash,
    detect_language,
    paragraphs,
    read_articles,
    read_path,
    scan_articles,
)

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_BYTES",
    "ReadResult",
    "Rejected",
    "check_string",
    "content_hash",
    "detect_language",
    "paragraphs",
    "parse_date",
    "read_articles",
    "read_path",
    "scan_articles",
    "to_iri",
]
