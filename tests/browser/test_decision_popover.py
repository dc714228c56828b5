"""An editor's decisions in the browser: the popover of a marker shows them (seeds/decisions.toml)."""

from __future__ import annotations

WORK = "works/2025-partnership/"


def test_the_popover_shows_the_editors_note_and_decisions(page, site_url):
    page.goto(site_url + WORK + "index.html")
    page.locator('a.marker[href="#t-s1.p1.v1"]').click()
    popover = page.locator("#readings-popover")
    assert popover.is_visible()
    assert popover.locator(".decision[data-cause=error]").inner_text() == "error"
    assert "B has lost the first character" in popover.locator(".entry-note").inner_text()
    page.keyboard.press("Escape")
    page.locator('a.marker[href="#t-s2.p4.v2"]').click()
    assert popover.locator(".decision[data-resp=editor]").inner_text() == "editor's lemma"
