"""The TEI a build writes for a small made-up work, compared with a reviewed copy.

The project in ``data/golden`` has three witnesses of one short work, each
with damage of its own (a doubled word, a PDF layout in traditional script,
a page dump in two pieces with jump notes and a news report around them).
Its TEI is compared byte for byte, but for the version of edition, with
``data/golden/expected/trade.xml``. After a deliberate change, rewrite the
expected file with ``EDITION_UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden.py``
and review the difference before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

from edition import __version__
from edition.build import build

PROJECT = Path(__file__).resolve().parent / "data" / "golden"
EXPECTED = PROJECT / "expected" / "trade.xml"


def _comparable(data: bytes) -> str:
    return data.decode("utf-8").replace(f'"{__version__}"', '"VERSION"') \
        .replace(f"edition {__version__} ", "edition VERSION ")


def test_tei_of_the_made_up_work_matches_the_golden_file(tmp_path):
    report = build(PROJECT, tmp_path / "out")
    assert report.works == 1 and report.witnesses == 3
    written = _comparable((tmp_path / "out" / "tei" / "trade.xml").read_bytes())
    if os.environ.get("EDITION_UPDATE_GOLDEN"):
        EXPECTED.parent.mkdir(exist_ok=True)
        EXPECTED.write_text(written, encoding="utf-8")
    assert written == EXPECTED.read_text(encoding="utf-8")


def test_the_made_up_work_keeps_its_damage_apart(tmp_path):
    """What the golden file shows, said in words: each kind of damage is its own small entry."""
    build(PROJECT, tmp_path / "out")
    text = (tmp_path / "out" / "tei" / "trade.xml").read_text(encoding="utf-8")
    assert '<app type="duplication" xml:id="s1.p1.v5"><lem wit="#A">合作</lem><rdg wit="#B #C"/></app>' in text
    assert '<milestone unit="block" edRef="#B" n="1" type="title"/>' in text
    assert '<note type="jump">（下转第4版）</note>' in text
    assert "本版責編" not in text and "今日天气" not in text
    assert 'type="substantive"' not in text
