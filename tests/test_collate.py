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


def test_doubled_word_that_alignment_rotates_stands_after_its_copy():
    a = make_witness("A", ["利益基础上，推动全球性议题得以持久公正解决。"])
    b = make_witness("B", ["利益基础上，推动全球性议题球性议题得以持久公正解决。"])
    collation = collate(make_work(a, b), [a, b])
    [entry] = entries(collation)
    assert entry.type == "duplication"
    assert texts(entry) == {"A": "", "B": "球性议题"}
    assert [p for p in collation.rows[0].pieces if isinstance(p, str)][0] == "利益基础上，推动全球性议题"


def test_phrase_moved_within_a_paragraph_is_one_transposition():
    a = make_witness("A", ["双方重申坚定支持彼此维护本国安全稳定的努力。"])
    b = make_witness("B", ["双方重申支持彼此维护本国坚定安全稳定的努力。"])
    [entry] = entries(collate(make_work(a, b), [a, b]))
    assert entry.type == "substantive" and not entry.moved
    assert texts(entry) == {"A": "坚定支持彼此维护本国", "B": "支持彼此维护本国坚定"}
    assert [r.type for r in entry.readings] == ["", "transposition"]


def test_phrase_moved_into_the_next_paragraph_is_two_linked_entries():
    a = make_witness("A", ["双方重申坚定支持彼此的努力。", "双方将深化务实合作。"])
    b = make_witness("B", ["双方重申支持彼此的努力。", "双方将坚定深化务实合作。"])
    found = entries(collate(make_work(a, b), [a, b]))
    assert [texts(e) for e in found] == [{"A": "坚定", "B": ""}, {"A": "", "B": "坚定"}]
    assert [r.type for e in found for r in e.readings] == ["", "transposition", "", "transposition"]
    assert found[0].moved == found[1].moved > 0


def test_phrase_moved_over_another_variant_keeps_that_variant_its_own_entry():
    a = make_witness("A", ["双方重申坚定支持彼此维护本国安全稳定的努力。"])
    b = make_witness("B", ["双方重申支持彼此维护本國坚定安全稳定的努力。"])
    found = entries(collate(make_work(a, b), [a, b]))
    assert [(e.type, texts(e)["B"]) for e in found] == \
        [("substantive", ""), ("orthographic", "國"), ("substantive", "坚定")]
    assert found[0].moved == found[2].moved > 0 and not found[1].moved


def test_a_phrase_omitted_and_added_far_apart_is_no_transposition():
    a = make_witness("A", ["首段坚定的一段。", "二。", "三。", "四。", "末段。"])
    b = make_witness("B", ["首段的一段。", "二。", "三。", "四。", "末段坚定。"])
    found = entries(collate(make_work(a, b), [a, b]))
    assert [r.type for e in found for r in e.readings] == ["", "omission", "", "addition"]
    assert not any(e.moved for e in found)
