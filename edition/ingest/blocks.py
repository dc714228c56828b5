"""Lines to blocks: undo a witness's capture damage and record each repair on its block.

Phases, each a function over a list of drafts (a block in the making, with the
source line of each of its parts):

1. ``read_drafts``: every non-blank line of the catalogue's ranges becomes one
   draft (or several, where a continuation marker stands inside it); edge
   whitespace, Markdown heading markers and justification spaces go, and the
   lines whose shape says what they are get their kind: heading, date line,
   signature, news agency credit, closer.
2. ``mark_title``: the title at the start.
3. ``is_pdf_layout`` chooses, from the shape of the witness's own lines, how
   running text is put back into paragraphs: ``reflow`` for the hard line
   breaks of a PDF extraction, ``join_broken`` for paragraphs broken
   mid-sentence in a layout of one paragraph per line.
4. ``mark_outlet``: the outlet's name standing alone at the end.
5. ``locate`` turns drafts into the model's blocks, keeping where each source
   line starts in a block's text for the lint that follows.

Running text never joins across a range of the catalogue, a continuation
marker, or any block that is not a paragraph. The two lines of a signature
block (titles above, names below) stay two SIGNATURE blocks: blocks hold no
newline, and joining them with a space would lose which name goes with which
title.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from ..model import Block, BlockKind
from ..script import to_simplified
from .text import (HAN, NUMERAL, display_width, ends_sentence, has_clause_punctuation,
                   is_section_numeral, join_parts, remove_justification, starts_new_paragraph)

_MD_HEADING = re.compile(r"(?P<marks>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*")
_PAGE = rf"[0-9０-９{NUMERAL}]+"
_JUMP = re.compile(
    rf"■\s*(?:上接|下转|接|转)\s*第?\s*{_PAGE}\s*版"
    rf"|[（(]\s*(?:上接|下转|接|转)\s*第?\s*{_PAGE}\s*版\s*[）)]"
    rf"|^(?:上接|下转)第?{_PAGE}版$")
_FORWARD_JUMP = re.compile(r"下转|[（(■]\s*转")
_DIGITS = r"[0-9０-９]"
_DATELINE = re.compile(
    rf"(?:{_DIGITS}{{4}}年{_DIGITS}{{1,2}}月{_DIGITS}{{1,2}}日"
    rf"|[〇零{NUMERAL}]{{4}}年[{NUMERAL}]{{1,2}}月[{NUMERAL}]{{1,3}}日)"
    rf"(?:于[^，。,.；;：:\s]{{1,12}})?")
_CREDIT = re.compile(r"[（(][^（）()，。]{1,40}(?:电|讯)[）)]")
_CLOSER = re.compile(r"[（(【\[]完[）)】\]]")
_SIGNATORY = re.compile(rf"[{HAN}·•．.]{{1,24}}")
_OFFICE = re.compile(r"(?:主席|总统|总理|首相|国王|女王|部长|外长|大臣|委员长|秘书长|书记|代表|大使|总督|议长)$")
_TITLE_END = re.compile(r"(?:声明|宣言|公报|条约|协定|议定书|备忘录|纲要|讲话|致辞|决议|决定|公告)"
                        r"(?:[（(][上中下一二三四五六七八九十]+[）)])?$")
_OUTLET = re.compile(rf"[{HAN}A-Za-z]{{1,10}}(?:网|社|报|台|新闻|在线|客户端|频道)")
_PARTICLE = re.compile(r"[的地得之]")
_FOLLOWS_SHAPE = {BlockKind.CLOSER, BlockKind.DATELINE, BlockKind.CREDIT}


@dataclass
class Draft:
    """A block in the making. ``kind`` None is running text, a paragraph once joined."""

    kind: BlockKind | None
    parts: list[tuple[int, str]]  # (source line, its text as repaired)
    codes: set[str]
    range_index: int
    spaced: bool = False  # its (first) line was letter-spaced by justification

    @property
    def first_text(self) -> str:
        return self.parts[0][1]

    @property
    def last_text(self) -> str:
        return self.parts[-1][1]

    def absorb(self, other: Draft, code: str) -> None:
        self.parts.extend(other.parts)
        self.codes |= other.codes
        self.codes.add(code)


@dataclass(frozen=True)
class Located:
    """A finished block and the source line each stretch of its text came from."""

    block: Block
    starts: tuple[int, ...]  # offset in block.text where each line's text begins
    lines: tuple[int, ...]  # the source line of each of those stretches

    def line_at(self, offset: int) -> int:
        return self.lines[bisect_right(self.starts, offset) - 1]


def read_drafts(lines: list[str], ranges: tuple[tuple[int, int], ...]) -> list[Draft]:
    """One draft per non-blank line of the ranges (more where a continuation marker stands inside)."""
    drafts: list[Draft] = []
    for index, (first, last) in enumerate(ranges):
        for number in range(first, last + 1):
            raw = lines[number - 1]
            text = raw.strip()
            if text:
                drafts.extend(_line_drafts(raw, text, number, index, drafts[-1] if drafts else None))
    return drafts


def _line_drafts(raw: str, text: str, number: int, index: int, previous: Draft | None) -> list[Draft]:
    codes: set[str] = set()
    level = 0
    heading = _MD_HEADING.fullmatch(text) if text[0] == "#" else None
    if heading:
        level, text = len(heading["marks"]), heading["text"] or ""
        codes.add("N-MD-HEADING")
    drafts: list[Draft] = []
    for is_jump, segment in split_jumps(text):
        if is_jump:
            drafts.append(Draft(BlockKind.JUMP, [(number, segment)], codes | {"N-JUMP-NOTE"}, index))
        else:
            found = _classify(segment, number, index, level, drafts[-1] if drafts else previous)
            found.codes |= codes | ({"N-JUMP-NOTE"} if segment != text else set())
            drafts.append(found)
    if drafts and raw[0].isspace():
        drafts[0].codes.add("N-LEADING-SPACE")
    if drafts and raw[-1].isspace():
        drafts[-1].codes.add("N-TRAILING-SPACE")
    return drafts


def split_jumps(text: str) -> list[tuple[bool, str]]:
    """Cut continuation markers (■上接第2版, （下转第7版）) out of a line: (is it a marker, text)."""
    if "版" not in text:
        return [(False, text)] if text else []
    pieces: list[tuple[bool, str]] = []
    position = 0
    for match in _JUMP.finditer(text):
        pieces.append((False, text[position:match.start()].strip()))
        pieces.append((True, match.group()))
        position = match.end()
    pieces.append((False, text[position:].strip()))
    return [(is_jump, piece) for is_jump, piece in pieces if piece]


def _classify(segment: str, number: int, index: int, level: int, previous: Draft | None) -> Draft:
    if level == 0 and _is_signature(segment, previous):
        return Draft(BlockKind.SIGNATURE, [(number, segment)], set(), index)
    text, spaces = remove_justification(segment)
    codes = {"N-JUSTIFY-SPACE"} if spaces else set()
    kind = BlockKind.TITLE if level == 1 else BlockKind.HEADING if level else None
    if kind is None and is_section_numeral(text):
        kind = BlockKind.HEADING
        codes.add("N-NUMERAL-HEADING")
    kind = kind or shape_kind(text)
    return Draft(kind, [(number, text)], codes, index, spaces >= 3)


def shape_kind(text: str) -> BlockKind | None:
    """The kind a line's own shape shows: date line, news agency credit, closer; else None."""
    if len(text) > 40:
        return None
    if text[0] in "（(【[":
        return BlockKind.CREDIT if _CREDIT.fullmatch(text) else \
            BlockKind.CLOSER if _CLOSER.fullmatch(text) else None
    return BlockKind.DATELINE if _DATELINE.fullmatch(text) else None


