"""The validation report published with every site: what was checked in each TEI file, and what was found."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from lxml import html

from edition.build import build
from edition.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _sections(page: Path) -> dict[str, html.HtmlElement]:
    tree = html.parse(str(page))
    return {s.findtext("h2/code"): s for s in tree.xpath("//section[@class='validation']")}


def test_a_build_publishes_what_it_checked_in_every_work(tmp_path):
    build(SEEDS, tmp_path / "out")
    sections = _sections(tmp_path / "out" / "site" / "validation.html")
    assert sorted(sections) == sorted(p.name for p in (tmp_path / "out" / "tei").glob("*.xml"))
    for section in sections.values():
        assert section.xpath("string(p[contains(@class, 'result')])").strip() == "Valid: nothing was found."
        checks = [li.text_content() for li in section.xpath("ul[@class='checks']/li")]
        assert any("schema/edition.xsd, edition 0.1.0" in c for c in checks)
        assert any(c.startswith("Nothing lost") for c in checks)
    index = html.parse(str(tmp_path / "out" / "site" / "index.html"))
    assert index.xpath("//nav//a[@href='validation.html']")
    assert (tmp_path / "out" / "site" / "validation.zh-Hant.html").is_file()


def test_render_of_a_broken_file_lists_its_problems_with_lines(tmp_path, data_dir):
    source = data_dir / "tei" / "app_missing_witness.xml"
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(tmp_path / "site")])
    assert result.exit_code == 1
    [section] = _sections(tmp_path / "site" / "validation.html").values()
    assert section.xpath("string(p[contains(@class, 'result')])").strip().startswith("Not valid: 1 error")
    rows = [[td.text_content() for td in tr.xpath("td")] for tr in section.xpath(".//tbody/tr")]
    assert ["error", "E-APP-PARTITION"] == rows[0][:2] and rows[0][2].startswith(f"{source}:")
    assert rows[0][2].rsplit(":", 1)[1].isdigit()
