"""Simplified and traditional Chinese script, with OpenCC.

Two uses, kept apart: *comparison* (length-preserving, character by
character, so that positions in a text stay positions in its converted form)
and *display* (whole-text conversion, which may change length, for the
traditional-script pages).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    """Whole-text conversion to traditional script, phrases included (``s2t``)."""
    return _converter("s2t").convert(text)


def to_simplified(text: str) -> str:
    """Whole-text conversion to simplified script, phrases included (``t2s``)."""
    return _converter("t2s").convert(text)


def to_traditional_display(text: str) -> str:
    """Traditional script for reading pages (``s2t``).

    Script only, with phrase-aware character choice: regional vocabulary
    conversions (``s2twp`` turns 声明 into 宣告) would change the words of
    the text, which an edition must not do.
    """
    return _converter("s2t").convert(text)


# Variant characters (異體字): each variant and the form it stands for. Both are
# written in traditional script, so simplification alone does not tell them
# apart; OpenCC folds some of them already, and the rest it leaves unfolded.
# The table is small on purpose: pairs printed texts actually show, each one
# read the same way wherever it stands.
VARIANT_CHARACTERS = {
    "峯": "峰", "羣": "群", "綫": "線", "衆": "眾", "爲": "為", "僞": "偽", "啓": "啟",
    "裡": "裏", "衞": "衛", "敎": "教", "歳": "歲", "塲": "場", "吿": "告", "揑": "捏",
    "㑹": "會", "凖": "準", "鷄": "雞", "麽": "麼", "牀": "床", "姉": "姊", "銹": "鏽",
    "鉤": "鈎", "峩": "峨", "槪": "概", "旣": "既", "卽": "即", "淸": "清", "靑": "青",
}


def is_compatibility_ideograph(ch: str) -> bool:
    """Whether ``ch`` is a CJK compatibility ideograph that stands for a unified one (U+F900…)."""
    code = ord(ch)
    if not (0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F):
        return False
    unified = unicodedata.normalize("NFD", ch)
    return len(unified) == 1 and unified != ch


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """The comparison form of one character: one script, one width.

    Traditional characters fold to simplified; full-width ASCII forms and the
    ideographic space fold to their narrow forms; CJK compatibility
    ideographs fold to the unified ideograph they stand for, and variant
    characters (:data:`VARIANT_CHARACTERS`) to the form they stand for.
    Always returns exactly one character.
    """
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if code == 0x3000:
        return " "
    if is_compatibility_ideograph(ch):
        ch = unicodedata.normalize("NFD", ch)
    ch = VARIANT_CHARACTERS.get(ch, ch)
    simplified = to_simplified(ch)
    return simplified if len(simplified) == 1 else ch


def fold_chars(chars: str) -> list[str]:
    """``fold_char`` of each character of ``chars``, with one OpenCC call for them all.

    For folding a whole alphabet at once (the search index's table of every
    character a query may hold): tens of thousands of characters in
    milliseconds, where one call each takes a tenth of a second.
    """
    mapped = []
    for ch in chars:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E or code == 0x3000 or ch in "\n\r":
            mapped.append(None)
            continue
        if is_compatibility_ideograph(ch):
            ch = unicodedata.normalize("NFD", ch)
        mapped.append(VARIANT_CHARACTERS.get(ch, ch))
    simplified = iter(to_simplified("\n".join(m for m in mapped if m is not None)).split("\n"))
    out = []
    for ch, m in zip(chars, mapped):
        if m is None:
            out.append(fold_char(ch))
            continue
        folded = next(simplified)
        out.append(folded if len(folded) == 1 else m)
    return out


def convert_aligned(text: str, convert) -> list[str]:
    """Convert ``text`` as a whole and return one string per input character.

    Phrase conversions need the whole text (``想象`` becomes ``想像`` in
    traditional script only as a phrase). Where the conversion keeps the
    length, position *i* of the result belongs to character *i*; where it
    does not, each character is converted alone.
    """
    whole = convert(text)
    if len(whole) == len(text):
        return list(whole)
    return [convert(ch) for ch in text]


# Not a character XML allows, and in no dictionary of OpenCC: no phrase reaches across it.
_SEPARATOR = "\x01"


def convert_each(texts: list[str], convert) -> list[str]:
    """``convert`` of each of ``texts``, in one call (a call per text costs far more than its text).

    The texts are joined with a separator no phrase conversion reaches
    across, so each comes out as it would alone; if one holds the separator
    itself, each is converted alone.
    """
    if not texts:
        return []
    converted = convert(_SEPARATOR.join(texts)).split(_SEPARATOR)
    if len(converted) == len(texts):
        return converted
    return [convert(text) for text in texts]