def _is_signature(segment: str, previous: Draft | None) -> bool:
    """Offices side by side (中华人民共和国主席 俄罗斯联邦总统), or the names under them."""
    parts = segment.split() if len(segment) <= 60 else ()
    if len(parts) < 2 or not all(_SIGNATORY.fullmatch(p) for p in parts):
        return False
    if all(_OFFICE.search(p) for p in parts):
        return True
    return previous is not None and previous.kind is BlockKind.SIGNATURE and \
        all(len(p) <= 8 for p in parts)


def mark_title(drafts: list[Draft]) -> list[Draft]:
    """Take the witness's first lines as its title where they look like one.

    A title has no comma or sentence mark, is short, and ends like the title
    of a statement (…联合声明, …联合声明（下）, in either script); it may be split over up to
    three lines, which are joined.
    """
    taken: list[Draft] = []
    for draft in drafts[:3]:
        if draft.kind is not None or draft.range_index or has_clause_punctuation(draft.first_text):
            break
        taken.append(draft)
        text = "".join(d.first_text for d in taken)
        if len(text) > 120:
            break
        if _TITLE_END.search(to_simplified(text)):
            codes = set().union(*(d.codes for d in taken)) | ({"N-TITLE-JOIN"} if len(taken) > 1 else set())
            title = Draft(BlockKind.TITLE, [part for d in taken for part in d.parts], codes, 0)
            return [title, *drafts[len(taken):]]
    return drafts


