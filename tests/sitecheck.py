"""Checks of a built site shared by the tests: every internal link and anchor resolves."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html


def page_targets(page: Path) -> tuple[set[str], list[tuple[str, str]]]:
    """The ids a page defines, and every href and src it has, with the tag that has it."""
    document = html.parse(str(page)).getroot()
    elements = [e for e in document.iter() if isinstance(e.tag, str)]
    ids = {e.get("id") for e in elements if e.get("id")} | {e.get("name") for e in elements
                                                             if e.tag == "a" and e.get("name")}
    links = [(e.tag, e.get(attribute)) for e in elements for attribute in ("href", "src") if e.get(attribute)]
    return ids, links


def broken_links(root: Path) -> list[str]:
    """Every link of every page of the site in ``root`` that names no file of it or no id in that file,
    and every resource (script, stylesheet, image) fetched from outside: the site must work offline.
    Links a reader follows out of the site (``<a href="https://…">``) are allowed."""
    root = root.resolve()
    pages = {p.resolve(): page_targets(p) for p in sorted(root.rglob("*.html"))}
    broken = []
    for page, (_ids, links) in pages.items():
        for tag, link in links:
            parts = urlsplit(link)
            where = f"{page.relative_to(root)}: {link}"
            if parts.scheme or parts.netloc:
                if tag != "a":
                    broken.append(f"{where} (fetched from outside: the site must work offline)")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if root not in target.parents or not target.is_file():
                broken.append(f"{where} (no such file in the site)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target][0] if target in pages else page_targets(target)[0]
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where} (no such anchor)")
    return broken
