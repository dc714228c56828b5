"""Ingest: the seed witnesses' capture damage undone, lint findings, bad input, idempotence."""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from edition.catalogue import load_catalogue
from edition.errors import IngestError
from edition.ingest import NORMALISATIONS, ingest, ingest_text
from edition.model import BlockKind, Severity, Witness, WitnessSource

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "ingest"
K = BlockKind
# a space left between two characters that are not Latin letters: justification
JUSTIFICATION = re.compile(r"(?<![A-Za-z])[ \u3000](?![A-Za-z])")


@pytest.fixture(scope="module")
def seeds() -> dict[tuple[str, str], Witness]:
    edition = load_catalogue(SEEDS)
    return {(work.id, source.siglum): ingest(source, SEEDS)
            for work in edition.works for source in work.witnesses}


def texts(witness: Witness, kind: BlockKind) -> list[str]:
    return [b.text for b in witness.blocks if b.kind is kind]


def block_at(witness: Witness, first_line: int):
    return next(b for b in witness.blocks if b.first_line == first_line and b.kind is not K.JUMP)


def findings(witness: Witness) -> set[tuple[str, int]]:
    return {(f.code, f.line) for f in witness.findings}


def source(text_file: str = "t.txt", ranges=(), **facts) -> WitnessSource:
    return WitnessSource("T", text_file, ranges, **facts)


# Every seed witness

def test_blocks_are_clean_and_inside_their_ranges(seeds):
    for witness in seeds.values():
        for block in witness.blocks:
            assert block.text and block.text == block.text.strip()
            assert "\n" not in block.text and "\r" not in block.text
            assert any(first <= block.first_line <= block.last_line <= last
                       for first, last in witness.source.ranges), block
            assert set(block.normalisations) <= set(NORMALISATIONS)
        assert all(f.severity is Severity.WARNING for f in witness.findings)


def test_every_normalisation_code_is_used_by_the_seeds_or_a_fixture(seeds):
    used = {code for w in seeds.values() for b in w.blocks for code in b.normalisations}
    used |= {code for b in ingest(source("bom_crlf.txt"), DATA).blocks for code in b.normalisations}
    assert used == set(NORMALISATIONS)


def test_witness_sha256_is_of_the_file(seeds):
    expected = hashlib.sha256((SEEDS / "000_5d9e4b39c4484a2c.txt").read_bytes()).hexdigest()
    assert seeds["2025-partnership", "A"].sha256 == expected


# 000: web copy with Markdown headings

def test_000_markdown_headings(seeds):
    a = seeds["2025-partnership", "A"]
    headings = [b for b in a.blocks if b.kind is K.HEADING]
    assert [b.text for b in headings] == list("一二三四五六七八九")
    assert all("N-MD-HEADING" in b.normalisations for b in headings)
    title = a.blocks[0]
    assert title.kind is K.TITLE and title.first_line == 3
    assert title.text.startswith("中华人民共和国和俄罗斯联邦在纪念") and title.text.endswith("联合声明")


@pytest.mark.parametrize("first, last, start", [
    (37, 39, "长期以来"), (81, 83, "——加强教育合作"), (149, 151, "俄方支持中方担任"), (179, 181, "鉴于深化欧亚"),
])
def test_000_broken_paragraphs_joined(seeds, first, last, start):
    block = block_at(seeds["2025-partnership", "A"], first)
    assert (block.kind, block.last_line) == (K.PARAGRAPH, last)
    assert block.text.startswith(start)
    assert "N-JOIN-BROKEN-PARAGRAPH" in block.normalisations


def test_000_keeps_the_stray_english_word(seeds):
    a = seeds["2025-partnership", "A"]
    assert "领土完整、安全 and 稳定,坚决" in block_at(a, 41).text
    assert "构成双方各领域合作的牢固基石" in block_at(a, 37).text


