"""Identifiers stay put: correcting one witness in one place moves no address elsewhere."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from edition.catalogue import load_catalogue
from edition.collate import collate
from edition.ingest import ingest
from edition.model import Block, BlockKind, Witness
from edition.tei.encode import encode
from edition.tei.ids import letter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
DIV = "{http://www.tei-c.org/ns/1.0}div"


@pytest.fixture(scope="module")
def partnership():
    edition = load_catalogue(SEEDS)
    work = next(w for w in edition.works if w.id == "2025-partnership")
    return edition, work, [ingest(source, SEEDS) for source in work.witnesses]


def _addresses(edition, work, witnesses) -> dict[str, str]:
    """Every identifier of the text, with what stands there: a row or entry as TEI, a division's attributes."""
    tree = encode(collate(work, witnesses), edition, {})
    text = tree.getroot().find("{http://www.tei-c.org/ns/1.0}text")
    return {e.get(XML_ID): str(sorted(e.attrib.items())) if e.tag == DIV
            else etree.tostring(e, encoding="unicode", with_tail=False)
            for e in text.iter() if e.get(XML_ID)}


def _changed(witness: Witness, index: int, blocks: list[Block]) -> Witness:
    """The witness with its block ``index`` replaced by ``blocks``."""
    return replace(witness, blocks=witness.blocks[:index] + tuple(blocks) + witness.blocks[index + 1:])


def _block_index(witness: Witness, text: str) -> int:
    return next(i for i, b in enumerate(witness.blocks) if text in b.text)


def _moved(before: dict[str, str], after: dict[str, str], touched: set[str]) -> list[str]:
    """Identifiers outside the rows ``touched`` that vanished or now stand for something else."""
    def outside(address: str) -> bool:
        return not any(address == row or address.startswith(row + ".") for row in touched)
    return [a for a in before if outside(a) and after.get(a) != before[a]]


def test_a_corrected_character_changes_only_its_row(partnership):
    edition, work, (a, b, c) = partnership
    before = _addresses(edition, work, [a, b, c])
    at = _block_index(b, "上海合作组织")
    block = b.blocks[at]
    corrected = _changed(b, at, [replace(block, text=block.text.replace("上海合作组织", "上海合做组织", 1))])
    after = _addresses(edition, work, [a, corrected, c])
    touched = {k.rsplit(".v", 1)[0] for k in set(after) ^ set(before) | {k for k in before if after.get(k) != before[k]}}
    assert len(touched) == 1, touched  # one row gained an entry
    assert _moved(before, after, touched) == []


def test_a_paragraph_split_in_another_witness_renumbers_nothing(partnership):
    edition, work, (a, b, c) = partnership
    before = _addresses(edition, work, [a, b, c])
    at = _block_index(b, "上海合作组织")
    block = b.blocks[at]
    cut = len(block.text) // 2
    split = [replace(block, text=block.text[:cut]), replace(block, text=block.text[cut:])]
    after = _addresses(edition, work, [a, _changed(b, at, split), c])
    new = sorted(set(after) - set(before))
    assert new and all(k.split(".")[1].rstrip("0123456789").startswith("p") for k in new)
    row = next(k for k in new if "." in k and ".v" not in k)
    assert re.fullmatch(r"s\d+\.p\d+[a-z]+", row)  # the base row's number with a letter: s4.p4b
    paragraph = row.rstrip("abcdefghijklmnopqrstuvwxyz")
    lettered = {k for k in before | after if re.fullmatch(re.escape(paragraph) + "[a-z]*", k)}
    assert _moved(before, after, lettered) == []  # only rows of the split base paragraph may change


def test_a_heading_only_another_witness_has_is_a_lettered_section(partnership):
    edition, work, (a, b, c) = partnership
    before = _addresses(edition, work, [a, b, c])
    at = _block_index(b, "上海合作组织")
    block = b.blocks[at]
    heading = Block(BlockKind.HEADING, "附", block.first_line, block.first_line)
    after = _addresses(edition, work, [a, _changed(b, at, [heading, block]), c])
    lettered = [k for k in set(after) - set(before) if "." not in k]
    assert len(lettered) == 1 and lettered[0][-1] == "a"
    section = lettered[0][:-1]
    # the rows after the new heading move into the lettered section; all other sections keep theirs
    assert _moved(before, after, {section}) == []


def test_letters_run_on_past_z():
    assert [letter(k) for k in (1, 2, 26, 27, 28, 52, 53)] == ["a", "b", "z", "aa", "ab", "az", "ba"]
