"""The catalogue: the bundled seeds/edition.toml, and every way a catalogue can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.catalogue import load_catalogue
from edition.errors import CatalogueError

SOURCE = "".join(f"第{n}行。\n" for n in range(1, 11))  # a source of 10 lines

GOOD = """\
[edition]
title = "测试汇校"

[[work]]
id = "test-work"
title = "测试作品"

[[work.witness]]
siglum = "A"
file = "a.txt"
lines = [[1, 10]]
"""


def make_project(root: Path, catalogue: str) -> Path:
    (root / "a.txt").write_text(SOURCE, encoding="utf-8")
    (root / "b.txt").write_text(SOURCE, encoding="utf-8")
    (root / "edition.toml").write_text(catalogue, encoding="utf-8")
    return root


def failure(root: Path, catalogue: str) -> CatalogueError:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(make_project(root, catalogue))
    error = caught.value
    assert error.file == "edition.toml"
    assert error.hint
    return error


# The bundled catalogue

def test_seeds_have_the_five_works(seeds_dir):
    edition = load_catalogue(seeds_dir)
    assert edition.title == "中俄联合声明汇校（2022—2025）"
    assert [w.id for w in edition.works] == [
        "2025-partnership", "2025-strategic-stability", "2025-international-law",
        "2024-75th-anniversary", "2022-new-era"]


def test_seed_witness_ranges(seeds_dir):
    works = {w.id: w for w in load_catalogue(seeds_dir).works}
    ranges = {(work_id, s.siglum): (s.file[:3], s.ranges)
              for work_id, work in works.items() for s in work.witnesses}
    assert ranges == {
        ("2025-partnership", "A"): ("000", ((3, 213),)),
        ("2025-partnership", "B"): ("001", ((3, 183),)),
        ("2025-partnership", "C"): ("002", ((139, 167), (128, 137))),
        ("2025-strategic-stability", "C"): ("002", ((3, 60),)),
        ("2025-international-law", "C"): ("002", ((62, 126),)),
        ("2024-75th-anniversary", "D"): ("003", ((1, 1310),)),
        ("2022-new-era", "E"): ("004", ((1, 67),)),
    }
    assert works["2025-partnership"].base == "A"
    assert works["2025-partnership"].date == "2025-05-08"
    assert works["2022-new-era"].witnesses[0].outlet == "中新网"


def test_news_report_belongs_to_no_work(seeds_dir):
    for work in load_catalogue(seeds_dir).works:
        for source in work.witnesses:
            if source.file.startswith("002"):
                assert all(last < 169 for _first, last in source.ranges)


# What a correct catalogue gives

def test_defaults(tmp_path):
    catalogue = GOOD.replace("lines = [[1, 10]]\n", "encoding = \"UTF8\"\n") + """
