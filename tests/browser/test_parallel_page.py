"""The parallel view in the browser: witnesses side by side, a difference marked, witnesses chosen.

In 2025-partnership, A is seed 000 (the base) and B seed 001; in paragraph
s1.p1 A reads 严酷 where B reads 残酷 (entry s1.p1.v2).
"""

from __future__ import annotations

WORK = "works/2025-partnership/"
TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent")


def _row(page, ident: str):
    return page.locator(f"tr[id='{ident}']")


def test_two_witnesses_side_by_side_with_a_difference_marked(page, site_url):
    page.goto(site_url + WORK + "parallel.html?w=A,B")
    row = _row(page, "t-s1.p1")
    a, b, c = (row.locator(f"td[data-wit={s}]") for s in "ABC")
    assert a.is_visible() and b.is_visible() and not c.is_visible()
    assert not page.locator("thead th[data-wit=C]").is_visible()
    box_a, box_b = a.bounding_box(), b.bounding_box()
    assert box_a["x"] + box_a["width"] <= box_b["x"] + 1  # A to the left of B
    assert abs(box_a["y"] - box_b["y"]) < 1 and box_b["width"] > 300  # the same row, each a readable column
    mark_a, mark_b = (cell.locator("mark[data-entry='t-s1.p1.v2']") for cell in (a, b))
    assert (mark_a.inner_text(), mark_b.inner_text()) == ("严", "残")
    assert mark_b.get_attribute("data-type") == "substantive"
    for mark in (mark_a, mark_b):
        assert mark.is_visible()
        assert mark.evaluate("m => getComputedStyle(m).backgroundColor") not in TRANSPARENT
    assert "substantive" in mark_b.locator("a").get_attribute("title")
    mark_b.locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith(WORK + "index.html#t-s1.p1.v2")
    assert page.locator("li.entry[id='t-s1.p1.v2']").count() == 1


def test_a_gap_shows_where_a_witness_has_nothing(page, site_url):
    page.goto(site_url + WORK + "parallel.html?w=A,C")
    gap = _row(page, "t-s1.p1").locator("td[data-wit=C]")
    assert gap.is_visible() and gap.get_attribute("data-absent") == "lacuna"
    assert gap.inner_text().strip().endswith("lacuna in C")
    assert gap.evaluate("td => getComputedStyle(td).backgroundImage").startswith("repeating-linear-gradient")


def test_the_reader_chooses_the_witnesses_and_the_address_keeps_the_choice(page, site_url):
    page.goto(site_url + WORK + "parallel.html")
    assert page.locator("form.witness-choice").is_visible()
    assert page.locator("thead th[data-wit]:visible").count() == 3  # three fit side by side
    page.uncheck("input[data-wit=C]")
    assert page.url.endswith("parallel.html?w=A,B")
    assert not _row(page, "t-s2.p1").locator("td[data-wit=C]").is_visible()
    assert page.locator("a.script-switch").get_attribute("href") == "parallel.zh-Hant.html?w=A,B"
    assert "A, B" in page.locator(".choice-status").inner_text()
    page.uncheck("input[data-wit=B]")  # one witness alone: nothing to set against, nothing marked
    assert page.url.endswith("?w=A") and "alone" in page.locator(".choice-status").inner_text()
    mark = _row(page, "t-s1.p1").locator("td[data-wit=A] mark[data-entry='t-s1.p1.v2']")
    assert "agrees" in mark.get_attribute("class")
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") in TRANSPARENT
    page.click("input[data-wit=A]")  # the last one stays
    assert page.is_checked("input[data-wit=A]")
    page.check("input[data-wit=B]")
    assert page.url.endswith("?w=A,B")
    page.click("a.script-switch")
    page.wait_for_load_state()
    assert page.url.endswith("parallel.zh-Hant.html?w=A,B")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert page.locator("thead th[data-wit]:visible").count() == 2
    assert page.is_checked("input[data-wit=B]") and not page.is_checked("input[data-wit=C]")


def test_a_linked_row_is_shown_with_the_chosen_witnesses(page, site_url):
    page.goto(site_url + WORK + "parallel.html?w=B,A#t-s5.p3")
    row = _row(page, "t-s5.p3")
    top = row.evaluate("r => r.getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom")
    assert header <= top < 400  # in view, below the sticky header
    assert page.locator("thead th[data-wit]:visible").count() == 2
    assert page.url.endswith("?w=A,B#t-s5.p3")  # the columns keep the order of the witnesses


def test_without_javascript_every_witness_is_side_by_side(browser, site_url):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + WORK + "parallel.html?w=A")
    assert not page.locator("form.witness-choice").is_visible()
    cells = [_row(page, "t-title").locator(f"td[data-wit={s}]").bounding_box() for s in "ABC"]
    assert cells[0]["x"] < cells[1]["x"] < cells[2]["x"]
    assert len({round(c["y"]) for c in cells}) == 1
    context.close()
