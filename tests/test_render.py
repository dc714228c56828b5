"""The site made from TEI (edition.render), on hand-written TEI in tests/data/render/.

``tiny.xml`` follows docs/tei-profile.md: three witnesses (A the base, a
newspaper with a continuation note; B a web copy that starts late and stops
early; C a reprint with a lacuna), an entry of every class, a paragraphing
entry, a gap. ``hostile_markup.xml`` holds markup, URLs, attributes and ids
that must never reach the HTML as markup.

The reading page of tiny.xml is compared with ``tiny.index.golden.html``
after normalising white space. After an intended change, regenerate it with

    EDITION_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py

and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from sitecheck import broken_links

from edition.errors import OutputError
from edition.model import Diagnostic, Severity
from edition.render import render_site
from edition.render.paths import slugify
from edition.script import to_traditional_display
from edition.tei.read import parse_tei
from edition.tei.rebuild import rebuild_witnesses

DATA = Path(__file__).resolve().parent / "data" / "render"
GOLDEN = DATA / "tiny.index.golden.html"
TEI = "{http://www.tei-c.org/ns/1.0}"

# Each witness of tiny.xml as it reads: (source lines, block text), block for block.
EXPECTED_WITNESSES = {
    "A": [("1", "合作声明"), ("3", "双方回顾了两国关系的发展历程。"), ("5", "一"),
          ("7", "双方认为，经济合作是关系的基础。"), ("9", "双方愿意进一步加强合作，共同应对挑战。"),
          ("12", "双方同意定期举行会晤。"), ("14", "二"), ("16", "本声明以中文写成，两种文本同等作准。"),
          ("18", "二〇二五年五月八日于北京")],
    "B": [("1", "双方回顾两国关系的发展历程。"), ("3", "一"),
          ("5-6", "双方认为，经济合作是关系的基础；双方愿意进一步加强合作，共同应对挑战。"),
          ("8", "双方同意定期举行会晤。"), ("10", "二"), ("12", "本声明以中文写成")],
    "C": [("1", "合作声明"), ("3", "双方回顾了两国关系的发展历程。"), ("5", "一"),
          ("7", "双方认为，經濟合作是关系的基础。"), ("9", "双方愿意继续加强合作，"), ("20", "二"),
          ("22", "本声明以中文写成，两种文本同等作准。"), ("24", "二〇二五年五月八日于北京北京")],
}

PAGES = ["index", "about", "works/tiny/index", "works/tiny/report", "works/tiny/parallel",
         "works/tiny/witness/A", "works/tiny/witness/B", "works/tiny/witness/C"]

FINDING = Diagnostic("W-LATIN-IN-CJK", "a Latin word <b>x</b> inside Chinese", "b.txt", 7,
                     severity=Severity.WARNING)


def _render(names: list[str], out: Path, reports: dict | None = None) -> list[Path]:
    documents = [(name, parse_tei(DATA / name)) for name in names]
    return render_site(documents, out, edition_title="测试版本", version="9.9.9", reports=reports)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    _render(["tiny.xml"], out, reports={"tiny": [FINDING]})
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    _render(["hostile_markup.xml"], out)
    return out


@pytest.fixture(scope="module")
def tiny() -> etree._ElementTree:
    return parse_tei(DATA / "tiny.xml")


def _page(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path).read_bytes())


def _text(element) -> str:
    return "".join(element.itertext())


def _text_without(element, xpath: str) -> str:
    """The text of ``element`` without the elements ``xpath`` finds in it."""
    element = lxml.html.fromstring(lxml.html.tostring(element, with_tail=False))
    for extra in element.xpath(xpath):
        extra.drop_tree()
    return _text(element)


def _block_text(block) -> str:
    """A witness block's own text: without its source label, editorial marks and notes."""
    return _text_without(block, ".//*[contains(@class, 'source') or contains(@class, 'ed-mark')"
                                " or contains(@class, 'sidenote') or contains(@class, 'gap')]")


def test_every_page_exists_in_both_scripts_with_its_lang(site):
    for page in PAGES:
        hans = _page(site, f"{page}.html")
        hant = _page(site, f"{page}.zh-Hant.html")
        assert hans.get("lang") == "zh-Hans"
        assert hant.get("lang") == "zh-Hant"
        assert hans.xpath("//a[@class='script-switch']/@href")[0].endswith(".zh-Hant.html")
        assert hant.xpath("//a[@class='script-switch']/@href")[0] == Path(page).name + ".html"


