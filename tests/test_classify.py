"""Classes and details: numerals, and how each reading differs from the lemma (rdg/@type)."""

from __future__ import annotations

import pytest

from edition.collate import collate
from edition.collate.numerals import number_value
from edition.model import Entry
from witnesses import make_witness, make_work


def _differences(a_text: str, b_text: str) -> list[tuple[str, str, str, str]]:
    """(class, lemma, reading, detail) of every entry collating A against B."""
    a, b = make_witness("A", [a_text]), make_witness("B", [b_text])
    found = []
    for row in collate(make_work(a, b), [a, b]).rows:
        for entry in (p for p in row.pieces if isinstance(p, Entry)):
            lem, rdg = entry.readings[entry.lemma], next(r for r in entry.readings if r.wit == ("B",))
            found.append((entry.type, lem.text, rdg.text, rdg.type))
    return found


@pytest.mark.parametrize("text, value", [
    ("2025", 2025), ("２０２５", 2025), ("二〇二五", 2025), ("二十", 20), ("十五", 15), ("一百零五", 105),
    ("三千万", 30_000_000), ("两千", 2000), ("零", 0),
    ("一百五", None), ("五万三", None), ("一百十", None), ("两", None), ("统一", None), ("2千", None), ("", None),
])
def test_a_number_has_one_value_or_none(text, value):
    assert number_value(text) == value


@pytest.mark.parametrize("lem, rdg", [("2025", "二〇二五"), ("2025", "２０２５"), ("20", "二十")])
def test_the_same_number_written_otherwise_is_a_numeral(lem, rdg):
    assert _differences(f"双方重申{lem}年的协议。", f"双方重申{rdg}年的协议。") == [("numeral", lem, rdg, "")]


def test_another_number_is_substantive():
    assert _differences("双方重申2025年的协议。", "双方重申二〇二四年的协议。") == \
        [("substantive", "2025", "二〇二四", "substitution")]


@pytest.mark.parametrize("a, b, expected", [
    ("纳粹德国及其仆从国进攻", "纳粹德国及其从国进攻", ("substantive", "仆", "", "omission")),
    ("纳粹德国及其从国进攻", "纳粹德国及其仆从国进攻", ("substantive", "", "仆", "addition")),
    ("纳粹德国及其仆从国进攻", "纳粹德国及其盟从国进攻", ("substantive", "仆", "盟", "substitution")),
    ("双方认为国际社会", "双方认为國際社会", ("orthographic", "国际", "國際", "script")),
    ("登上山峰之巅", "登上山峯之巅", ("orthographic", "峰", "峯", "variant")),
    ("人倫之道", "人\uf9d4之道", ("orthographic", "倫", "\uf9d4", "compatibility")),
    ("经济合作,扩大规模", "经济合作，扩大规模", ("punctuation", ",", "，", "width")),
    ("所谓“一带一路”倡议", "所谓「一带一路”倡议", ("punctuation", "“", "「", "quotes")),
    ("我们——他们", "我们－－他们", ("punctuation", "——", "－－", "dash")),
    ("我们，他们都来了", "我们他们都来了", ("punctuation", "，", "", "omission")),
    ("我们，他们都来了", "我们。他们都来了", ("punctuation", "，", "。", "substitution")),
])
def test_each_reading_says_how_it_differs(a, b, expected):
    assert _differences(a, b) == [expected]
