"""The value of a number however it is written: 2025, ２０２５, 二〇二五, 二千零二十五.

Two readings that are the same number written differently differ in
notation, not in wording. Only what has one reading is taken as a number:
a run of decimal digits (any width), Chinese digits read one by one (the
way years are written, 二〇二五), or a Chinese numeral with the units 十 百
千 万 亿 in the standard order (二十, 一百零五, 三千万). Anything else
(mixed digits and units, 廿, financial numerals) is no number here.
"""

from __future__ import annotations

import unicodedata

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TWO = "两"  # 2, but only before a unit: 两千, never as a digit of a year
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}


def number_value(text: str) -> int | None:
    """The number ``text`` writes, or None where it is not exactly one number."""
    if not text:
        return None
    if all(unicodedata.decimal(ch, None) is not None for ch in text):
        return int("".join(str(unicodedata.decimal(ch)) for ch in text))
    if all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    return _with_units(text)


def _with_units(text: str) -> int | None:
    """A Chinese numeral with units, each smaller than the one before within its section.

    Shortened forms that are read two ways are refused: 一百五 (150, or 105 by
    mistake), 五万三 (53000); so is a bare unit after the start (一百十).
    """
    total = section = 0
    digit: int | None = None
    unit_before = 0  # the unit just before a digit, with no 零 between
    last_small, last_big = 10_000, 10 ** 12
    for ch in text:
        if ch in _DIGITS or ch == _TWO:
            if digit is not None:
                return None  # two digits in a row belong to a number read digit by digit
            value = 2 if ch == _TWO else _DIGITS[ch]
            if value == 0:
                unit_before = 0
                continue
            digit = value
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if unit >= last_small or (digit is None and (section or total or unit != 10)):
                return None
            section += (digit or 1) * unit
            digit, last_small, unit_before = None, unit, unit
        elif ch in _BIG_UNITS:
            unit = _BIG_UNITS[ch]
            section += digit or 0
            if not section or unit >= last_big:
                return None
            total += section * unit
            section, digit, last_small, last_big, unit_before = 0, None, 10_000, unit, unit
        else:
            return None
    if text[-1] == _TWO or (digit is not None and unit_before > 10):
        return None
    return total + section + (digit or 0)
