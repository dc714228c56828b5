"""Each witness as it reads, made from the apparatus for the witness pages.

The blocks are those of ``edition.tei.rebuild.rebuild_blocks``, the very
walk the build checks every witness with, so a witness page shows exactly
the text that was checked, with where each block comes from, the witness's
notes, gaps, and where its text starts, ends or breaks off. A witness that
no milestone names (TEI from elsewhere) takes the edition's own
paragraphing. The blocks are not TEI but what the walk made of it, so they
are written straight to HTML (``WitnessView.html``):

    a title block       p.text-title.wblock   (data-tei="head")
    a heading           h2.wblock
    a paragraph, other  p.wblock              (data-tei="p" / "ab", data-type: its kind)
    its source          span.source: a link to the block, file:lines, a link to its row in the reading text
    a note              span.sidenote
    a gap               span.gap ([…])
    a span marker       span.ed-mark: [starts], [ends], [lacuna begins], [lacuna ends];
                        a lacuna's start and end that meet in the witness's text: [lacuna]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ..tei.rebuild import RebuiltBlock, block_texts, rebuild_blocks
from . import escape
from .parallel import FIXED_HTML

ID_PREFIX = "t-"  # as xslt/common.xsl names the ids of the reading page
_ANCHOR_UNSAFE = re.compile(r"[^0-9A-Za-z-]+")


@dataclass(frozen=True, slots=True)
class WitnessView:
    """One witness's text, block by block, and how many characters it has."""

    blocks: tuple[RebuiltBlock, ...]
    characters: int
    texts: tuple[str, ...] = ()  # the text of each block, as the build checks it (``rebuild.block_texts``)

    def html(self, file: str, reading_page: str, convert: Callable[[list[str]], list[str]] | None = None) -> str:
        """The blocks as one ``div.witness-text``, each with its source (``file`` and lines) and a link to
        its row on ``reading_page``; ``convert`` maps its texts and notes (to another script)."""
        blocks = self.blocks if convert is None else _converted(self.blocks, convert)
        out = ['<div class="witness-text" data-tei="body">']
        anchors: set[str] = set()
        for block in blocks:
            _write_block(out, block, _anchor(block.lines, anchors), file, reading_page)
        out.append("</div>")
        return "".join(out)


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


_OPENING = {"title": ("p", "text-title wblock", "head"), "heading": ("h2", "wblock", "head"),
            "paragraph": ("p", "wblock", "p")}
_LACUNA = ('<span class="ed-mark" lang="en" title="The reading text goes on here with text this witness '
           'does not have">[lacuna]</span>')


def _write_block(out: list[str], block: RebuiltBlock, anchor: str, file: str, reading_page: str) -> None:
    tag, classes, tei = _OPENING.get(block.kind, ("p", "wblock", "ab"))
    kind = "" if block.kind in ("heading", "paragraph") else f" data-type={escape.attribute(block.kind)}"
    out.append(f'<{tag} class="{classes}" data-tei="{tei}" id={escape.attribute(anchor)}{kind}>'
               f'<span class="source" lang="en"><a class="pilcrow" href={escape.href("#" + anchor)} '
               f'aria-label="Link to this block">¶</a><span class="lines">{escape.text(file)}'
               f'{escape.text(":" + block.lines) if block.lines else ""}</span>')
    if block.row:
        out.append(f' <a class="xref" href={escape.href(f"{reading_page}#{ID_PREFIX}{block.row}")} '
                   f'title="This block in the reading text">{escape.text(block.row)}</a>')
    out.append("</span>")
    pieces = [p for p in block.pieces if p != ""]
    for number, piece in enumerate(pieces):
        if isinstance(piece, str):
            out.append(escape.text(piece))
        elif piece[0] == "note":
            kind = f" data-type={escape.attribute(piece[1])}" if piece[1] else ""
            out.append(f'<span class="sidenote" data-tei="note" role="note"{kind}>{escape.text(piece[2])}</span>')
        elif piece[0] == "lacunaStart" and pieces[number + 1:number + 2] == [("lacunaEnd",)]:
            out.append(_LACUNA)
        elif piece[0] == "lacunaEnd" and number and pieces[number - 1] == ("lacunaStart",):
            continue  # said by the [lacuna] before it
        else:  # a gap, a span marker
            out.append(FIXED_HTML[piece[0]])
    out.append(f"</{tag}>")


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
