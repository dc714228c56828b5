"""What looks wrong in a witness: warnings that ingest reports and never repairs.

A stray Latin word, a doubled word, a repeated paragraph or a cut-off ending
may be a capture error or may be what the outlet printed; only an editor can
tell, so the text keeps them and the findings say where they are. Invisible
characters (bidirectional controls, zero-width and private-use characters)
are kept exactly too.

Codes: ``W-LATIN-IN-CJK``, ``W-DOUBLED-WORD``, ``W-REPEATED-BLOCK``,
``W-TRUNCATED``, ``W-BIDI-CONTROL``, ``W-ZERO-WIDTH``, ``W-PRIVATE-USE``,
``W-BOM``.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from itertools import chain

from ..model import BlockKind, Diagnostic, Severity
from .blocks import Located, is_forward_jump
from .text import HAN, SPACE, ends_sentence

_INVISIBLE = re.compile(
    "(?P<bidi>[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069])"
    "|(?P<zero>[\u200b-\u200d\u2060\ufeff])"
    "|(?P<private>[\ue000-\uf8ff\U000f0000-\U0010ffff])")
_INVISIBLE_CODES = {
    "bidi": ("W-BIDI-CONTROL", "bidirectional control character"),
    "zero": ("W-ZERO-WIDTH", "zero-width character"),
    "private": ("W-PRIVATE-USE", "private-use character"),
}
_LATIN_IN_CJK = re.compile(
    rf"(?<=[{HAN}])[{SPACE}]*([A-Za-z][a-z]+(?:[{SPACE}]+[A-Za-z][a-z]+)*)[{SPACE}]*(?=[{HAN}])")
_DOUBLED = re.compile(rf"([{HAN}]{{2,4}})\1")
# Verbs that Chinese itself doubles (研究研究: "look into it a little").
_REDUPLICATED = frozenset("研究 讨论 考虑 商量 学习 休息 介绍 了解 认识 检查 比较 准备 整理 打扫 "
                          "收拾 锻炼 活动 交流 体验 尝试 打听 琢磨 思考 练习 说明".split())
_CLAUSE_BREAK = re.compile(r"[，、。；：！？,;:!?]")
_MIN_REPEAT = 16  # shorter paragraphs (双方商定：) may well repeat
_MIN_NEAR = 20
_POSTING_CAP = 32  # a clause edge shared by more paragraphs than this tells nothing


def lint_witness(located: list[Located], lines: list[str], ranges: tuple[tuple[int, int], ...],
                 file: str, bom: bool) -> tuple[Diagnostic, ...]:
    """Every finding for one witness, ordered by source line."""
    found: list[Diagnostic] = []
    if bom:
        found.append(_warn("W-BOM", "the file starts with a byte order mark; it was removed",
                           file, 1, 1, "save the file as UTF-8 without a BOM"))
    found += _invisible(lines, ranges, file)
    for item in located:
        found += _latin_words(item, lines, file)
        found += _doubled_words(item, lines, file)
    found += _repeated_blocks(located, file)
    found += _truncations(located, file)
    return tuple(sorted(found, key=lambda d: (d.line, d.column, d.code)))


def _warn(code: str, message: str, file: str, line: int, column: int = 0, hint: str = "") -> Diagnostic:
    return Diagnostic(code, message, file, line, column, Severity.WARNING, hint)


def _invisible(lines: list[str], ranges: tuple[tuple[int, int], ...], file: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if not _INVISIBLE.search("\n".join(lines)):
        return found
    for first, last in ranges:
        for number in range(first, last + 1):
            line = lines[number - 1]
            if not _INVISIBLE.search(line):
                continue
            seen: dict[str, list] = {}
            for match in _INVISIBLE.finditer(line):
                seen.setdefault(match.lastgroup, [match.start() + 1, ord(match.group()), 0])[2] += 1
            for group, (column, point, count) in seen.items():
                code, what = _INVISIBLE_CODES[group]
                found.append(_warn(code, f"{count} {what}{'s' if count > 1 else ''} "
                                   f"(first U+{point:04X}), kept in the text", file, number, column,
                                   "it is invisible in most editors; check the source"))
    return found


def _column(item: Located, lines: list[str], match: re.Match) -> tuple[int, int]:
    """Source line and column of a match's first group in a block (column 0: not found).

    The column is found by looking for the whole match in the source line,
    which fails only where a repair changed the text there.
    """
    line = item.line_at(match.start(1))
    found = lines[line - 1].find(match.group())
    return line, found + 1 + match.start(1) - match.start() if found >= 0 else 0


def _latin_words(item: Located, lines: list[str], file: str) -> list[Diagnostic]:
    found = []
    text = item.block.text
    for match in _LATIN_IN_CJK.finditer(text):
        context = text[max(0, match.start() - 2):match.end() + 2]
        line, column = _column(item, lines, match)
        found.append(_warn("W-LATIN-IN-CJK", f'Latin word "{match.group(1)}" inside Chinese text: '
                           f"{context}", file, line, column,
                           "a capture error if the outlet printed Chinese here; check the source"))
    return found


def _doubled_words(item: Located, lines: list[str], file: str) -> list[Diagnostic]:
    found = []
    text = item.block.text
    for match in _DOUBLED.finditer(text):
        unit = match.group(1)
        if len(set(unit)) == 1 or unit[0] == "一" or unit in _REDUPLICATED:
            continue
        context = text[max(0, match.start() - 2):match.end() + 2]
        line, column = _column(item, lines, match)
        found.append(_warn("W-DOUBLED-WORD", f'"{unit}" stands twice in a row: {context}',
                           file, line, column, "probably a capture error; check the source"))
    return found


def _repeated_blocks(located: list[Located], file: str) -> list[Diagnostic]:
    """Paragraphs that stand again, word for word (by hash) or nearly (by shared clause edges)."""
    found = []
    first_seen: dict[str, int] = {}
    near = _NearCopies()
    for item in located:
        block = item.block
        if block.kind is not BlockKind.PARAGRAPH or len(block.text) < _MIN_REPEAT:
            continue
        earlier = first_seen.get(block.text)
        if earlier is not None:
            found.append(_warn("W-REPEATED-BLOCK", f"this paragraph repeats the one at line {earlier} "
                               "word for word", file, block.first_line, 0,
                               "a duplicated paragraph of the capture, or of the outlet; check the source"))
            continue
        first_seen[block.text] = block.first_line
        if len(block.text) >= _MIN_NEAR:
            match = near.find_and_add(block.text, block.first_line)
            if match is not None:
                found.append(_warn("W-REPEATED-BLOCK", f"this paragraph nearly repeats the one at "
                                   f"line {match}", file, block.first_line, 0,
                                   "one may be a garbled or cut copy of the other; check the source"))
    return found


class _NearCopies:
    """An index of paragraphs by the edges of their clauses, to find near copies quickly.

    Each paragraph is compared in full only with the few earlier ones that
    share most clause edges; an edge shared by many paragraphs (a stock
    phrase) stops counting, so the work stays near linear. A paragraph found
    to be a copy is not indexed again: later copies match the first.
    """

    def __init__(self) -> None:
        self.postings: dict[str, list[int] | tuple[()]] = {}
        self.texts: list[str] = []
        self.lines: list[int] = []
        self.grams: dict[int, set[str]] = {}  # made when first needed

    def find_and_add(self, text: str, line: int) -> int | None:
        """The line of an earlier paragraph that ``text`` nearly repeats; else index it, and None."""
        anchors = _clause_edges(text)
        postings = [self.postings.get(anchor) for anchor in anchors]
        votes = Counter(chain.from_iterable(filter(None, postings)))
        needed = max(2, len(anchors) * 3 // 10)
        # most votes first, then the earliest paragraph: the same answer in every run
        for ident, count in heapq.nsmallest(3, votes.items(), key=lambda vote: (-vote[1], vote[0])):
            if count >= needed and _similar(text, self.texts[ident], self._grams(ident)):
                return self.lines[ident]
        self._add(anchors, text, line)
        return None

    def _grams(self, ident: int) -> set[str]:
        if ident not in self.grams:
            self.grams[ident] = _grams(self.texts[ident])
        return self.grams[ident]

    def _add(self, anchors: set[str], text: str, line: int) -> None:
        ident = len(self.texts)
        self.texts.append(text)
        self.lines.append(line)
        postings = self.postings
        for anchor in anchors:
            posting = postings.get(anchor)
            if posting is None:
                postings[anchor] = [ident]
            elif len(posting) >= _POSTING_CAP:
                postings[anchor] = ()  # a stock phrase: it stops counting
            elif posting:
                posting.append(ident)


def _clause_edges(text: str) -> set[str]:
    """Where a paragraph's clauses start and end: a copy that loses or garbles a stretch keeps most."""
    edges = set()
    for clause in _CLAUSE_BREAK.split(text):
        if len(clause) >= 4:
            edges.add("<" + clause[:4])
            edges.add(">" + clause[-4:])
    return edges


