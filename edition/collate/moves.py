"""Transpositions: a phrase that moved is one entry, not an omission and an addition.

Alignment sees a phrase that a witness has elsewhere as two differences: the
witness lacks it at one place and adds it at another. Where the same
witnesses omit a phrase (two characters or more, not only punctuation) and
add the same phrase (the same comparison form) nearby, the two entries are
one transposition:

* in the same row with nothing else varying between them, they become one
  entry spanning both places (lemma ``X…between``, reading ``between…X``);
* otherwise (in the next rows, or with other entries between, which keep
  their own entries) both stay, their readings are marked as a
  transposition and the two entries are linked (``Entry.moved``; the TEI
  says ``app/@corresp``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Entry, Reading, Row
from .classify import ADDITION, OMISSION, SUBSTANTIVE, TRANSPOSITION
from .tokens import is_punctuation, tokenize

REACH = 2  # how many rows apart the two places of a transposition may stand


@dataclass(frozen=True, slots=True)
class _Place:
    """An entry where some witnesses omit or add a phrase."""

    row: int
    piece: int
    reading: int  # index of those witnesses' reading in the entry
    omits: bool
    key: tuple[tuple[str, ...], str]  # the witnesses and the comparison form of the phrase


def find_transpositions(rows: list[Row]) -> list[Row]:
    """The rows with each transposition made one entry, or two linked ones."""
    pairs = _pairs(_places(rows))
    pieces = [list(row.pieces) for row in rows]
    merged: dict[int, list[int]] = {}  # row -> pieces where a merged transposition begins
    used: set[tuple[int, int]] = set()
    number = 0
    for first, second in pairs:
        ends = {(first.row, first.piece), (second.row, second.piece)}
        if ends & used:
            continue
        used |= ends
        if first.row == second.row and second.piece == first.piece + 2 \
                and isinstance(pieces[first.row][first.piece + 1], str) and _mergeable(pieces, first, second):
            merged.setdefault(first.row, []).append(first.piece)
            continue
        number += 1
        for place in (first, second):
            entry = pieces[place.row][place.piece]
            readings = list(entry.readings)
            readings[place.reading] = replace(readings[place.reading], type=TRANSPOSITION)
            pieces[place.row][place.piece] = replace(entry, readings=tuple(readings), moved=number)
    for r, starts in merged.items():
        for p in sorted(starts, reverse=True):
            pieces[r][p:p + 3] = [_merge(*pieces[r][p:p + 3])]
    return [replace(row, pieces=tuple(row_pieces)) for row, row_pieces in zip(rows, pieces)]


def _places(rows: list[Row]) -> list[_Place]:
    """Every entry where some witnesses omit or add a phrase of two characters or more, in text order."""
    found = []
    for r, row in enumerate(rows):
        for p, piece in enumerate(row.pieces):
            if not isinstance(piece, Entry) or piece.type != SUBSTANTIVE or piece.lemma is None:
                continue
            lemma = piece.readings[piece.lemma]
            for i, reading in enumerate(piece.readings):
                if reading.type not in (OMISSION, ADDITION):
                    continue
                phrase = lemma.text if reading.type == OMISSION else reading.text
                form = _form(phrase)
                if form:
                    found.append(_Place(r, p, i, reading.type == OMISSION, (reading.wit, form)))
    return found


def _form(phrase: str) -> str:
    """The comparison form of a phrase that can have moved; empty for one too short or only punctuation."""
    tokens = tokenize(phrase)
    if len(tokens.t) < 2 or all(map(is_punctuation, tokens.t)):
        return ""
    return "".join(tokens.n)


def _pairs(places: list[_Place]) -> list[tuple[_Place, _Place]]:
    """Each place paired with the latest unpaired earlier place within reach that does the opposite
    with the same phrase and witnesses: an omission with an addition, or an addition with an omission."""
    waiting: dict[tuple, list[_Place]] = {}
    pairs = []
    for place in places:
        partners = waiting.get((*place.key, not place.omits), [])
        near = [q for q in partners if place.row - q.row <= REACH]
        if near:
            partners.remove(near[-1])
            pairs.append((near[-1], place))
        else:
            waiting.setdefault((*place.key, place.omits), []).append(place)
    return pairs


def _mergeable(pieces: list[list], first: _Place, second: _Place) -> bool:
    """Two entries side by side merge where they hold the same witnesses in two readings each."""
    a, b = pieces[first.row][first.piece], pieces[second.row][second.piece]
    return len(a.readings) == len(b.readings) == 2 and a.lemma == b.lemma \
        and [r.wit for r in a.readings] == [r.wit for r in b.readings]


def _merge(first: Entry, between: str, second: Entry) -> Entry:
    """One entry from the first place of a transposition to the second."""
    readings = []
    for a, b in zip(first.readings, second.readings):
        text = a.text + between + b.text
        kind = TRANSPOSITION if a.type else ""
        readings.append(Reading(a.wit, (text,) if text else (), kind))
    return Entry(SUBSTANTIVE, tuple(readings), first.lemma)
