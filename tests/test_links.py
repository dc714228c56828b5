"""Every internal link and anchor of the built site resolves (the site must work from a folder)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html

from edition.build import build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("links") / "build"
    build(ROOT / "seeds", out)
    return out / "site"


def _targets(page: Path) -> tuple[set[str], list[tuple[str, str]]]:
    """The ids a page defines, and its (attribute, link) pairs."""
    document = html.parse(str(page)).getroot()
    ids = {e.get("id") for e in document.iter() if isinstance(e.tag, str) and e.get("id")}
    ids |= {e.get("name") for e in document.iter("a") if e.get("name")}
    links = [(attribute, e.get(attribute)) for e in document.iter() if isinstance(e.tag, str)
             for attribute in ("href", "src") if e.get(attribute)]
    return ids, links


def test_every_internal_link_and_anchor_resolves(site):
    pages = {p: _targets(p) for p in site.rglob("*.html")}
    assert len(pages) > 20 and sum(len(links) for _ids, links in pages.values()) > 1000
    broken = []
    for page, (_ids, links) in pages.items():
        for attribute, link in links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                broken.append((page.relative_to(site), link, "leaves the site: it must work offline"))
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append((page.relative_to(site), link, "no such file in the site"))
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target][0] if target in pages else _targets(target)[0]
                if unquote(parts.fragment) not in ids:
                    broken.append((page.relative_to(site), link, "no such anchor"))
    assert broken == []


def test_the_checker_sees_a_broken_anchor(site, tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<html><body><a id="here" href="#there">x</a></body></html>', encoding="utf-8")
    ids, links = _targets(page)
    assert ids == {"here"} and links == [("href", "#there")]
