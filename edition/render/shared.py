"""Passages shared between works: a paragraph one statement takes from another, found and shown side by side.

Every row of every work's reading text is compared with the rows of the
other works on its *key*: the comparison form of search (``search.fold``:
one script, one width) with punctuation and white space left out, so a
passage reused with other punctuation or in the other script is still the
same passage. Candidates come from an index of the key's character runs of
``RUN`` characters; a pair of rows is kept where the runs they share cover
at least ``CONTAINMENT`` of the shorter row and ``MIN_SHARED`` characters.
A run found in more than ``MAX_ROWS`` rows is a formula (the names of the
two states), which says nothing about reuse, and finds no candidate.
Finding them is linear in the text, whatever the number of works.

Each pair is shown with what differs marked on both sides: a diff of the
two rows' comparison forms (punctuation kept), which are as long as the
rows themselves, so its spans fall on the rows' own characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import fast_diff_match_patch as dmp

from .search import fold

RUN = 6
CONTAINMENT = 0.6
MIN_SHARED = 20
MAX_ROWS = 20
ID_PREFIX = "t-"  # the reading page's ids of rows, as xslt/common.xsl makes them

_UNSAFE = re.compile(r"[^\w.-]")


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a work's reading text: the work's page folder (its slug), its title, the row's id and text."""

    work: str
    title: str
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Shared:
    """Two rows of different works that share a passage, and how much of the shorter one they share.

    ``left`` and ``right`` are each row's text in pieces ``(text, same)``:
    ``same`` is False where the two differ.
    """

    a: Row
    b: Row
    share: int  # percent of the shorter row's key in runs both have
    left: tuple[tuple[str, bool], ...]
    right: tuple[tuple[str, bool], ...]

    @property
    def id(self) -> str:
        """The anchor of the pair on the page of shared passages: stable while both rows keep their ids."""
        return _UNSAFE.sub("_", f"{self.a.work}.{self.a.id}--{self.b.work}.{self.b.id}")

    @property
    def identical(self) -> bool:
        return all(same for _, same in (*self.left, *self.right))


def shared_passages(works: Sequence[tuple[str, str, list[tuple[str, str]]]]) -> tuple[Shared, ...]:
    """The passages shared between ``works`` (page slug, title, ``transform.ReadingText.rows``), in the works'
    order and then the rows'."""
    rows = [Row(slug, title, ident, text) for slug, title, found in works for ident, text in found if ident]
    if len({row.work for row in rows}) < 2:
        return ()
    keys = [_key(row.text) for row in rows]
    postings: dict[str, list[int]] = {}
    runs = []
    for number, key in enumerate(keys):
        mine = {key[i:i + RUN] for i in range(len(key) - RUN + 1)}
        runs.append(mine)
        for run in mine:
            postings.setdefault(run, []).append(number)
    counts: dict[tuple[int, int], int] = {}
    for numbers in postings.values():
        if len(numbers) > MAX_ROWS:
            continue
        for x, y in combinations(numbers, 2):
            if rows[x].work != rows[y].work:
                counts[x, y] = counts.get((x, y), 0) + 1
    found = []
    for (x, y), common in sorted(counts.items()):
        shorter = min(len(runs[x]), len(runs[y]))
        if common < CONTAINMENT * shorter or common + RUN - 1 < MIN_SHARED:
            continue
        left, right = _marked(rows[x].text, rows[y].text)
        found.append(Shared(rows[x], rows[y], round(100 * common / shorter), left, right))
    return tuple(found)


def by_row(passages: Sequence[Shared]) -> dict[tuple[str, str], list[Shared]]:
    """The pairs each row (work slug, row id) is in."""
    found: dict[tuple[str, str], list[Shared]] = {}
    for pair in passages:
        for row in (pair.a, pair.b):
            found.setdefault((row.work, row.id), []).append(pair)
    return found


def _key(text: str) -> str:
    """A row's text as it is compared: folded, letters and digits only."""
    return "".join(ch for ch in fold(text) if unicodedata.category(ch)[0] in "LN")


def _marked(a: str, b: str) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    """Both texts in pieces, each marked same or different, from one diff of their folded forms."""
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    i = j = 0
    for op, length in dmp.diff(fold(a), fold(b), timelimit=0, cleanup="Semantic", counts_only=True):
        if op == "=":
            left.append((a[i:i + length], True))
            right.append((b[j:j + length], True))
            i, j = i + length, j + length
        elif op == "-":
            left.append((a[i:i + length], False))
            i += length
        else:
            right.append((b[j:j + length], False))
            j += length
    return tuple(left), tuple(right)