def test_reading_page_has_one_marker_and_one_footnote_per_app(site, tiny):
    page = _page(site, "works/tiny/index.html")
    apps = list(tiny.iter(f"{TEI}app"))
    markers = page.xpath("//a[@class='marker']")
    entries = page.xpath("//li[@class='entry']")
    assert len(apps) == len(markers) == len(entries) == 10
    for number, (app, marker, entry) in enumerate(zip(apps, markers, entries), start=1):
        app_id = app.get("{http://www.w3.org/XML/1998/namespace}id")
        assert marker.text == str(number)
        assert marker.get("href") == f"#t-{app_id}"
        assert marker.get("data-type") == entry.get("data-type") == app.get("type")
        assert marker.get("aria-expanded") == "false"
        assert entry.get("id") == f"t-{app_id}" and entry.get("data-tei") == "app"
        assert marker.getparent().get("data-tei") == "app"
        readings = entry.xpath(".//span[@class='reading']")
        expected = [(r.tag.removeprefix(TEI), r.get("wit").replace("#", "")) for r in app]
        assert [(r.get("data-tei"), r.get("data-wit")) for r in readings] == expected


def test_each_row_has_a_density_bar_of_its_entries_and_characters(site, tiny):
    page = _page(site, "works/tiny/index.html")
    rows = page.xpath("//main//*[starts-with(@id, 't-')][@data-tei='p' or @data-tei='head']")
    assert rows
    for row in rows:
        markers = row.xpath(".//a[@class='marker']")
        bars = row.xpath("span[@class='density']")
        if not markers:
            assert bars == []
            continue
        [bar] = bars
        assert [tick.get("data-type") for tick in bar.xpath("i")] == [m.get("data-type") for m in markers]
        assert bar.get("aria-hidden") == "true"
        count, characters = re.fullmatch(r"(\d+) entr(?:y|ies) in (\d+) characters", bar.get("title")).groups()
        assert int(count) == len(markers)
        shown = "".join(row.xpath(".//text()[not(ancestor::*[@class='marker' or @class='pilcrow' or @class='sidenote'])]"))
        assert int(characters) == len("".join(shown.split()))


def test_footnote_entries_show_omissions_and_span_markers(site):
    page = _page(site, "works/tiny/index.html")

    def entry(app_id):
        return " ".join(_text(page.get_element_by_id(f"t-{app_id}").find_class("readings")[0]).split())

    assert entry("s0.p1.v2") == "了 A C] om. B"
    assert entry("s0.p1.v1") == "om. A C] B starts"
    assert entry("s1.p2.v3") == "共同应对挑战。（下转第4版） A] 共同应对挑战。 B; C lacuna begins"
    assert entry("s2.h.v1") == "om. A B] C lacuna ends"
    assert entry("s2.p1.v1") == "，两种文本同等作准。 A C] B ends"


def test_reading_text_is_the_base_text_without_milestones(site):
    page = _page(site, "works/tiny/index.html")
    paragraph = page.get_element_by_id("t-s1.p2")
    assert _text_without(paragraph, ".//a") == "双方愿意进一步加强合作，共同应对挑战。（下转第4版）"
    assert paragraph.get("data-tei") == "p"
    assert paragraph.xpath(".//span[@data-tei='note']/@class") == ["sidenote"]
    assert page.get_element_by_id("t-s1").get("data-tei") == "div"
    assert page.get_element_by_id("t-s1.h").get("data-tei") == "head"
    assert page.xpath("//p[@data-tei='gap']/text()") == ["[…]"]
    assert not page.xpath("//*[@data-tei='milestone'][ancestor::p[@data-tei='p']]")
    assert page.get_element_by_id("t-s1.p1").xpath("a[@class='pilcrow']/@href") == ["#t-s1.p1"]


@pytest.mark.parametrize("siglum", ["A", "B", "C"])
def test_witness_page_shows_exactly_that_witness(site, siglum):
    page = _page(site, f"works/tiny/witness/{siglum}.html")
    blocks = page.xpath("//*[contains(concat(' ', @class, ' '), ' wblock ')]")
    found = [(b.xpath(".//span[@class='lines']/text()")[0], _block_text(b)) for b in blocks]
    file = f"{siglum.lower()}.txt"
    assert found == [(f"{file}:{lines}", text) for lines, text in EXPECTED_WITNESSES[siglum]]


