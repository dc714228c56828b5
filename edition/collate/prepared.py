"""A witness made ready for alignment: its tokens and where its blocks begin."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block, BlockKind, Witness
from ..script import convert_aligned, to_simplified, to_traditional
from .tokens import tokenize


@dataclass
class Prepared:
    witness: Witness
    t: list[str]
    n: list[str]
    blocks: list[Block]  # text blocks in reading order
    block_starts: list[int]  # token index where each text block begins
    jumps: list[tuple[int, str]]  # (token index of the text after it, the note)
    junctions: set[int]  # token indexes where a new catalogue range begins
    _converted: dict[str, list[str]] = field(default_factory=dict)

    @property
    def siglum(self) -> str:
        return self.witness.siglum

    def block_of(self, token: int) -> int:
        """Index of the block that holds ``token``."""
        lo, hi = 0, len(self.block_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.block_starts[mid] <= token:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def in_script(self, direction: str, first: int, last: int) -> str:
        """Tokens first..last-1 as they read once the whole block is converted.

        ``direction`` is ``s2t`` or ``t2s``. Converting whole blocks lets
        phrase conversions apply, as they would to the witness as a whole.
        """
        if first >= last:
            return ""
        cache = self._converted
        if direction not in cache:
            cache[direction] = [""] * len(self.t)
        per_token = cache[direction]
        out = []
        convert = to_traditional if direction == "s2t" else to_simplified
        for b in range(self.block_of(first), self.block_of(last - 1) + 1):
            start = self.block_starts[b]
            end = self.block_starts[b + 1] if b + 1 < len(self.block_starts) else len(self.t)
            if not per_token[start] and end > start:
                _fill(per_token, self.t, start, end, convert)
            out.extend(per_token[max(start, first):min(end, last)])
        return "".join(out)


def _fill(per_token: list[str], t: list[str], start: int, end: int, convert) -> None:
    chars = convert_aligned("".join(t[start:end]), convert)
    pos = 0
    for k in range(start, end):
        size = len(t[k])
        per_token[k] = "".join(chars[pos:pos + size])
        pos += size


def prepare(witness: Witness) -> Prepared:
    """Tokenize a witness block by block and note its discontinuities."""
    t: list[str] = []
    n: list[str] = []
    blocks: list[Block] = []
    starts: list[int] = []
    jumps: list[tuple[int, str]] = []
    junctions: set[int] = set()
    ranges = witness.source.ranges
    last_range = None
    for block in witness.blocks:
        if block.kind is BlockKind.JUMP:
            jumps.append((len(t), block.text))
            continue
        in_range = _range_index(ranges, block.first_line)
        if last_range is not None and in_range != last_range:
            junctions.add(len(t))
        last_range = in_range
        tokens = tokenize(block.text)
        if not tokens.t:
            continue
        starts.append(len(t))
        blocks.append(block)
        t.extend(tokens.t)
        n.extend(tokens.n)
    return Prepared(witness, t, n, blocks, starts, jumps, junctions)


def _range_index(ranges: tuple[tuple[int, int], ...], line: int) -> int:
    for index, (first, last) in enumerate(ranges):
        if first <= line <= last:
            return index
    return 0
