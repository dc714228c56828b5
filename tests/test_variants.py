"""The variants page, its CSV and JSON, each witness as plain text, and the archive of all TEI.

On ``tests/data/render/tiny.xml`` (an entry of every class, span markers, a
note in a reading, a paragraphing entry) and on the site built from the
bundled seeds. What the page and the downloads say is checked against the
TEI itself (``@wit``, ``xml:id``, ``rebuild_witnesses``), not only against
``edition.render.variants``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from sitecheck import broken_links

from edition.build import build
from edition.render import render_site
from edition.render.downloads import plain_text, tei_archive
from edition.render.variants import CSV_COLUMNS, read_entries, variants_csv
from edition.tei.read import parse_tei
from edition.tei.rebuild import rebuild_witnesses

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "render"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SCRIPTS = ("", ".zh-Hant")

# Some entries of tiny.xml as a reader of the TEI sees them:
# id -> class, [(reading, text, sigla, marks)], context before, context after.
TINY = {
    "s1.p1.v1": ("orthographic", [("lem", "经济合作", "A B", ""), ("rdg", "經濟合作", "C", "")], "双方认为，", "是关系的基础。"),
    "s1.p2.v1": ("paragraphing", [("lem", "", "A", "block"), ("rdg", "", "C", "block"), ("rdg", "", "B", "")],
                 "", "双方愿意进一步加"),
    "s1.p2.v3": ("lacuna", [("lem", "共同应对挑战。", "A", ""), ("rdg", "共同应对挑战。", "B", ""),
                            ("rdg", "", "C", "lacunaStart")], "进一步加强合作，", ""),
    "s2.p2.v1": ("duplication", [("lem", "", "A", ""), ("rdg", "北京", "C", "")], "二五年五月八日于", "北京"),
}

# TEI from elsewhere: a lemma without @wit, a reading group, a nested entry in a reading the
# text does not show, a comment, and an editor's decisions (@resp, @cause, <note> in <app>).
ELSEWHERE = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>
<respStmt xml:id="ed"><resp>decided by</resp><name>Wang  Li</name></respStmt></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><listWit><witness xml:id="X"/><witness xml:id="Y"/>
<witness xml:id="Z"/></listWit></sourceDesc></fileDesc></teiHeader>
<text><body><div xml:id="d1"><p xml:id="d1.p1">天地<app xml:id="a1" type="substantive">
  <lem resp="#ed">玄黄</lem>
  <rdgGrp><rdg wit="#Y" type="graphic">玄<!-- c -->黃</rdg></rdgGrp>
  <rdg wit="#Z" cause="error">元<app xml:id="a2"><lem wit="#Z">黄</lem><rdg wit="#Q">皇</rdg></app></rdg>
  <note type="editorial" resp="#ed">元 for 玄: a <hi>taboo</hi> avoidance</note></app>宇宙洪荒</p>
<p><app type="punctuation"><rdg wit="#X #Y">，</rdg><rdg wit="#Z"/></app></p></div></body></text></TEI>"""


def _render(documents, out: Path) -> list[Path]:
    return render_site(documents, out, edition_title="测试版本", version="9.9.9")


@pytest.fixture(scope="module")
def tiny() -> etree._ElementTree:
    return parse_tei(DATA / "tiny.xml")


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory, tiny) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    _render([("tiny.xml", tiny)], out)
    return out


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "build"
    build(ROOT / "seeds", out)
    return out


def _apps(tree) -> list[etree._Element]:
    return list(tree.getroot().find(f"{TEI}text").iter(f"{TEI}app"))


def _sigla(reading: etree._Element) -> str:
    return " ".join(token.removeprefix("#") for token in reading.get("wit", "").split())


def _csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV starts with a byte order mark"
    with io.StringIO(data.decode("utf-8-sig"), newline="") as text:
        return list(csv.DictReader(text))


def _by_entry(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["entry"]].append(row)
    return grouped


def _table_rows(page: Path):
    return lxml.html.fromstring(page.read_bytes()).xpath("//table[@class='variants']/tbody/tr")


def _works(site: Path) -> list[Path]:
    return sorted(p for p in (site / "works").iterdir() if p.is_dir())


# The page.

