"""Each witness as it reads, made from the apparatus for the witness pages.

The blocks are those of ``edition.tei.rebuild.rebuild_blocks``, the very
walk the build checks every witness with, so a witness page shows exactly
the text that was checked, with where each block comes from, the witness's
notes, gaps, and where its text starts, ends or breaks off. The result for
each witness is a small TEI ``<body>`` of blocks that ``xslt/witness.xsl``
turns into HTML. A witness that no milestone names (TEI from elsewhere)
takes the edition's own paragraphing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ..tei.read import TEI_NS, q
from ..tei.rebuild import NOTE, RebuiltBlock, block_texts, rebuild_blocks
from .transform import R_NS

R_ANCHOR = f"{{{R_NS}}}anchor"
_ANCHOR_UNSAFE = re.compile(r"[^0-9A-Za-z-]+")


@dataclass(frozen=True, slots=True)
class WitnessView:
    """One witness's text, block by block, and how many characters it has."""

    blocks: tuple[RebuiltBlock, ...]
    characters: int
    texts: tuple[str, ...] = ()  # the text of each block, as the build checks it (``rebuild.block_texts``)

    def body(self, convert: Callable[[list[str]], list[str]] | None = None) -> etree._Element:
        """The blocks as a TEI ``<body>`` for ``xslt/witness.xsl``; ``convert`` maps its texts (to another script)."""
        blocks = self.blocks if convert is None else _converted(self.blocks, convert)
        return _body(blocks)


def witness_views(tree: etree._ElementTree) -> dict[str, WitnessView]:
    """The text of every declared witness, keyed by siglum."""
    found = rebuild_blocks(tree)
    return {siglum: WitnessView(tuple(_merged(blocks)), _characters(blocks), tuple(block_texts(blocks)))
            for siglum, blocks in found.items()}


def _count(text: str) -> int:
    """Characters that are not white space."""
    return len("".join(text.split()))


def _characters(blocks: list[RebuiltBlock]) -> int:
    return sum(_count(p) for b in blocks for p in b.pieces if isinstance(p, str))


def _body(blocks) -> etree._Element:
    """The blocks as TEI: ``<head>``, ``<p>`` or ``<ab type>`` with source lines, row and anchor."""
    body = etree.Element(q("body"), nsmap={None: TEI_NS, "r": R_NS})
    anchors: set[str] = set()
    for block in blocks:
        element = etree.SubElement(body, *_element(block.kind))
        if block.lines:
            element.set("n", block.lines)
        if block.row:
            element.set("corresp", f"#{block.row}")
        element.set(R_ANCHOR, _anchor(block.lines, anchors))
        _fill(element, block.pieces)
    return body


def _element(kind: str) -> tuple[str, dict[str, str]]:
    if kind == "title":
        return q("head"), {"type": "title"}
    if kind == "heading":
        return q("head"), {}
    if kind == "paragraph":
        return q("p"), {}
    return q("ab"), {"type": kind}


def _anchor(lines: str, taken: set[str]) -> str:
    """A page id for a block from its source lines (``l7``, ``l7-9``), unique on the page."""
    base = "l" + (_ANCHOR_UNSAFE.sub("", lines) or "0")
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return anchor


def _merged(blocks: list[RebuiltBlock]) -> list[RebuiltBlock]:
    """The blocks that have anything, each with its runs of text joined into one string."""
    merged = []
    for block in blocks:
        if not block.pieces:
            continue
        pieces: list = []
        for piece in block.pieces:
            if isinstance(piece, str) and pieces and isinstance(pieces[-1], str):
                pieces[-1] += piece
            else:
                pieces.append(piece)
        merged.append(RebuiltBlock(block.kind, block.lines, block.row, pieces))
    return merged


def _converted(blocks: tuple[RebuiltBlock, ...], convert: Callable[[list[str]], list[str]]) -> list[RebuiltBlock]:
    """The blocks with their texts and notes converted, in one call to ``convert``."""
    texts = [p if isinstance(p, str) else p[2] for b in blocks for p in b.pieces
             if isinstance(p, str) or p[0] == "note"]
    done = iter(convert(texts))
    return [RebuiltBlock(b.kind, b.lines, b.row, [_with_text(p, done) for p in b.pieces]) for b in blocks]


def _with_text(piece, texts):
    if isinstance(piece, str):
        return next(texts)
    if piece[0] == "note":
        return (piece[0], piece[1], next(texts))
    return piece


def _fill(element: etree._Element, pieces: list) -> None:
    """Write a block's pieces into ``element``: text, notes, gaps and span markers."""
    last = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                element.text = piece
            else:
                last.tail = piece
            continue
        last = etree.SubElement(element, NOTE if piece[0] == "note" else q(piece[0]))
        if piece[0] == "note":
            if piece[1]:
                last.set("type", piece[1])
            last.text = piece[2]
