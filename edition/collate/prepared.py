"""A witness made ready for alignment: its tokens and where its blocks begin."""

from __future__ import annotations

from bisect import bisect_right
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
    _converted: dict[str, dict[int, str | list[str]]] = field(default_factory=dict)

    @property
    def siglum(self) -> str:
        return self.witness.siglum

    def block_of(self, token: int) -> int:
        """Index of the block that holds ``token``."""
        return max(bisect_right(self.block_starts, token) - 1, 0)

    def in_script(self, direction: str, first: int, last: int) -> str:
        """Tokens first..last-1 as they read once the whole block is converted.

        ``direction`` is ``s2t`` or ``t2s``. Converting whole blocks lets
        phrase conversions apply, as they would to the witness as a whole.
        Each block is converted once, when first asked for, and kept as one
        string (not one per token) to keep a long witness small.
        """
        if first >= last:
            return ""
        out = []
        for b in range(self.block_of(first), self.block_of(last - 1) + 1):
            start = self.block_starts[b]
            end = self.block_starts[b + 1] if b + 1 < len(self.block_starts) else len(self.t)
            chars = self._converted_block(direction, b, start, end)
            piece = chars[self._char_offset(chars, start, end, max(start, first)):
                          self._char_offset(chars, start, end, min(end, last))]
            out.append(piece if isinstance(piece, str) else "".join(piece))
        return "".join(out)

    def _converted_block(self, direction: str, b: int, start: int, end: int) -> str | list[str]:
        """Block b (tokens start..end-1) converted: one item per character of its text."""
        cache = self._converted.setdefault(direction, {})
        chars = cache.get(b)
        if chars is None:
            convert = to_traditional if direction == "s2t" else to_simplified
            text = "".join(self.t[start:end])
            whole = convert(text)
            chars = cache[b] = whole if len(whole) == len(text) else convert_aligned(text, convert)
        return chars

    def _char_offset(self, chars: str | list[str], start: int, end: int, token: int) -> int:
        """Where ``token`` begins among the characters of its block (tokens start..end-1)."""
        if len(chars) == end - start:  # one character per token, as in most Chinese text
            return token - start
        return sum(map(len, self.t[start:token]))


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