[[work.witness]]
siglum = "B"
file = "b.txt"
date = 2025-05-09
"""
    work = load_catalogue(make_project(tmp_path, catalogue)).works[0]
    assert work.base == "A"
    assert work.lang == "zh-Hans"
    assert [s.ranges for s in work.witnesses] == [((1, 10),), ((1, 10),)]
    assert work.witnesses[0].encoding == "utf-8"
    assert work.witnesses[1].date == "2025-05-09"


def test_ranges_keep_reading_order(tmp_path):
    catalogue = GOOD.replace("lines = [[1, 10]]", "lines = [\n  [6, 10],\n  [1, 5],\n]")
    source = load_catalogue(make_project(tmp_path, catalogue)).works[0].witnesses[0]
    assert source.ranges == ((6, 10), (1, 5))


# Every way to get it wrong: message, line and hint

def test_missing_catalogue(tmp_path):
    with pytest.raises(CatalogueError, match="no edition.toml") as caught:
        load_catalogue(tmp_path)
    assert caught.value.hint


def test_toml_syntax_error_has_its_line(tmp_path):
    error = failure(tmp_path, GOOD.replace('title = "测试作品"', 'title = "测试作品'))
    assert "not valid TOML" in error.message
    assert error.line == 6


@pytest.mark.parametrize("old, new, message, line", [
    ('title = "测试汇校"', 'titel = "测试汇校"', "unknown key 'titel'", 2),
    ('title = "测试作品"', 'title = "测试作品"\nplase = "北京"', "unknown key 'plase'", 7),
    ('siglum = "A"', 'siglum = "A"\nsiglun = "A"', "unknown key 'siglun'", 10),
])
def test_unknown_key(tmp_path, old, new, message, line):
    error = failure(tmp_path, GOOD.replace(old, new))
    assert message in error.message
    assert error.line == line
    assert "did you mean" in error.hint


@pytest.mark.parametrize("old, new, message, line", [
    ('title = "测试汇校"\n', "", "missing key 'title'", 1),
    ('id = "test-work"\n', "", "missing key 'id'", 4),
    ('title = "测试作品"\n', "", "missing key 'title'", 4),
    ('siglum = "A"\n', "", "missing key 'siglum'", 8),
    ('file = "a.txt"\n', "", "missing key 'file'", 8),
])
def test_missing_key(tmp_path, old, new, message, line):
    error = failure(tmp_path, GOOD.replace(old, new))
    assert message in error.message
    assert error.line == line


def test_missing_edition_table(tmp_path):
    error = failure(tmp_path, GOOD.replace('[edition]\ntitle = "测试汇校"\n', ""))
    assert "no [edition]" in error.message


def test_no_work(tmp_path):
    error = failure(tmp_path, '[edition]\ntitle = "测试汇校"\n')
    assert "no work" in error.message


def test_work_without_witness(tmp_path):
    error = failure(tmp_path, GOOD.split("[[work.witness]]")[0])
    assert "no witness" in error.message
    assert error.line == 4


def test_single_brackets_for_witness(tmp_path):
    error = failure(tmp_path, GOOD.replace("[[work.witness]]", "[work.witness]"))
    assert "array of tables" in error.message
    assert "[[work.witness]]" in error.hint


@pytest.mark.parametrize("slug", ["Partnership", "-partnership", "2025_partnership", "x" * 65])
def test_bad_work_id(tmp_path, slug):
    error = failure(tmp_path, GOOD.replace('id = "test-work"', f'id = "{slug}"'))
    assert "not a slug" in error.message
    assert error.line == 5


def test_duplicate_work_id(tmp_path):
    second = GOOD.split("\n[[work]]\n", 1)[1]
    error = failure(tmp_path, GOOD + "\n[[work]]\n" + second)
    assert "two works have the id 'test-work'" in error.message
    assert error.line == 14


@pytest.mark.parametrize("siglum", ["1A", "A-B", "", "ABCDEFGHIJKLMNOPQ"])
def test_bad_siglum(tmp_path, siglum):
    error = failure(tmp_path, GOOD.replace('siglum = "A"', f'siglum = "{siglum}"'))
    assert "siglum" in error.message
    assert error.line == 9


def test_sigla_collide_ignoring_case(tmp_path):
    error = failure(tmp_path, GOOD + '\n[[work.witness]]\nsiglum = "a"\nfile = "b.txt"\n')
    assert "siglum 'a'" in error.message
    assert error.line == 14


def test_unknown_base(tmp_path):
    error = failure(tmp_path, GOOD.replace('title = "测试作品"', 'title = "测试作品"\nbase = "Z"'))
    assert "base witness 'Z'" in error.message
    assert error.line == 7
    assert "A" in error.hint


def test_missing_source_file(tmp_path):
    error = failure(tmp_path, GOOD.replace('file = "a.txt"', 'file = "nothing.txt"'))
    assert "no such file: nothing.txt" in error.message
    assert error.line == 10


@pytest.mark.parametrize("file", ["../a.txt", "/etc/hostname", "sub/../../a.txt", "C:\\\\a.txt"])
def test_source_outside_project(tmp_path, file):
    project = tmp_path / "project"
    project.mkdir()
    error = failure(project, GOOD.replace('file = "a.txt"', f'file = "{file}"'))
    assert "outside the project" in error.message
    assert error.line == 10


def test_symlink_out_of_project(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "secret.txt").write_text(SOURCE, encoding="utf-8")
    (project / "link.txt").symlink_to(tmp_path / "secret.txt")
    error = failure(project, GOOD.replace('file = "a.txt"', 'file = "link.txt"'))
    assert "leads outside" in error.message


@pytest.mark.parametrize("lines, message", [
    ("[[5, 3]]", "runs backwards"),
    ("[[1, 11]]", "outside the file, which has 10 lines"),
    ("[[0, 4]]", "outside the file"),
    ("[[1, 5], [4, 8]]", "overlap at 4-5"),
    ("[[6, 8], [1, 6]]", "overlap at 6-6"),
    ("[3, 5]", "list of [first, last] pairs"),
    ("[[1, 2, 3]]", "list of [first, last] pairs"),
    ("[]", "list of [first, last] pairs"),
    ('[["1", "2"]]', "list of [first, last] pairs"),
])
def test_bad_line_ranges(tmp_path, lines, message):
    error = failure(tmp_path, GOOD.replace("lines = [[1, 10]]", f"lines = {lines}"))
    assert message in error.message
    assert error.line == 11


def test_bad_date(tmp_path):
    error = failure(tmp_path, GOOD.replace('title = "测试作品"', 'title = "测试作品"\ndate = "2025-13-01"'))
    assert "not an ISO date" in error.message
    assert error.line == 7


def test_unsupported_encoding(tmp_path):
    error = failure(tmp_path, GOOD.replace('file = "a.txt"', 'file = "a.txt"\nencoding = "latin-1"'))
    assert "unsupported encoding 'latin-1'" in error.message
    assert error.line == 11


def test_wrong_type(tmp_path):
    error = failure(tmp_path, GOOD.replace('title = "测试作品"', "title = 3"))
    assert "title must be a string" in error.message
    assert error.line == 6


def test_misspelt_table(tmp_path):
    error = failure(tmp_path, GOOD + '\n[wrok]\nnote = "…"\n')
    assert "unknown key 'wrok'" in error.message
    assert (error.line, error.hint) == (13, "did you mean 'work'?")
