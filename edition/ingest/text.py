"""Character classes and small tests on lines of Chinese text, shared by ingest's modules.

Everything here is a compiled pattern or a function of one string: cheap
enough to run on every line of a million-character witness.
"""

from __future__ import annotations

import re

SPACE = " \t\u00a0\u2000-\u200a\u202f\u205f\u3000"  # a character class: the spaces a capture inserts
LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"  # Latin, Greek, Cyrillic
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
NUMERAL = "一二三四五六七八九十"

_SENTENCE_END = re.compile(r"[。！？；：…!?;:.][”’」』）)】\]\"']*$")
_CLAUSE_PUNCTUATION = re.compile(r"[，。！？；：,;:!?]")
_JUSTIFICATION = re.compile(f"(?<![{LETTER}])[{SPACE}]+(?![{LETTER}])")
_NARROW = re.compile(r"[\x21-\x7e\uff61-\uffdc]")
_NEW_PARAGRAPH = re.compile(
    rf"(?:——|[{NUMERAL}百]+、|[（(][{NUMERAL}]+[）)]|\d{{1,2}}[.、．](?!\d)|第[{NUMERAL}]+[条章节部])")
_SECTION_NUMERAL = re.compile(
    r"(?:[一二三四五六七八九]|十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)、?")
_TEXT_CHARACTER = re.compile(rf"[{HAN}{LETTER}0-9０-９]")
_LETTERS = frozenset(filter(re.compile(f"[{LETTER}]").match, map(chr, range(0x500))))


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (。！？；：… possibly followed by a closing quote or bracket)."""
    return _SENTENCE_END.search(text) is not None


def has_clause_punctuation(text: str) -> bool:
    """Whether ``text`` has a comma or a sentence mark: titles and headings have none."""
    return _CLAUSE_PUNCTUATION.search(text) is not None


def remove_justification(text: str) -> tuple[str, int]:
    """Drop the spaces a justified layout put between characters, digits and punctuation.

    Spaces touching a Latin, Greek or Cyrillic letter are kept: they separate
    words (``安全 and 稳定`` stays as written). Returns the text and how many
    runs of space were removed.
    """
    return _JUSTIFICATION.subn("", text)


def display_width(text: str) -> int:
    """Width of ``text`` in half-character cells (CJK and East Asian ambiguous: 2, ASCII: 1)."""
    return 2 * len(text) - len(_NARROW.findall(text))


def starts_new_paragraph(text: str) -> bool:
    """Whether ``text`` opens like a paragraph of its own: a list dash or a paragraph number."""
    return _NEW_PARAGRAPH.match(text) is not None


def is_section_numeral(text: str) -> bool:
    """Whether ``text`` is a bare section numeral, 一 … 九十九 (``一、`` too)."""
    return len(text) <= 4 and _SECTION_NUMERAL.fullmatch(text) is not None


def has_text_character(text: str) -> bool:
    """Whether ``text`` has a Chinese character, a letter or a digit (not only punctuation)."""
    return _TEXT_CHARACTER.search(text) is not None


def join_parts(parts: list[str]) -> tuple[str, list[int]]:
    """Join the lines of a block; return the text and where each line starts in it.

    Lines join without a separator, as Chinese does, except that two Latin
    words meeting at a line break keep a space between them.
    """
    pieces: list[str] = []
    starts: list[int] = []
    length = 0
    for part in parts:
        if pieces and part[0] in _LETTERS and pieces[-1][-1] in _LETTERS:
            pieces.append(" ")
            length += 1
        starts.append(length)
        pieces.append(part)
        length += len(part)
    return "".join(pieces), starts
