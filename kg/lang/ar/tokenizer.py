"""An Arabic tokenizer that splits glued punctuation and proclitics while keeping ``doc.text`` exact.

spaCy's blank ``ar`` tokenizer leaves ``بـ«الجيش`` and ``تركيا».`` as single tokens and never
splits clitics. This one:

- splits every punctuation mark (guillemets, quotes, Arabic comma, full stops) into its own token;
- splits a tatweel-marked proclitic (``بـ``) from what follows;
- splits proclitics و/ف + ب/ك/ل before the article (``بالعاصمة`` → ``ب`` ``العاصمة``) and
  ل+ال written لل (``للجيش`` → ``ل`` ``لجيش``, whose ``norm_`` is ``الجيش``);
- splits bare proclitics (``بمدينة``, ``وقال``, ``لحكومة``) only when the rest is a word the
  project's lexicons know (registry labels, trigger and cue words), so names such as ``بركان``
  are left whole.

Every token is a substring of the input, so character offsets stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

import numpy as np
from spacy.attrs import IS_ALPHA, NORM
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.lang.ar.normalize import DIACRITICS, TATWEEL, normalize

__all__ = ["ArabicTokenizer", "is_alpha", "split_word"]

_TOKEN_RE = re.compile(
    r"\s+"  # whitespace
    r"|\d+(?:[.,٫٬]\d+)*"  # numbers (9, 1.5, 2,000)
    r"|[^\W\d_]+?\u0640(?=\S)"  # tatweel-marked proclitic (بـ, الـ) glued to what follows
    r"|[\w\u0640\u064b-\u065f\u0670]+"  # words (letters, digits, tatweel, diacritics)
    r"|\S",  # any other single character: punctuation, symbols
)
_ARTICLE_RE = re.compile(r"^([وف]?[بكل]?)(ال..)")
_LAM_RE = re.compile(r"^([وف]?ل)(ل...)")
_BARE_RE = re.compile(r"^([وف][بكل]?|[بكل])(...+)$")
#: Words where و/ف/ب/ك/ل + ال is part of the stem, not a clitic.
_NOT_CLITIC = frozenset(
    normalize(w) for w in ("والد", "والدة", "والده", "والي", "والدي", "بالغ", "فالح")
)


def split_word(
    word: str, vocab_norms: frozenset[str], freqs: Mapping[str, int] | None = None
) -> list[tuple[str, str]]:
    """Split one word into (surface, norm) pieces: proclitics first, then the stem.

    A bare proclitic (no article after it) is split only when the rest is a word the lexicons
    know and, if corpus counts are given, the rest is not much rarer than the whole word: so
    ``وقال`` → ``و`` ``قال`` but ``كبير`` stays whole although ``بير`` (a well) is a known word.

    >>> split_word("للجيش", frozenset())
    [('ل', 'ل'), ('لجيش', 'الجيش')]
    >>> split_word("بمدينة", frozenset({"مدينه"}))
    [('ب', 'ب'), ('مدينة', 'مدينه')]
    >>> split_word("بركان", frozenset({"ركان"} - {"ركان"}))
    [('بركان', 'بركان')]
    """
    norm = normalize(word)
    if norm in _NOT_CLITIC or len(norm) != len(word):
        # Words carrying diacritics or tatweel are left whole (offsets would not line up).
        return [(word, norm)]
    m = _LAM_RE.match(norm)
    if m:
        k = len(m.group(1))
        return [*_pieces(word[:k]), (word[k:], "ا" + norm[k:])]
    m = _ARTICLE_RE.match(norm)
    if m and m.group(1) and not _never_alone(norm, norm[len(m.group(1)) :], freqs):
        k = len(m.group(1))
        return [*_pieces(word[:k]), (word[k:], norm[k:])]
    m = _BARE_RE.match(norm)
    if m:  # one proclitic before two (و + ليبيا before ول + يبيا)
        for k in sorted({1, len(m.group(1))}):
            stem = norm[k:]
            if stem in vocab_norms and _stem_not_rarer(norm, stem, freqs, norm[:k]):
                return [*_pieces(word[:k]), (word[k:], stem)]
    return [(word, norm)]


def _stem_not_rarer(
    word: str, stem: str, freqs: Mapping[str, int] | None, prefix: str = ""
) -> bool:
    """True unless corpus counts say the whole word is a word of its own (كبير, وزارة, ولاية).

    ``prefix``: the bare proclitics split off.
    """
    if not freqs:
        return True
    whole = freqs.get(word, 0)
    # و/ف alone glue to any word (واضاف is 13x more frequent than اضاف); ب/ك/ل, and two
    # proclitics together (ول+اية is ولاية, a governorate), much less so
    share = 0.05 if word[0] in "وف" and len(prefix) < 2 else 0.5
    # rare words carry no evidence either way: only a frequent whole word blocks the split
    return whole < 20 or freqs.get(stem, 0) >= share * whole


def _never_alone(word: str, stem: str, freqs: Mapping[str, int] | None) -> bool:
    """A frequent word whose rest is never seen alone: a name (كاليفورنيا), not ك + ال."""
    return bool(freqs) and freqs.get(word, 0) >= 20 and not freqs.get(stem, 0)


def _pieces(prefix: str) -> list[tuple[str, str]]:
    """One token per clitic letter (``وب`` → ``و``, ``ب``)."""
    return [(ch, normalize(ch)) for ch in prefix]


#: Words whose split is remembered before the memo starts afresh.
MAX_SPLITS = 200_000


def is_alpha(text: str) -> bool:
    """A word of letters once its diacritics and tatweel are set aside (spaCy's ``is_alpha``).

    ``str.isalpha`` is False for a shadda or a fatha (combining marks), so without this every
    vowelled word (الأمنيّة، شنّت، المُسلّحة) was "not a word" to the rules and the trigger
    matcher.

    >>> is_alpha("الأمنيّة"), is_alpha("بـ"), is_alpha("2020"), is_alpha("ّ")
    (True, True, False, False)
    """
    letters = "".join(ch for ch in text if ch != TATWEEL and ch not in DIACRITICS)
    return letters.isalpha()


class ArabicTokenizer:
    """Callable spaCy tokenizer; ``vocab_norms`` are normalized words safe to split clitics for.

    It sets the vocab's ``is_alpha`` to :func:`is_alpha` (diacritics are not punctuation).
    """

    def __init__(
        self, vocab: Vocab, vocab_norms: Iterable[str] = (), freqs: Mapping[str, int] | None = None
    ) -> None:
        vocab.lex_attr_getters[IS_ALPHA] = is_alpha
        self.vocab = vocab
        self.vocab_norms = frozenset(vocab_norms)
        self.freqs = freqs or {}
        self.splits: dict[str, list[tuple[str, str]]] = {}  # word → split_word(word), once seen

    def __call__(self, text: str) -> Doc:
        """Tokenize ``text``: every token a substring of it, ``norm_`` set where it differs."""
        words: list[str] = []
        spaces: list[bool] = []
        norms: list[str] = []
        for m in _TOKEN_RE.finditer(text):
            piece = m.group()
            if piece.isspace():
                if words and not spaces[-1] and piece[0] == " " and not _is_space_token(words[-1]):
                    spaces[-1] = True
                    piece = piece[1:]
                if piece:
                    words.append(piece)
                    spaces.append(False)
                    norms.append(piece)
                continue
            if piece[0].isalpha() and not piece.isascii():
                parts = self.splits.get(piece)
                if parts is None:
                    parts = split_word(piece, self.vocab_norms, self.freqs)
                    if len(self.splits) >= MAX_SPLITS:
                        self.splits.clear()
                    self.splits[piece] = parts
            else:
                parts = [(piece, normalize(piece))]
            for surface, norm in parts:
                words.append(surface)
                spaces.append(False)
                norms.append(norm or surface)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        # norm_ set where it differs from the text (0 keeps the lexeme's), in one array
        add = self.vocab.strings.add
        column = [0 if n == w else add(n) for w, n in zip(words, norms, strict=True)]
        if any(column):
            doc.from_array([NORM], np.array(column, dtype=np.uint64).reshape(-1, 1))
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenize each of ``texts`` (``batch_size`` is accepted for spaCy and ignored)."""
        for text in texts:
            yield self(text)

    # spaCy serializes the tokenizer with the pipeline; this one is rebuilt from the lexicons.
    def to_bytes(self, **kwargs: object) -> bytes:
        """Nothing to save: the tokenizer is rebuilt from the lexicons."""
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> ArabicTokenizer:
        """Nothing to load (see :meth:`to_bytes`)."""
        return self

    def to_disk(self, path: object, **kwargs: object) -> None:
        """Nothing to save (see :meth:`to_bytes`)."""
        return None

    def from_disk(self, path: object, **kwargs: object) -> ArabicTokenizer:
        """Nothing to load (see :meth:`to_bytes`)."""
        return self


def _is_space_token(word: str) -> bool:
    return word.isspace()
