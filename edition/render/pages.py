"""Pages: a jinja2 template around an HTML fragment, in both scripts.

Every page is written twice, ``x.html`` in simplified script and
``x.zh-Hant.html`` in traditional (once, in English, on a site with no
Chinese text). Templates convert what they show with
the ``zh`` filter (a no-op on simplified pages); fragments made by XSLT
come in both scripts already (``both_scripts``, or a witness's text
converted before the stylesheet runs). Neither touches attribute values,
so ids and links stay as they are.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from lxml import etree
from markupsafe import Markup

from ..script import to_traditional_display
from .cite import cite_data, fill
from .facts import is_chinese
from .hant import to_hant
from .paths import hant_href, relative, script_path, write

SCRIPTS = {False: "zh-Hans", True: "zh-Hant"}
SWITCH_LABEL = {False: "繁體", True: "简体"}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the site: its path (in simplified script), the script it is written in, and whether
    its site is in Chinese. A page of a site in Chinese is in its script (``zh-Hans``, ``zh-Hant``) and
    links to its twin in the other; the pages of any other site are in English, the language of their
    own words, and what they show of the TEI says its own language."""

    path: str
    hant: bool
    chinese: bool = True

    @property
    def lang(self) -> str:
        return SCRIPTS[self.hant] if self.chinese else "en"

    @property
    def other_lang(self) -> str:
        return SCRIPTS[not self.hant]

    @property
    def switch_label(self) -> str:
        """The name of the other script, written in it."""
        return SWITCH_LABEL[self.hant]

    @property
    def switch_href(self) -> str:
        """This page in the other script (the two are side by side in one folder)."""
        return posixpath.basename(script_path(self.path, not self.hant))

    def href(self, target: str) -> str:
        """A link from this page to the site page ``target`` (a simplified-script path), in this page's script."""
        return relative(script_path(target, self.hant), self.path)

    def file(self, target: str) -> str:
        """A link from this page to a file of the site that has no script (a stylesheet, a TEI file)."""
        return relative(target, self.path)


@pass_context
def _zh(context, value: str, lang: str | None = None) -> str:
    """Text in the script of the page being rendered; if it is in ``lang`` (a language tag), only where
    that is Chinese."""
    return to_traditional_display(value) if context["page"].hant and (lang is None or is_chinese(lang)) else value


def _lang_attr(lang: str, page: Page) -> Markup:
    """`` lang="…"`` for what is in ``lang`` on ``page``, unless that is the page's own language."""
    return Markup("") if lang == page.lang else Markup(' lang="{}"').format(lang)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment: package templates, autoescaped, strict about undefined names."""
    env = Environment(loader=PackageLoader("edition.render"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["zh"] = _zh
    env.globals.update(cite_data=cite_data, fill_citation=fill, lang_attr=_lang_attr)
    return env


def write_page(out: Path, written: list[Path], template: str, path: str,
               fragments: tuple[str, str] | tuple[bytes, bytes] = ("", ""), **context) -> None:
    """Render ``template`` at ``path`` in both scripts, around ``fragments`` (HTML made by XSLT, one per
    script; as text, or as UTF-8, which is put into the page as it is). A site with no Chinese text has
    its pages in one script only."""
    chinese = getattr(context.get("site"), "chinese", True)
    for hant, fragment in zip((False, True) if chinese else (False,), fragments):
        utf8 = isinstance(fragment, bytes)
        page = Page(path, hant, chinese)
        text = environment().get_template(template).render(page=page,
                                                           fragment=Markup(_FRAGMENT if utf8 else fragment), **context)
        data = _around(text, fragment, template) if utf8 else text.encode("utf-8")
        write(out, script_path(path, hant), data, written)


_FRAGMENT = "\x00fragment\x00"  # where the fragment goes: no page has a NUL character of its own


def _around(page: str, fragment: bytes, template: str) -> bytes:
    """The page with the UTF-8 ``fragment`` in the place held for it, if the page shows it: a long
    fragment is not decoded, copied into the page and encoded again."""
    parts = page.encode("utf-8").split(_FRAGMENT.encode())
    if len(parts) > 2:
        raise ValueError(f"the template {template} shows its fragment more than once")
    return fragment.join(parts)


def html(fragment: etree._Element | None) -> str:
    """An HTML fragment made by XSLT, as text."""
    return "" if fragment is None else etree.tostring(fragment, method="html", encoding="unicode")


def both_scripts(fragment: etree._Element | None, convert: bool,
                 links: list[etree._Element] = ()) -> tuple[str, str]:
    """A fragment as text in simplified script, then in traditional (its text converted if ``convert``);
    the fragment is changed. ``links`` are its links to other pages, pointed at their traditional twins."""
    hans = html(fragment)
    if fragment is None or not (convert or links):
        return hans, hans
    if convert:
        to_hant(fragment)
    for link in links:
        link.set("href", hant_href(link.get("href")))
    return hans, html(fragment)
