"""TEI from elsewhere (edition.tei.foreign): validated by the semantic rules, published with its apparatus.

The corpus files are real TEI of other projects (../shared/corpus, skipped
when absent); the fixtures show the two encodings none of them uses fully.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from lxml import etree, html

from edition.model import Severity
from edition.publish import render_files
from edition.tei.foreign import is_profile, normalise
from edition.tei.read import TEI_NS, parse_tei
from edition.validate import validate

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DATA = Path(__file__).parent / "data" / "tei"
FILES = ("bza_bza110.xml", "dll_Propertius-1-15.xml", "pta_pta0040.pta001.pta-grc1.xml",
         "teiphy_ubs_ephesians.xml", "teivm_miyazawaKenji_test.xml", "tls_T17n0733.xml")
APP = f"{{{TEI_NS}}}app"

needs_corpus = pytest.mark.skipif(not all((CORPUS / f).is_file() for f in FILES), reason="corpus not present")


def _slug(name: str) -> str:
    return name.removesuffix(".xml").replace(".", "-")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    digests = {f: hashlib.sha256((CORPUS / f).read_bytes()).hexdigest() for f in FILES}
    out = tmp_path_factory.mktemp("corpus") / "site"
    render_files([CORPUS / f for f in FILES], out, title="Corpus", strict=False)
    return out, digests


def _entries(page: Path) -> list[html.HtmlElement]:
    return html.parse(str(page)).xpath("//li[@class='entry']")


def _sigla(entry: html.HtmlElement) -> list[str]:
    """The sigla each reading of an entry shows, in order."""
    return [" ".join(w.text_content().split()) for w in entry.xpath(".//span[@class='reading']/span[@class='wit']")]


def _problems(path: Path) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in validate(parse_tei(path), file=path.name)]


# ---------------------------------------------------------------- the corpus


@needs_corpus
@pytest.mark.parametrize(("name", "entries"), [
    ("bza_bza110.xml", 28), ("dll_Propertius-1-15.xml", 50), ("pta_pta0040.pta001.pta-grc1.xml", 330),
    ("teiphy_ubs_ephesians.xml", 38), ("teivm_miyazawaKenji_test.xml", 6), ("tls_T17n0733.xml", 7),
])
def test_each_app_is_one_entry_of_the_apparatus(corpus_site, name, entries):
    out, _ = corpus_site
    assert len(list(parse_tei(CORPUS / name).iter(APP))) == entries
    assert len(_entries(out / "works" / _slug(name) / "index.html")) == entries


@needs_corpus
@pytest.mark.parametrize(("name", "number", "sigla"), [
    # 【宋】【元】【明】 run together in @wit, no listWit: split, and shown as implied witnesses
    ("bza_bza110.xml", 2, ["【大】", "【宋】 【元】 【明】 【聖】"]),
    ("dll_Propertius-1-15.xml", 1, ["", "T", "T", "Ϛ", "Ϛ"]),  # lem without @wit, rdgGrp
    ("pta_pta0040.pta001.pta-grc1.xml", 8, ["E P S", "X"]),
    ("teiphy_ubs_ephesians.xml", 3, ["", "UBS P46 02 03 010 012 020 025 075 6 81 104 256 263 365 424C 459 1175 "
                                     "1319 1573 1739 1881 1912 1962 2127 syrp syrh slav CyrilOfAlexandria Origen",
                                     "01 06 018 044 0150 33 424* 436 1241 1852 2200 2464 Byz Lect vg goth "
                                     "Ambrosiaster Augustine Jerome MariusVictorinus Pelagius TheodoreOfMopsuestia"]),
    ("teivm_miyazawaKenji_test.xml", 1, ["初 NDL", "宮"]),  # @wit without '#', CJK xml:ids
    # double end-point: the back matter's app at its anchors, sigla as the witnesses give them
    ("tls_T17n0733.xml", 3, ["【大】", "【宋】 【元】 【明】 【宮】"]),
])
def test_entries_show_the_witnesses_sigla(corpus_site, name, number, sigla):
    out, _ = corpus_site
    entries = {e.xpath("string(a[@class='entry-n'])"): e for e in _entries(out / "works" / _slug(name) / "index.html")}
    assert _sigla(entries[str(number)]) == sigla


@needs_corpus
@pytest.mark.parametrize(("name", "expected"), [
    ("bza_bza110.xml", [("E-WIT-UNDECLARED", 129), ("W-WIT-JOINED", 130)]),
    ("dll_Propertius-1-15.xml", [("E-APP-EMPTY", 110)]),
    ("pta_pta0040.pta001.pta-grc1.xml", [("W-WIT-UNUSED", 52), ("E-WIT-UNDECLARED", 595)]),
    ("teiphy_ubs_ephesians.xml", [("E-WIT-UNDECLARED", 314), ("W-WIT-POINTER", 314)]),
    ("teivm_miyazawaKenji_test.xml", [("W-WIT-POINTER", 88), ("E-WIT-UNDECLARED", 141)]),
    ("tls_T17n0733.xml", [("E-APP-ANCHOR", 503)]),
])
def test_problems_are_reported_with_their_lines(name, expected):
    found = _problems(CORPUS / name)
    assert set(expected) <= set(found)
    assert not any(code == "E-SCHEMA" for code, _ in found)
    assert [code for code, _ in found].count("N-FOREIGN") == 1


@needs_corpus
def test_foreign_files_get_a_note_not_the_profile_schema():
    found = validate(parse_tei(CORPUS / "bza_bza110.xml"), file="bza_bza110.xml")
    notes = [d for d in found if d.severity is Severity.NOTE]
    assert sorted(d.code for d in notes) == ["N-ADDRESS", "N-FOREIGN"]
    assert "--schema" in next(d for d in notes if d.code == "N-FOREIGN").hint
    assert len(found) < 20  # against the profile's XSD it was hundreds of E-SCHEMA


@needs_corpus
def test_the_report_page_lists_problems_with_lines(corpus_site):
    out, _ = corpus_site
    report = (out / "works" / "tls_T17n0733" / "report.html").read_text(encoding="utf-8")
    assert "E-APP-ANCHOR" in report and "tls_T17n0733.xml:503" in report


@needs_corpus
def test_inputs_are_not_changed_and_are_offered_as_read(corpus_site):
    out, digests = corpus_site
    assert {f: hashlib.sha256((CORPUS / f).read_bytes()).hexdigest() for f in FILES} == digests
    download = etree.fromstring((out / "works" / "tls_T17n0733" / "tls_T17n0733.xml").read_bytes())
    assert len(download.findall(f".//{{{TEI_NS}}}back//{APP}[@from]")) == 7


@needs_corpus
def test_foreign_namespaces_stay_out_of_the_html(corpus_site):
    out, _ = corpus_site
    page = (out / "works" / "tls_T17n0733" / "index.html").read_bytes()
    assert b"<cb:" not in page and b"cbeta.org/ns" not in page
    assert not [e for e in html.fromstring(page).iter() if isinstance(e.tag, str) and ":" in e.tag]


@needs_corpus
def test_a_lemma_across_elements_is_cut_at_its_anchors():
    tree = normalise(parse_tei(CORPUS / "tls_T17n0733.xml"), file="tls").tree
    lemmas = ["".join("".join(a.find(f"{{{TEI_NS}}}lem").itertext()).split()) for a in tree.iter(APP)]
    assert "意罪" in lemmas and "安息國" in lemmas  # 意 ends one <seg>, 罪 begins the next
    assert not tree.getroot().find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}back").findall(f".//{APP}")


# ---------------------------------------------------------------- fixtures


def _render(tmp_path: Path, name: str) -> Path:
    out = tmp_path / "site"
    render_files([DATA / name], out, title="T", strict=False)
    return out / "works" / _slug(name) / "index.html"


def _reading_text(page: Path) -> str:
    document = html.parse(str(page))
    for aside in document.xpath("//aside | //a[contains(@class, 'marker')] | //a[@class='pilcrow']"):
        aside.drop_tree()
    return " ".join(document.xpath("string(//div[@class='reading-text'])").split())


def test_location_referenced_is_one_entry_per_loc(tmp_path):
    source = DATA / "location_referenced_apparatus.xml"
    assert not is_profile(parse_tei(source))
    page = _render(tmp_path, source.name)
    entries = _entries(page)
    assert len(entries) == 3  # four apps, two of them for 'WBP 1'
    first = entries[0]
    assert _sigla(first) == ["El Hg", "La", "Ra2"]
    assert first.xpath("string(.//span[@data-tei='lem'])").startswith("Experience")
    assert [e.xpath("string(span[@class='entry-loc'])") for e in entries[1:]] == ["WBP 2", "WBP 9"]
    text = _reading_text(page)
    assert text.count("Experience though noon Auctoritee") == 1
    assert text.count("Were in this world is right ynogh for me") == 1  # the entry beside it adds nothing
    assert ("W-APP-LOC", 41) in _problems(source)


def test_double_end_point_places_each_app_at_its_anchors(tmp_path):
    source = DATA / "double_end_point_apparatus.xml"
    page = _render(tmp_path, source.name)
    entries = _entries(page)
    assert len(entries) == 6
    lemmas = [" ".join(e.xpath("string(.//span[@data-tei='lem'])").split()) for e in entries]
    assert "Experience El Hg" in lemmas
    assert any(lemma.startswith("this world is") for lemma in lemmas)  # cut across two <seg>s and an <lb/>
    assert "for me" in lemmas  # in-line: from @from to the app itself
    text = _reading_text(page)
    assert "Were in this world is right ynogh for me." in text
    assert text.count("wys") == 1 and text.count("Experience") == 1
    assert {("W-APP-OVERLAP", 39), ("E-APP-ANCHOR", 46)} <= set(_problems(source))


def test_an_overlapping_entry_stands_right_after_the_one_it_overlaps_every_time():
    """It once moved to the end of its line in some runs: whether an entry was in the body was told by
    the id of an lxml proxy, which is reused once the proxy is freed."""
    tree = parse_tei(DATA / "double_end_point_apparatus.xml")
    app = f"{{{TEI_NS}}}app"
    for _ in range(12):
        root = normalise(tree, file="x.xml").tree.getroot()
        apart = next(a for a in root.iter(app) if a.get("loc") == "A117.2")
        previous = apart.getprevious()
        assert previous is not None and previous.tag == app
        assert previous.find(f".//{{{TEI_NS}}}anchor").get("{http://www.w3.org/XML/1998/namespace}id") == "A117.2"


def test_the_profile_is_told_apart_from_foreign_files():
    assert is_profile(parse_tei(DATA / "minimal_edition.xml"))
    assert not is_profile(parse_tei(DATA / "double_end_point_apparatus.xml"))


# ---------------------------------------------------------------- languages


def _tei(text: str, *, root_lang: str = "", body: str = "") -> etree._Element:
    lang = f' xml:lang="{root_lang}"' if root_lang else ""
    return etree.fromstring(f'<TEI xmlns="{TEI_NS}"{lang}><teiHeader/><text><body>{body or f"<p>{text}</p>"}</body>'
                            f'</text></TEI>')


@pytest.mark.parametrize(("text", "lang"), [
    ("Cynthia prima suis miserum me cepit ocellis", "und"),  # Latin letters tell no language
    ("Τοῦ ἐν ἁγίοις πατρὸς ἡμῶν", "und"),
    ("如是我聞：一時佛在拘尸那竭力士生地", "zh"),
    ("雨ニモマケズ風ニモマケズ雪ニモ夏ノ暑サニモマケヌ", "ja"),  # kanji and katakana
    ("대한민국 헌법", "ko"),
    ("", "und"),
])
def test_a_text_that_declares_no_language_is_told_by_its_letters(text, lang):
    from edition.render.facts import header_lang, text_lang

    assert text_lang(_tei(text)) == lang
    assert text_lang(_tei(text, root_lang="grc")) == "grc"  # what is declared wins
    assert header_lang(_tei(text)) == "und" and header_lang(_tei(text, root_lang="en")) == "en"


@needs_corpus
def test_a_site_of_no_chinese_text_is_in_english_with_each_part_in_its_own_language(tmp_path):
    out = tmp_path / "site"
    render_files([CORPUS / "pta_pta0040.pta001.pta-grc1.xml", CORPUS / "dll_Propertius-1-15.xml"], out,
                 title="Corpus", strict=False)
    for path in [out / "index.html", out / "search.html", *out.glob("works/*/*.html")]:
        page = html.parse(str(path)).getroot()
        assert page.get("lang") == "en", path
        assert not page.find_class("script-switch") and not page.xpath("//link[@hreflang]"), path
    assert not list(out.rglob("*.zh-Hant.html"))  # no page in traditional script: there is nothing to convert
    greek = html.parse(str(out / "works/pta_pta0040-pta001-pta-grc1/index.html")).getroot()
    assert greek.xpath("//article[@class='text']/@lang") == ["en"]  # as the document declares
    assert greek.xpath("//article//section[@data-type='edition']/@lang") == ["grc"]  # its div says so
    assert set(greek.xpath("//span[@class='readings']/@lang")) == {"grc"}
    assert greek.xpath("//h1/@lang") == []  # the header is in English, as the page
    variants = html.parse(str(out / "works/pta_pta0040-pta001-pta-grc1/variants.html")).getroot()
    assert set(variants.xpath("//table[@class='variants']//span[@class='reading' or @class='context']/@lang")) == {"grc"}
    latin = html.parse(str(out / "works/dll_Propertius-1-15/index.html")).getroot()
    assert latin.xpath("//article[@class='text']/@lang") == ["und"] and latin.xpath("//h1/@lang") == ["und"]
    assert not latin.find_class("sigla")  # no witness is described: the sigla in the bar say it all


@needs_corpus
def test_japanese_is_never_converted_to_traditional_chinese(corpus_site):
    out, _ = corpus_site
    for name in ("index.html", "index.zh-Hant.html"):
        page = html.parse(str(out / "works/teivm_miyazawaKenji_test" / name)).getroot()
        assert page.xpath("//article[@class='text']/@lang") == ["ja"]
        assert page.xpath("string(//h1)") == "原体剣舞連"  # its header declares no language either: as it is
        assert "原体剣舞連" in page.xpath("string(//article)") and "異装のげん月" in page.xpath("string(//article)")


def test_a_passage_marked_chinese_is_converted_and_marked_traditional_and_another_is_kept():
    from edition.render.hant import to_hant

    fragment = html.fragment_fromstring('<div><p lang="zh-Hans">经济</p><p lang="ja">経済の発展</p><p>发展</p></div>')
    to_hant(fragment)
    assert [(p.get("lang"), p.text) for p in fragment] == [("zh-Hant", "經濟"), ("ja", "経済の発展"), (None, "發展")]


def test_the_marker_of_an_entry_ending_with_an_entry_inside_it_is_set_apart():
    from edition.render.transform import R_JOINED, numbered

    def joined(body: str) -> list[bool]:
        tree = etree.ElementTree(etree.fromstring(
            f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><p>{body}</p></body></text></TEI>'))
        return [app.get(R_JOINED) == "1" for app in numbered(tree).iter(APP)]

    inner = '<app><lem wit="#A">b</lem><rdg wit="#B">c</rdg></app>'
    assert joined(f'<app><lem wit="#A">a{inner}</lem><rdg wit="#B">d</rdg></app>') == [True, False]
    assert joined(f'<app><lem wit="#A">a{inner} </lem><rdg wit="#B">d</rdg></app>') == [True, False]  # space only
    assert joined(f'<app><lem wit="#A">a{inner}e</lem><rdg wit="#B">d</rdg></app>') == [False, False]
    assert joined(f'<app><lem wit="#A"><seg>a{inner}</seg><anchor/></lem><rdg wit="#B">d</rdg></app>') == [True, False]
    assert joined(f'<app><lem wit="#A">a</lem><rdg wit="#B">{inner}</rdg></app>') == [False, False]  # not shown


@needs_corpus
def test_nested_markers_at_one_place_are_read_apart(corpus_site):
    out, _ = corpus_site
    page = html.parse(str(out / "works/dll_Propertius-1-15/index.html")).getroot()
    joined = page.xpath("//a[@class='marker joined']")
    assert [m.text for m in joined] == ["27"]
    assert joined[0].get("aria-label") == "Variant 27"  # an entry of no class says none


def test_divisions_and_rows_without_ids_get_addresses_from_their_place_and_are_searched(tmp_path):
    tei = tmp_path / "plain.xml"
    tei.write_text(f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><sourceDesc><listWit>
<witness xml:id="A"/><witness xml:id="B"/></listWit></sourceDesc></fileDesc></teiHeader>
<text xml:lang="la"><body><div><head>Liber</head><p>Arma <app><lem wit="#A">uirumque</lem><rdg wit="#B">uirosque</rdg></app>
cano<note><p>a note</p></note></p><p xml:id="div1.p2">taken</p><p>Troiae qui primus</p></div><div><lg><l>ab oris</l></lg></div></body></text></TEI>""",
                   encoding="utf-8")
    normalised = normalise(parse_tei(tei), file="plain.xml")
    body = normalised.tree.getroot().find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body")
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    assert [e.get(xml_id) for e in body.iter(etree.Element) if e.get(xml_id)] == [
        "div1", "div1.head1", "div1.p1", "div1.p2", "div1.p3", "div2", "div2.lg1", "div2.lg1.l1"]
    note = next(d for d in normalised.diagnostics if d.code == "N-ADDRESS")
    assert note.severity is Severity.NOTE and note.message.startswith("7 divisions and rows") and note.line == 3
    out = tmp_path / "site"
    render_files([tei], out, title="Plain", strict=False)
    page = html.parse(str(out / "works/plain/index.html")).getroot()
    assert page.get_element_by_id("t-div1.p3").text_content() == "¶Troiae qui primus"  # with its pilcrow, to cite it
    assert b"Troiae qui primus" in (out / "static/search/pieces-0.js").read_bytes()
    assert tei.read_text(encoding="utf-8").count("xml:id") == 3  # the file itself is never changed


