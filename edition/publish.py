"""Publishing TEI files named on the command line: read, validate, render (``edition render``).

The publish half of the pipeline on its own, for TEI written by this tool
or elsewhere: every file is read and validated before the site is written,
and the site is written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from . import __version__
from .errors import TEIError
from .model import Diagnostic, Severity, Validation
from .output import check_output, staged
from .render import render_site
from .render.paths import slugify
from .tei.encode import TEI_NS
from .tei.foreign import is_profile, normalise
from .tei.read import MAX_APPS, parse_tei
from .validate import checks_made, validate


# Problems no site can be made past: a root that is not TEI P5 (nothing to render), markup a
# browser would run in the published copy of the file, two witnesses whose pages are one file.
UNPUBLISHABLE = frozenset({"E-TEI-NAMESPACE", "E-ACTIVE-MARKUP", "E-SIGLUM-COLLISION"})


def render_files(paths: list[Path], out: Path, *, title: str, strict: bool,
                 max_entries: int | None = MAX_APPS) -> list[Diagnostic]:
    """Validate and publish TEI files as a site in ``out``; return the problems found.

    Other errors (of the schema, of the apparatus) are reported and the site is
    rendered as far as possible; with ``strict``, any problem writes nothing.
    A file of more than ``max_entries`` entries is refused (None: no limit).
    """
    target = check_output(out, [p.parent for p in paths])
    documents = []
    problems: list[Diagnostic] = []
    as_read: dict[str, bytes] = {}
    checks: list[tuple[str, ...]] = []
    for path in paths:
        tree = parse_tei(path, name=str(path), max_apps=max_entries)
        problems.extend(validate(tree, file=str(path)))
        checks.append(checks_made(tree))
        if not is_profile(tree):
            # TEI from elsewhere is published in the profile's shape; its download stays the file as read.
            as_read[path.name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
            tree = normalise(tree, file=str(path)).tree
        documents.append((path.name, tree))
    fatal = [p for p in problems if p.code in UNPUBLISHABLE]
    counted = [p for p in problems if p.severity is not Severity.NOTE]
    if fatal or (strict and counted):
        found = fatal or counted
        what = f"{len(found)} problem{'s' if len(found) != 1 else ''}"
        why = f"{what} no site can be made past" if fatal else f"strict mode: {what}"
        raise TEIError(f"{why}; nothing was written", diagnostics=tuple(found))
    reports: dict[str, list[Diagnostic]] = {}
    validation = []
    for path, (_name, tree), checked in zip(paths, documents, checks):
        work = _work_id(tree, path)
        reports[work] = [p for p in problems if p.file == str(path)]
        validation.append(Validation(work, path.name, checked, tuple(reports[work])))
    with staged(target) as staging:
        render_site(documents, staging, edition_title=title, version=__version__, reports=reports,
                    as_read=as_read, validation=validation)
    return [p for p in problems if p.severity is Severity.ERROR] + \
        [p for p in problems if p.severity is not Severity.ERROR]


def _work_id(tree, path: Path) -> str:
    idno = tree.find(f".//{{{TEI_NS}}}publicationStmt/{{{TEI_NS}}}idno[@type='work']")
    return idno.text.strip() if idno is not None and idno.text else slugify(path.stem)
