"""Copies of a seed witness that differ only in script or layout give no textual variant."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from edition.adhoc import collate_files
from edition.script import to_traditional
from layouts import pdf_layout

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_5d9e4b39c4484a2c.txt"


def _collate_with(copy: str, tmp_path: Path) -> Counter:
    other = tmp_path / "copy.txt"
    other.write_text(copy, encoding="utf-8")
    return collate_files([SEED, other], tmp_path / "pair.xml")


def test_a_copy_in_traditional_script_gives_no_substantive_entry(tmp_path):
    counts = _collate_with(to_traditional(SEED.read_text(encoding="utf-8")), tmp_path)
    assert counts["orthographic"] > 1000  # the copy does differ, character by character
    assert set(counts) == {"orthographic"}


@pytest.mark.parametrize("width,seed", [(12, 0), (14, 1), (16, 2), (19, 3)])
def test_a_copy_laid_out_like_a_pdf_extraction_differs_at_most_in_paragraphing(tmp_path, width, seed):
    copy = pdf_layout(SEED.read_text(encoding="utf-8"), width=width, seed=seed)
    assert copy.count("\n") > 1000  # hard-broken lines, as a PDF extraction has them
    counts = _collate_with(copy, tmp_path)
    assert set(counts) <= {"paragraphing"}
    assert counts["paragraphing"] <= 3  # only where a paragraph's last line is exactly full