@pytest.mark.parametrize("script", SCRIPTS)
def test_every_entry_of_tiny_is_a_row_linked_to_its_footnote(tiny_site, tiny, script):
    rows = _table_rows(tiny_site / "works" / "tiny" / f"variants{script}.html")
    assert len(rows) == len(_apps(tiny))
    reading_page = lxml.html.fromstring((tiny_site / "works" / "tiny" / f"index{script}.html").read_bytes())
    for row, app in zip(rows, _apps(tiny)):
        link = row.xpath("./td[1]/a")[0]
        assert link.text == app.get(XML_ID)
        page, _, fragment = link.get("href").partition("#")
        assert page == f"index{script}.html"
        assert fragment == f"t-{app.get(XML_ID)}"
        assert reading_page.get_element_by_id(fragment).get("data-tei") == "app"
        assert row.get("data-type") == app.get("type")


def test_the_traditional_page_converts_the_context_but_never_a_reading(tiny_site):
    hans = _table_rows(tiny_site / "works" / "tiny" / "variants.html")
    hant = _table_rows(tiny_site / "works" / "tiny" / "variants.zh-Hant.html")
    row_hans = next(r for r in hans if r.xpath("./td[1]/a")[0].text == "s1.p1.v1")
    row_hant = next(r for r in hant if r.xpath("./td[1]/a")[0].text == "s1.p1.v1")
    readings = ".//span[@class='reading']"
    assert [r.text_content() for r in row_hant.xpath(readings)] == ["经济合作", "經濟合作"]
    assert [r.text_content() for r in row_hans.xpath(readings)] == ["经济合作", "經濟合作"]
    assert all(r.get("translate") == "no" and r.get("lang") == "zh-Hans" for r in row_hant.xpath(readings))
    context = ".//span[@class='context']"
    assert [c.text_content() for c in row_hans.xpath(context)] == ["双方认为，", "是关系的基础。"]
    assert [c.text_content() for c in row_hant.xpath(context)] == ["雙方認爲，", "是關係的基礎。"]
    assert row_hant.xpath(context)[0].get("lang") == "zh-Hant"


def test_the_page_shows_omissions_span_markers_and_who_differs(tiny_site):
    rows = {r.xpath("./td[1]/a")[0].text: r for r in _table_rows(tiny_site / "works" / "tiny" / "variants.html")}
    lacuna = rows["s1.p2.v3"]
    assert "lacuna begins" in lacuna.xpath("./td[@class='readings']")[0].text_content()
    assert lacuna.get("data-wit") == "B C"
    assert rows["s0.p1.v2"].xpath(".//td[@class='readings']//i[@class='om']")
    assert rows["s1.p1.v2"].xpath("./td[@class='departing']")[0].text_content() == "B"


def test_the_work_navigation_links_the_variants_page_and_the_site_has_no_broken_link(tiny_site):
    for page in ("index", "witness/A", "variants", "report"):
        path = tiny_site / "works" / "tiny" / f"{page}.zh-Hant.html"
        if not path.exists():
            continue
        nav = lxml.html.fromstring(path.read_bytes()).xpath("//nav[@class='work-nav']//a[.='Variants']")
        assert [a.get("href") for a in nav] == ["variants.zh-Hant.html" if page != "witness/A"
                                                else "../variants.zh-Hant.html"]
    assert broken_links(tiny_site) == []


# CSV and JSON.

def test_tiny_csv_says_what_the_tei_says(tiny_site, tiny):
    raw = (tiny_site / "works" / "tiny" / "variants.csv").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n"), "RFC 4180 line ends"
    rows = _csv(tiny_site / "works" / "tiny" / "variants.csv")
    assert list(rows[0]) == list(CSV_COLUMNS)
    grouped = _by_entry(rows)
    assert list(grouped) == [app.get(XML_ID) for app in _apps(tiny)]
    for app in _apps(tiny):
        readings = [r for r in app if r.tag in (f"{TEI}lem", f"{TEI}rdg")]
        lines = grouped[app.get(XML_ID)]
        assert [(line["reading"], line["witnesses"]) for line in lines] == \
               [(etree.QName(r).localname, _sigla(r)) for r in readings]
        assert {line["class"] for line in lines} == {app.get("type")}
        assert {line["link"] for line in lines} == {f"index.html#t-{app.get(XML_ID)}"}
    for ident, (kind, readings, before, after) in TINY.items():
        lines = grouped[ident]
        assert [(x["reading"], x["text"], x["witnesses"], x["marks"]) for x in lines] == readings
        assert (lines[0]["class"], lines[0]["before"], lines[0]["after"]) == (kind, before, after)
    assert grouped["s1.p2.v3"][0]["reading_notes"] == "（下转第4版）"


