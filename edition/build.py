"""Build an edition, read top to bottom.

Phases: read the catalogue; ingest every witness; collate, encode and check
every work; render the site from the TEI files alone; write everything in
one swap. Everything is read and made before anything is written. Warnings
are counted; in strict mode any warning fails the build at the end.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .catalogue import load_catalogue
from .collate import collate
from .errors import EditionError
from .ingest import NORMALISATIONS, ingest
from .model import Collation, Diagnostic, Edition, Severity, Work
from .output import check_output, safe_join, staged
from .render import render_site
from .tei.encode import encode, serialize
from .tei.read import parse_tei
from .tei.rebuild import rebuild_witnesses
from .validate import validate

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build made and found."""

    works: int = 0
    witnesses: int = 0
    classes: Counter = field(default_factory=Counter)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    output: Path | None = None

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
    collation: Collation
    tei: bytes


def build(project: Path, out: Path, *, strict: bool = False,
          progress: Progress | None = None) -> BuildReport:
    """Build the edition of ``project`` into ``out`` (``out/tei/``, ``out/site/``)."""
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    target = check_output(out, [project])
    edition = load_catalogue(project)
    report = BuildReport(output=target)
    made = [_make_work(project, edition, work, report, say) for work in edition.works]
    documents = [(f"{m.work.id}.xml", parse_tei(m.tei, name=f"{m.work.id}.xml")) for m in made]
    if report.errors or (strict and report.warnings):
        report.seconds = time.perf_counter() - started
        raise BuildFailed(_failure(report, strict), report)
    with staged(target) as staging:
        tei_dir = staging / "tei"
        tei_dir.mkdir()
        for m in made:
            safe_join(tei_dir, f"{m.work.id}.xml").write_bytes(m.tei)
        say("rendering the site")
        render_site(documents, staging / "site", edition_title=edition.title,
                    version=edition.version or __version__,
                    reports={m.work.id: list(m.collation.findings) for m in made})
    report.seconds = time.perf_counter() - started
    return report


def _make_work(project: Path, edition: Edition, work: Work, report: BuildReport,
               say: Progress) -> MadeWork:
    """Ingest, collate, encode and check one work."""
    witnesses = [ingest(source, project) for source in work.witnesses]
    collation = collate(work, witnesses)
    tree = encode(collation, edition, NORMALISATIONS)
    tei = serialize(tree)
    name = f"{work.id}.xml"
    problems = validate(parse_tei(tei, name=name), file=name)
    problems += check_rebuild(collation, tree, name)
    report.works += 1
    report.witnesses += len(witnesses)
    counts = Counter(app.get("type") for app in tree.iter("{http://www.tei-c.org/ns/1.0}app"))
    report.classes.update(counts)
    report.diagnostics.extend(collation.findings)
    report.diagnostics.extend(problems)
    summary = ", ".join(f"{n} {c}" for c, n in sorted(counts.items())) or "no variants"
    say(f"{work.id}: {len(witnesses)} witness{'es' if len(witnesses) != 1 else ''}; {summary}; "
        f"{len(collation.findings)} warning{'s' if len(collation.findings) != 1 else ''}")
    return MadeWork(work, collation, tei)


def check_rebuild(collation: Collation, tree, name: str) -> list[Diagnostic]:
    """Each witness rebuilt from the TEI must equal its normalised text, block for block."""
    rebuilt = rebuild_witnesses(tree)
    problems = []
    for witness in collation.witnesses:
        expected = [b.text for b in witness.text_blocks]
        got = rebuilt.get(witness.siglum, [])
        if got != expected:
            where = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b),
                         min(len(got), len(expected)))
            problems.append(Diagnostic(
                "E-REBUILD", f"witness {witness.siglum} rebuilt from the TEI differs from its "
                f"normalised text at block {where + 1}", name,
                hint="this is a defect of edition: please report it with the input files"))
    return problems


def _failure(report: BuildReport, strict: bool) -> str:
    if report.errors:
        return f"the build found {len(report.errors)} error{'s' if len(report.errors) != 1 else ''}; nothing was written"
    count = len(report.warnings)
    return f"strict mode: {count} warning{'s' if count != 1 else ''}; nothing was written"