def test_000_findings(seeds):
    a = seeds["2025-partnership", "A"]
    assert findings(a) == {("W-LATIN-IN-CJK", 41), ("W-LATIN-IN-CJK", 65),
                           ("W-DOUBLED-WORD", 49), ("W-DOUBLED-WORD", 133)}
    latin = next(f for f in a.findings if f.line == 41)
    assert (latin.column, latin.file) == (24, "000_5d9e4b39c4484a2c.txt")
    assert "安全 and 稳定" in latin.message
    doubled = {f.line: f.message for f in a.findings if f.code == "W-DOUBLED-WORD"}
    assert "军事军事" in doubled[49] and "经济社会社会" in doubled[133]


# 001: plain-text copy

def test_001_bare_numeral_headings(seeds):
    b = seeds["2025-partnership", "B"]
    headings = [blk for blk in b.blocks if blk.kind is K.HEADING]
    assert [h.text for h in headings] == list("一二三四五七")
    assert all(h.normalisations == ("N-NUMERAL-HEADING",) for h in headings)
    assert texts(b, K.TITLE)[0].endswith("战略协作伙伴关系的联合声明")


def test_001_joins_and_findings(seeds):
    b = seeds["2025-partnership", "B"]
    assert (block_at(b, 37).last_line, block_at(b, 159).last_line) == (39, 161)
    assert findings(b) == {("W-REPEATED-BLOCK", 147), ("W-REPEATED-BLOCK", 149), ("W-TRUNCATED", 183)}
    repeats = [f.message for f in b.findings if f.code == "W-REPEATED-BLOCK"]
    assert all("line 145" in m and "word for word" in m for m in repeats)
    truncated = next(f for f in b.findings if f.code == "W-TRUNCATED")
    assert "ends mid-sentence" in truncated.message and "推进包括恢复" in truncated.message


# 002: newspaper page dump

def test_002_middle_and_end_of_the_partnership(seeds):
    c = seeds["2025-partnership", "C"]
    assert [b.kind for b in c.blocks[:3]] == [K.TITLE, K.JUMP, K.PARAGRAPH]
    jump = c.blocks[1]
    assert (jump.text, jump.first_line) == ("■上接第2版", 141)
    assert set(jump.normalisations) == {"N-MD-HEADING", "N-JUMP-NOTE"}
    assert texts(c, K.HEADING) == ["十"]
    assert (block_at(c, 159).last_line, block_at(c, 167).last_line) == (161, 167)
    assert [b.first_line for b in c.blocks[-9:]] == [165, 167, 128, 130, 132, 134, 135, 136, 137]
    tail = [(b.kind, b.text, b.first_line) for b in c.blocks[-4:]]
    assert tail == [(K.SIGNATURE, "中华人民共和国主席 俄罗斯联邦总统", 134),
                    (K.SIGNATURE, "习近平 弗·弗·普京", 135),
                    (K.DATELINE, "二〇二五年五月八日于莫斯科", 136),
                    (K.CREDIT, "(新华社莫斯科5月8日电)", 137)]
    assert "N-TRAILING-SPACE" in c.blocks[-2].normalisations
    assert findings(c) == {("W-TRUNCATED", 167)}


def test_002_strategic_stability(seeds):
    c = seeds["2025-strategic-stability", "C"]
    assert [(b.kind, b.first_line) for b in c.blocks[-2:]] == [(K.DATELINE, 59), (K.CREDIT, 60)]
    assert texts(c, K.DATELINE) == ["2025年5月8日于莫斯科"]
    assert (block_at(c, 23).last_line, block_at(c, 37).last_line) == (25, 39)
    assert "双方主张在中俄《防止" in block_at(c, 23).text
    near = next(f for f in c.findings if f.code == "W-REPEATED-BLOCK")
    assert (near.line, "nearly" in near.message, "line 9" in near.message) == (13, True, True)
    assert ("W-LATIN-IN-CJK", 5) in findings(c)