def mark_outlet(drafts: list[Draft], outlet: str) -> None:
    """Take a lone outlet name (中新网) at the very end as the outlet's, not the text's."""
    text_drafts = [d for d in drafts if d.kind is not BlockKind.JUMP]
    if len(text_drafts) < 2:
        return
    last, before = text_drafts[-1], text_drafts[-2]
    name = join_parts([part for _line, part in last.parts])[0]
    if last.kind is None and len(name) <= 12 \
            and (name == outlet or _OUTLET.fullmatch(name)) \
            and (before.kind in _FOLLOWS_SHAPE or ends_sentence(before.last_text)):
        last.kind = BlockKind.OUTLET


def is_pdf_layout(drafts: list[Draft]) -> bool:
    """Whether the running text has the short, mostly unfinished lines of a PDF extraction.

    Counted are lines that stop mid-sentence with running text after them:
    in a PDF extraction most lines do; in a layout of one paragraph per line
    only a few broken paragraphs do (and none once they are joined, which
    keeps ingest idempotent).
    """
    lines = [d.first_text for d in drafts if d.kind is None]
    if len(lines) < 8:
        return False
    broken = sum(1 for previous, draft in zip(drafts, drafts[1:])
                 if _same_run(previous, draft) and _goes_on(previous, draft))
    lengths = sorted(len(line) for line in lines)
    return broken * 2 > len(lines) and lengths[len(lengths) // 2] <= 30


def reflow(drafts: list[Draft]) -> list[Draft]:
    """Join the hard-broken lines of a PDF extraction into paragraphs.

    A paragraph ends where a line ends a sentence and either falls short of
    the full line width (the most common width) or the next line opens a
    paragraph: it is indented (as short as a first line is), or starts with
    a list dash or a paragraph number. A letter-spaced line is justified,
    hence never a paragraph's last line.
    """
    widths = [display_width(d.first_text) if d.kind is None else 0 for d in drafts]
    common = Counter(w for d, w in zip(drafts, widths) if d.kind is None and not d.spaced)
    short = common.most_common(1)[0][0] - 3 if common else 0
    joined: list[Draft] = []
    for index, draft in enumerate(drafts):
        previous = joined[-1] if joined else None
        if previous is not None and _same_run(previous, draft) \
                and not _paragraph_ends(drafts[index - 1], widths[index - 1], draft, widths[index], short):
            previous.absorb(draft, "N-PDF-REFLOW")
        else:
            joined.append(draft)
    return joined


def _same_run(previous: Draft, draft: Draft) -> bool:
    return previous.kind is None and draft.kind is None and previous.range_index == draft.range_index


def _paragraph_ends(line: Draft, width: int, following: Draft, following_width: int, short: int) -> bool:
    """Whether a paragraph ends between two consecutive lines of running text."""
    if not ends_sentence(line.first_text):
        return False
    if not line.spaced and width <= short:
        return True
    first = following.first_text
    return starts_new_paragraph(first) or (not ends_sentence(first) and following_width <= short)


def join_broken(drafts: list[Draft]) -> list[Draft]:
    """Join a paragraph that stops mid-sentence with the paragraph that goes on with it.

    Not when the next one opens like a paragraph of its own (a list dash, a
    paragraph number), nor when the break follows an enumeration comma and
    the next one starts with a particle (``安全、`` / ``的有效性``): no
    sentence goes on that way, so the two are fragments of different texts.
    """
    joined: list[Draft] = []
    for draft in drafts:
        previous = joined[-1] if joined else None
        if previous is not None and _same_run(previous, draft) and _goes_on(previous, draft):
            previous.absorb(draft, "N-JOIN-BROKEN-PARAGRAPH")
        else:
            joined.append(draft)
    return joined


def _goes_on(previous: Draft, draft: Draft) -> bool:
    last, first = previous.last_text, draft.first_text
    if ends_sentence(last) or starts_new_paragraph(first):
        return False
    return not (last.endswith("、") and _PARTICLE.match(first))


def is_forward_jump(text: str) -> bool:
    """Whether a continuation marker sends the reader on (下转第7版), not back (上接第2版)."""
    return _FORWARD_JUMP.search(text) is not None


def locate(drafts: list[Draft]) -> list[Located]:
    """Finish the drafts as blocks; running text becomes a paragraph."""
    located = []
    for draft in drafts:
        text, starts = join_parts([part for _line, part in draft.parts])
        kind = draft.kind
        if kind is None:
            kind = (len(draft.parts) > 1 and shape_kind(text)) or BlockKind.PARAGRAPH
        lines = tuple(line for line, _part in draft.parts)
        block = Block(kind, text, min(lines), max(lines), tuple(sorted(draft.codes)))
        located.append(Located(block, tuple(starts), lines))
    return located