def _grams(text: str) -> set[str]:
    return {text[i:i + 4] for i in range(len(text) - 3)}


def _similar(text: str, other: str, other_grams: set[str]) -> bool:
    """Similar lengths, and most four-character sequences of the shorter are in the longer."""
    shorter, longer = sorted((len(text), len(other)))
    if shorter * 2 < longer:
        return False
    grams = _grams(text)
    return len(grams & other_grams) >= 0.6 * min(len(grams), len(other_grams))


def _truncations(located: list[Located], file: str) -> list[Diagnostic]:
    """Paragraphs that stop mid-sentence, and a witness that stops at a forward jump."""
    found = []
    texts = [item.block for item in located if item.block.kind is not BlockKind.JUMP]
    for position, block in enumerate(texts):
        if block.kind is not BlockKind.PARAGRAPH or ends_sentence(block.text):
            continue
        following = texts[position + 1] if position + 1 < len(texts) else None
        if following is not None and _list_goes_on(block.text, following.text):
            continue
        what = "paragraph cut off" if following is not None else "the witness ends"
        found.append(_warn("W-TRUNCATED", f"{what} mid-sentence: …{block.text[-8:]}", file,
                           block.last_line, 0, "the rest is missing from this source"))
    if located and located[-1].block.kind is BlockKind.JUMP and is_forward_jump(located[-1].block.text):
        last = located[-1].block
        found.append(_warn("W-TRUNCATED", f"the witness ends at {last.text}: the rest is elsewhere",
                           file, last.last_line, 0, "catalogue the continuation as a further range"))
    return found


def _list_goes_on(text: str, following: str) -> bool:
    """A list item (——…) ending in a comma, followed by the next item: a list, not a cut."""
    return text.startswith("——") and text.endswith(("，", ",")) and following.startswith("——")
