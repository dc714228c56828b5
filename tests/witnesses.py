"""Witnesses made in memory, for tests that start after ingest."""

from __future__ import annotations

from edition.model import Block, BlockKind, Witness, WitnessSource, Work


def make_witness(siglum: str, blocks: list[str | tuple[BlockKind, str]],
                 ranges: tuple[tuple[int, int], ...] = ((1, 100000),)) -> Witness:
    """A witness whose blocks stand on lines 1, 3, 5 … of a file named after its siglum."""
    made = []
    for i, block in enumerate(blocks):
        kind, text = block if isinstance(block, tuple) else (BlockKind.PARAGRAPH, block)
        made.append(Block(kind, text, 2 * i + 1, 2 * i + 1))
    return Witness(WitnessSource(siglum, f"{siglum.lower()}.txt", ranges), "0" * 64, tuple(made))


def make_work(*witnesses: Witness, base: str | None = None) -> Work:
    return Work("test-work", "测试", base or witnesses[0].siglum, tuple(w.source for w in witnesses))