def test_002_international_law(seeds):
    c = seeds["2025-international-law", "C"]
    assert block_at(c, 108).last_line == 108
    assert block_at(c, 110).text == "的有效性和效能及其以协商一致为基础的性质。"
    repeats = {f.line for f in c.findings if f.code == "W-REPEATED-BLOCK"}
    assert repeats >= {112, 114, 116, 118, 120, 122, 124, 126}
    assert {f.line for f in c.findings if f.code == "W-TRUNCATED"} == {94, 108, 124, 126}
    assert all(b.text[0] in "一二三四五六七八九十" for b in c.blocks[1:] if b.first_line != 110)


# 003: newspaper PDF extraction

def test_003_title_is_one_block(seeds):
    d = seeds["2024-75th-anniversary", "D"]
    title = d.blocks[0]
    assert (title.kind, title.first_line, title.last_line) == (K.TITLE, 1, 2)
    assert title.text == "中华人民共和国和俄罗斯联邦在两国建交75周年之际关于深化新时代全面战略协作伙伴关系的联合声明"
    assert {"N-TITLE-JOIN", "N-LEADING-SPACE"} <= set(title.normalisations)


def test_003_reflowed_without_justification_spaces(seeds):
    d = seeds["2024-75th-anniversary", "D"]
    assert not [b.text for b in d.blocks if JUSTIFICATION.search(b.text)]
    first = d.blocks[1]
    assert (first.first_line, first.last_line) == (4, 20)
    assert "于2024年5月16日至17日对中华人民共和国进行国事访问。两国元首在北京举行正式会谈，" in first.text
    assert {"N-PDF-REFLOW", "N-JUSTIFY-SPACE"} <= set(first.normalisations)
    spans = {(b.first_line, b.last_line) for b in d.blocks if b.kind is K.PARAGRAPH}
    assert {(22, 24), (26, 28), (32, 62), (64, 90), (398 - 4, 398), (400, 412)} <= spans
    assert "——不断提升两国投资合作水平" in block_at(d, 400).text


def test_003_headings_and_jump(seeds):
    d = seeds["2024-75th-anniversary", "D"]
    assert texts(d, K.HEADING) == list("一二三四五六七")
    jump = d.blocks[-1]
    assert (jump.kind, jump.text, jump.first_line) == (K.JUMP, "（下转第7版）", 1308)
    last = d.blocks[-2]
    assert (last.kind, last.last_line) == (K.PARAGRAPH, 1308)
    assert last.text.endswith("支持对方举办的人工智能相关国际会议。")
    assert findings(d) == {("W-TRUNCATED", 1308)}


# 004: news site

def test_004_news_site(seeds):
    e = seeds["2022-new-era", "E"]
    assert texts(e, K.TITLE) == ["中华人民共和国和俄罗斯联邦关于新时代国际关系和全球可持续发展的联合声明（下）"]
    assert texts(e, K.HEADING) == ["四"]
    for first, last in ((11, 13), (23, 25), (37, 39), (51, 53)):
        assert block_at(e, first).last_line == last
    assert [(b.kind, b.text) for b in e.blocks[-3:]] == [
        (K.DATELINE, "二〇二二年二月四日于北京"), (K.CLOSER, "（完）"), (K.OUTLET, "中新网")]
    assert e.findings == ()


# Made-up texts: lint

def test_clean_text_has_no_findings():
    witness = ingest(source("clean.txt"), DATA)
    assert witness.findings == ()
    assert [b.kind for b in witness.blocks] == [
        K.TITLE, K.HEADING, K.PARAGRAPH, K.PARAGRAPH, K.PARAGRAPH, K.HEADING, K.PARAGRAPH, K.DATELINE]


def test_invisible_characters_are_reported_and_kept():
    witness = ingest(source("invisible_characters.txt"), DATA)
    assert [b.text for b in witness.blocks] == ["双方\u200b重申。", "中俄\u202e关系\u202c稳定。", "合作\ue000发展。"]
    assert {(f.code, f.line, f.column) for f in witness.findings} == {
        ("W-ZERO-WIDTH", 1, 3), ("W-BIDI-CONTROL", 3, 3), ("W-PRIVATE-USE", 5, 3)}


