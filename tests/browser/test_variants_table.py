"""The variants page in the browser: filters by class and witness, sorting by column."""

from __future__ import annotations

PAGE = "works/2025-partnership/variants.html"
ROWS = "table.variants tbody tr"


def _shown(page) -> list[dict]:
    return page.eval_on_selector_all(ROWS, """rows => rows.filter(r => !r.hidden).map(r => ({
        id: r.cells[0].querySelector('a').textContent, type: r.dataset.type, wit: r.dataset.wit}))""")


def test_every_entry_shows_until_a_filter_hides_some(page, site_url):
    page.goto(site_url + PAGE)
    every = _shown(page)
    assert len(every) == page.locator(ROWS).count() > 90
    assert page.text_content(".filter-status") == f"All {len(every)} entries shown."
    page.uncheck("input[data-filter-class='substantive']")
    assert _shown(page) == [row for row in every if row["type"] != "substantive"]
    page.check("input[data-filter-class='substantive']")
    page.select_option("select[data-filter-witness]", "C")
    assert _shown(page) == [row for row in every if "C" in row["wit"].split()]
    assert 0 < len(_shown(page)) < len(every)
    assert page.text_content(".filter-status") == f"{len(_shown(page))} of {len(every)} entries shown."


def test_a_column_sorts_both_ways_from_its_button_and_says_so(page, site_url):
    page.goto(site_url + PAGE)
    order = [row["id"] for row in _shown(page)]
    header = page.locator("table.variants th", has_text="Class")
    header.locator("button").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    assert page.locator("table.variants th", has_text="Entry").get_attribute("aria-sort") is None
    types = [row["type"] for row in _shown(page)]
    assert types == sorted(types) and types[0] != types[-1]
    # Within a class, the order of the text.
    same = [row["id"] for row in _shown(page) if row["type"] == types[-1]]
    assert same == [i for i in order if i in same]
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert [row["type"] for row in _shown(page)] == sorted(types, reverse=True)
    page.locator("table.variants th", has_text="Entry").locator("button").click()
    assert [row["id"] for row in _shown(page)] == order
