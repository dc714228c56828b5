"""Properties over random witnesses: nothing is lost between collation and TEI.

Witnesses are drawn from a small alphabet, so that chance agreements,
repeats and near misses are common: simplified and traditional forms of the
same characters, half- and full-width punctuation, a Latin word, digits.
Most witnesses are edits of the first one, as real copies are, phrases
moved (transpositions) among the edits.

The second property fuzzes the whole pipeline, from a witness's text to the
pages of the site, with the kinds of Unicode that break text tools.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from lxml import etree

from edition.collate import collate
from edition.errors import IngestError
from edition.ingest import ingest_text
from edition.model import Block, BlockKind, Edition, Witness, WitnessSource
from edition.render import render_site
from edition.tei.encode import encode
from edition.tei.read import parse_tei, serialize
from edition.tei.rebuild import rebuild_block_sources, rebuild_witnesses
from edition.validate import validate
from witnesses import make_witness, make_work

ALPHABET = list("国國发發后後双方合作。，,.：") + ["and", "2025", "年"]
KINDS = [BlockKind.PARAGRAPH] * 6 + [BlockKind.HEADING, BlockKind.JUMP]

texts = st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=14).map("".join)
blocks = st.lists(st.tuples(st.sampled_from(KINDS), texts), min_size=1, max_size=6)


@st.composite
def copies(draw, base: list[tuple[BlockKind, str]]) -> list[tuple[BlockKind, str]]:
    """A copy of ``base`` with a few random edits: characters and whole blocks changed, lost, added, repeated."""
    copy = list(base)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(copy) - 1)) if copy else 0
        operation = draw(st.sampled_from(["edit", "drop", "add", "repeat", "split", "merge", "move"]))
        if operation == "edit" and copy:
            kind, text = copy[at]
            cut = draw(st.integers(0, len(text)))
            copy[at] = (kind, text[:cut] + draw(st.sampled_from(["", *ALPHABET])) + text[cut + 1:] or "国")
        elif operation == "drop" and len(copy) > 1:
            del copy[at]
        elif operation == "add":
            copy.insert(at, draw(st.tuples(st.sampled_from(KINDS), texts)))
        elif operation == "repeat" and copy:
            copy.insert(at, copy[at])
        elif operation == "split" and copy and len(copy[at][1]) > 1:
            kind, text = copy[at]
            cut = draw(st.integers(1, len(text) - 1))
            copy[at:at + 1] = [(kind, text[:cut]), (BlockKind.PARAGRAPH, text[cut:])]
        elif operation == "merge" and at + 1 < len(copy):
            copy[at:at + 2] = [(copy[at][0], copy[at][1] + copy[at + 1][1])]
        elif operation == "move" and copy and len(copy[at][1]) > 2:
            copy = _moved(copy, at, draw)
    return copy


def _moved(copy: list[tuple[BlockKind, str]], at: int, draw) -> list[tuple[BlockKind, str]]:
    """A phrase of block ``at`` taken out and put back elsewhere in it or in the next block (a transposition)."""
    kind, text = copy[at]
    start = draw(st.integers(0, len(text) - 2))
    end = draw(st.integers(start + 2, len(text)))
    phrase, rest = text[start:end], text[:start] + text[end:]
    copy = list(copy)
    if at + 1 < len(copy) and draw(st.booleans()):
        copy[at] = (kind, rest or "国")
        next_kind, next_text = copy[at + 1]
        cut = draw(st.integers(0, len(next_text)))
        copy[at + 1] = (next_kind, next_text[:cut] + phrase + next_text[cut:])
    else:
        cut = draw(st.integers(0, len(rest)))
        copy[at] = (kind, rest[:cut] + phrase + rest[cut:])
    return copy


@st.composite
def works(draw) -> list[tuple[list[tuple[BlockKind, str]], int]]:
    """Up to four witnesses, each as its blocks and where its file is cut in two pieces (0: not cut)."""
    base = draw(blocks)
    made = []
    for i in range(draw(st.integers(1, 4))):
        laid_out = base if i == 0 else draw(st.one_of(copies(base), blocks))
        if laid_out[0][0] is BlockKind.JUMP:
            laid_out = [(BlockKind.PARAGRAPH, "前")] + laid_out
        cut = draw(st.integers(1, len(laid_out) - 1)) if len(laid_out) > 2 and draw(st.booleans()) else 0
        made.append((laid_out, cut))
    return made


def _witness(siglum: str, laid_out: list[tuple[BlockKind, str]], cut: int) -> Witness:
    witness = make_witness(siglum, laid_out)
    return _in_two_pieces(witness, cut) if cut else witness


def _in_two_pieces(witness: Witness, at: int) -> Witness:
    """The same witness taken from two line ranges of its file, the second before the first."""
    first, second = witness.blocks[:at], witness.blocks[at:]
    shift = second[-1].last_line + 10
    moved = tuple(Block(b.kind, b.text, b.first_line + shift, b.last_line + shift) for b in first)
    ranges = ((moved[0].first_line, moved[-1].last_line), (second[0].first_line, second[-1].last_line))
    source = witness.source.__class__(witness.siglum, witness.source.file, ranges)
    return Witness(source, witness.sha256, moved + second)


@settings(max_examples=int(os.environ.get("EDITION_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(works())
def test_every_witness_is_rebuilt_exactly_from_the_tei(drawn):
    witnesses = [_witness("ABCD"[i], laid_out, cut) for i, (laid_out, cut) in enumerate(drawn)]
    work = make_work(*witnesses)
    collation = collate(work, witnesses)
    tree = encode(collation, Edition(title="测试", works=(work,)), {})
    reread = etree.fromstring(serialize(tree))
    rebuilt = rebuild_witnesses(reread)
    sources = rebuild_block_sources(reread)
    for witness in witnesses:
        blocks_of_text = witness.text_blocks
        assert rebuilt[witness.siglum] == [b.text for b in blocks_of_text]
        assert sources[witness.siglum] == [(b.kind.value, _lines(b)) for b in blocks_of_text]
    assert [p for p in validate(reread, file="random.xml") if p.severity.value == "error"] == []


def _lines(block: Block) -> str:
    return str(block.first_line) if block.first_line == block.last_line else f"{block.first_line}-{block.last_line}"


# ---------------------------------------------------------------- fuzzing the whole pipeline
#
# Random Unicode of the kinds that break text tools, through ingest, collation, TEI and the
# site: characters beyond the BMP, compatibility ideographs, combining marks, variation
# selectors, bidi and zero-width characters, runs of punctuation, and markup-like text. The
# number of examples comes from the Hypothesis profile (tests/conftest.py): a few in CI,
# many with EDITION_FUZZ=long or --hypothesis-profile=long.

HAZARDS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),  # CJK, BMP
    st.characters(min_codepoint=0x20000, max_codepoint=0x20020),  # CJK extension B, beyond the BMP
    st.characters(min_codepoint=0xF900, max_codepoint=0xF910),  # compatibility ideographs (NFC would change them)
    st.characters(min_codepoint=0x0300, max_codepoint=0x0310),  # combining marks
    st.sampled_from(["\uFE00", "\uFE0F", "\U000E0100", "\U000E0101"]),  # variation selectors
    st.sampled_from(["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069",
                     "\u200E", "\u200F"]),  # bidi controls
    st.sampled_from(["\u200B", "\u200C", "\u200D", "\u2060", "\uE000"]),  # zero-width, private use
    st.sampled_from(list("。，、；：？！…—“”‘’《》（）·.,;:!?-")),  # punctuation runs
    st.sampled_from(["<script>alert(1)</script>", "<x-evil onclick=x>", "&amp;", "&", "<", ">", '"', "'",
                     "]]>", "<!--", "<?pi?>"]),  # markup-like text
    st.sampled_from(["中国", "國", "发展", "發展", "2025", "APEC", " "]),
)
FUZZ_PARAGRAPHS = st.lists(st.lists(HAZARDS, min_size=1, max_size=12).map("".join), min_size=1, max_size=4)


def _witness_file(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(FUZZ_PARAGRAPHS, min_size=1, max_size=3))
def test_random_unicode_survives_ingest_collate_tei_and_html(drawn):
    witnesses = []
    for i, paragraphs in enumerate(drawn):
        source = WitnessSource("ABC"[i], f"{'abc'[i]}.txt", ())
        try:
            witnesses.append(ingest_text(_witness_file(paragraphs), source))
        except IngestError as error:  # nothing but punctuation or blanks: refused, with its file
            assert error.file == source.file and error.message
            reject()
    work = make_work(*witnesses)
    collation = collate(work, witnesses)
    tree = encode(collation, Edition(title="测试", works=(work,)), {})
    document = parse_tei(serialize(tree), name="fuzz.xml")  # well-formed, and within the reader's limits
    rebuilt = rebuild_witnesses(document)
    for witness in witnesses:
        assert rebuilt[witness.siglum] == [b.text for b in witness.text_blocks]
    assert [p for p in validate(document, file="fuzz.xml") if p.severity.value == "error"] == []
    with tempfile.TemporaryDirectory() as folder:
        written = render_site([("fuzz.xml", document)], Path(folder) / "site", edition_title="测试", version="0")
        for path in written:
            if path.suffix == ".html":
                _assert_no_markup_from_the_text(path)


def _assert_no_markup_from_the_text(path: Path) -> None:
    page = lxml.html.fromstring(path.read_bytes())
    assert not page.xpath("//x-evil | //script[not(@src) and not(@type='application/json')]"), path
    for element in page.iter(etree.Element):
        assert not any(name.startswith("on") or name == "style" for name in element.attrib), (path, element.tag)
