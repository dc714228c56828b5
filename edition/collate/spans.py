"""Where each witness is present, and the markers that say so.

A witness is absent (not "omitting") where it has a discontinuity (its start,
its end, a junction of the catalogue's line ranges, a continuation marker)
and other witnesses have text that it lacks there: a copy that starts late,
stops early, or lost pages. Where a declared junction has nothing at all
between its two sides and no other witness runs across it, the text is lost
to every witness: a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Marker, MarkerKind
from .columns import Table
from .prepared import Prepared

Events = dict[int, dict[int, list[Marker]]]  # boundary -> witness index -> markers


@dataclass
class Spans:
    active: list[bytearray]  # active[w][c]: witness w is present in column c
    starting: Events = field(default_factory=dict)  # markers opening what follows a boundary
    ending: Events = field(default_factory=dict)  # markers closing what precedes it
    gaps: set[int] = field(default_factory=set)  # boundaries where text no witness has was lost

    def add(self, events: Events, boundary: int, w: int, marker: Marker) -> None:
        events.setdefault(boundary, {}).setdefault(w, []).append(marker)


def find_spans(wits: list[Prepared], table: Table, columns: list[list[int]]) -> Spans:
    """Work out presence, span markers, jump notes and block markers for every witness.

    ``columns[w][k]`` is the column of token k of witness w.
    """
    total = table.columns
    spans = Spans([bytearray(b"\x01") * total for _ in wits])
    junction_candidates: list[tuple[int, int]] = []
    for w, wit in enumerate(wits):
        cols = columns[w]
        _mark_absent(spans, w, wit.siglum, 0, cols[0], MarkerKind.WIT_START, None)
        _mark_absent(spans, w, wit.siglum, cols[-1] + 1, total, None, MarkerKind.WIT_END)
        for q in sorted(wit.junctions | {j for j, _ in wit.jumps if 0 < j < len(wit.t)}):
            start, end = cols[q - 1] + 1, cols[q]
            if start < end:
                _mark_absent(spans, w, wit.siglum, start, end,
                             MarkerKind.LACUNA_END, MarkerKind.LACUNA_START)
            elif q in wit.junctions:
                junction_candidates.append((w, end))
    for w, boundary in junction_candidates:
        _mark_gap(spans, wits, w, boundary)
    for w, wit in enumerate(wits):
        _mark_jumps_and_blocks(spans, w, wit, columns[w])
    return spans


def _mark_absent(spans: Spans, w: int, siglum: str, start: int, end: int,
                 opening: MarkerKind | None, closing: MarkerKind | None) -> None:
    """Witness w is absent in columns start..end-1; mark where that begins and ends."""
    if start >= end:
        return
    spans.active[w][start:end] = bytes(end - start)
    if closing is not None:
        spans.add(spans.ending, start, w, Marker(closing, siglum))
    if opening is not None:
        spans.add(spans.starting, end, w, Marker(opening, siglum))


def _mark_gap(spans: Spans, wits: list[Prepared], w: int, boundary: int) -> None:
    """A junction with nothing between: lost text, unless another witness runs across it."""
    for v in range(len(wits)):
        if v != w and spans.active[v][boundary - 1] and spans.active[v][boundary]:
            return
    spans.gaps.add(boundary)
    spans.add(spans.ending, boundary, w, Marker(MarkerKind.LACUNA_START, wits[w].siglum))
    spans.add(spans.starting, boundary, w, Marker(MarkerKind.LACUNA_END, wits[w].siglum))


def _mark_jumps_and_blocks(spans: Spans, w: int, wit: Prepared, cols: list[int]) -> None:
    for token, note in wit.jumps:
        marker = Marker(MarkerKind.JUMP, wit.siglum, text=note)
        if token < len(cols):
            spans.add(spans.starting, cols[token], w, marker)
        else:
            spans.add(spans.ending, cols[-1] + 1, w, marker)
    for block, token in zip(wit.blocks, wit.block_starts):
        spans.add(spans.starting, cols[token], w, Marker(
            MarkerKind.BLOCK, wit.siglum, block_kind=block.kind,
            first_line=block.first_line, last_line=block.last_line))
