"""The class of a variant: what kind of difference separates two readings.

An entry's class (``app/@type``) says what kind of difference it records;
each reading's detail (``rdg/@type``) says more precisely how that reading
differs from the lemma: an omission, an addition, a substitution or a
transposition of words; a difference of script, of variant character or of
compatibility ideograph; a difference of punctuation width, of quotation
marks or of dashes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..script import VARIANT_CHARACTERS, is_compatibility_ideograph
from .numerals import number_value
from .tokens import is_punctuation

SUBSTANTIVE = "substantive"
DUPLICATION = "duplication"
ORTHOGRAPHIC = "orthographic"
NUMERAL = "numeral"
PUNCTUATION = "punctuation"
PARAGRAPHING = "paragraphing"
LACUNA = "lacuna"

CLASSES = (SUBSTANTIVE, ORTHOGRAPHIC, NUMERAL, PUNCTUATION, PARAGRAPHING, DUPLICATION, LACUNA)

OMISSION = "omission"
ADDITION = "addition"
SUBSTITUTION = "substitution"
TRANSPOSITION = "transposition"
SCRIPT = "script"
VARIANT = "variant"
COMPATIBILITY = "compatibility"
WIDTH = "width"
QUOTES = "quotes"
DASH = "dash"

# The details (rdg/@type) each class may have; a reading of another class has none.
DETAILS = {
    SUBSTANTIVE: (OMISSION, ADDITION, SUBSTITUTION, TRANSPOSITION),
    ORTHOGRAPHIC: (SCRIPT, VARIANT, COMPATIBILITY, WIDTH),
    PUNCTUATION: (WIDTH, QUOTES, DASH, OMISSION, ADDITION, SUBSTITUTION),
}

QUOTE_MARKS = frozenset("“”‘’「」『』《》〈〉〝〞﹁﹂﹃﹄\"'")
DASHES = frozenset("—–―‒‐‑-－─")

_RANK = {PUNCTUATION: 1, ORTHOGRAPHIC: 2, NUMERAL: 3, DUPLICATION: 4, SUBSTANTIVE: 5}
# Where the characters of one reading differ in several ways, the detail is the
# rarest of them, which a reader most needs to be told.
_ORTHOGRAPHIC_ORDER = (COMPATIBILITY, VARIANT, WIDTH, SCRIPT)
_PUNCTUATION_ORDER = (SUBSTITUTION, QUOTES, DASH, WIDTH)


def strongest(classes: Sequence[str]) -> str:
    """The class of an entry whose readings differ from the lemma in these ways."""
    return max(classes, key=lambda c: _RANK.get(c, 0))


def _letters(tokens: Sequence[str], forms: Sequence[str]) -> str:
    return "".join(f for tok, f in zip(tokens, forms) if not is_punctuation(tok))


def classify_pair(
    lem_t: Sequence[str], lem_n: Sequence[str],
    rdg_t: Sequence[str], rdg_n: Sequence[str],
    *,
    repeats_neighbour: Callable[[], bool],
    in_other_script: Callable[[], bool],
) -> tuple[str, str]:
    """The class of the difference between a lemma and a reading, and the reading's detail.

    ``repeats_neighbour`` tells whether the text one side has and the other
    lacks stands again right beside it in its witness; ``in_other_script``
    whether the two readings are equal once both witnesses' texts are put
    in one script as whole texts (phrase conversions apply). The detail is
    one of :data:`DETAILS` for the class, or empty.
    """
    if not lem_t or not rdg_t:
        if repeats_neighbour():
            return DUPLICATION, ""
        detail = ADDITION if not lem_t else OMISSION
        return (PUNCTUATION if all(map(is_punctuation, lem_t or rdg_t)) else SUBSTANTIVE), detail
    if _letters(lem_t, lem_n) == _letters(rdg_t, rdg_n):
        if _letters(lem_t, lem_t) == _letters(rdg_t, rdg_t):
            return PUNCTUATION, _punctuation_detail(lem_t, lem_n, rdg_t, rdg_n)
        if _same_number(lem_t, rdg_t):
            return NUMERAL, ""
        return ORTHOGRAPHIC, _orthographic_detail(_letters(lem_t, lem_t), _letters(rdg_t, rdg_t))
    if _same_number(lem_t, rdg_t):
        return NUMERAL, ""
    if in_other_script():
        return ORTHOGRAPHIC, SCRIPT
    return SUBSTANTIVE, SUBSTITUTION


def _same_number(lem_t: Sequence[str], rdg_t: Sequence[str]) -> bool:
    """Whether both readings are one number, the same, written differently (2025, 二〇二五)."""
    value = number_value(_letters(lem_t, lem_t))
    return value is not None and value == number_value(_letters(rdg_t, rdg_t))


def _punctuation_detail(lem_t: Sequence[str], lem_n: Sequence[str],
                        rdg_t: Sequence[str], rdg_n: Sequence[str]) -> str:
    """How readings that differ only in punctuation differ: width, quotation marks, dashes, or marks.

    Marks are compared pair by pair; where the pairs differ in several ways,
    the first of other marks, quotation marks, dashes and width is the detail.
    """
    lem_marks = [(t, n) for t, n in zip(lem_t, lem_n) if is_punctuation(t)]
    rdg_marks = [(t, n) for t, n in zip(rdg_t, rdg_n) if is_punctuation(t)]
    if len(lem_marks) != len(rdg_marks):
        return SUBSTITUTION
    kinds = {_mark_difference(a, b) for a, b in zip(lem_marks, rdg_marks) if a[0] != b[0]}
    return next((k for k in _PUNCTUATION_ORDER if k in kinds), WIDTH)


def _mark_difference(a: tuple[str, str], b: tuple[str, str]) -> str:
    if a[1] == b[1]:
        return WIDTH
    if a[0] in QUOTE_MARKS and b[0] in QUOTE_MARKS:
        return QUOTES
    if set(a[0] + b[0]) <= DASHES:
        return DASH
    return SUBSTITUTION


def _orthographic_detail(lem: str, rdg: str) -> str:
    """How readings of the same letters in other forms differ: script, variant, compatibility or width."""
    if len(lem) != len(rdg):
        return SCRIPT
    kinds = {_character_difference(a, b) for a, b in zip(lem, rdg) if a != b}
    return next((k for k in _ORTHOGRAPHIC_ORDER if k in kinds), SCRIPT)


def _character_difference(a: str, b: str) -> str:
    if is_compatibility_ideograph(a) or is_compatibility_ideograph(b):
        return COMPATIBILITY
    if VARIANT_CHARACTERS.get(a, a) == VARIANT_CHARACTERS.get(b, b):
        return VARIANT
    if any(0xFF01 <= ord(c) <= 0xFF5E for c in (a, b)):
        return WIDTH
    return SCRIPT
