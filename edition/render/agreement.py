"""How often each pair of witnesses agrees: the witness agreement matrix of a work's variants page.

Two witnesses agree at an apparatus entry when they stand in the same
reading of it (an omission shared is agreement too); they are compared only
where both have a reading, so a witness that has not begun, has ended or is
in a lacuna there counts neither way. The matrix is given for every entry
and for the substantive entries alone: script, punctuation and layout
differences say little about which witness copies which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from .variants import Entry

SUBSTANTIVE = "substantive"
# A table of n × n cells is read by no one past this; counting costs n² per entry, so a work
# whose entries times pairs of witnesses pass MAX_PAIRS gets no matrix either.
MAX_WITNESSES = 120
MAX_PAIRS = 5_000_000
BANDS = (95, 90, 80, 70, 50)


@dataclass(frozen=True, slots=True)
class Matrix:
    """Agreement of each pair of ``sigla`` over the entries ``of`` ("every entry", "substantive entries")."""

    of: str
    entries: int
    sigla: tuple[str, ...]
    counts: dict[tuple[str, str], tuple[int, int]]  # (x, y), x before y in ``sigla`` → (agree, both have a reading)

    def cell(self, x: str, y: str) -> tuple[int, int]:
        """(entries where ``x`` and ``y`` agree, entries where both have a reading)."""
        if x == y:
            return (0, 0)
        key = (x, y) if self.sigla.index(x) < self.sigla.index(y) else (y, x)
        return self.counts.get(key, (0, 0))

    def percent(self, x: str, y: str) -> int | None:
        agree, both = self.cell(x, y)
        return round(100 * agree / both) if both else None

    def band(self, x: str, y: str) -> int:
        """How strongly the page marks a cell: 5 (95 % and more), 4 (90), 3 (80), 2 (70), 1 (50), else 0."""
        percent = self.percent(x, y) or 0
        return next((band for band, floor in zip(range(5, 0, -1), BANDS) if percent >= floor), 0)


def agreement(entries: Sequence[Entry], sigla: Sequence[str]) -> tuple[Matrix, ...]:
    """The matrices of a work: for every entry and, where they are fewer, for the substantive ones.

    Empty when there are fewer than three witnesses (two witnesses differ at
    every entry by definition: their agreement is their text, not the
    apparatus), no entry, more than ``MAX_WITNESSES`` witnesses, or more
    counting than ``MAX_PAIRS``.
    """
    sigla = tuple(sigla)
    n = len(sigla)
    if n < 3 or n > MAX_WITNESSES or not entries or len(entries) * n * (n - 1) // 2 > MAX_PAIRS:
        return ()
    matrices = [_matrix("every entry", entries, sigla)]
    substantive = [e for e in entries if e.type == SUBSTANTIVE]
    if substantive and len(substantive) < len(entries):
        matrices.append(_matrix("substantive entries", substantive, sigla))
    return tuple(matrices)


def _matrix(of: str, entries: Sequence[Entry], sigla: tuple[str, ...]) -> Matrix:
    order = {siglum: i for i, siglum in enumerate(sigla)}
    agree: dict[tuple[str, str], int] = {}
    both: dict[tuple[str, str], int] = {}
    for entry in entries:
        reading_of: dict[str, int] = {}
        for number, reading in enumerate(entry.all_readings):
            for siglum in reading.witnesses:
                if siglum in order:
                    reading_of.setdefault(siglum, number)
        present = sorted(reading_of, key=order.__getitem__)
        for x, y in combinations(present, 2):
            both[x, y] = both.get((x, y), 0) + 1
            if reading_of[x] == reading_of[y]:
                agree[x, y] = agree.get((x, y), 0) + 1
    return Matrix(of, len(entries), sigla, {pair: (agree.get(pair, 0), count) for pair, count in both.items()})
