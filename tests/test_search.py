"""Search across all works (edition.render.search and static/search.js), on tests/data/render/tiny.xml.

In tiny.xml witness A is the base; B starts late (no title), drops 了 in
s0.p1, ends s1.p1 with ；, stops after 本声明以中文写成; C writes 經濟合作,
reads 继续 for 进一步, is torn away from s1.p2 to s2.h and doubles 北京.
The JavaScript is run with node when there is one, on the very index the
site ships; without node those tests are skipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from edition.render import render_site
from edition.render.search import (IndexedWork, SearchIndex, _postings, _ungap, find_pieces, fold, fold_query,
                                   grams, index_data, part_of)
from edition.render.transform import numbered
from edition.tei.read import parse_tei

DATA = Path(__file__).resolve().parent / "data" / "render"
SEARCH_JS = Path(__file__).resolve().parents[1] / "edition" / "render" / "static" / "search.js"


@pytest.fixture(scope="module")
def index() -> dict:
    return index_data([IndexedWork("tiny", "合作声明", numbered(parse_tei(DATA / "tiny.xml")))])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("search-site")
    render_site([("tiny.xml", parse_tei(DATA / "tiny.xml"))], out, edition_title="测试版本", version="9.9.9")
    return out


def _pieces(index: dict, row: str) -> list[tuple[list[str], str, list[tuple[str, str]]]]:
    """The pieces of a row as (sigla, text, [(entry, the text its readings span)])."""
    sigla = index["works"][0][4]
    return [([sigla[n] for n in piece[2]], piece[3],
             [(index["apps"][app][1], piece[3][start:end]) for start, end, app in piece[4]])
            for piece in index["pieces"] if piece[1] == row]


def test_each_row_has_a_piece_per_distinct_text_with_its_witnesses(index):
    assert index["works"] == [["tiny", "合作声明", "合作聲明", "zh-Hans", ["A", "B", "C"], ["A", "B", "C"], "zh-Hans"]]
    assert _pieces(index, "s1.p1") == [
        (["A"], "双方认为，经济合作是关系的基础。", [("t-s1.p1.v1", "经济合作"), ("t-s1.p1.v2", "。")]),
        (["B"], "双方认为，经济合作是关系的基础；", [("t-s1.p1.v1", "经济合作"), ("t-s1.p1.v2", "；")]),
        (["C"], "双方认为，經濟合作是关系的基础。", [("t-s1.p1.v1", "經濟合作"), ("t-s1.p1.v2", "。")]),
    ]
    # C's text breaks off in s1.p2 (lacunaStart) and the note of A is no one's text.
    assert _pieces(index, "s1.p2") == [
        (["A", "B"], "双方愿意进一步加强合作，共同应对挑战。",
         [("t-s1.p2.v1", ""), ("t-s1.p2.v2", "进一步"), ("t-s1.p2.v3", "共同应对挑战。")]),
        (["C"], "双方愿意继续加强合作，", [("t-s1.p2.v1", ""), ("t-s1.p2.v2", "继续"), ("t-s1.p2.v3", "")]),
    ]
    # B has no title (its text starts in s0.p1); C is in its lacuna at s1.p3.
    assert [p[0] for p in _pieces(index, "title")] == [["A", "C"]]
    assert [p[0] for p in _pieces(index, "s1.p3")] == [["A", "B"]]
    assert [p[1] for p in _pieces(index, "s2.p2")] == ["二〇二五年五月八日于北京", "二〇二五年五月八日于北京北京"]
    assert index["apps"][5] == [0, "t-s1.p2.v2", "substantive"]


def test_folding_gives_one_script_and_one_width_without_changing_length():
    assert fold("經濟合作，") == "经济合作,"
    assert fold_query("  雙方\u3000 願意 ") == "双方 愿意"
    assert len(fold("𠀀經\uf900")) == len("𠀀經\uf900")
    assert grams("双方 认为") == {"双方", "认为"}


def test_postings_name_exactly_the_pieces_that_hold_each_pair(index):
    postings = _postings(index["grams"])
    assert len(postings) == len(index["grams"][1].split(" ")) > 50
    for key, group in postings.items():
        holding = [i for i, piece in enumerate(index["pieces"]) if key in fold(piece[3])]
        assert list(_ungap(group)) == holding, key
    every_pair = set().union(*(grams(fold(piece[3])) for piece in index["pieces"]))
    assert set(postings) == every_pair


def test_a_query_in_either_script_finds_the_other(index):
    def rows(query):
        return [(index["pieces"][n][1], index["pieces"][n][2]) for n, _ in find_pieces(index, query)]

    assert rows("經濟合作") == [("s1.p1", [0]), ("s1.p1", [1]), ("s1.p1", [2])]
    assert rows("经济合作") == rows("經濟合作")
    assert rows("雙方願意繼續") == [("s1.p2", [2])]
    assert rows("回顧兩國") == [("s0.p1", [1])]  # only B, which lacks 了
    assert rows("北京") == [("s2.p2", [0]), ("s2.p2", [2]), ("s2.p2", [2])]
    assert rows("基础；") == [("s1.p1", [1])]  # punctuation is text too
    assert rows("火星") == [] and rows("   ") == []


def test_latin_greek_and_cyrillic_letters_are_matched_without_case_or_diacritics():
    assert fold("Ἐν ἀρχῇ ΛΌΓΟΣ, Élan, Ёлка") == "εν αρχη λογοσ, elan, елка"
    assert fold("がぱ경") == "がぱ경"  # kana keep their marks, Hangul its syllables
    assert len(fold("Straße İstanbul")) == len("Straße İstanbul")  # ß stays: its fold is two letters


@pytest.mark.skipif(not (DATA.parents[2].parent / "shared/corpus/pta_pta0040.pta001.pta-grc1.xml").is_file(),
                    reason="corpus not present")
def test_a_greek_text_is_found_by_a_query_without_accents_or_capitals(tmp_path):
    from edition.publish import render_files

    render_files([DATA.parents[2].parent / "shared/corpus/pta_pta0040.pta001.pta-grc1.xml"], tmp_path / "site",
                 title="Corpus", strict=False)
    greek = published(tmp_path / "site/static")
    hits = find_pieces(greek, "ΤΗΝ ΚΥΡΙΑΚΗΝ ΕΓΚΩΜΙΑΣΑΙ")
    assert hits and all("τὴν κυριακὴν ἐγκωμιάσαι" in greek["pieces"][n][3] for n, _ in hits)
    assert find_pieces(greek, "τὴν κυριακὴν ἐγκωμιάσαι") == hits and set(hits) <= set(find_pieces(greek, "την κυριακην"))


def test_fold_table_covers_traditional_forms_of_the_corpus(index):
    pairs = dict(zip(index["fold"][::2], index["fold"][1::2]))
    assert pairs["雙"] == "双" and pairs["經"] == "经" and pairs["，"] == ","
    assert "魚" not in pairs  # 鱼 is not in the corpus, so no query with 魚 can match


def published(static: Path) -> dict:
    """The index a site publishes (``static/search-index.js`` and its parts in ``static/search/``), read
    back as ``index_data`` gives it."""
    core = _called(static / "search-index.js", "window.EDITION_SEARCH=", ";\n")
    keys, groups, apps, pieces = [], [], [], []
    for number in range(core["grams"]):
        kind, part, (pairs, postings) = _called(static / f"search/grams-{number}.js", "window.EDITION_SEARCH_PART(", ");\n")
        assert (kind, part) == ("grams", number)
        for at in range(0, len(pairs), 2):
            assert part_of(pairs[at:at + 2], core["grams"]) == number
        keys += [pairs[at:at + 2] for at in range(0, len(pairs), 2)]
        groups += postings.split(" ") if postings else []
    for number, (start, end) in enumerate(zip(core["pieces"], core["pieces"][1:])):
        kind, part, chunk = _called(static / f"search/pieces-{number}.js", "window.EDITION_SEARCH_PART(", ");\n")
        assert (kind, part, len(chunk["pieces"])) == ("pieces", number, end - start)
        pieces += chunk["pieces"]
        named = [app for piece in chunk["pieces"] for _, _, app in piece[4]]
        assert chunk["from"] == min(named, default=0) and len(chunk["apps"]) == len(set(range(*(
            (min(named), max(named) + 1) if named else (0, 0)))))
        for offset, app in enumerate(chunk["apps"], chunk["from"]):
            apps += [None] * (offset + 1 - len(apps))
            assert apps[offset] in (None, app)
            apps[offset] = app
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return {"works": core["works"], "apps": apps, "pieces": pieces, "fold": core["fold"],
            "grams": ["".join(keys[n] for n in order), " ".join(groups[n] for n in order)]}


def _called(path: Path, before: str, after: str):
    script = path.read_text(encoding="utf-8")
    assert script.startswith(before) and script.endswith(after) and "\u2028" not in script and "<" not in script
    return json.loads(f"[{script[len(before):-len(after)]}]" if before.endswith("(") else script[len(before):-len(after)])


def test_the_published_index_is_the_index_in_parts_of_about_the_size_asked(tmp_path):
    tree = numbered(parse_tei(DATA / "tiny.xml"))
    index = SearchIndex()
    for slug in ("one", "two", "three"):
        index.add(IndexedWork(slug, "合作声明", tree))
    for size in (0, 1, 300, 2000):
        static = tmp_path / f"static-{size}"
        files = dict(index.files(size))
        for path, parts in files.items():
            (static / path).parent.mkdir(parents=True, exist_ok=True)
            (static / path).write_bytes(b"".join(parts))
        assert published(static) == index.data()
        sizes = [(static / path).stat().st_size for path in files if path.startswith("search/pieces-")]
        if size == 1:  # a piece a part
            assert len(sizes) == len(index.data()["pieces"])
        elif size == 300:
            assert len(sizes) > 3 and max(sizes[:-1]) < 300 + 300
    assert len([path for path in dict(index.files(0)) if path.startswith("search/")]) == 2  # a small index: two parts


def test_a_part_of_the_postings_is_found_from_the_code_units_of_its_pair():
    assert part_of("北京", 1) == 0
    assert part_of("北京", 1000) == (ord("北") * 31 + ord("京")) % 1000
    high = "\U00020000中"  # a character outside the BMP: two code units
    assert part_of(high, 977) == ((0xD840 * 31 + 0xDC00) * 31 + ord("中")) % 977
    assert part_of("中\U00020000", 977) == ((ord("中") * 31 + 0xD840) * 31 + 0xDC00) % 977


def test_the_index_is_made_safe_in_a_script(tmp_path):
    index = SearchIndex()
    index._pieces.append(json.dumps([0, "p", [0], "a\u2028b</script>", []], ensure_ascii=False).encode())
    index._named.extend((-1, -1))
    for path, parts in index.files():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b"".join(parts))
    part = (tmp_path / "search/pieces-0.js").read_bytes()
    assert b"\xe2\x80\xa8" not in part and b"<" not in part
    assert published(tmp_path)["pieces"] == [[0, "p", [0], "a\u2028b</script>", []]]


def test_index_made_a_work_at_a_time_numbers_across_works():
    tree = numbered(parse_tei(DATA / "tiny.xml"))
    index = SearchIndex()
    for slug in ("one", "two"):
        index.add(IndexedWork(slug, "合作声明", tree))
    data = index.data()
    assert [work[0] for work in data["works"]] == ["one", "two"]
    half = len(data["apps"]) // 2
    assert data["apps"][half:] == [[1, *app[1:]] for app in data["apps"][:half]]
    pieces = len(data["pieces"]) // 2
    for first, second in zip(data["pieces"][:pieces], data["pieces"][pieces:]):
        assert second == [1, *first[1:4], [[start, end, app + half] for start, end, app in first[4]]]
    assert list(_ungap(_postings(data["grams"])["北京"])) == [n for n, piece in enumerate(data["pieces"])
                                                            if "北京" in piece[3]]
    hits = find_pieces(data, "北京")
    assert hits and hits == [hit for hit in hits if hit[0] < pieces] + [(n + pieces, at) for n, at in hits if n < pieces]


def test_search_page_in_both_scripts_says_it_needs_javascript(site):
    for name, lang in (("search.html", "zh-Hans"), ("search.zh-Hant.html", "zh-Hant")):
        page = lxml.html.fromstring((site / name).read_bytes())
        assert page.get("lang") == lang
        notice = page.find_class("search-needs-script")[0]
        assert "needs JavaScript" in notice.text_content()
        assert notice.xpath(".//a/@href") == ["index.html" if lang == "zh-Hans" else "index.zh-Hant.html"]
        form = page.find_class("search-form")[0]
        assert form.get("hidden") is not None and form.get("method") == "get"
        assert form.xpath(".//input/@name") == ["q"]
        assert page.xpath("//script/@src") == ["static/search-index.js", "static/search.js", "static/edition.js"]
    assert (site / "static/search-index.js").read_bytes().startswith(b"window.EDITION_SEARCH=")
    assert published(site / "static")["pieces"]
    assert (site / "static/search.js").is_file()


def test_every_page_links_to_search_in_its_own_script(site):
    for path in site.rglob("*.html"):
        page = lxml.html.fromstring(path.read_bytes())
        (href,) = page.xpath("//nav[@class='site-nav']//a[text()='Search']/@href")
        target = (path.parent / href).resolve()
        assert target.is_file(), path
        assert target.name == ("search.zh-Hant.html" if path.name.endswith(".zh-Hant.html") else "search.html")


NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")

_RUN = """
const vm = require("vm"), fs = require("fs"), path = require("path");
const [static_, script, queries, limit] = process.argv.slice(1);
const context = vm.createContext({Promise: Promise});
context.window = context;
vm.runInContext(fs.readFileSync(path.join(static_, "search-index.js"), "utf8"), context);
vm.runInContext(fs.readFileSync(script, "utf8"), context);
const load = context.EditionSearch.loader((file, failed) => {
  try { vm.runInContext(fs.readFileSync(path.join(static_, "search", file), "utf8"), context); } catch (e) { failed(); }
});
Promise.all(JSON.parse(queries).map((q) => context.EditionSearch.search(context.EDITION_SEARCH, q, load,
                                                               limit ? Number(limit) : undefined)))
  .then((found) => process.stdout.write(JSON.stringify(found.map((result) => [result.complete, result.rows.map((hit) => ({
    work: hit.work[0], row: hit.row, sigla: hit.sigla, absent: hit.absent, apps: hit.apps.map((a) => a[1] + " " + a[2]),
    readings: hit.readings.map((r) => [(r.before ? "…" : "") + r.parts.map((p) => p.mark ? "[" + p.text + "]" : p.text)
      .join("") + (r.after ? "…" : ""), r.sigla.join(" ")]),
  }))]))), (error) => { process.stderr.write(String(error)); process.exit(1); });