def test_expected_witness_texts_are_what_the_build_checks(tiny):
    expected = {siglum: [text for _, text in blocks] for siglum, blocks in EXPECTED_WITNESSES.items()}
    assert rebuild_witnesses(tiny) == expected


def test_witness_page_marks_where_text_breaks_off_and_links_to_the_reading_text(site):
    c = _page(site, "works/tiny/witness/C.html")
    assert [_text(m) for m in c.find_class("ed-mark")] == ["[lacuna begins]", "[lacuna ends]"]
    assert c.get_element_by_id("l9").xpath(".//a[@class='xref']/@href") == ["../index.html#t-s1.p2"]
    a = _page(site, "works/tiny/witness/A.html")
    assert [_text(n) for n in a.find_class("sidenote")] == ["（下转第4版）"]
    hant = _page(site, "works/tiny/witness/C.zh-Hant.html")
    assert hant.get_element_by_id("l9").xpath(".//a[@class='xref']/@href") == ["../index.zh-Hant.html#t-s1.p2"]


def test_traditional_page_converts_the_text_but_not_the_readings(site):
    page = _page(site, "works/tiny/index.zh-Hant.html")
    assert _text_without(page.get_element_by_id("t-s1.p2"), ".//a") == "雙方願意進一步加強合作，共同應對挑戰。（下轉第4版）"

    def readings(app_id):
        box = page.get_element_by_id(f"t-{app_id}").find_class("readings")[0]
        assert box.get("lang") == "zh-Hans"
        return [_text_without(r, ".//span[@class='wit']").strip() for r in box.find_class("reading")]

    assert readings("s1.p2.v2") == ["进一步", "继续"]
    assert readings("s1.p1.v1") == ["经济合作", "經濟合作"]
    assert readings("s1.p2.v3")[0] == "共同应对挑战。（下转第4版）"
    assert page.xpath("//a[@class='script-switch']/text()") == ["简体"]
    assert page.xpath("//h1/text()") == [to_traditional_display("合作声明")]


def test_hostile_markup_never_becomes_html(hostile):
    pages = sorted(hostile.rglob("*.html"))
    assert len(pages) == 16
    for path in pages:
        page = lxml.html.fromstring(path.read_bytes())
        scripts = page.xpath("//script[not(@type='application/json')]")
        expected = ["search-index.js", "search.js", "edition.js"] if path.stem.startswith("search") else ["edition.js"]
        if path.stem.startswith("variants"):
            expected = ["variants.js", "edition.js"]
        if path.stem.startswith("parallel"):
            expected = ["parallel.js", "edition.js"]
        assert [s.get("src").rsplit("/", 1)[-1] for s in scripts] == expected, path
        for data in page.xpath("//script[@type='application/json']"):  # data for citations, never run
            assert data.get("id") == "cite-data" and "<" not in data.text
            json.loads(data.text)
        assert not page.xpath("//img | //b[@onclick] | //*[local-name()='script'][not(@src)][not(@type='application/json')]")
        for element in page.iter():
            for name, value in element.attrib.items():
                assert not name.startswith("on") and name not in ("style", "rend"), (path, name)
                if name in ("href", "src"):
                    assert not re.match(r"\s*(javascript|data|vbscript|file):", value, re.I), (path, value)
    text = _page(hostile, "works/escape/index.html")
    paragraph = text.get_element_by_id("t-s1.p1")
    assert "<script>alert(1)</script>正文" in _text(paragraph)
    assert paragraph.xpath(".//span[@data-tei='ref']/text()") == ["坏链接", "坏链接二", "数据", "vb", "文件"]
    assert paragraph.xpath(".//a[@data-tei='ref']/@href") == ["#t-document", "https://example.org/a?b=1&c=2"]


def test_ids_from_tei_are_prefixed(hostile):
    page = _page(hostile, "works/escape/index.html")
    ids = set(page.xpath("//@id"))
    assert {"t-location", "t-document", "t-__proto__", "t-s1.p1"} <= ids
    assert not ids & {"location", "document", "__proto__", "s1.p1"}


def test_names_that_become_paths_are_slugged_and_stay_inside(hostile):
    written = sorted(p.relative_to(hostile).as_posix() for p in hostile.rglob("*") if p.is_file())
    assert "works/escape/witness/CON_.html" in written
    assert "works/escape/escape.xml" in written
    assert all(not part.startswith(".") for path in written for part in path.split("/"))
    assert slugify("../../x") == "x"
    assert len(slugify("长" * 300)) == 64 and slugify("长" * 300) != slugify("长" * 299 + "短")


