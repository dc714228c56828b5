"""Copies of a witness file as other captures would have laid it out.

Each function takes the text of a plain-text witness (one paragraph per
line, Markdown or bare headings) and returns the same words as a different
capture would give them, so that a test can check that collation sees no
difference beyond the layout.
"""

from __future__ import annotations

import random
import re

_HEADING = re.compile(r"^#+\s*")
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGITS = re.compile(r"(\d+)")
_NO_LINE_START = frozenset("，。、；：！？）》」』”’,.;:!?)")  # punctuation a typesetter never sets at a line's start


def pdf_layout(text: str, *, width: int = 14, seed: int = 0) -> str:
    """``text`` as a PDF extraction gives it: hard-broken lines, justified, headings bare.

    Every paragraph is cut into lines ``width`` characters wide (its first line
    two shorter, where the indent was), each followed by an empty line; about
    one line in four is letter-spaced by justification, and digit runs stand
    between spaces (``于 2025 年``), as in the extraction of a newspaper page.
    Lines are never cut next to a Latin letter, so words keep their spaces.
    """
    chance = random.Random(seed)
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if _HEADING.match(stripped):
            out.extend([_HEADING.sub("", stripped), ""])
            continue
        for piece in _cut(stripped, width):
            if chance.random() < 0.25 and not _LATIN.search(piece):
                piece = " ".join(piece)
            out.extend([_DIGITS.sub(r" \1 ", piece).strip(), ""])
    return "\n".join(out) + "\n"


def _cut(paragraph: str, width: int) -> list[str]:
    """Cut a paragraph into lines of ``width`` full-width cells (a digit or Latin letter is half a cell)."""
    lines: list[str] = []
    start, room = 0, 2 * (width - 2)
    while _cells(paragraph[start:]) > room:
        end, used = start, 0
        while end < len(paragraph) and used + _cells(paragraph[end]) <= room:
            used += _cells(paragraph[end])
            end += 1
        while end < len(paragraph) and not _breakable(paragraph, end):
            end += 1
        lines.append(paragraph[start:end])
        start, room = end, 2 * width
    lines.append(paragraph[start:])
    return [line for line in lines if line]


def _cells(text: str) -> int:
    return sum(1 if ord(c) < 0x2000 else 2 for c in text)


def _breakable(text: str, at: int) -> bool:
    """Whether a line may end before ``text[at]``: between two characters that are not letters or digits."""
    before, after = text[at - 1], text[at]
    if after in _NO_LINE_START:
        return False
    return not (_LATIN.match(before) or _LATIN.match(after) or before == " " or after == " "
                or (before.isdigit() and after.isdigit()))