"""


def _search_with_node(site: Path, *queries: str) -> list[list[dict]]:
    """The rows search.js finds for each query in the index ``site`` publishes."""
    return [rows for _, rows in _run_node(site / "static", queries)]


def _run_node(static: Path, queries, limit: int | None = None) -> list[tuple[bool, list[dict]]]:
    done = subprocess.run([NODE, "-e", _RUN, str(static), str(SEARCH_JS), json.dumps(queries), str(limit or "")],
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


@needs_node
def test_javascript_finds_a_traditional_query_in_simplified_text(site):
    (only_c,) = _search_with_node(site, "繼續加強")
    assert only_c == [{"work": "tiny", "row": "s1.p2", "sigla": ["C"], "absent": ["A", "B"],
                       "apps": ["t-s1.p2.v2 substantive"], "readings": [["双方愿意[继续加强]合作，", "C"]]}]


@needs_node
def test_javascript_hit_says_witnesses_readings_and_variants(site):
    economy, omission, shared, none = _search_with_node(site, "经济合作", "回顾两国", "定期举行", "火星")
    assert economy == [{"work": "tiny", "row": "s1.p1", "sigla": ["A", "B", "C"], "absent": [],
                        "apps": ["t-s1.p1.v1 orthographic"],
                        "readings": [["双方认为，[经济合作]是关系的基础。", "A"], ["双方认为，[经济合作]是关系的基础；", "B"],
                                     ["双方认为，[經濟合作]是关系的基础。", "C"]]}]
    # B lacks 了 here: its empty reading lies inside the match, so the match sits in that entry.
    assert [(h["row"], h["sigla"], h["apps"]) for h in omission] == [("s0.p1", ["B"], ["t-s0.p1.v2 substantive"])]
    assert [(h["row"], h["sigla"], h["absent"], h["apps"]) for h in shared] == [("s1.p3", ["A", "B"], ["C"], [])]
    assert none == []


@needs_node
def test_javascript_and_python_find_the_same_pieces(site, index):
    queries = ["双方", "北", "北京", "。", "，经济", "本声明以中文写成", "兩國關係", "同等作准"]
    for query, hits in zip(queries, _search_with_node(site, *queries)):
        expected = []
        for number, _ in find_pieces(index, query):
            piece = index["pieces"][number]
            if piece[1] not in expected:
                expected.append(piece[1])
        assert [hit["row"] for hit in hits] == expected, query
        assert hits, query


@needs_node
def test_javascript_loads_parts_of_an_index_in_many_parts_and_stops_past_its_limit(tmp_path):
    tree = numbered(parse_tei(DATA / "tiny.xml"))
    index = SearchIndex()
    for slug in ("one", "two", "three", "four"):
        index.add(IndexedWork(slug, "合作声明", tree))
    for path, parts in index.files(200):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b"".join(parts))
    data = index.data()
    assert len(list((tmp_path / "search").glob("grams-*.js"))) > 5
    queries = ["双方", "北", "经济合作", "兩國關係", "火星"]
    for query, (complete, hits) in zip(queries, _run_node(tmp_path, queries)):
        expected = []
        for number, _ in find_pieces(data, query):
            piece = data["pieces"][number]
            if (piece[0], piece[1]) not in expected:
                expected.append((piece[0], piece[1]))
        assert complete and [(["one", "two", "three", "four"].index(hit["work"]), hit["row"]) for hit in hits] == expected
    assert _run_node(tmp_path, ["经济合作"])[0][1][0]["apps"] == ["t-s1.p1.v1 orthographic"]
    # With a limit of 2 rows, search stops at the first part of the pieces that brings a third.
    ((complete, hits),) = _run_node(tmp_path, ["双方"], limit=2)
    every = [(p[0], p[1]) for p in data["pieces"] if "双方" in p[3]]
    assert not complete and 2 < len(hits) < len(dict.fromkeys(every))
