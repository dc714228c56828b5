"""The witness agreement matrix: counted over the entries where both witnesses have a reading."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from edition.render import render_site
from edition.render.agreement import agreement
from edition.render.variants import Entry, Reading
from edition.tei.foreign import normalise
from edition.tei.read import parse_tei


def _entry(kind: str, *readings: tuple[str, str]) -> Entry:
    """An entry whose first reading is the lemma; each reading is (text, sigla)."""
    made = [Reading("lem" if i == 0 else "rdg", text, tuple(sigla.split())) for i, (text, sigla) in enumerate(readings)]
    return Entry("", 1, "", "", kind, made[0], tuple(made[1:]), (), "", "", "")


def test_pairs_agree_where_they_share_a_reading_and_absent_witnesses_do_not_count():
    entries = [
        _entry("substantive", ("甲", "A B"), ("乙", "C")),  # A=B, A≠C, B≠C
        _entry("punctuation", ("，", "A"), (",", "B C")),  # B=C
        _entry("substantive", ("", "A C"), ("丙", "B")),  # a shared omission: A=C; D has nothing here
        _entry("substantive", ("丁", "A D"), ("戊", "B")),  # C absent (in a lacuna): A=D, A≠B, B≠D
    ]
    every, substantive = agreement(entries, ["A", "B", "C", "D"])
    assert every.of == "every entry" and every.entries == 4
    assert every.cell("A", "B") == (1, 4) and every.cell("B", "A") == (1, 4)
    assert every.cell("A", "C") == (1, 3) and every.cell("B", "C") == (1, 3)
    assert every.cell("A", "D") == (1, 1) and every.percent("A", "D") == 100
    assert every.cell("C", "D") == (0, 0) and every.percent("C", "D") is None
    assert substantive.of == "substantive entries" and substantive.entries == 3
    assert substantive.cell("B", "C") == (0, 2)
    assert every.band("A", "D") == 5 and every.band("A", "B") == 0


def test_no_matrix_for_two_witnesses_or_no_entries():
    assert agreement([_entry("substantive", ("甲", "A"), ("乙", "B"))], ["A", "B"]) == ()
    assert agreement([], ["A", "B", "C"]) == ()


def test_the_variants_page_shows_the_matrix_of_a_file_from_elsewhere(tmp_path, shared_dir):
    path = shared_dir / "corpus" / "dll_Propertius-1-15.xml"
    render_site([(path.name, normalise(parse_tei(path), file=path.name).tree)], tmp_path, edition_title="T",
                version="0")
    page = lxml_html.parse(str(tmp_path / "works" / "dll_Propertius-1-15" / "variants.html"))
    [table, *_] = page.xpath("//table[@class='agreement-matrix']")
    columns = [th.text_content() for th in table.xpath("thead/tr/th")]
    rows = table.xpath("tbody/tr")
    assert len(columns) == len(rows) >= 3
    cells = [td for row in rows for td in row.xpath("td")]
    assert sum("self" in td.get("class") for td in cells) == len(rows)
    shown = [re.match(r"(\d+)%(\d+) of (\d+)", td.text_content()) for td in cells if re.fullmatch(r"agree-\d", td.get("class", ""))]
    assert shown and all(m and int(m[2]) <= int(m[3]) and int(m[1]) == round(100 * int(m[2]) / int(m[3]))
                         for m in shown)
