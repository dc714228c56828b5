"""Each witness as it reads, made from the apparatus for the witness pages.

The walk is the profile's "Rebuilding a witness" (``edition.tei.rebuild``:
the same frames and span states, so a witness page shows exactly the text
the build checks), but it keeps more than text: where each block comes
from (its milestone's lines and the row of the edition it begins in), the
witness's notes, gaps, and where its text starts, ends or breaks off. The
result for each witness is a small TEI ``<body>`` of blocks that
``xslt/witness.xsl`` turns into HTML. A witness that no milestone names (TEI
from elsewhere) takes the edition's own paragraphing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from ..tei.read import TEI_NS, XML_NS, document_root, q
from ..tei.rebuild import (
    ACTIVE, MILESTONE, NOTE, SPAN_MARKERS, SPAN_TRANSITIONS,
    initial_states, list_wit, marker_witnesses, reading_witnesses, resolve, walk,
)
from .transform import R_NS

R_ANCHOR = f"{{{R_NS}}}anchor"
XML_ID = f"{{{XML_NS}}}id"
GAP = q("gap")
ROWS = {q("p"): "paragraph", q("head"): "heading", q("ab"): "", q("l"): "line"}
_ANCHOR_UNSAFE = re.compile(r"[^0-9A-Za-z-]+")


@dataclass(slots=True)
class _Block:
    kind: str
    lines: str
    row: str
    pieces: list = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WitnessView:
    """One witness's text, block by block, and how many characters it has."""

    blocks: tuple[_Block, ...]
    characters: int

    def body(self, convert: Callable[[list[str]], list[str]] | None = None) -> etree._Element:
        """The blocks as a TEI ``<body>`` for ``xslt/witness.xsl``; ``convert`` maps its texts (to another script)."""
        blocks = self.blocks if convert is None else _converted(self.blocks, convert)
        return _body(blocks)


def witness_views(tree: etree._ElementTree) -> dict[str, WitnessView]:
    """The text of every declared witness, keyed by siglum."""
    found = _walk(tree)
    return {siglum: WitnessView(tuple(_merged(blocks)), _characters(blocks)) for siglum, blocks in found.items()}


def _count(text: str) -> int:
    """Characters that are not white space."""
    return len("".join(text.split()))


def _walk(tree: etree._ElementTree) -> dict[str, list[_Block]]:
    """One walk over the text following every witness at once (as ``rebuild``), keeping blocks' sources."""
    witnesses = list_wit(tree)
    blocks: dict[str, list[_Block]] = {s: [] for s in witnesses.sigla}
    text = document_root(tree).find(q("text"))
    if text is None:
        return blocks
    readings = reading_witnesses(text, witnesses)
    states = initial_states(text, readings, witnesses)
    named = {s for m in text.iter(MILESTONE) if m.get("unit") == "block"
             for s in resolve(m.get("edRef"), witnesses)}
    unnamed = frozenset(witnesses.sigla) - named
    rows: list[tuple[str, str]] = [("", "")]
    frames = []
    for event, node, frame in walk(text, witnesses.sigla, readings):
        if event == "end":
            frames.pop()
            if node.tag in ROWS:
                rows.pop()
            if node.tail and frame.counts:
                _add(blocks, states, frame.context, node.tail, rows[-1])
            continue
        frames.append(frame)
        if node.tag in ROWS:
            rows.append(_row(node, rows[-1]))
            for siglum in unnamed & frame.context:
                if states[siglum] == ACTIVE:
                    blocks[siglum].append(_Block(rows[-1][1], "", rows[-1][0]))
        _start(node, frame, frames, witnesses, states, blocks, rows[-1])
        if node.text and frame.counts:
            _add(blocks, states, frame.context, node.text, rows[-1])
    return blocks


def _row(node: etree._Element, outer: tuple[str, str]) -> tuple[str, str]:
    """The id and block kind of a row; a row inside a row (``l`` in ``p``) belongs to the outer one."""
    if outer[0] and node.get(XML_ID) is None:
        return outer
    kind = ROWS[node.tag] or node.get("type", "paragraph")
    if node.tag == q("head") and node.get("type") == "title":
        kind = "title"
    return node.get(XML_ID, outer[0]), kind


def _start(node, frame, frames, witnesses, states, blocks, row) -> None:
    """What an element does to the witnesses whose text it stands in."""
    if node.tag == MILESTONE and node.get("unit") == "block":
        for siglum in resolve(node.get("edRef"), witnesses) & frame.context:
            blocks[siglum].append(_Block(node.get("type") or row[1], node.get("n", ""), row[0]))
    elif node.tag in SPAN_MARKERS:
        for siglum in marker_witnesses(node, frame.reading, witnesses):
            states[siglum] = SPAN_TRANSITIONS[node.tag][1]
            _current(blocks[siglum], row).pieces.append((etree.QName(node).localname,))
    elif node.tag == NOTE and len(frames) > 1:
        note = " ".join("".join(node.itertext()).split())
        _add(blocks, states, frames[-2].context, ("note", node.get("type", ""), note), row)
    elif node.tag == GAP:
        _add(blocks, states, frame.context, ("gap",), row)


def _add(blocks, states, context, piece, row) -> None:
    for siglum in context:
        if states[siglum] == ACTIVE:
            _current(blocks[siglum], row).pieces.append(piece)


def _current(witness_blocks: list[_Block], row: tuple[str, str]) -> _Block:
    if not witness_blocks:
        witness_blocks.append(_Block(row[1] or "paragraph", "", row[0]))
    return witness_blocks[-1]


def _characters(blocks: list[_Block]) -> int:
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


def _merged(blocks: list[_Block]) -> list[_Block]:
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
        merged.append(_Block(block.kind, block.lines, block.row, pieces))
    return merged


def _converted(blocks: tuple[_Block, ...], convert: Callable[[list[str]], list[str]]) -> list[_Block]:
    """The blocks with their texts and notes converted, in one call to ``convert``."""
    texts = [p if isinstance(p, str) else p[2] for b in blocks for p in b.pieces
             if isinstance(p, str) or p[0] == "note"]
    done = iter(convert(texts))
    return [_Block(b.kind, b.lines, b.row, [_with_text(p, done) for p in b.pieces]) for b in blocks]


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
