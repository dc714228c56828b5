"""Tokens with two faces: what the witness wrote, and what alignment compares.

One token per CJK character (with any combining marks or variation
selectors that follow it); a run of Latin letters, a run of digits and a run
of white space are one token each; every other character (punctuation) is
its own token.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..script import fold_char

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\u3099\u309a\U000e0100-\U000e01ef"
# The runs that make one token: Latin letters (with apostrophes and marks),
# digits, white space, and any character with marks or variation selectors
# after it. Every other character is a token by itself, so the text between
# two runs needs no matching at all: on Chinese text that is most of it.
_RUN = re.compile(
    rf"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]+(?:['’][A-Za-z]+)*[{_MARKS}]*"
    rf"|[0-9\uff10-\uff19]+|\s+|.[{_MARKS}]+",
    re.S,
)


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one text: ``t`` as written, ``n`` the comparison form."""

    t: tuple[str, ...]
    n: tuple[str, ...]


class _Folds(dict):
    """The comparison form of every character met so far, keyed by code point.

    A translation table for ``str.translate`` that fills itself: a character
    is folded once per process, not once per block.
    """

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLDS = _Folds()


def tokenize(text: str) -> Tokens:
    """Split ``text`` into tokens and give each its comparison form.

    The comparison form folds script (traditional to simplified, character by
    character), width (full-width forms to ASCII) and compatibility
    ideographs, and turns any run of white space into one space.

    Tokens are interned: a long witness has millions of tokens but only a few
    thousand distinct ones, and one string object each keeps memory small.
    """
    folded = text.translate(_FOLDS)
    t: list[str] = []
    n: list[str] = []
    pos = 0
    for match in _RUN.finditer(text):
        start, end = match.span()
        t.extend(text[pos:start])
        n.extend(folded[pos:start])
        t.append(match.group())
        n.append(" " if text[start].isspace() else folded[start:end])
        pos = end
    t.extend(text[pos:])
    n.extend(folded[pos:])
    return Tokens(tuple(map(sys.intern, t)), tuple(map(sys.intern, n)))


@lru_cache(maxsize=65536)
def is_punctuation(token: str) -> bool:
    """True for tokens of punctuation, symbols or white space only (cached: few distinct tokens)."""
    return all(ch.isspace() or unicodedata.category(ch)[0] in "PS" for ch in token)