def test_sigla_that_would_share_a_file_are_an_error(tmp_path):
    tiny = parse_tei(DATA / "tiny.xml")
    listwit = tiny.find(f".//{TEI}listWit")
    twin = etree.SubElement(listwit, f"{TEI}witness")
    twin.set("{http://www.w3.org/XML/1998/namespace}id", "a")
    with pytest.raises(OutputError, match="'A' and 'a'"):
        render_site([("tiny.xml", tiny)], tmp_path, edition_title="x", version="1")


def test_a_siglum_given_twice_is_an_error_not_one_page_for_two_witnesses(tmp_path):
    tiny = parse_tei(DATA / "tiny.xml")
    listwit = tiny.find(f".//{TEI}listWit")
    twin = etree.SubElement(listwit, f"{TEI}witness")  # the validation of the command line finds the duplicate id
    twin.set("{http://www.w3.org/XML/1998/namespace}id", "A")
    with pytest.raises(OutputError, match=r"the witness siglum 'A' is given twice \(in tiny\.xml\)"):
        render_site([("tiny.xml", tiny)], tmp_path, edition_title="x", version="1")
    assert list(tmp_path.iterdir()) == []


def test_two_documents_of_one_work_id_are_an_error_naming_both(tmp_path):
    """Two files of the same work would write the same pages, the second over the first."""
    documents = [(name, parse_tei(DATA / "tiny.xml")) for name in ("a.xml", "b.xml")]
    with pytest.raises(OutputError, match=r"the work id 'tiny' is given twice \(a\.xml and b\.xml\)") as raised:
        render_site(documents, tmp_path, edition_title="x", version="1")
    assert "give each its own work id" in str(raised.value.hint)
    assert list(tmp_path.iterdir()) == []


def test_reading_page_matches_the_golden_file(site):
    rendered = _normalise((site / "works/tiny/index.html").read_text(encoding="utf-8"))
    if os.environ.get("EDITION_UPDATE_GOLDEN"):
        GOLDEN.write_text(rendered + "\n", encoding="utf-8")
    assert rendered == _normalise(GOLDEN.read_text(encoding="utf-8"))


def _normalise(html: str) -> str:
    """One tag per line, runs of white space as one space: the golden file is kept in this form, for diffs."""
    return re.sub(r">\s*<", ">\n<", re.sub(r"\s+", " ", html)).strip()


def test_every_internal_link_resolves(site, hostile):
    assert broken_links(site) == []
    assert broken_links(hostile) == []


def test_tei_download_is_the_tree_given(site, tiny):
    assert (site / "works/tiny/tiny.xml").read_bytes() == etree.tostring(tiny, xml_declaration=True,
                                                                          encoding="UTF-8") + b"\n"
    page = _page(site, "works/tiny/index.html")
    assert page.xpath("//a[@download]/@href") == ["tiny.xml"]


def test_report_page_lists_the_findings_escaped(site):
    page = _page(site, "works/tiny/report.html")
    rows = page.xpath("//table[@class='findings']/tbody/tr")
    assert [[_text(td) for td in row.xpath("td")] for row in rows] == [
        ["warning", "W-LATIN-IN-CJK", "b.txt:7", "a Latin word <b>x</b> inside Chinese"]]
    assert not page.xpath("//td/b")


def test_index_shows_witnesses_coverage_and_counts(site):
    page = _page(site, "index.html")
    assert page.xpath("//p[@class='meta']/span/text()")[0] == "2025-05-08 – 2025-05-09"
    rows = page.xpath("//table[@class='witnesses']/tbody/tr")
    assert [row.xpath("th/a/text()")[0] for row in rows] == ["A", "B", "C"]
    # Characters present against the 97 of the reading text: A 97, B 70, C 80.
    assert [row.xpath("td/meter/@value")[0] for row in rows] == ["100", "72", "82"]
    assert "70 characters" in _text(rows[1])
    counts = {c.get("data-type"): c.xpath("b/text()")[0] for c in page.find_class("class-count")}
    assert counts == {"substantive": "2", "orthographic": "1", "punctuation": "1",
                      "paragraphing": "1", "duplication": "1", "lacuna": "4"}


