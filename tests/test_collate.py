"""Collation: entries as small as the difference, classes, spans, the partition."""

from __future__ import annotations

from edition.collate import collate
from edition.model import BlockKind, Entry, Marker, MarkerKind
from witnesses import make_witness, make_work


def entries(collation):
    return [p for row in collation.rows for p in row.pieces if isinstance(p, Entry)]


def texts(entry):
    return {s: r.text for r in entry.readings for s in r.wit}


def test_identical_witnesses_give_no_entry():
    a = make_witness("A", ["第一段。", "第二段，国际社会。"])
    b = make_witness("B", ["第一段。", "第二段，国际社会。"])
    assert entries(collate(make_work(a, b), [a, b])) == []


def test_one_character_omission_is_its_own_small_entry():
    a = make_witness("A", ["纳粹德国及其仆从国进攻的最前线。后来的很长的一段话。"])
    b = make_witness("B", ["纳粹德国及其从国进攻的最前线。后来的很长的一段话。"])
    [entry] = entries(collate(make_work(a, b), [a, b]))
    assert entry.type == "substantive"
    assert texts(entry) == {"A": "仆", "B": ""}
    assert entry.readings[entry.lemma].wit == ("A",)


def test_script_and_punctuation_differences_are_classed_apart():
    a = make_witness("A", ["国际社会,支持。"])
    b = make_witness("B", ["國際社會，支持。"])
    found = [(e.type, texts(e)["A"], texts(e)["B"]) for e in entries(collate(make_work(a, b), [a, b]))]
    assert ("punctuation", ",", "，") in found
    assert {t for t, _, _ in found} == {"orthographic", "punctuation"}


def test_phrase_conversion_counts_as_orthographic():
    a = make_witness("A", ["这是想象力的问题。"])
    b = make_witness("B", ["這是想像力的問題。"])
    assert {e.type for e in entries(collate(make_work(a, b), [a, b]))} == {"orthographic"}


def test_doubled_word_is_duplication():
    a = make_witness("A", ["深化军事技术合作。"])
    b = make_witness("B", ["深化军事军事技术合作。"])
    [entry] = entries(collate(make_work(a, b), [a, b]))
    assert entry.type == "duplication"
    assert texts(entry) == {"A": "", "B": "军事"}


def test_repeated_paragraph_is_duplication_of_whole_blocks():
    para = "双方一致认为，塑料污染是塑料废物在环境中的不当泄漏造成的。"
    a = make_witness("A", ["前一段。", para, "后一段。"])
    b = make_witness("B", ["前一段。", para, para, para, "后一段。"])
    collation = collate(make_work(a, b), [a, b])
    dups = [e for e in entries(collation) if e.type == "duplication"]
    assert [texts(e)["B"] for e in dups] == [para, para]
    assert all(texts(e)["A"] == "" for e in dups)


def test_witness_stopping_early_is_absent_not_omitting():
    a = make_witness("A", ["第一段。", "第二段。", "第三段。"])
    b = make_witness("B", ["第一段。", "第二"])
    collation = collate(make_work(a, b), [a, b])
    ends = [e for e in entries(collation) if e.type == "lacuna"]
    assert len(ends) == 1
    markers = [m for r in ends[0].readings for m in r.pieces if isinstance(m, Marker)]
    assert [(m.kind, m.siglum) for m in markers] == [(MarkerKind.WIT_END, "B")]
    assert not [e for e in entries(collation) if e.type == "substantive"]


def test_every_present_witness_is_in_exactly_one_reading():
    a = make_witness("A", ["甲乙丙丁。", "戊己庚。"])
    b = make_witness("B", ["甲乙两丁。戊己庚。"])
    c = make_witness("C", ["甲丙丁。", "戊己辛。"])
    for entry in entries(collate(make_work(a, b, c), [a, b, c])):
        sigla = [s for r in entry.readings for s in r.wit]
        assert sorted(sigla) == sorted(set(sigla))
        if entry.type != "lacuna":
            assert sorted(sigla) == ["A", "B", "C"]


def test_paragraph_split_is_a_paragraphing_entry():
    a = make_witness("A", ["第一句。第二句。"])
    b = make_witness("B", ["第一句。", "第二句。"])
    collation = collate(make_work(a, b), [a, b])
    assert [r.kind for r in collation.rows] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    assert [e.type for e in entries(collation)] == ["paragraphing"]


def test_junction_with_nothing_between_is_a_gap():
    a = make_witness("A", ["开头一段。", "后来一段。"], ranges=((1, 1), (3, 3)))
    collation = collate(make_work(a), [a])
    assert [r.kind for r in collation.rows] == [BlockKind.PARAGRAPH, BlockKind.GAP, BlockKind.PARAGRAPH]
