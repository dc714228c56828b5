"""Rebuilding after one witness changed redoes only that work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.build import build
from edition.cli import main

WORKS = ["2025-partnership", "2025-strategic-stability", "2025-international-law",
         "2024-75th-anniversary", "2022-new-era"]
ONLY_PARTNERSHIP = "001_b53941ea88822be2.txt"  # witness B of 2025-partnership, and of no other work


@pytest.fixture
def project(tmp_path, seeds_dir) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(seeds_dir, folder)
    return folder


def _tei(out: Path) -> dict[str, bytes]:
    return {p.stem: p.read_bytes() for p in sorted((out / "tei").glob("*.xml"))}


def _correct_a_character(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("塑料污染") >= 1
    path.write_text(text.replace("塑料污染", "塑料垃圾污染", 1), encoding="utf-8")


def test_a_changed_witness_recollates_only_its_work(project, tmp_path):
    out = tmp_path / "out"
    first = build(project, out)
    assert first.collated == WORKS and first.reused == []
    before = _tei(out)
    reports = {w: (out / "site" / "works" / w / "report.html").read_bytes() for w in WORKS[1:]}
    _correct_a_character(project / ONLY_PARTNERSHIP)
    second = build(project, out)
    assert second.collated == ["2025-partnership"]
    assert second.reused == WORKS[1:]
    after = _tei(out)
    assert after["2025-partnership"] != before["2025-partnership"]
    assert {w: after[w] for w in WORKS[1:]} == {w: before[w] for w in WORKS[1:]}
    # What ingest found in the reused works is reported again: on their report pages, and in the build's.
    assert {w: (out / "site" / "works" / w / "report.html").read_bytes() for w in WORKS[1:]} == reports
    truncated = [str(d) for d in first.warnings if d.file == "003_1bc4196213f679f4.txt"]
    assert truncated and set(truncated) <= set(map(str, second.warnings))


def test_an_unchanged_project_reuses_every_work_with_the_same_output(project, tmp_path):
    out = tmp_path / "out"
    first = build(project, out)
    before = _tei(out)
    site = (out / "site" / "works" / "2022-new-era" / "index.html").read_bytes()
    second = build(project, out)
    assert second.collated == [] and second.reused == WORKS
    assert _tei(out) == before
    assert (out / "site" / "works" / "2022-new-era" / "index.html").read_bytes() == site
    assert list(map(str, second.diagnostics)) == list(map(str, first.diagnostics))
    assert second.classes == first.classes and second.witnesses == first.witnesses


def test_a_changed_decision_recollates_its_work(project, tmp_path):
    out = tmp_path / "out"
    build(project, out)
    decisions = project / "decisions.toml"
    decisions.write_text(decisions.read_text(encoding="utf-8").replace(
        "B has lost the first character.", "B has lost 仆."), encoding="utf-8")
    report = build(project, out)
    assert report.collated == ["2025-partnership"]
    assert "B has lost 仆." in (out / "tei" / "2025-partnership.xml").read_text(encoding="utf-8")


def test_a_tampered_or_missing_cache_is_a_miss_not_an_error(project, tmp_path):
    out = tmp_path / "out"
    build(project, out)
    (out / ".cache" / "2022-new-era.json").write_text("{not json", encoding="utf-8")
    (out / "tei" / "2024-75th-anniversary.xml").write_bytes(b"<TEI/>")
    (out / ".cache" / "2025-international-law.json").unlink()
    report = build(project, out)
    assert sorted(report.collated) == sorted(["2022-new-era", "2024-75th-anniversary", "2025-international-law"])
    assert (out / "tei" / "2024-75th-anniversary.xml").read_bytes() != b"<TEI/>"


def test_the_summary_says_how_many_works_were_reused(project, tmp_path):
    out = tmp_path / "out"
    build(project, out)
    _correct_a_character(project / ONLY_PARTNERSHIP)
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "built 5 works (4 unchanged, reused)" in result.output
