"""Ingest: a witness's source file, as the catalogue describes it, to a :class:`Witness`.

``ingest`` reads the file as bytes, hashes it and decodes it strictly (the
only place in the project that decodes bytes); ``ingest_text`` does the rest
and is pure: take the catalogue's line ranges in their order, undo the
damage of capture (see ``blocks``), record on each block what was done (the
codes of ``NORMALISATIONS``), and lint what looks wrong without repairing it
(see ``lint``). Every block keeps the witness's own characters otherwise: its
script, its punctuation width, its quotes.

Bad input raises :class:`IngestError` naming the file, and the line and
column where they are known: an undecodable byte, a control character, a
file over 20 MB, an empty file, a range outside the file or holding only
blank lines, and a witness with no character but punctuation (nothing to
collate). A byte order mark is removed with a warning (``W-BOM``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import IngestError
from ..model import Witness, WitnessSource
from .blocks import (Draft, is_pdf_layout, join_broken, locate, mark_outlet, mark_title,
                     read_drafts, reflow)
from .lint import lint_witness
from .raw import BOM, count_lines, decode, read_source, split_lines
from .text import has_text_character

__all__ = ["ingest", "ingest_text", "count_lines", "NORMALISATIONS"]

NORMALISATIONS: dict[str, str] = {
    "N-BOM": "A byte order mark at the start of the file removed.",
    "N-LEADING-SPACE": "Whitespace at the start of a line (indentation) removed.",
    "N-TRAILING-SPACE": "Whitespace at the end of a line (Markdown hard-break spaces) removed.",
    "N-MD-HEADING": "Markdown heading markers (#, ##) removed.",
    "N-NUMERAL-HEADING": "A Chinese numeral standing alone on its line taken as a section heading.",
    "N-TITLE-JOIN": "A title split over several lines joined into one.",
    "N-PDF-REFLOW": "Hard line breaks of a PDF extraction joined into paragraphs.",
    "N-JUSTIFY-SPACE": "Justification spaces between Chinese characters, punctuation and digits "
                       "removed, also inside numbers and dates (2024 年 5 月 → 2024年5月).",
    "N-JOIN-BROKEN-PARAGRAPH": "A paragraph broken mid-sentence joined with its continuation.",
    "N-JUMP-NOTE": "A continuation marker (■上接第2版, （下转第7版）) taken out of the text "
                   "and kept as a note.",
}


def ingest(source: WitnessSource, root: Path) -> Witness:
    """Read the witness ``source`` from its file under ``root`` and return its blocks and findings."""
    data, sha256 = read_source(root / source.file, source.file)
    return ingest_text(decode(data, source.encoding, source.file), source, sha256)


def ingest_text(text: str, source: WitnessSource, sha256: str = "") -> Witness:
    """Make a witness from the decoded text of its whole source file.

    Empty ``source.ranges`` mean the whole file; the returned witness's source
    then names that range, so every block can be traced to it.
    """
    bom = text.startswith(BOM)
    lines = split_lines(text[1:] if bom else text, source.file)
    if not lines:
        raise IngestError("the file is empty", file=source.file, hint="catalogue a file with text")
    ranges = _checked_ranges(source, len(lines))
    drafts = read_drafts(lines, ranges)
    _check_text(drafts, source, ranges)
    drafts = mark_title(drafts)
    drafts = reflow(drafts) if is_pdf_layout(drafts) else join_broken(drafts)
    mark_outlet(drafts, source.outlet)
    if bom:
        _mark_bom(drafts)
    located = locate(drafts)
    findings = lint_witness(located, lines, ranges, source.file, bom)
    blocks = tuple(item.block for item in located)
    return Witness(replace(source, ranges=ranges), sha256, blocks, findings)


def _mark_bom(drafts: list[Draft]) -> None:
    """Record the removed byte order mark on the block of line 1, if the witness has it."""
    for draft in drafts:
        if draft.parts[0][0] == 1:
            draft.codes.add("N-BOM")
            return


def _checked_ranges(source: WitnessSource, count: int) -> tuple[tuple[int, int], ...]:
    if not source.ranges:
        return ((1, count),)
    for first, last in source.ranges:
        if not 1 <= first <= last <= count:
            raise IngestError(f"lines {first}-{last} are not inside the file's {count} lines",
                              file=source.file, hint="check the line ranges in the catalogue")
    return tuple(source.ranges)


def _check_text(drafts: list[Draft], source: WitnessSource, ranges: tuple[tuple[int, int], ...]) -> None:
    """Every range must hold text, and the witness some character that is not punctuation."""
    filled = {draft.range_index for draft in drafts}
    for index, (first, last) in enumerate(ranges):
        if index not in filled:
            raise IngestError(f"lines {first}-{last} hold no text", file=source.file, line=first,
                              hint="check the line ranges in the catalogue")
    if not any(has_text_character(part) for draft in drafts for _line, part in draft.parts):
        raise IngestError(f"witness {source.siglum} has nothing but punctuation", file=source.file,
                          line=ranges[0][0], hint="check the line ranges in the catalogue")
