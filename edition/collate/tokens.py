"""Tokens with two faces: what the witness wrote, and what alignment compares.

One token per CJK character (with any combining marks or variation
selectors that follow it); a run of Latin letters, a run of digits and a run
of white space are one token each; every other character (punctuation) is
its own token.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..script import fold_char

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\u3099\u309a\U000e0100-\U000e01ef"
_TOKEN = re.compile(
    rf"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]+(?:['’][A-Za-z]+)*[{_MARKS}]*"
    rf"|[0-9\uff10-\uff19]+|\s+|.[{_MARKS}]*",
    re.S,
)


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one text: ``t`` as written, ``n`` the comparison form."""

    t: tuple[str, ...]
    n: tuple[str, ...]


def _fold_table(text: str) -> dict[int, str]:
    return {ord(ch): fold_char(ch) for ch in set(text)}


def tokenize(text: str) -> Tokens:
    """Split ``text`` into tokens and give each its comparison form.

    The comparison form folds script (traditional to simplified, character by
    character), width (full-width forms to ASCII) and compatibility
    ideographs, and turns any run of white space into one space.
    """
    t = tuple(_TOKEN.findall(text))
    table = _fold_table(text)
    n = tuple(" " if tok[0].isspace() else tok.translate(table) for tok in t)
    return Tokens(t, n)


def is_punctuation(token: str) -> bool:
    """True for tokens of punctuation, symbols or white space only."""
    return all(ch.isspace() or unicodedata.category(ch)[0] in "PS" for ch in token)