def test_about_page_declares_normalisations_classes_and_sources(site):
    page = _page(site, "about.html")
    normalisations = [[_text(td) for td in row.xpath("td")]
                      for row in page.xpath("//table[@class='normalisations']/tbody/tr")]
    assert normalisations == [
        ["N-MD-HEADING", "Markdown heading markers removed.", "B 2", "2"],
        ["N-PDF-JOIN", "Hard line breaks inside a paragraph joined.", "B 1, C 2", "3"]]
    classes = {row.xpath("th/text()")[0]: (row.xpath("td/text()")[0], row.xpath("td/text()")[1])
               for row in page.xpath("//table[@class='classes']/tbody/tr")}
    assert classes["lacuna"] == ("Where a witness begins, stops, or has lost text.", "4")
    sources = [[_text(td) for td in row.xpath("td")][2] for row in page.xpath("//table[@class='witness-sources']/tbody/tr")]
    assert sources == ["a.txt 1–18", "b.txt 1–12", "c.txt 1–9, 20–24"]


def test_the_same_documents_give_the_same_bytes(tmp_path):
    first = _render(["tiny.xml", "hostile_markup.xml"], tmp_path / "one")
    second = _render(["tiny.xml", "hostile_markup.xml"], tmp_path / "two")
    assert [p.relative_to(tmp_path / "one") for p in first] == [p.relative_to(tmp_path / "two") for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second))
    assert not any(b"/tmp" in p.read_bytes() or str(tmp_path).encode() in p.read_bytes() for p in first)


def test_apparatus_shows_details_numerals_and_links_the_places_of_a_transposition(tmp_path):
    from edition.collate import collate
    from edition.model import Edition
    from edition.tei.encode import encode
    from edition.tei.read import serialize
    from witnesses import make_witness, make_work

    a = make_witness("A", ["双方重申坚定支持彼此的努力。", "双方将深化务实合作，落实2025年签署的协议。"])
    b = make_witness("B", ["双方重申支持彼此的努力。", "双方将坚定深化务实合作，落实二〇二五年签署的协议。"])
    work = make_work(a, b)
    tei = tmp_path / "moved.xml"
    tei.write_bytes(serialize(encode(collate(work, [a, b]), Edition(title="测试", works=(work,)), {})))
    render_site([("moved.xml", parse_tei(tei))], tmp_path / "site", edition_title="测试版本", version="9.9.9")
    page = _page(tmp_path / "site", "works/test-work/index.html")
    moved = page.xpath("//li[@data-type='substantive']")
    links = [entry.xpath(".//a[@class='entry-moved']/@href") for entry in moved]
    assert links == [["#t-s0.p2.v1"], ["#t-s0.p1.v1"]]
    assert all(page.get_element_by_id(href[0][1:]) is not None for href in links)
    assert [entry.xpath(".//span[@class='rdg-type']/text()") for entry in moved] == \
        [["transposition"], ["transposition"]]
    assert page.xpath("//form[@class='layers']//input/@data-layer") == ["substantive", "numeral"]
    assert page.xpath("//li[@data-type='numeral']//span[@class='readings']")[0].text_content().split() == \
        ["2025", "A]", "二〇二五", "B"]


def test_a_fragment_in_utf8_goes_into_its_page_as_it_is():
    from edition.render.pages import _FRAGMENT, _around

    page = f"<main>前{_FRAGMENT}后</main>"
    assert _around(page, "<p>正文</p>".encode(), "t.html") == "<main>前<p>正文</p>后</main>".encode()
    assert _around("<main>无</main>", b"<p>x</p>", "t.html") == "<main>无</main>".encode()  # not shown
    with pytest.raises(ValueError, match="more than once"):
        _around(_FRAGMENT * 2, b"x", "t.html")


def test_a_file_is_written_from_its_parts_in_order_and_never_outside_the_site(tmp_path):
    from edition.errors import OutputError
    from edition.render.paths import write

    written: list[Path] = []
    write(tmp_path, "static/index.js", iter([b"window.X=", b"", "{\"a\":\"双\"}".encode(), b";\n"]), written)
    write(tmp_path, "static/one.js", b"1", written)
    assert (tmp_path / "static/index.js").read_bytes() == "window.X={\"a\":\"双\"};\n".encode()
    assert written == [tmp_path.resolve() / "static/index.js", tmp_path.resolve() / "static/one.js"]
    with pytest.raises(OutputError, match="outside the output folder"):
        write(tmp_path, "../escape.js", [b"x"], written)
    assert not (tmp_path.parent / "escape.js").exists()
