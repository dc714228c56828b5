"""Passages shared between works: found on the comparison form, shown with their differences, linked both ways."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from edition.build import build
from edition.render.shared import shared_passages

REUSED = "双方重申恪守二〇二二年一月三日发表的联合声明，特别是核战争打不赢也打不得的原则。"
FORMULA = "中华人民共和国和俄罗斯联邦"


def test_a_paragraph_reused_in_the_other_script_and_punctuation_is_found_whole():
    first = ("first", "第一", [("s1.p1", REUSED), ("s1.p2", FORMULA + "声明如下：")])
    second = ("second", "第二", [("s2.p4", "雙方重申恪守二〇二二年一月三日發表的聯合聲明,特別是核戰爭打不贏也打不得的原則。"),
                                 ("s2.p5", FORMULA + "决定如下。")])
    [pair] = shared_passages([first, second])
    assert (pair.a.work, pair.a.id, pair.b.work, pair.b.id) == ("first", "s1.p1", "second", "s2.p4")
    assert pair.share == 100 and pair.identical  # script and width are folded, as search folds them
    assert pair.id == "first.s1.p1--second.s2.p4"


def test_what_differs_is_marked_on_both_sides_and_the_pieces_are_the_texts():
    changed = REUSED.replace("特别是", "尤其是").replace("的原则", "")
    [pair] = shared_passages([("a", "A", [("p1", REUSED)]), ("b", "B", [("p9", changed)])])
    assert "".join(t for t, _ in pair.left) == REUSED and "".join(t for t, _ in pair.right) == changed
    assert [t for t, same in pair.left if not same] == ["特别", "的原则"]
    assert [t for t, same in pair.right if not same] == ["尤其"]
    assert not pair.identical and 50 < pair.share < 100


def test_formulae_repeats_within_a_work_and_a_single_work_pair_nothing():
    assert shared_passages([("a", "A", [("p1", FORMULA + "声明如下：")]), ("b", "B", [("p1", FORMULA + "决定：")])]) == ()
    assert shared_passages([("a", "A", [("p1", REUSED), ("p2", REUSED)])]) == ()
    assert shared_passages([("a", "A", [("p1", REUSED)]), ("b", "B", [("p1", "完全不同的一段文字，与前者毫无关系，长度也够。")])]) == ()


def test_the_seed_edition_pairs_shared_paragraphs_and_links_them_both_ways(tmp_path):
    out = tmp_path / "out"
    build(Path(__file__).resolve().parent.parent / "seeds", out)
    site = out / "site"
    for name in ("shared.html", "shared.zh-Hant.html"):
        page = lxml_html.parse(str(site / name))
        pairs = page.xpath("//article[@class='shared-pair']")
        assert pairs
        for pair in pairs:
            refs = pair.xpath(".//p[@class='shared-ref']/a/@href")
            assert len(refs) == 2 and all(("index.zh-Hant.html#t-" if "Hant" in name else "index.html#t-") in r
                                          for r in refs)
            work, row = refs[0].split("/")[-2], refs[0].split("#t-")[1]
            reading = lxml_html.parse(str(site / "works" / work / Path(refs[0].split("#")[0]).name))
            back = reading.xpath(f"//*[@id='t-{row}']/a[@class='shared-link']/@href")
            assert any(href.endswith("#" + pair.get("id")) and Path(href.split("#")[0]).name == name for href in back)
    nav = lxml_html.parse(str(site / "index.html")).xpath("//nav[@class='site-nav']//a/@href")
    assert "shared.html" in nav


def test_a_site_of_one_work_has_no_page_of_shared_passages(tmp_path, data_dir):
    from edition.render import render_site
    from edition.tei.read import parse_tei

    tei = data_dir / "render" / "tiny.xml"
    render_site([(tei.name, parse_tei(tei))], tmp_path, edition_title="T", version="0")
    assert not (tmp_path / "shared.html").exists()
    assert "shared.html" not in (tmp_path / "index.html").read_text(encoding="utf-8")
