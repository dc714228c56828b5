"""The whole pipeline on the bundled seeds, and the command line's error paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.build import build
from edition.cli import main
from edition.tei.read import parse_tei, serialize
from edition.tei.rebuild import rebuild_witnesses
from edition.validate import validate

WORKS = ["2025-partnership", "2025-strategic-stability", "2025-international-law",
         "2024-75th-anniversary", "2022-new-era"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "build"
    build(Path(__file__).resolve().parent.parent / "seeds", out)
    return out


def test_build_writes_one_valid_tei_file_per_work_and_the_site(built):
    assert sorted(p.stem for p in (built / "tei").glob("*.xml")) == sorted(WORKS)
    assert (built / "site" / "index.html").is_file()
    for path in (built / "tei").glob("*.xml"):
        problems = validate(parse_tei(path), file=path.name)
        assert [p for p in problems if p.severity.value == "error"] == []


def test_every_tei_file_is_valid_against_tei_all(built, tei_all_rng):
    schema = etree.RelaxNG(etree.parse(str(tei_all_rng)))
    for path in (built / "tei").glob("*.xml"):
        assert schema.validate(etree.parse(str(path))), (path.name, schema.error_log.last_error)


def test_partnership_has_its_three_witnesses_and_their_spans(built):
    tree = parse_tei(built / "tei" / "2025-partnership.xml")
    rebuilt = rebuild_witnesses(tree)
    assert sorted(rebuilt) == ["A", "B", "C"]
    text = etree.tostring(tree, encoding="unicode")
    assert "<witEnd/>" in text and "<lacunaStart/>" in text and "<gap " in text


def test_collate_the_seed_pair_gives_about_ninety_small_entries(tmp_path):
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    out = tmp_path / "pair.xml"
    result = CliRunner().invoke(main, ["collate", str(seeds / "000_5d9e4b39c4484a2c.txt"),
                                       str(seeds / "001_b53941ea88822be2.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    apps = parse_tei(out).getroot().iter("{http://www.tei-c.org/ns/1.0}app")
    sizes = [len("".join(r.itertext())) for app in apps for r in app]
    assert 80 <= len([s for s in sizes]) // 2 <= 120
    assert sorted(sizes)[len(sizes) // 2] <= 2  # the typical entry is a character or two


def test_validate_reports_an_invalid_file_with_exit_1(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text/></TEI>", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "bad.xml:" in result.output


def test_validate_not_well_formed_names_line_without_traceback(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text("<TEI>\n<p>\n</TEI>", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "broken.xml:" in result.output and "Traceback" not in result.output


def test_build_refuses_to_write_into_the_project(tmp_path):
    project = Path(__file__).resolve().parent.parent / "seeds"
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(project)])
    assert result.exit_code == 1
    assert "refusing" in result.output


def test_missing_witness_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["collate", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "x.xml")])
    assert result.exit_code == 2


def test_reading_the_tei_and_writing_it_again_gives_the_same_bytes(built):
    for path in sorted((built / "tei").glob("*.xml")):
        data = path.read_bytes()
        assert serialize(parse_tei(path)) == data, path.name
        site_copy = built / "site" / "works" / path.stem / path.name
        assert site_copy.read_bytes() == data, f"the site's download of {path.name} differs from the TEI written"
        assert (built / "site" / "dts" / "document" / path.name).read_bytes() == data
