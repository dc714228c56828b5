"""Rows of the edition: the alignment table cut at every witness's block boundary,
with each row's shared text, markers and places of variation."""

from __future__ import annotations

from bisect import bisect_right
from itertools import repeat
from operator import and_, eq, is_not

from ..model import BlockKind, Entry, Marker, MarkerKind, Reading, Row
from .classify import LACUNA, PARAGRAPHING, classify_pair, strongest
from .columns import NONE, Table
from .prepared import Prepared
from .spans import Spans
from .tokens import is_punctuation

GAP = (False, False, True)  # the kind of a column where some witness has nothing
_SPAN_MARKERS = {MarkerKind.WIT_START, MarkerKind.WIT_END,
                 MarkerKind.LACUNA_START, MarkerKind.LACUNA_END}


class RowBuilder:
    """Walks the table once, left to right, and emits rows."""

    def __init__(self, wits: list[Prepared], base: int, table: Table, spans: Spans,
                 columns: list[list[int]]):
        self.wits = wits
        self.base = base
        self.cells = table.cells
        self.total = table.columns
        self.spans = spans
        self.next_token = [0] * len(wits)  # per witness: first token not yet passed
        self.texts = [_texts_by_column(wit.t, self.cells[w]) for w, wit in enumerate(wits)]
        starts = {columns[w][s] for w, wit in enumerate(wits) for s in wit.block_starts}
        self.cuts = sorted(starts | spans.gaps | {0})
        self.boundaries = sorted(set(spans.starting) | set(spans.ending))

    def rows(self) -> list[Row]:
        out: list[Row] = []
        cuts = self.cuts + [self.total]
        for k in range(len(cuts) - 1):
            start, end = cuts[k], cuts[k + 1]
            if start in self.spans.gaps:
                out.append(Row(BlockKind.GAP, ()))
            if start == end:
                continue
            out.append(self._row(start, end))
        return out

    def _row(self, start: int, end: int) -> Row:
        kind = self._kind(start)
        pieces: list = []
        pieces.extend(self._opening(start, end))
        first, last = bisect_right(self.boundaries, start), bisect_right(self.boundaries, end - 1)
        inner = self.boundaries[first:last]
        edges = [start] + inner + [end]
        for a, b in zip(edges, edges[1:]):
            if a != start:
                pieces.extend(self._event_entry(a, self.spans.ending.get(a, {}),
                                                self.spans.starting.get(a, {})))
            pieces.extend(self._body(a, b))
        pieces.extend(self._closing(end))
        return Row(kind, tuple(_join_text(pieces)))

    def _kind(self, start: int) -> BlockKind:
        opening = self.spans.starting.get(start, {})
        order = [self.base] + [w for w in range(len(self.wits)) if w != self.base]
        for w in order:
            for marker in opening.get(w, ()):
                if marker.kind is MarkerKind.BLOCK:
                    return marker.block_kind
        return BlockKind.PARAGRAPH

    def _present(self, column: int) -> list[int]:
        return [w for w in range(len(self.wits)) if column < self.total and self.spans.active[w][column]]

    def _has_tokens(self, w: int, start: int, end: int) -> bool:
        cells = self.cells[w]
        return any(cells[c] != NONE for c in range(start, end))

    def _opening(self, start: int, end: int) -> list:
        """The markers at the start of a row: plain when all present witnesses simply begin a block."""
        opening = self.spans.starting.get(start, {})
        lists = {w: opening.get(w, []) for w in self._present(start)}
        for w, markers in opening.items():
            lists.setdefault(w, markers)
        simple = all(len(m) == 1 and m[0].kind is MarkerKind.BLOCK
                     for w, m in lists.items() if m or self._has_tokens(w, start, end))
        if simple or self._alone_without_spans(lists):
            return [m for w in sorted(lists) for m in lists[w]]
        return [self._marker_entry(lists)]

    def _alone_without_spans(self, lists: dict[int, list[Marker]]) -> bool:
        """A lone witness's block starts and jump notes vary from nothing: they stand bare."""
        return len(self.wits) == 1 and not any(m.kind in _SPAN_MARKERS for ms in lists.values() for m in ms)

    def _closing(self, end: int) -> list:
        ending = self.spans.ending.get(end)
        if not ending:
            return []
        return self._event_entry(end, ending, {})

    def _event_entry(self, boundary: int, ending: dict, starting: dict) -> list:
        """Markers standing inside or at the end of a row, as one entry."""
        lists: dict[int, list[Marker]] = {}
        for source in (ending, starting):
            for w, markers in source.items():
                lists.setdefault(w, []).extend(
                    m for m in markers if m.kind is not MarkerKind.BLOCK)
        lists = {w: m for w, m in lists.items() if m}
        if not lists:
            return []
        if self._alone_without_spans(lists):
            return [m for w in sorted(lists) for m in lists[w]]
        for w in self._present(boundary - 1) if boundary > 0 else ():
            lists.setdefault(w, [])
        return [self._marker_entry(lists)]

    def _marker_entry(self, lists: dict[int, list[Marker]]) -> Entry:
        readings: list[Reading] = []
        silent = tuple(self.wits[w].siglum for w in sorted(lists) if not lists[w])
        lemma = None
        for w in sorted(lists):
            if lists[w]:
                if w == self.base:
                    lemma = len(readings)
                readings.append(Reading((self.wits[w].siglum,), tuple(lists[w])))
        if silent:
            if self.base in lists and not lists[self.base]:
                lemma = len(readings)
            readings.append(Reading(silent, ()))
        spans = any(m.kind in _SPAN_MARKERS for ms in lists.values() for m in ms)
        return Entry(LACUNA if spans else PARAGRAPHING, tuple(readings), lemma)

    def _body(self, start: int, end: int) -> list:
        """Shared text and entries for columns start..end-1 (presence is constant here)."""
        present = self._present(start)
        unanimous = self._unanimous_columns(start, end, present)
        pieces: list = []
        c = start
        while c < end:
            if unanimous[c - start]:
                run_end = start + _find(unanimous, False, c - start)
                pieces.append("".join(self.texts[present[0]][c:run_end]))
                self._advance_over(c, run_end)
                c = run_end
                continue
            run_end = start + _find(unanimous, True, c - start)
            for a, b in self._split(c, run_end, present):
                pieces.append(self._entry(a, b, present))
            c = run_end
        return pieces

    def _split(self, start: int, end: int, present: list[int]) -> list[tuple[int, int]]:
        """Split a run of differing columns where the kind of difference changes.

        ``。国际`` against ``，國際`` is a punctuation entry and an orthographic
        one, not one entry of the stronger class; ``合作,`` against ``，`` is a
        word one witness lacks and a punctuation entry. Columns where some
        witness has nothing stay together with the substitutions beside them
        that change the words (``甲乙`` against ``丙``: one substitution).
        """
        kinds = [self._column_kind(c, present) for c in range(start, end)]
        parts = []
        first = start
        for c in range(start + 1, end):
            before, here = kinds[c - start - 1], kinds[c - start]
            if before != here and (GAP not in (before, here) or before[1] or here[1]):
                parts.append((first, c))
                first = c
        parts.append((first, end))
        return parts

    def _column_kind(self, c: int, present: list[int]) -> tuple[bool, ...]:
        """(only punctuation, one comparison form) of a column; GAP where a witness has nothing."""
        cells = [self.cells[w][c] for w in present]
        if NONE in cells:
            return GAP
        tokens = [(self.wits[w].t[tok], self.wits[w].n[tok]) for w, tok in zip(present, cells)]
        punctuation = all(is_punctuation(t) for t, _ in tokens)
        same_form = len({n for _, n in tokens}) == 1
        return punctuation, same_form

    def _unanimous_columns(self, start: int, end: int, present: list[int]) -> list[bool]:
        """For columns start..end-1: whether every present witness has a token there, all written alike.

        Computed for a whole stretch at once, column by column in C (``map``
        over the per-column texts), since most columns of a long text agree.
        """
        first = self.texts[present[0]][start:end]
        same = list(map(is_not, first, repeat(None)))
        for w in present[1:]:
            same = list(map(and_, same, map(eq, first, self.texts[w][start:end])))
        return same

    def _advance_over(self, start: int, end: int) -> None:
        """Pass columns start..end-1: each witness's next token follows its last one there."""
        for w, cells in enumerate(self.cells):
            last = _last_token(cells, start, end)
            if last != NONE:
                self.next_token[w] = last + 1

    def _advance(self, c: int) -> None:
        for w in range(len(self.wits)):
            tok = self.cells[w][c]
            if tok != NONE:
                self.next_token[w] = tok + 1

    def _entry(self, start: int, end: int, present: list[int]) -> Entry | str:
        spans: dict[int, tuple[int, int]] = {}
        for w in present:
            first = self.next_token[w]
            toks = [self.cells[w][c] for c in range(start, end) if self.cells[w][c] != NONE]
            spans[w] = (toks[0], toks[-1] + 1) if toks else (first, first)
        for c in range(start, end):
            self._advance(c)
        groups: dict[str, list[int]] = {}
        for w in present:
            a, b = spans[w]
            groups.setdefault("".join(self.wits[w].t[a:b]), []).append(w)
        if len(groups) == 1:  # the same text, only placed in other columns
            return next(iter(groups))
        ref = self.base if self.base in present else present[0]
        readings: list[Reading] = []
        lemma = None
        classes = []
        for text, members in groups.items():
            sigla = tuple(self.wits[w].siglum for w in members)
            detail = ""
            if ref in members:
                if self.base in members:
                    lemma = len(readings)
            else:
                kind, detail = self._classify(ref, spans[ref], members[0], spans[members[0]])
                classes.append(kind)
            readings.append(Reading(sigla, (text,) if text else (), detail))
        return Entry(strongest(classes), tuple(readings), lemma)

    def _classify(self, lw: int, lspan: tuple[int, int], rw: int, rspan: tuple[int, int]) -> tuple[str, str]:
        lem, rdg = self.wits[lw], self.wits[rw]
        (la, lb), (ra, rb) = lspan, rspan

        def repeats_neighbour() -> bool:
            wit, (a, b) = (lem, lspan) if lb > la else (rdg, rspan)
            size = b - a
            text = wit.n[a:b]
            return wit.n[max(0, a - size):a] == text or wit.n[b:b + size] == text

        def in_other_script() -> bool:
            return any(lem.in_script(d, la, lb) == rdg.in_script(d, ra, rb) for d in ("s2t", "t2s"))

        return classify_pair(lem.t[la:lb], lem.n[la:lb], rdg.t[ra:rb], rdg.n[ra:rb],
                             repeats_neighbour=repeats_neighbour, in_other_script=in_other_script)


def _texts_by_column(t: list[str], cells: list[int]) -> list[str | None]:
    """The text of a witness's token in each column, None where it has none (NONE is -1)."""
    return list(map([*t, None].__getitem__, cells))


def _find(flags: list[bool], value: bool, start: int) -> int:
    """Index of the first of ``flags`` from ``start`` on that is ``value``, or their length."""
    try:
        return flags.index(value, start)
    except ValueError:
        return len(flags)


def _last_token(cells: list[int], start: int, end: int) -> int:
    """The last token in columns start..end-1 of one witness's cells, or NONE."""
    if cells[end - 1] != NONE:
        return cells[end - 1]
    tail = cells[start:end]
    tail.reverse()
    return next(filter(NONE.__ne__, tail), NONE)


def _join_text(pieces: list) -> list:
    """Merge neighbouring strings into one."""
    out: list = []
    for piece in pieces:
        if isinstance(piece, str) and out and isinstance(out[-1], str):
            out[-1] += piece
        else:
            out.append(piece)
    return out
