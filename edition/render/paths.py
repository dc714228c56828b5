"""Names that become paths of the site, and writing files only inside it.

Work ids and sigla come from TEI files anyone may write (``xml:id="../../x"``,
a siglum ``CON``, 300 characters): each is made a slug, capped in length, and
two names whose slugs meet (``A`` and ``a`` on a case-insensitive disk) are an
error, never a silent overwrite.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputError
from ..output import safe_join

MAX_SLUG = 64
HANT = ".zh-Hant"

_UNSAFE = re.compile(r"[^\w-]+")
# Names Windows reserves whatever their extension.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{name}{n}" for name in ("com", "lpt") for n in range(1, 10)]
)


def slugify(name: str) -> str:
    """A file name for ``name``: letters, digits, ``-`` and ``_``, at most ``MAX_SLUG`` characters.

    A name that had to be cut, or that leaves nothing, gets a short hash of
    itself, so that different long names keep different slugs.
    """
    slug = _UNSAFE.sub("-", name).strip("-_")
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    if not slug:
        return f"x-{digest}"
    if len(slug) > MAX_SLUG:
        slug = f"{slug[:MAX_SLUG - 9]}-{digest}"
    if slug.lower() in _RESERVED:
        slug += "_"
    return slug


def unique_slugs(names: list[str], what: str, sources: list[str] | None = None) -> dict[str, str]:
    """Slugs for ``names``; two names that would share a file (the same, or the same ignoring case
    and punctuation) are an error, which names their ``sources`` where given (one per name)."""
    slugs: dict[str, str] = {}
    seen: dict[str, int] = {}
    for number, name in enumerate(names):
        slug = slugify(name)
        first = seen.setdefault(slug.casefold(), number)
        if first != number:
            other = names[first]
            where = ("" if not sources else f" (in {sources[number]})" if sources[first] == sources[number]
                     else f" ({sources[first]} and {sources[number]})")
            if other == name:
                raise OutputError(f"the {what} '{name}' is given twice{where}: both would be written to the same pages",
                                  hint=f"give each its own {what}")
            raise OutputError(f"the {what} '{other}' and '{name}'{where} would be written to the same file '{slug}'",
                              hint=f"give each {what} a name that differs in more than case and punctuation")
        slugs[name] = slug
    return slugs


def work_dir(slug: str) -> str:
    """The folder of a work's pages in the site (``works/<slug>/``)."""
    return f"works/{slug}/"


def script_path(path: str, hant: bool) -> str:
    """The path of a page in simplified script (``x/index.html``) or traditional (``x/index.zh-Hant.html``)."""
    return path[: -len(".html")] + HANT + ".html" if hant else path


def hant_href(href: str) -> str:
    """A relative link to a simplified-script page, pointed at its traditional-script twin."""
    page, sep, fragment = href.partition("#")
    if not page.endswith(".html") or page.endswith(HANT + ".html"):
        return href
    return script_path(page, True) + sep + fragment


def relative(target: str, page: str) -> str:
    """The relative URL from the site page ``page`` to the site path ``target``."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def write(out: Path, path: str, data: bytes | Iterable[bytes], written: list[Path]) -> None:
    """Write ``data`` (bytes, or its parts in order) at the site path ``path``, refusing any path that
    leaves ``out``.

    A site has thousands of small files (DTS): each is written with the system's
    calls alone, without the buffered file object ``open`` would make for it.
    """
    target = safe_join(out, path)
    try:
        fd = os.open(target, _NEW_FILE, 0o666)
    except FileNotFoundError:  # the first file of its folder
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, _NEW_FILE, 0o666)
    try:
        for part in (data,) if isinstance(data, (bytes, bytearray, memoryview)) else data:
            view = memoryview(part)
            while view:
                view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    written.append(target)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
