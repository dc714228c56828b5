"""Build an edition, read top to bottom.

Phases: read the catalogue and the editorial decisions, and what the
previous build left in the output folder; for every work whose inputs
changed, ingest its witnesses, collate them, apply the decisions, encode
and check (the others are reused); render the site from the TEI files
alone; write everything, the cache too, in one swap. Everything is read
and made before anything is written. Warnings are counted; in strict mode
any warning fails the build at the end.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .cache import CACHE_DIR, CachedWork, read_cache, work_key, write_cache
from .catalogue import load_catalogue
from .collate import collate
from .decisions import Decisions, apply_decisions, load_decisions
from .errors import EditionError
from .ingest import NORMALISATIONS, ingest
from .model import Diagnostic, Edition, Severity, Validation, Work
from .output import check_output, safe_join, staged
from .render import render_site
from .tei.encode import TEI_NS, encode
from .tei.read import parse_tei, serialize
from .tei.rebuild import check_rebuild
from .validate import checks_made, validate

Progress = Callable[[str], None]


REBUILD_CHECK = "Nothing lost: each witness rebuilt from the TEI equals its normalised text, block for block."

@dataclass
class BuildReport:
    """What a build made and found."""

    works: int = 0
    witnesses: int = 0
    classes: Counter = field(default_factory=Counter)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    output: Path | None = None
    collated: list[str] = field(default_factory=list)  # ids of the works ingested and collated
    reused: list[str] = field(default_factory=list)  # ids of the works reused from the previous build

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


class BuildFailed(EditionError):
    """The build found errors (or, in strict mode, warnings) and wrote nothing."""

    def __init__(self, message: str, report: BuildReport):
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class MadeWork:
    work: Work
    made: CachedWork  # what the cache keeps of it: key, TEI, witnesses, findings
    reused: bool = False


def build(project: Path, out: Path, *, strict: bool = False,
          progress: Progress | None = None) -> BuildReport:
    """Build the edition of ``project`` into ``out`` (``out/tei/``, ``out/site/``).

    A work whose inputs are unchanged since the build that wrote ``out``
    (see ``edition.cache``) is reused from it, not ingested and collated again.
    """
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    target = check_output(out, [project])
    edition = load_catalogue(project)
    decisions = load_decisions(project, edition)
    previous = read_cache(target)
    report = BuildReport(output=target)
    made = [_make_work(project, edition, decisions, work, previous.get(work.id), report, say)
            for work in edition.works]
    documents = [(f"{m.work.id}.xml", parse_tei(m.made.tei, name=f"{m.work.id}.xml", max_apps=None)) for m in made]
    for _, tree in documents:
        report.classes.update(Counter(app.get("type") for app in tree.iter(f"{{{TEI_NS}}}app")))
    if report.errors or (strict and report.warnings):
        report.seconds = time.perf_counter() - started
        raise BuildFailed(_failure(report, strict), report)
    with staged(target) as staging:
        tei_dir = staging / "tei"
        tei_dir.mkdir()
        for m in made:
            safe_join(tei_dir, f"{m.work.id}.xml").write_bytes(m.made.tei)
            write_cache(staging / CACHE_DIR, m.work.id, m.made)
        say("rendering the site")
        render_site(documents, staging / "site", edition_title=edition.title,
                    version=edition.version or __version__,
                    reports={m.work.id: list(m.made.findings) for m in made},
                    validation=[Validation(m.work.id, name, checks_made(tree) + (REBUILD_CHECK,), m.made.problems)
                                for m, (name, tree) in zip(made, documents)])
    report.seconds = time.perf_counter() - started
    return report


def _make_work(project: Path, edition: Edition, decisions: Decisions, work: Work,
               cached: CachedWork | None, report: BuildReport, say: Progress) -> MadeWork:
    """Ingest, collate, decide, encode and check one work, or reuse what the last build made of it."""
    key = work_key(project, edition, work, decisions)
    if cached is not None and cached.key == key:
        made, reused = cached, True
        report.reused.append(work.id)
        say(f"{work.id}: unchanged, reused from the previous build")
    else:
        made, reused = _collate_work(project, edition, decisions, work, key, say), False
        report.collated.append(work.id)
    report.works += 1
    report.witnesses += made.witnesses
    report.diagnostics.extend(made.findings)
    report.diagnostics.extend(made.problems)
    return MadeWork(work, made, reused)


def _collate_work(project: Path, edition: Edition, decisions: Decisions, work: Work, key: str,
                  say: Progress) -> CachedWork:
    witnesses = [ingest(source, project) for source in work.witnesses]
    collation = apply_decisions(collate(work, witnesses), decisions)
    tree = encode(collation, edition, NORMALISATIONS)
    tei = serialize(tree)
    name = f"{work.id}.xml"
    problems = validate(parse_tei(tei, name=name, max_apps=None), file=name)
    problems += check_rebuild(collation, tree, name)
    counts = Counter(app.get("type") for app in tree.iter(f"{{{TEI_NS}}}app"))
    summary = ", ".join(f"{n} {c}" for c, n in sorted(counts.items())) or "no variants"
    say(f"{work.id}: {len(witnesses)} witness{'es' if len(witnesses) != 1 else ''}; {summary}; "
        f"{len(collation.findings)} warning{'s' if len(collation.findings) != 1 else ''}")
    return CachedWork(key, tei, len(witnesses), collation.findings, tuple(problems))


def _failure(report: BuildReport, strict: bool) -> str:
    if report.errors:
        return f"the build found {len(report.errors)} error{'s' if len(report.errors) != 1 else ''}; nothing was written"
    count = len(report.warnings)
    return f"strict mode: {count} warning{'s' if count != 1 else ''}; nothing was written"