def test_csv_quotes_what_needs_it_and_parses_back_to_the_same_entries():
    tree = etree.ElementTree(etree.fromstring(ELSEWHERE))
    entries = read_entries(tree)
    rows = _csv_rows_of(variants_csv(entries))
    assert [(r["entry"], r["reading"], r["text"], r["witnesses"], r["type"], r["cause"], r["resp"]) for r in rows] == [
        ("a1", "lem", "玄黄", "X", "", "", "Wang Li"),
        ("a1", "rdg", "玄黃", "Y", "graphic", "", ""),
        ("a1", "rdg", "元黄", "Z", "", "error", ""),
        ("a2", "lem", "黄", "Z", "", "", ""),
        ("a2", "rdg", "皇", "", "", "", ""),
        ("", "rdg", "，", "X Y", "", "", ""),
        ("", "rdg", "", "Z", "", "", ""),
    ]
    assert rows[0]["notes"] == "元 for 玄: a taboo avoidance" and rows[0]["notes_resp"] == "Wang Li"
    tricky = read_entries(etree.ElementTree(etree.fromstring(
        ELSEWHERE.replace("玄黄</lem>", '"玄,\n黄"</lem>'))))
    assert _csv_rows_of(variants_csv(tricky))[0]["text"] == '"玄,\n黄"'


def _csv_rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_entries_of_tei_from_elsewhere_keep_their_place_and_context():
    entries = read_entries(etree.ElementTree(etree.fromstring(ELSEWHERE)))
    outer, nested, unnamed = entries
    assert (outer.n, outer.anchor, outer.row, outer.section) == (1, "t-a1", "d1.p1", "d1")
    assert (outer.before, outer.after) == ("天地", "宇宙洪荒")
    assert outer.lemma.witnesses == ("X",), "a lemma without @wit has the witnesses no reading names"
    # Not in the reading text: no number; it links to its row and stands where its entry stands.
    assert (nested.n, nested.anchor, nested.before, nested.after) == (None, "t-d1.p1", "天地", "宇宙洪荒")
    assert (unnamed.n, unnamed.anchor, unnamed.lemma, unnamed.row) == (2, "v-2", None, "")
    assert unnamed.departing == ("X", "Y", "Z")


@pytest.mark.parametrize("script", SCRIPTS)
def test_json_matches_the_csv_and_names_the_edition_and_work(tiny_site, tiny, script):
    document = json.loads((tiny_site / "works" / "tiny" / "variants.json").read_bytes())
    assert document["format"] == "edition-variants/1"
    assert document["edition"] == {"title": "测试版本", "version": "9.9.9"}
    assert document["work"] == {"id": "tiny", "title": "合作声明", "lang": "zh-Hans"}
    assert [w["siglum"] for w in document["witnesses"]] == ["A", "B", "C"]
    grouped = _by_entry(_csv(tiny_site / "works" / "tiny" / "variants.csv"))
    assert [e["id"] for e in document["entries"]] == list(grouped)
    for entry in document["entries"]:
        readings = ([entry["lemma"]] if entry["lemma"] else []) + entry["readings"]
        lines = grouped[entry["id"]]
        assert [(r["text"], " ".join(r["witnesses"]), " ".join(r["marks"]), r["type"] or "") for r in readings] == \
               [(x["text"], x["witnesses"], x["marks"], x["type"]) for x in lines]
        assert (entry["class"], entry["row"], entry["section"], str(entry["n"]), entry["before"], entry["after"]) == \
               (lines[0]["class"], lines[0]["row"], lines[0]["section"], lines[0]["n"], lines[0]["before"],
                lines[0]["after"])
    # The page links the downloads beside it, in either script.
    page = lxml.html.fromstring((tiny_site / "works" / "tiny" / f"variants{script}.html").read_bytes())
    assert {a.get("href") for a in page.xpath("//a[@download]")} >= {"variants.csv", "variants.json"}


# Witnesses as plain text, and the archive.

def test_each_witness_as_plain_text_is_its_rebuilt_text(tiny_site, tiny):
    for siglum, blocks in rebuild_witnesses(tiny).items():
        text = (tiny_site / "works" / "tiny" / "witness" / f"{siglum}.txt").read_text(encoding="utf-8")
        assert text == "\n\n".join(blocks) + "\n"
        page = lxml.html.fromstring((tiny_site / "works" / "tiny" / "witness" / f"{siglum}.zh-Hant.html").read_bytes())
        assert page.xpath(f"//a[@href='{siglum}.txt']")
    assert (tiny_site / "works" / "tiny" / "witness" / "B.txt").read_text(encoding="utf-8").split("\n\n")[0] == \
        "双方回顾两国关系的发展历程。"
    assert plain_text([]) == b""


