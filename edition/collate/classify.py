"""The class of a variant: what kind of difference separates two readings."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .tokens import is_punctuation

SUBSTANTIVE = "substantive"
DUPLICATION = "duplication"
ORTHOGRAPHIC = "orthographic"
PUNCTUATION = "punctuation"
PARAGRAPHING = "paragraphing"
LACUNA = "lacuna"

CLASSES = (SUBSTANTIVE, ORTHOGRAPHIC, PUNCTUATION, PARAGRAPHING, DUPLICATION, LACUNA)

_RANK = {PUNCTUATION: 1, ORTHOGRAPHIC: 2, DUPLICATION: 3, SUBSTANTIVE: 4}


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
) -> str:
    """Classify the difference between a lemma and a reading, token by token.

    ``repeats_neighbour`` tells whether the text one side has and the other
    lacks stands again right beside it in its witness; ``in_other_script``
    whether the two readings are equal once both witnesses' texts are put
    in one script as whole texts (phrase conversions apply).
    """
    if not lem_t or not rdg_t:
        return DUPLICATION if repeats_neighbour() else SUBSTANTIVE
    if _letters(lem_t, lem_n) == _letters(rdg_t, rdg_n):
        if _letters(lem_t, lem_t) == _letters(rdg_t, rdg_t):
            return PUNCTUATION
        return ORTHOGRAPHIC
    if in_other_script():
        return ORTHOGRAPHIC
    return SUBSTANTIVE
