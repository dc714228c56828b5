"""Identifiers of divisions, rows and entries (see docs/tei-profile.md, "Identifiers").

They are the addresses scholars cite, so they must not move when a witness
is corrected somewhere else. Two rules give that:

- Numbers count within their parent only: the third paragraph of section 2
  is ``s2.p3``, its first entry ``s2.p3.v1``. A change inside one section
  leaves every other section's identifiers as they were.
- Only the blocks of one witness are numbered: the base witness, or, where
  the base has no text (it starts late, stops early or has a lacuna), the
  first witness that has. A row that another witness alone begins (it
  splits a paragraph the base has whole, or has a heading the base lacks)
  takes the identifier of the numbered row before it with a letter:
  ``s2.p3a``, ``s2.p3b``; a section the base lacks is ``s5a``. So a change
  in a witness other than the base renumbers nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..model import BlockKind, Entry, Marker, MarkerKind, Row

ACTIVE, ENDED, IN_LACUNA = "active", "ended", "lacuna"
_STATE_AFTER = {
    MarkerKind.WIT_START: ACTIVE,
    MarkerKind.WIT_END: ENDED,
    MarkerKind.LACUNA_START: IN_LACUNA,
    MarkerKind.LACUNA_END: ACTIVE,
}


def row_ids(rows: Sequence[Row], sigla: Sequence[str], base: str) -> list[str]:
    """The identifier of each row: ``title``, a section's ``sN`` for a heading row, ``sN.pM`` for
    other rows (``s0`` is the preamble before the first heading), ``""`` for a gap."""
    states = _initial_states(rows, sigla)
    section, section_letters = 0, 0
    division = "s0"
    number, letters = 0, 0
    out: list[str] = []
    for index, row in enumerate(rows):
        opening = _opening(row.pieces)
        _apply(opening, states)
        primary = base if states.get(base) == ACTIVE else next((s for s in sigla if states[s] == ACTIVE), None)
        numbered = primary is None or primary in _block_starts(opening)
        _apply(row.pieces[len(opening):], states)
        if row.kind is BlockKind.TITLE and index == 0:
            out.append("title")
        elif row.kind is BlockKind.GAP:
            out.append("")
        elif row.kind is BlockKind.HEADING:
            if numbered:
                section, section_letters = section + 1, 0
                division = f"s{section}"
            else:
                section_letters += 1
                division = f"s{section}{letter(section_letters)}"
            number, letters = 0, 0
            out.append(division)
        elif numbered:
            number, letters = number + 1, 0
            out.append(f"{division}.p{number}")
        else:
            letters += 1
            out.append(f"{division}.p{number}{letter(letters)}")
    return out


def letter(k: int) -> str:
    """1 → a, 26 → z, 27 → aa: the suffix of the k-th row a witness other than the numbered one begins."""
    out = ""
    while k:
        k, rest = divmod(k - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _opening(pieces: Sequence) -> Sequence:
    """The markers and marker entries a row opens with, before its first text."""
    for k, piece in enumerate(pieces):
        if isinstance(piece, str) or (isinstance(piece, Entry) and not _only_markers(piece)):
            return pieces[:k]
    return pieces


def _only_markers(entry: Entry) -> bool:
    return all(isinstance(p, Marker) for r in entry.readings for p in r.pieces)


def _markers(pieces: Sequence) -> Iterator[Marker]:
    for piece in pieces:
        if isinstance(piece, Marker):
            yield piece
        elif isinstance(piece, Entry):
            for reading in piece.readings:
                yield from (p for p in reading.pieces if isinstance(p, Marker))


def _block_starts(opening: Sequence) -> set[str]:
    return {m.siglum for m in _markers(opening) if m.kind is MarkerKind.BLOCK}


def _apply(pieces: Sequence, states: dict[str, str]) -> None:
    for marker in _markers(pieces):
        if marker.kind in _STATE_AFTER:
            states[marker.siglum] = _STATE_AFTER[marker.kind]


def _initial_states(rows: Sequence[Row], sigla: Sequence[str]) -> dict[str, str]:
    """Active, unless a witness's first span marker is its start."""
    first: dict[str, MarkerKind] = {}
    for row in rows:
        for marker in _markers(row.pieces):
            if marker.kind in _STATE_AFTER:
                first.setdefault(marker.siglum, marker.kind)
    return {s: ENDED if first.get(s) is MarkerKind.WIT_START else ACTIVE for s in sigla}
