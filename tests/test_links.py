"""Every internal link and anchor of the built edition resolves, and nothing is fetched from outside."""

from __future__ import annotations

from pathlib import Path

from sitecheck import broken_links, page_targets

from edition.build import build

ROOT = Path(__file__).resolve().parent.parent


def test_every_internal_link_and_anchor_of_the_seed_edition_resolves(tmp_path):
    build(ROOT / "seeds", tmp_path / "build")
    site = tmp_path / "build" / "site"
    assert len(list(site.rglob("*.html"))) > 20
    assert sum(len(page_targets(p)[1]) for p in site.rglob("*.html")) > 1000
    assert broken_links(site) == []


def test_the_checker_finds_a_missing_anchor_a_missing_file_and_an_outside_link(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><body><a id="here" href="#there">1</a><a href="gone.html">2</a>'
        '<a href="https://example.org/">3</a><a href="#here">4</a>'
        '<script src="https://cdn.example.org/x.js"></script></body></html>', encoding="utf-8")
    assert broken_links(tmp_path) == ["index.html: #there (no such anchor)",
                                      "index.html: gone.html (no such file in the site)",
                                      "index.html: https://cdn.example.org/x.js (fetched from outside: "
                                      "the site must work offline)"]
