"""Search in the browser, from a plain folder (file://), where fetch() of local files is refused."""

from __future__ import annotations


def test_search_from_a_folder_finds_a_traditional_query_in_simplified_text(page, built_site):
    page.goto((built_site / "search.zh-Hant.html").as_uri())
    page.fill("#search-q", "以下稱")
    page.press("#search-q", "Enter")
    page.wait_for_selector(".search-summary")
    assert "3 paragraphs in 3 works" in page.inner_text(".search-summary")
    first = page.locator(".hit").first
    assert first.locator(".hit-where a").get_attribute("href") == "works/2025-partnership/index.zh-Hant.html#t-s0.p2"
    assert first.locator("mark").first.inner_text() == "以下称"
    assert "In a variant" in first.inner_text() and "Not in B C" in first.inner_text()
    # The script switch keeps the query.
    assert page.get_attribute("a.script-switch", "href").startswith("search.html?q=")


def test_search_page_without_javascript_points_to_the_works(browser, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((built_site / "search.html").as_uri())
    assert page.is_visible(".search-needs-script") and not page.is_visible("form.search-form")
    assert page.get_attribute(".search-needs-script a", "href") == "index.html"
    context.close()


def test_a_traditional_query_lands_on_the_simplified_paragraph(page, site_url):
    page.goto(site_url + "search.html")
    page.fill("#search-q", "以下稱")
    page.press("#search-q", "Enter")
    page.wait_for_selector(".hit")
    page.locator(".hit").first.locator(".hit-where a").click()
    page.wait_for_load_state()
    assert page.url.endswith("works/2025-partnership/index.html#t-s0.p2")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    paragraph = page.locator("[id='t-s0.p2']")
    text = paragraph.evaluate("""e => { const c = e.cloneNode(true);
        c.querySelectorAll('a.marker').forEach(m => m.remove()); return c.textContent; }""")
    assert "以下称" in text
    assert paragraph.evaluate("e => e.matches(':target') && getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)'")
    assert paragraph.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")


def _hits(page) -> tuple[str, list[str]]:
    page.wait_for_selector(".search-summary")
    return (page.inner_text(".search-summary"),
            page.locator(".hit .hit-where a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))


def test_search_from_a_folder_loads_an_index_in_many_parts_and_says_when_a_part_is_missing(
        page, built_site, tmp_path, monkeypatch):
    from edition.publish import render_files
    from edition.render import search

    tei = sorted((built_site.parent / "tei").glob("*.xml"))
    site = tmp_path / "site"
    monkeypatch.setattr(search, "PART_BYTES", 2000)
    render_files(tei, site, title="Parts", strict=False)
    assert len(list((site / "static/search").glob("pieces-*.js"))) > 10
    assert len(list((site / "static/search").glob("grams-*.js"))) > 10
    whole = tmp_path / "whole"
    monkeypatch.undo()
    render_files(tei, whole, title="Parts", strict=False)
    assert len(list((whole / "static/search").iterdir())) < len(list((site / "static/search").iterdir()))
    for query in ("以下稱", "双方", "和"):
        page.goto((whole / "search.zh-Hant.html").as_uri() + "?q=" + query)
        summary, hits = _hits(page)
        page.goto((site / "search.zh-Hant.html").as_uri() + "?q=" + query)
        in_parts, hits_in_parts = _hits(page)
        assert hits_in_parts == hits and len(hits) > 1, query
        # Past 200 rows, search stops at the end of a part: how many more it does not know.
        assert in_parts == summary or (in_parts.startswith("More than 200 paragraphs") and len(hits) == 200), query
    for part in (site / "static/search").glob("pieces-*.js"):
        part.unlink()
    page.goto((site / "search.html").as_uri() + "?q=双方")
    page.wait_for_selector(".search-summary")
    assert page.inner_text(".search-summary").startswith("Search could not finish: static/search/pieces-")
