"""The exception hierarchy: the library raises, the CLI turns these into one-line messages."""

from __future__ import annotations

__all__ = ["KgError", "InputError", "GoldError", "QueryError", "StoreError",
           "UnsupportedLanguage"]  # fmt: skip


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """An input article cannot be read (empty, binary, wrong encoding, malformed line)."""


class GoldError(KgError):
    """A gold annotation file is malformed."""


class QueryError(KgError):
    """A SPARQL query file is missing, unreadable or malformed."""


class StoreError(KgError):
    """The store cannot be opened (in use by another process, not a store) or updated."""


class UnsupportedLanguage(KgError):
    """No language pack exists for the language asked for."""