def _words_site(tmp_path, lang: str, body: str) -> Path:
    tei = tmp_path / "words.xml"
    tei.write_text(f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><sourceDesc><listWit>
<witness xml:id="A"/><witness xml:id="B"/></listWit></sourceDesc></fileDesc></teiHeader>
<text xml:lang="{lang}"><interpGrp type="weight"><interp xml:id="Sem"><p>A semantic change.</p></interp></interpGrp>
<body>{body}</body></text></TEI>""", encoding="utf-8")
    out = tmp_path / "site"
    render_files([tei], out, title="Words", strict=False)
    return out / "works/words"


def test_words_of_a_text_with_spaces_are_shown_rebuilt_and_searched_apart(tmp_path):
    """Words as <w> with nothing between them, and entries standing in the body as its words (teiphy),
    laid out on lines of their own."""
    work = _words_site(tmp_path, "grc", """
        <app ana="#Sem"><lem><w>εν</w><w>εφεσω</w></lem><rdg wit="#A"><w>εν</w><w>εφεσω</w></rdg><rdg wit="#B"/></app>

        <app><lem><w>ο</w><pc>,</pc><w>και</w></lem><rdg wit="#A #B"><w>ο</w><pc>,</pc><w>και</w></rdg></app>
        <p xml:id="p1"><w>τον</w><w>θεον</w></p>""")
    assert (work / "witness/A.txt").read_text(encoding="utf-8").split("\n\n")[0].strip() == "εν εφεσω ο, και"
    assert (work / "witness/B.txt").read_text(encoding="utf-8").split("\n\n")[0].strip() == "ο, και"
    page = html.parse(str(work / "index.html")).getroot()
    row = page.get_element_by_id("t-ab1")  # the entries standing in the body: a row of their own, with an address
    assert "".join(row.xpath(".//text()[not(ancestor::a)]")) == "εν εφεσω ο, και"
    assert "semantic change" not in (work / "witness/A.txt").read_text(encoding="utf-8")  # an interpretation, no text
    assert "εν εφεσω" in (work / "variants.csv").read_text(encoding="utf-8")
    searched = (work.parent.parent / "static/search/pieces-0.js").read_text(encoding="utf-8")
    assert '"ab1",[0],"εν εφεσω ο, και"' in searched and "τον θεον" in searched  # witness 0: A
    parallel = html.parse(str(work / "parallel.html")).getroot()
    links = [(a.text_content(), a.get("class")) for a in parallel.xpath("//table[@class='parallel']//mark/a")]
    assert links == [("εν εφεσω", None), ("ο, και", None), ("om.", "short"), ("ο, και", None)]  # short: a wide target
    assert "<w>εν</w><w>εφεσω</w>" in (work / "words.xml").read_text(encoding="utf-8")  # the TEI offered: as it was
    loose = next(d for d in normalise(parse_tei(tmp_path / "words.xml"), file="words.xml").diagnostics
                 if d.code == "N-LOOSE")
    assert loose.severity is Severity.NOTE and loose.line == 5 and loose.message.startswith("a run of")


def test_words_of_chinese_text_are_never_set_apart(tmp_path):
    work = _words_site(tmp_path, "zh", """<p xml:id="p1"><w>两国</w><w>关系</w>
        <app><lem wit="#A"><w>发展</w></lem><rdg wit="#B"><w>发达</w></rdg></app></p>""")
    assert "两国关系" in (work / "witness/A.txt").read_text(encoding="utf-8")
    assert "两国关系" in html.parse(str(work / "index.html")).getroot().get_element_by_id("t-p1").text_content()