def test_the_archive_is_the_same_bytes_for_the_same_files_and_links_from_the_index(tiny_site):
    files = {"b.xml": b"<b/>", "a.xml": b"<a/>"}
    first = tei_archive(files)
    assert first == tei_archive(dict(reversed(files.items())))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["a.xml", "b.xml"]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    for script in SCRIPTS:
        index = lxml.html.fromstring((tiny_site / f"index{script}.html").read_bytes())
        assert index.xpath("//a[@href='downloads/edition-tei.zip']")


# The built seeds.

def test_the_seed_variants_pages_have_every_entry(seeds):
    site = seeds / "site"
    assert len(_works(site)) == 5
    total = 0
    for work in _works(site):
        tree = parse_tei(seeds / "tei" / f"{work.name}.xml")
        ids = [app.get(XML_ID) for app in _apps(tree)]
        assert all(ids)
        total += len(ids)
        for script in SCRIPTS:
            rows = _table_rows(work / f"variants{script}.html")
            assert [row.xpath("./td[1]/a")[0].text for row in rows] == ids
        rows = _csv(work / "variants.csv")
        assert list(_by_entry(rows)) == ids
        assert len(rows) == sum(len(list(app.iter(f"{TEI}lem", f"{TEI}rdg"))) for app in _apps(tree))
        document = json.loads((work / "variants.json").read_bytes())
        assert document["work"]["id"] == work.name and [e["id"] for e in document["entries"]] == ids
    assert total > 90, "the seeds have about a hundred entries (the works of one witness none)"
    assert broken_links(site) == []


def test_the_seed_editorial_decisions_reach_the_downloads(seeds):
    document = json.loads((seeds / "site" / "works" / "2025-partnership" / "variants.json").read_bytes())
    entry = next(e for e in document["entries"] if e["id"] == "s1.p1.v1")
    assert entry["readings"][0]["cause"] == "error"
    assert entry["notes"][0]["resp"] == "The edition project" and "仆从国" in entry["notes"][0]["text"]


def test_each_seed_witness_as_plain_text_is_its_rebuilt_text(seeds):
    for work in _works(seeds / "site"):
        rebuilt = rebuild_witnesses(parse_tei(seeds / "tei" / f"{work.name}.xml"))
        assert sorted(p.stem for p in (work / "witness").glob("*.txt")) == sorted(rebuilt)
        for siglum, blocks in rebuilt.items():
            assert (work / "witness" / f"{siglum}.txt").read_bytes() == ("\n\n".join(blocks) + "\n").encode()


def test_the_seed_archive_holds_every_tei_file_and_is_made_again_byte_for_byte(seeds, tmp_path):
    data = (seeds / "site" / "downloads" / "edition-tei.zip").read_bytes()
    documents = [(path.name, parse_tei(path)) for path in sorted((seeds / "tei").glob("*.xml"))]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == sorted(name for name, _ in documents)
        for name, tree in documents:
            assert etree.canonicalize(archive.read(name).decode("utf-8")) == etree.canonicalize(etree.tostring(tree, encoding="unicode"))
    _render(list(reversed(documents)), tmp_path / "again")
    assert (tmp_path / "again" / "downloads" / "edition-tei.zip").read_bytes() == data



def test_witnesses_are_shown_by_their_sigla_as_the_reading_page_shows_them(tmp_path, shared_dir):
    from edition.tei.foreign import normalise

    path = shared_dir / "corpus" / "tls_T17n0733.xml"  # <witness xml:id="wit.orig">【大】</witness>
    _render([(path.name, normalise(parse_tei(path), file=path.name).tree)], tmp_path)
    folder = tmp_path / "works" / "tls_T17n0733"
    rows = _csv(folder / "variants.csv")
    first = next(row for row in rows if row["witnesses"] == "wit.orig")
    assert first["sigla"] == "【大】"
    assert {row["sigla"] for row in rows if row["witnesses"] == "wit1 wit2 wit3 wit4"} == {"【宋】 【元】 【明】 【宮】"}
    page = lxml.html.parse(str(folder / "variants.html"))
    shown = {span.text_content() for span in page.xpath("//table[@class='variants']//span[@class='wit']")}
    assert "【大】" in shown and not any("wit" in text for text in shown)
    assert {tr.get("data-wit") for tr in page.xpath("//table[@class='variants']/tbody/tr")} >= {"wit1 wit2 wit3 wit4"}


def test_the_table_escapes_as_markupsafe_does():
    from hypothesis import given
    from hypothesis import strategies as st
    from markupsafe import escape

    from edition.render.variants import _escape

    @given(st.one_of(st.text(alphabet=st.sampled_from("&<>'\"a甲\r\n ")), st.text(), st.integers()))
    def same(value):
        assert _escape(value) == str(escape(value))

    same()
