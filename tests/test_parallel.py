"""The parallel page (edition.render.parallel): witnesses side by side, row by row.

On ``tests/data/render/tiny.xml`` (see test_render.py): three witnesses, A
the base, B starting late and stopping early, C with a lacuna; and on
``foreign.xml``, TEI as other projects write it: verse lines in an ``<ab>``,
an entry wrapping whole lines, no ``<lem>``, no milestones, rows without ids,
text outside every row, and more witnesses than fit side by side.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sitecheck import broken_links, page_targets

from edition.render import render_site
from edition.render.escape import attribute as _attribute, href as _href, text as _text
from edition.render.parallel import parallel_rows
from edition.render.transform import numbered
from edition.tei.read import parse_tei

DATA = Path(__file__).resolve().parent / "data" / "render"
PAGE = "works/tiny/parallel.html"

# What each witness has in each row, without marks of the editor (om., [starts] …); None: a gap, and why.
EXPECTED_ROWS = {
    "t-title": {"A": "合作声明", "B": ("later", "not yet begun in B"), "C": "合作声明"},
    "t-s0.p1": {"A": "双方回顾了两国关系的发展历程。", "B": "双方回顾两国关系的发展历程。",
                "C": "双方回顾了两国关系的发展历程。"},
    "t-s1.h": {"A": "一", "B": "一", "C": "一"},
    "t-s1.p1": {"A": "双方认为，经济合作是关系的基础。", "B": "双方认为，经济合作是关系的基础；",
                "C": "双方认为，經濟合作是关系的基础。"},
    "t-s1.p2": {"A": "双方愿意进一步加强合作，共同应对挑战。", "B": "双方愿意进一步加强合作，共同应对挑战。",
                "C": "双方愿意继续加强合作，"},
    "t-s1.p3": {"A": "双方同意定期举行会晤。", "B": "双方同意定期举行会晤。", "C": ("lacuna", "lacuna in C")},
    "t-s2.h": {"A": "二", "B": "二", "C": "二"},
    "t-s2.p1": {"A": "本声明以中文写成，两种文本同等作准。", "B": "本声明以中文写成",
                "C": "本声明以中文写成，两种文本同等作准。"},
    "t-s2.p2": {"A": "二〇二五年五月八日于北京", "B": ("ended", "ended in B"), "C": "二〇二五年五月八日于北京北京"},
}
EDITORIAL = (".//*[contains(@class, 'cell-wit') or contains(@class, 'absent-label') or contains(@class, 'ed-mark')"
             " or contains(@class, 'sidenote') or contains(@class, 'om') or contains(@class, 'runon')"
             " or contains(@class, 'block-start')]")


def _render(names: list[str], out: Path) -> Path:
    render_site([(name, parse_tei(DATA / name)) for name in names], out, edition_title="测试版本", version="9.9.9")
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return _render(["tiny.xml"], tmp_path_factory.mktemp("parallel"))


@pytest.fixture(scope="module")
def foreign(tmp_path_factory) -> Path:
    return _render(["foreign.xml"], tmp_path_factory.mktemp("foreign"))


def _page(site: Path, path: str = PAGE) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path).read_bytes())


def _own_text(element) -> str:
    """A cell's text as the witness has it: without the editor's labels and marks."""
    element = lxml.html.fromstring(lxml.html.tostring(element, with_tail=False))
    for extra in element.xpath(EDITORIAL):
        extra.drop_tree()
    return "".join(element.itertext())


def _cells(row) -> dict[str, lxml.html.HtmlElement]:
    return {td.get("data-wit"): td for td in row.xpath("td")}


def test_rows_are_aligned_witness_by_witness(site):
    page = _page(site)
    assert [th.get("data-wit") for th in page.xpath("//thead//th[@data-wit]")] == ["A", "B", "C"]
    rows = page.xpath("//tr[@class='prow'][@id]")
    assert [row.get("id") for row in rows] == list(EXPECTED_ROWS)
    for row in rows:
        for siglum, expected in EXPECTED_ROWS[row.get("id")].items():
            cell = _cells(row)[siglum]
            if isinstance(expected, tuple):
                assert (cell.get("class"), cell.get("data-absent")) == ("absent", expected[0]), (row.get("id"), siglum)
                assert "".join(cell.find_class("absent-label")[0].itertext()) == expected[1]
            else:
                assert cell.get("class") is None and _own_text(cell) == expected, (row.get("id"), siglum)


def test_rows_keep_their_tei_names_and_the_reading_page_ids(site):
    page = _page(site)
    reading_ids, _ = page_targets(site / "works/tiny/index.html")
    rows = {row.get("id"): row for row in page.xpath("//tr[@id]")}
    assert [rows[i].get("data-tei") for i in ("t-title", "t-s1.h", "t-s1.p1", "t-s2.p2")] == ["head", "head", "p", "ab"]
    assert rows["t-s2.p2"].get("data-type") == "dateline"
    assert set(rows) <= reading_ids  # a row is called what the reading page calls it
    assert rows["t-s1.p2"].xpath("th/a[@class='xref']/@href") == ["index.html#t-s1.p2"]
    assert rows["t-s1.p2"].xpath("th/a[@class='pilcrow']/@href") == ["#t-s1.p2"]
    ids = page.xpath("//@id")
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert page.xpath("//table[@class='parallel']/@data-tei") == ["body"]
    assert page.xpath("//tbody/@id") == ["t-s0", "t-s1", "t-s2"]
    assert all(td.get("lang") == "zh-Hans" for td in page.xpath("//td[@data-wit]"))


def test_a_div_level_gap_is_a_row_of_its_own(site):
    page = _page(site)
    [gap] = page.xpath("//tr[@data-tei='gap']")
    assert gap.getprevious().get("id") == "t-s1.p3"
    assert [td.get("data-absent") for td in gap.xpath("td")] == [None, None, "lacuna"]
    assert gap.xpath("td[@data-wit='A']/span[@data-tei='gap']/text()") == ["[…]"]


def test_differences_are_marked_by_class_and_linked_to_their_entry(site):
    page = _page(site)
    reading_ids, _ = page_targets(site / "works/tiny/index.html")
    row = _cells(page.get_element_by_id("t-s1.p2"))

    def marks(cell):
        return [(m.get("data-entry"), m.get("data-type"), m.get("data-tei"), _own_text(m), m.xpath("a/@href")[0])
                for m in cell.xpath(".//mark")]

    assert marks(row["A"])[1:] == [
        ("t-s1.p2.v2", "substantive", "lem", "进一步", "index.html#t-s1.p2.v2"),
        ("t-s1.p2.v3", "lacuna", "lem", "共同应对挑战。", "index.html#t-s1.p2.v3")]
    assert marks(row["C"])[1] == ("t-s1.p2.v2", "substantive", "rdg", "继续", "index.html#t-s1.p2.v2")
    assert row["C"].xpath(".//mark[@data-entry='t-s1.p2.v3']//span[@class='ed-mark']/text()") == ["[lacuna begins]"]
    # where a witness has nothing of its own: an omission, a block running on
    assert row["B"].xpath(".//mark[@data-entry='t-s1.p2.v1']/a/i/text()") == ["runs on"]
    assert row["A"].xpath(".//mark[@data-entry='t-s1.p2.v1']//span[@class='block-start']/text()") == ["¶"]
    b = _cells(page.get_element_by_id("t-s0.p1"))["B"]
    assert b.xpath(".//mark[@data-entry='t-s0.p1.v2']/a/i[@class='om']/text()") == ["om."]
    # the readings of one entry are told apart, and every mark leads to an entry of the reading page
    assert {m.get("data-reading") for m in page.xpath("//mark[@data-entry='t-s1.p2.v2']")} == {"0", "1"}
    anchors = {m.xpath("a/@href")[0].split("#")[1] for m in page.xpath("//table//mark[@class='diff']")}
    assert len(anchors) == 10 and anchors <= reading_ids
    # no mark where the witnesses agree: text outside every entry
    assert not _cells(page.get_element_by_id("t-s1.h"))["A"].xpath(".//mark")


def test_traditional_page_converts_the_text_but_keeps_differences_of_script(site):
    page = _page(site, "works/tiny/parallel.zh-Hant.html")
    assert page.get("lang") == "zh-Hant"
    row = _cells(page.get_element_by_id("t-s1.p2"))
    assert _own_text(row["C"]) == "雙方願意繼續加強合作，"
    assert row["C"].get("lang") == "zh-Hant"
    ortho = _cells(page.get_element_by_id("t-s1.p1"))
    assert [(_own_text(ortho[s].xpath(".//mark[@data-type='orthographic']")[0]),
             ortho[s].xpath(".//mark[@data-type='orthographic']/@lang")[0]) for s in "AC"] == [
        ("经济合作", "zh-Hans"), ("經濟合作", "zh-Hans")]
    assert _own_text(ortho["A"]).startswith("雙方認爲") or _own_text(ortho["A"]).startswith("雙方認為")
    assert page.get_element_by_id("t-s1.p2").xpath(".//mark/a/@href")[0] == "index.zh-Hant.html#t-s1.p2.v1"
    assert page.xpath("//thead//a[@class='siglum']/@href") == [f"witness/{s}.zh-Hant.html" for s in "ABC"]
    assert page.xpath("//a[@class='script-switch']/@href") == ["parallel.html"]


def test_the_page_is_linked_from_the_work_and_witness_pages_and_its_links_resolve(site):
    for path in ("works/tiny/index.html", "works/tiny/witness/B.html", "works/tiny/variants.zh-Hant.html"):
        expected = "parallel.zh-Hant.html" if "zh-Hant" in path else "parallel.html"
        assert _page(site, path).xpath("//nav[@class='work-nav']//a[text()='Side by side']/@href") in (
            [expected], ["../" + expected])
    page = _page(site)
    assert page.xpath("//a[@aria-current='page']/text()") == ["Side by side"]
    assert [s.get("src") for s in page.xpath("//script[@src]")] == ["../../static/parallel.js",
                                                                     "../../static/edition.js"]
    assert page.xpath("//form[@class='witness-choice']/@hidden") == [""]
    assert page.xpath("//form[@class='witness-choice']//input/@data-wit") == ["A", "B", "C"]
    assert not page.xpath("//*[@style] | //script[not(@src)][not(@type='application/json')]")
    assert broken_links(site) == []


def test_foreign_tei_gives_verse_lines_as_rows_and_stacks_many_witnesses(foreign):
    page = _page(foreign, "works/foreign/parallel.html")
    table = page.xpath("//table[@class='parallel']")[0]
    assert table.get("data-layout") == "stacked"  # six witnesses: a line each until a reader chooses
    assert [th.get("data-wit") for th in table.xpath("thead//th[@data-wit]")] == list("ABCDEF")
    rows = table.xpath(".//tr[@class='prow']")
    assert [r.get("data-tei") for r in rows] == ["head", "l", "l", "l", "l", "trailer"]
    assert [r.get("id") for r in rows] == ["t-h", "t-l1", "t-l2", None, None, None]
    assert rows[3].xpath("th/text()") == ["4"]
    # an entry without <lem> wrapping whole lines: each reading's line is a row only its witnesses have
    assert rows[4].xpath("th/text()") == ["5"]
    line3, line3b = (_cells(r) for r in rows[3:5])
    assert [_own_text(line3[s]) for s in "AB"] == ["tertius versus", "tertius versus"]
    assert [line3[s].get("data-absent") for s in "CDEF"] == ["none"] * 4
    assert [_own_text(line3b[s]) for s in "CDEF"] == ["versus tertius alter"] * 4
    assert line3["A"].xpath(".//mark/@data-entry") == ["v-2"] and line3b["C"].xpath(".//mark/@data-tei") == ["rdg"]
    # an empty reading of an entry with no <lem>; text outside every row
    first = _cells(rows[1])
    assert first["B"].xpath(".//mark//i[@class='om']/text()") == ["om."]
    assert _own_text(_cells(rows[5])["A"]) == "subscriptio"
    assert broken_links(foreign) == []


def test_a_witness_the_header_does_not_describe_still_gets_a_column(foreign):
    tree = numbered(parse_tei(DATA / "foreign.xml"))
    assert set(parallel_rows(tree)[0].cells) == set("ABCDEF")
    page = _page(foreign, "works/foreign/parallel.html")
    headers = page.xpath("//thead//th[@data-wit='F']")[0]
    assert headers.xpath("a") == [] and headers.xpath("span[@class='siglum']/text()") == ["F"]


def test_a_work_without_witnesses_says_so(tmp_path):
    tree = parse_tei(DATA / "foreign.xml")
    for witness in tree.iter("{http://www.tei-c.org/ns/1.0}witness"):
        witness.getparent().remove(witness)
    render_site([("bare.xml", tree)], tmp_path, edition_title="x", version="1")
    page = _page(tmp_path, "works/foreign/parallel.html")
    assert not page.xpath("//table")
    assert "declares no witnesses" in "".join(page.find_class("parallel-intro")[0].itertext())



# Characters XML allows; a carriage return is left out, as parsers read it as a line break.
XML_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\ufffe\uffff").filter(
    lambda c: c in "\t\n" or ord(c) >= 0x20)


@settings(max_examples=200)
@given(st.text(XML_CHARACTERS), st.text(XML_CHARACTERS), st.text(XML_CHARACTERS))
def test_the_table_is_written_so_that_a_browser_reads_back_what_was_meant(text, value, url):
    """The table is written as text, not by a serializer: each text and attribute reads back as given, and
    a link as the URL it percent-encodes (leading white space dropped, as lxml's serializer writes links)."""
    page = f"<p title={_attribute(value)}><a href={_href(url)}>{_text(text)}</a></p>"
    element = lxml.html.fragment_fromstring(page)
    assert element.get("title", "") == value
    assert unquote(element[0].get("href", "")) == url.lstrip(" \t\n")
    assert (element[0].text or "") == text
    assert "\r" not in _text("a\rb") and "\r" not in _attribute("a\rb")


@pytest.mark.parametrize("name", ["tiny.xml", "foreign.xml"])
def test_the_reading_text_is_the_same_without_a_numbered_copy(name):
    from edition.render.transform import R_N, entry_numbers, numbered_text, reading_text

    tree = parse_tei(DATA / name)
    copy, text = numbered_text(tree)
    assert reading_text(tree) == text and text.characters > 0
    numbers = entry_numbers(tree.getroot())[0]
    in_order = [numbers[app] for app in tree.getroot().iter("{http://www.tei-c.org/ns/1.0}app") if app in numbers]
    assert in_order == list(range(1, len(numbers) + 1)) and numbers
    assert sorted(numbers.values()) == sorted(int(a.get(R_N)) for a in copy.iter() if a.get(R_N))