def test_bom_and_crlf():
    witness = ingest(source("bom_crlf.txt"), DATA)
    assert [(b.text, b.first_line, b.last_line) for b in witness.blocks] == [
        ("双方重申，中俄关系不针对第三方。", 1, 1), ("双方将继续开展合作，推动两国关系稳步发展。", 3, 5)]
    assert "N-BOM" in witness.blocks[0].normalisations
    assert findings(witness) == {("W-BOM", 1)}


def test_line_endings_give_the_same_blocks():
    text = "双方重申，\n\n中俄关系不针对第三方。\n\n二\n\n（完）\n"
    made = [ingest_text(text.replace("\n", ending), source()).blocks for ending in ("\n", "\r\n", "\r")]
    assert made[0] == made[1] == made[2]
    assert [(b.first_line, b.last_line) for b in made[0]] == [(1, 3), (5, 5), (7, 7)]


def test_jump_at_the_end_of_a_line():
    witness = ingest_text("双方支持对方举办的国际会议。 （下转第7版）\n", source())
    assert [(b.kind, b.text) for b in witness.blocks] == [
        (K.PARAGRAPH, "双方支持对方举办的国际会议。"), (K.JUMP, "（下转第7版）")]
    assert findings(witness) == {("W-TRUNCATED", 1)}


def test_never_joins_across_a_jump_or_a_heading():
    witness = ingest_text("双方主张在\n\n■上接第1版\n\n中俄合作。\n\n三\n\n继续合作。\n", source())
    assert [b.text for b in witness.blocks] == ["双方主张在", "■上接第1版", "中俄合作。", "三", "继续合作。"]


def test_spaces_of_latin_words_are_kept():
    witness = ingest_text("支持 APEC 与 G20 框架下 the rule of law 合作 。\n", source())
    assert witness.blocks[0].text == "支持 APEC 与 G20框架下 the rule of law 合作。"
    assert findings(witness) == {("W-LATIN-IN-CJK", 1)}


def test_doubled_words_not_reported_for_reduplication():
    witness = ingest_text("双方常常研究研究，谢谢大家，一步一步推进，哈哈哈哈。\n", source())
    assert witness.findings == ()


def test_stock_openings_are_not_repeats():
    rng = random.Random(7)
    paragraphs = ["中华人民共和国和俄罗斯联邦重申，" + "，".join(
        "".join(rng.choices(WORDS, k=rng.randint(6, 12))) for _clause in range(4)) + "。"
        for _paragraph in range(3000)]
    paragraphs.insert(2000, paragraphs[1000][:-3] + "。")
    witness = ingest_text("\n\n".join(paragraphs) + "\n", source())
    assert len(witness.blocks) == 3001
    repeats = [f for f in witness.findings if f.code == "W-REPEATED-BLOCK"]
    assert [f.line for f in repeats] == [4001]
    assert "nearly repeats the one at line 2001" in repeats[0].message


# Bad input

def test_invalid_utf8_names_line_and_column():
    with pytest.raises(IngestError, match="byte 0xFF is not valid utf-8") as caught:
        ingest(source("invalid_utf8.txt"), DATA)
    assert (caught.value.file, caught.value.line, caught.value.column) == ("invalid_utf8.txt", 2, 3)
    assert "gb18030" in caught.value.hint


def test_control_character_names_line_and_column():
    with pytest.raises(IngestError, match="U\\+0007") as caught:
        ingest(source("c0_control.txt"), DATA)
    assert (caught.value.line, caught.value.column) == (2, 2)


@pytest.mark.parametrize("name, encoding, title", [
    ("gb18030.txt", "gb18030", "中俄联合声明"), ("big5.txt", "big5", "中俄聯合聲明"),
])
def test_declared_encodings(name, encoding, title):
    witness = ingest(source(name, encoding=encoding), DATA)
    assert witness.blocks[0].text == title
    with pytest.raises(IngestError, match="not valid utf-8"):
        ingest(source(name), DATA)


