"""Pairwise alignment of two token sequences on their comparison forms.

The diff itself is Google's diff-match-patch in C++ (``fast_diff_match_patch``),
run without a time limit so that it is optimal, over strings in which each
distinct comparison form stands as one code point.
"""

from __future__ import annotations

from collections.abc import Sequence

import fast_diff_match_patch as dmp

Opcode = tuple[str, int, int, int, int]  # tag, base start, base end, witness start, witness end


class Alphabet:
    """Gives every distinct comparison form its own code point."""

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}

    def encode(self, forms: Sequence[str]) -> str:
        """One code point per form; new forms get the next code in order of first appearance."""
        codes = self._codes
        for form in dict.fromkeys(forms):
            if form not in codes:
                index = len(codes) + 0x100
                if index >= 0xD800:  # step over the surrogates
                    index += 0x800
                codes[form] = chr(index)
        return "".join(map(codes.__getitem__, forms))


def align(base: str, other: str) -> list[Opcode]:
    """Opcodes turning ``base`` into ``other`` (both already encoded).

    Tags are ``equal``, ``replace``, ``delete`` (base only) and ``insert``
    (other only); adjacent deletions and insertions are joined into one
    replacement.
    """
    ops: list[Opcode] = []
    i = j = 0
    pending_del = pending_ins = 0
    for op, length in dmp.diff(base, other, timelimit=0, cleanup="Semantic", counts_only=True):
        if op == "=":
            if pending_del or pending_ins:
                ops.append(_change(i, pending_del, j, pending_ins))
                i, j = i + pending_del, j + pending_ins
                pending_del = pending_ins = 0
            ops.append(("equal", i, i + length, j, j + length))
            i, j = i + length, j + length
        elif op == "-":
            pending_del += length
        else:
            pending_ins += length
    if pending_del or pending_ins:
        ops.append(_change(i, pending_del, j, pending_ins))
    return _absorb_chance_equalities(ops)


def _absorb_chance_equalities(ops: list[Opcode], big: int = 32, factor: int = 4) -> list[Opcode]:
    """Fold the short equalities found between two long changes into one change.

    Two texts that differ for pages share a phrase here and there by chance;
    an optimal diff anchors on it and scatters one long difference into
    pieces. Between two long changes, equalities that add up to little beside
    both of them are taken as chance, and everything from the first change to
    the second becomes one replacement.
    """
    out: list[Opcode] = []
    last_big = None  # index in out of the last long change
    shared = 0  # equal tokens since then
    for op in ops:
        size = max(op[2] - op[1], op[4] - op[3])
        if op[0] == "equal":
            shared += size
            out.append(op)
            continue
        if size < big:
            out.append(op)
            continue
        if last_big is not None and shared * factor <= min(size, _size(out[last_big])):
            first = out[last_big]
            del out[last_big:]
            op = _change(first[1], op[2] - first[1], first[3], op[4] - first[3])
        out.append(op)
        last_big = len(out) - 1
        shared = 0
    return out


def _size(op: Opcode) -> int:
    return max(op[2] - op[1], op[4] - op[3])


def _change(i: int, dels: int, j: int, ins: int) -> Opcode:
    tag = "replace" if dels and ins else ("delete" if dels else "insert")
    return (tag, i, i + dels, j, j + ins)


def slide_indels(ops: list[Opcode], base: str, other: str,
                 base_starts: set[int], other_starts: set[int]) -> list[Opcode]:
    """Move pure insertions and deletions to the place where they read best.

    An insertion (or deletion) can slide along the text, at the same cost,
    while the text it slides over matches; the diff places it arbitrarily.
    Slid so that it starts at a block boundary of its witness, it keeps
    whole blocks whole (a paragraph standing twice). Else, slid to stand
    right after a copy of itself, a doubled word reads as one:
    全球性议题[球性议题], not 全球[性议题球]性议题.
    """
    ops = list(ops)
    k = 0
    while k < len(ops):
        tag = ops[k][0]
        if tag == "insert":
            k += _slide(ops, k, other, other_starts)
        elif tag == "delete":
            k += _slide(ops, k, base, base_starts)
        k += 1
    return [op for op in ops if op[1] != op[2] or op[3] != op[4]]


def _slide(ops: list[Opcode], k: int, text: str, starts: set[int]) -> int:
    """Slide ops[k] within its equal neighbours to a boundary in ``starts``, or beside a copy of itself.

    Returns how many opcodes were added before ``k``.
    """
    tag, i1, i2, j1, j2 = ops[k]
    lo, hi = (j1, j2) if tag == "insert" else (i1, i2)
    if lo in starts:
        return 0
    prev = ops[k - 1] if k > 0 and ops[k - 1][0] == "equal" else None
    nxt = ops[k + 1] if k + 1 < len(ops) and ops[k + 1][0] == "equal" else None
    left = 0
    while prev is not None and left < prev[2] - prev[1] and text[lo - left - 1] == text[hi - left - 1]:
        left += 1
    right = 0
    while nxt is not None and right < nxt[2] - nxt[1] and text[lo + right] == text[hi + right]:
        right += 1
    s = _best_shift(text, lo, hi, left, right, starts)
    return _shift(ops, k, s) if s else 0


