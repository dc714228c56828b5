"""The alignment table: every witness aligned to the base, merged by base position.

Each column of the table holds at most one token of each witness. Columns
come in base order; the tokens a witness has where the base has none stand in
columns of their own just before the next base token. This is the single
linear merge that lets any number of witnesses share one apparatus.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress

from .align import Opcode

NONE = -1


@dataclass(slots=True)
class Table:
    """``cells[w][c]`` is the index of witness w's token in column c, or NONE."""

    cells: list[list[int]]
    columns: int

    def column_of(self, w: int) -> list[int]:
        """For each token of witness w, the column it stands in."""
        cells = self.cells[w]
        return list(compress(range(len(cells)), map(NONE.__ne__, cells)))


def _pairs(ops: list[Opcode], base_len: int, breaks: set[int]) -> tuple[list[int], dict[int, list[int]]]:
    """Per base token the aligned token of the other witness, and its insertions by base position.

    A replacement pairs its tokens one for one, except where the witness has a
    discontinuity at its start (lost pages, a continuation marker): then the
    base text replaced is what the witness lost, and the witness's own text
    comes after it.
    """
    aligned = [NONE] * base_len
    inserted: dict[int, list[int]] = {}
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            aligned[i1:i2] = range(j1, j2)
        elif tag == "replace" and j1 in breaks:
            inserted.setdefault(i2, []).extend(range(j1, j2))
        elif tag == "replace":
            paired = min(i2 - i1, j2 - j1)
            aligned[i1:i1 + paired] = range(j1, j1 + paired)
            if j2 - j1 > paired:
                inserted.setdefault(i2, []).extend(range(j1 + paired, j2))
        elif tag == "insert":
            inserted.setdefault(i1, []).extend(range(j1, j2))
    return aligned, inserted


def build_table(base_len: int, alignments: list[list[Opcode] | None], breaks: list[set[int]]) -> Table:
    """Merge the alignments of every witness to the base into one table.

    ``alignments[w]`` is None for the base witness itself; ``breaks[w]`` are
    the token positions where witness w has a discontinuity. The table is
    built a stretch of base columns at a time, between the places where some
    witness has insertions, so the work per column is a list copy, not a
    Python loop.
    """
    count = len(alignments)
    pairs = [None if ops is None else _pairs(ops, base_len, brk) for ops, brk in zip(alignments, breaks)]
    cells: list[list[int]] = [[] for _ in range(count)]
    places = sorted({i for pair in pairs if pair is not None for i in pair[1]})
    done = 0
    for i in places:
        _extend_base(cells, pairs, done, i)
        _extend_inserted(cells, pairs, i)
        done = i
    _extend_base(cells, pairs, done, base_len)
    return Table(cells, len(cells[0]) if cells else 0)


def _extend_base(cells: list[list[int]], pairs: list, start: int, end: int) -> None:
    """Add the columns of base tokens start..end-1."""
    for w, pair in enumerate(pairs):
        cells[w].extend(range(start, end) if pair is None else pair[0][start:end])


def _extend_inserted(cells: list[list[int]], pairs: list, i: int) -> None:
    """Add the columns of what each witness, in witness order, inserts before base token i."""
    for w, pair in enumerate(pairs):
        tokens = pair[1].get(i) if pair is not None else None
        if not tokens:
            continue
        for v, row in enumerate(cells):
            row.extend(tokens if v == w else [NONE] * len(tokens))