def test_file_over_the_limit(tmp_path):
    with open(tmp_path / "big.txt", "wb") as big:
        big.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(IngestError, match="over the limit of 20 MB"):
        ingest(source("big.txt"), tmp_path)


def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        ingest(source("absent.txt"), tmp_path)


@pytest.mark.parametrize("text, ranges, message", [
    ("", (), "the file is empty"),
    ("\ufeff", (), "the file is empty"),
    ("甲。\n\n\n\n乙。\n", ((2, 4),), "lines 2-4 hold no text"),
    ("甲。\n乙。\n", ((1, 3),), "not inside the file's 2 lines"),
    ("。。，\n\n——\n", (), "nothing but punctuation"),
])
def test_unusable_witness(text, ranges, message):
    with pytest.raises(IngestError, match=message):
        ingest_text(text, source(ranges=ranges))


def test_whole_file_range_is_recorded():
    witness = ingest_text("甲。\n\n乙。\n", source())
    assert witness.source.ranges == ((1, 3),)


# Idempotence: a witness's normalised text, ingested again, gives the same blocks

WORDS = "双方中俄合作发展国家关系世界和平安全经济稳定支持重申强调推动"
PIECES = st.one_of(
    st.text(alphabet=WORDS, min_size=1, max_size=12),
    st.sampled_from(list("，、。；：！？") + ["2024", "75", " ", "  ", "\u3000", " and ", "APEC", "——"]),
)
PARAGRAPH = st.lists(PIECES, min_size=1, max_size=10).map("".join)
SPECIAL_LINES = [
    "一", "十一", "## 三", "# 双方联合声明", "2025年5月8日于莫斯科", "二〇二五年五月八日于莫斯科", "（完）",
    "(新华社莫斯科5月8日电)", "■上接第2版", "（下转第7版）", "中华人民共和国主席 俄罗斯联邦总统",
    "习近平 弗·弗·普京", "中新网",
]
SPECIAL = st.sampled_from(SPECIAL_LINES)


def _wrap(paragraph: str, width: int) -> list[str]:
    return [paragraph[i:i + width] for i in range(0, len(paragraph), width)]


@st.composite
def raw_witnesses(draw) -> str:
    lines = draw(st.lists(st.one_of(PARAGRAPH, PARAGRAPH, SPECIAL), min_size=1, max_size=20))
    if draw(st.booleans()):  # a PDF extraction: hard line breaks every few characters
        width = draw(st.integers(min_value=6, max_value=16))
        lines = [part for line in lines
                 for part in ([line] if line in SPECIAL_LINES else _wrap(line, width))]
    separators = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n \n"]), min_size=len(lines),
                               max_size=len(lines)))
    return "".join(line + sep for line, sep in zip(lines, separators))


def _written_out(witness: Witness) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The witness's blocks as a file of their own, one per paragraph, and its ranges.

    Headings and titles keep a Markdown marker, the only way plain text has
    to say what they are; each range of the witness stays a range.
    """
    marks = {K.TITLE: "# ", K.HEADING: "## "}
    lines: list[str] = []
    ranges = []
    for first, last in witness.source.ranges:
        start = len(lines) + 1
        for block in witness.blocks:
            if first <= block.first_line <= last:
                lines += [marks.get(block.kind, "") + block.text, ""]
        ranges.append((start, len(lines) - 1))
    return "\n".join(lines), tuple(ranges)


def assert_idempotent(once: Witness) -> None:
    text, ranges = _written_out(once)
    twice = ingest_text(text, source(ranges=ranges))
    assert [(b.kind, b.text) for b in twice.blocks] == [(b.kind, b.text) for b in once.blocks]


def test_seed_witnesses_are_idempotent(seeds):
    for witness in seeds.values():
        assert_idempotent(witness)


@settings(max_examples=300, deadline=None)
@given(raw_witnesses())
def test_normalisation_is_idempotent(raw):
    try:
        once = ingest_text(raw, source())
    except IngestError:
        reject()
    assert_idempotent(once)