def _best_shift(text: str, lo: int, hi: int, left: int, right: int, starts: set[int]) -> int:
    """Of the shifts -left..right of ``text[lo:hi]``: the nearest block boundary (left first),
    else the last place right after a copy of itself, else the first right before one, else 0."""
    for s in [*range(-1, -left - 1, -1), *range(1, right + 1)]:
        if lo + s in starts:
            return s
    size = hi - lo
    if left + right >= size:  # the stretch it slides over repeats with its length as period
        return right
    after = [s for s in range(-left, right + 1) if text[max(0, lo + s - size):lo + s] == text[lo + s:hi + s]]
    if after:
        return after[-1]
    before = [s for s in range(-left, right + 1) if text[hi + s:hi + s + size] == text[lo + s:hi + s]]
    return before[0] if before else 0


def _shift(ops: list[Opcode], k: int, s: int) -> int:
    """Move ops[k] by ``s`` tokens; the tokens it passes go to the equality on its other side,
    which is made if there is none. Returns how many opcodes were added before ``k``."""
    tag, i1, i2, j1, j2 = ops[k]
    prev = ops[k - 1] if k > 0 and ops[k - 1][0] == "equal" else None
    nxt = ops[k + 1] if k + 1 < len(ops) and ops[k + 1][0] == "equal" else None
    ops[k] = (tag, i1 + s, i2 + s, j1 + s, j2 + s)
    if s < 0:  # the equal tokens before it now come after it
        ops[k - 1] = (prev[0], prev[1], prev[2] + s, prev[3], prev[4] + s)
        if nxt is not None:
            ops[k + 1] = (nxt[0], nxt[1] + s, nxt[2], nxt[3] + s, nxt[4])
        else:
            ops.insert(k + 1, ("equal", i2 + s, i2, j2 + s, j2))
        return 0
    ops[k + 1] = (nxt[0], nxt[1] + s, nxt[2], nxt[3] + s, nxt[4])
    if prev is not None:
        ops[k - 1] = (prev[0], prev[1], prev[2] + s, prev[3], prev[4] + s)
        return 0
    ops.insert(k, ("equal", i1, i1 + s, j1, j1 + s))
    return 1


def block_runs(encoded: str, block_starts: list[int]) -> dict[str, int]:
    """For each block text, the most times it stands in a row."""
    bounds = block_starts + [len(encoded)]
    runs: dict[str, int] = {}
    run = 0
    for k in range(len(block_starts)):
        text = encoded[bounds[k]:bounds[k + 1]]
        run = run + 1 if k and text == encoded[bounds[k - 1]:bounds[k]] else 1
        runs[text] = max(runs.get(text, 0), run)
    return runs


def repeated_blocks(encoded: str, block_starts: list[int], base_runs: dict[str, int]) -> list[tuple[int, int]]:
    """Token ranges of blocks that repeat the block just before them more often than the base does.

    ``base_runs`` is :func:`block_runs` of the base: a block the base has
    twice in a row is no repetition in a witness that has it twice too.
    """
    bounds = block_starts + [len(encoded)]
    repeats = []
    run = 1
    for k in range(1, len(block_starts)):
        prev = encoded[bounds[k - 1]:bounds[k]]
        if prev and encoded[bounds[k]:bounds[k + 1]] == prev:
            run += 1
            if run > base_runs.get(prev, 1):
                repeats.append((bounds[k], bounds[k + 1]))
        else:
            run = 1
    return repeats


def align_setting_aside(base: str, other: str, aside: list[tuple[int, int]]) -> list[Opcode]:
    """Align with the ranges ``aside`` of ``other`` left out, then put them back as insertions.

    A block standing twice in a row is aligned once and its repetition comes
    back as an insertion exactly at the block boundary, so that the apparatus
    shows a whole repeated block rather than a repetition cut at some chance
    point inside it.
    """
    if not aside:
        return align(base, other)
    kept, positions, removed = [], [], 0
    last = 0
    for start, end in aside:
        kept.append(other[last:start])
        positions.append((start - removed, start, end))
        removed += end - start
        last = end
    kept.append(other[last:])
    ops = align(base, "".join(kept))
    return _restore(ops, positions)


def _restore(ops: list[Opcode], positions: list[tuple[int, int, int]]) -> list[Opcode]:
    """Map opcodes on the reduced text back, putting the set-aside ranges in again.

    ``positions`` are (place in the reduced text, start, end in the full text).
    Inside an equality a set-aside range becomes an insertion of its own;
    inside a change it widens the change.
    """
    out: list[Opcode] = []
    shift = 0
    pending = list(positions)
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        last = k == len(ops) - 1
        first_shift = shift
        while pending and (pending[0][0] < j2 or (pending[0][0] == j2 and (last or tag == "equal"))):
            at, start, end = pending.pop(0)
            if tag == "equal":
                cut = i1 + (at - j1)
                if at > j1:
                    out.append(("equal", i1, cut, j1 + shift, at + shift))
                out.append(("insert", cut, cut, start, end))
                i1, j1 = cut, at
            shift += end - start
        if tag == "equal":
            if i1 != i2:
                out.append(("equal", i1, i2, j1 + shift, j2 + shift))
        else:
            b1, b2 = j1 + first_shift, j2 + shift
            out.append((_change(i1, i2 - i1, b1, b2 - b1)[0], i1, i2, b1, b2))
    for _at, start, end in pending:
        last_i = out[-1][2] if out else 0
        out.append(("insert", last_i, last_i, start, end))
    return out
