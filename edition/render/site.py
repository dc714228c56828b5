"""The site of an edition, from its TEI documents alone (ARCHITECTURE.md, "Site").

``render_site`` reads every document (header facts, each witness's text,
the XSLT fragments of every page) before it writes anything, then writes
each page in simplified and traditional script:

    index.html                        the works, their witnesses, coverage and counts
    about.html                        editorial principles, from the TEI headers
    works/<work>/index.html           reading text with markers and footnote apparatus
    works/<work>/witness/<sig>.html   one witness as it reads
    works/<work>/parallel.html        the witnesses side by side, row by row, differences marked
    works/<work>/report.html          the lint findings of the work (when reports are given)
    validation.html                   what was checked in each TEI file and what was found (when given)
    works/<work>/<work>.xml           the TEI document
    works/<work>/variants.html        every apparatus entry, filterable; also variants.csv and .json
    works/<work>/witness/<sig>.txt    one witness as plain text
    downloads/edition-tei.zip         every TEI document
    search.html                       search across all works, with static/search.js and search-index.js
    dts/                              a static DTS 1.0 API (edition.render.dts): collection, navigation, document
    static/edition.css, edition.js

Nothing shown depends on the time or the machine: the edition's version is
shown, never a build date, so the same documents give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lxml import etree

from ..model import Validation
from ..tei.read import serialize
from .downloads import ARCHIVE, plain_text, tei_archive
from .dts import Resource, dts_files
from .facts import WitnessFacts, WorkFacts, is_chinese, read_facts
from .hant import convert_texts
from .pages import both_scripts, html, write_page
from .parallel import ParallelView, parallel_view
from .paths import script_path, slugify, unique_slugs, write
from .search import IndexedWork, index_data, index_script
from .transform import numbered, reading_text_characters, transform
from .variants import Entry, contexts, read_entries, variant_rows, variants_csv, variants_json
from .views import WitnessView, witness_views

STATIC = ("edition.css", "edition.js", "search.js", "variants.js", "parallel.js")


@dataclass(frozen=True, slots=True)
class Witness:
    """A witness of a work as the pages show it: its facts, its file name, its text and share of the text."""

    facts: WitnessFacts
    slug: str
    characters: int
    share: int | None
    text: tuple[str, str]
    plain: bytes  # the witness as a plain-text file


@dataclass(frozen=True, slots=True)
class Work:
    facts: WorkFacts
    slug: str
    witnesses: tuple[Witness, ...]
    text: tuple[str, str]
    tei: bytes
    findings: tuple | None
    parallel: ParallelView

    @property
    def dir(self) -> str:
        return f"works/{self.slug}/"

    def lang(self, hant: bool) -> str:
        """The language of the text as a page in that script shows it."""
        return "zh-Hant" if hant and is_chinese(self.facts.lang) else self.facts.lang


@dataclass(frozen=True, slots=True)
class Site:
    title: str
    version: str
    works: tuple[Work, ...]
    validation: tuple[Validation, ...] | None = None


def render_site(documents: list[tuple[str, etree._ElementTree]], out: Path, *, edition_title: str,
                version: str, reports: dict | None = None, as_read: dict[str, bytes] | None = None,
                validation: list[Validation] | None = None) -> list[Path]:
    """Write the site of ``documents`` (file name, parsed TEI) into the empty folder ``out``.

    ``reports`` maps a work id to its lint findings (``model.Diagnostic``),
    published as each work's report page. ``as_read`` maps a file name to
    the TEI to offer for download where that is not the document given (a
    file from elsewhere, rendered as ``edition.tei.foreign`` reads it).
    ``validation`` (what was checked in each file and what was found) is
    published as ``validation.html``. Returns the paths written.
    """
    works = tuple(_read(name, tree, reports, (as_read or {}).get(name)) for name, tree in documents)
    unique_slugs([work.facts.id for work in works], "work id")
    site = Site(edition_title, version, works, None if validation is None else tuple(validation))
    entries = [read_entries(tree) for _, tree in documents]
    search_index = index_script(index_data([IndexedWork(work.slug, work.facts.title, tree)
                                            for work, (_, tree) in zip(works, documents)]))
    dts = list(dts_files([_dts_resource(work, tree) for work, (_, tree) in zip(works, documents)],
                         title=edition_title))
    written: list[Path] = []
    for work in works:
        _write_work(out, written, site, work)
    for work, work_entries in zip(works, entries):
        _write_lists(out, written, site, work, work_entries)
    write(out, ARCHIVE, tei_archive({f"{work.slug}.xml": work.tei for work in works}), written)
    write_page(out, written, "index.html", "index.html", site=site)
    write_page(out, written, "about.html", "about.html", site=site)
    write_page(out, written, "search.html", "search.html", site=site)
    if site.validation is not None:
        write_page(out, written, "validation.html", "validation.html", site=site)
    write(out, "static/search-index.js", search_index, written)
    for path, data in dts:
        write(out, path, data, written)
    for name in STATIC:
        write(out, f"static/{name}", resources.files(__package__).joinpath("static", name).read_bytes(), written)
    return sorted(written)


def _dts_resource(work: Work, tree: etree._ElementTree) -> Resource:
    facts = work.facts
    return Resource(work.slug, facts.title, facts.lang, facts.date, facts.publisher,
                    f"{work.dir}{work.slug}.xml", tree, work.tei)


def _read(name: str, tree: etree._ElementTree, reports: dict | None, tei: bytes | None = None) -> Work:
    """Everything the pages of one work need, made before anything is written."""
    facts = read_facts(tree, slugify(name.rsplit(".", 1)[0]))
    slugs = unique_slugs([w.siglum for w in facts.witnesses], "siglum")
    views = witness_views(tree)
    numbered_tree = numbered(tree)
    base = reading_text_characters(numbered_tree)
    witnesses = []
    for witness in facts.witnesses:
        view = views.get(witness.siglum, WitnessView((), 0))
        share = round(100 * view.characters / base) if base else None
        witnesses.append(Witness(witness, slugs[witness.siglum], view.characters, share,
                                 _witness_text(view, witness.file, is_chinese(facts.lang)),
                                 plain_text(list(view.texts))))
    findings = None if reports is None else tuple(reports.get(facts.id, ()))
    text = both_scripts(transform("text.xsl", numbered_tree, text_lang=facts.lang), is_chinese(facts.lang))
    return Work(facts, slugify(facts.id), tuple(witnesses), text,
                tei or serialize(tree), findings,
                parallel_view(numbered_tree, [(w.facts.siglum, w.facts.label, w.slug) for w in witnesses],
                              facts.lang))


def _witness_text(view: WitnessView, file: str, chinese: bool) -> tuple[str, str]:
    """A witness's text as HTML in both scripts (Chinese text converted before the stylesheet runs)."""
    return (_witness_html(view.body(), file, hant=False),
            _witness_html(view.body(convert_texts if chinese else None), file, hant=True))


def _witness_html(body: etree._Element, file: str, *, hant: bool) -> str:
    """The blocks of a witness as HTML, linked to the reading text in the same script."""
    return html(transform("witness.xsl", etree.ElementTree(body), file=file,
                          reading_page=script_path("../index.html", hant)))


def _write_work(out: Path, written: list[Path], site: Site, work: Work) -> None:
    write_page(out, written, "work.html", f"{work.dir}index.html", work.text, site=site, work=work)
    write_page(out, written, "parallel.html", f"{work.dir}parallel.html", work.parallel.text, site=site, work=work)
    for witness in work.witnesses:
        write_page(out, written, "witness.html", f"{work.dir}witness/{witness.slug}.html", witness.text,
                   site=site, work=work, witness=witness)
    if work.findings is not None:
        write_page(out, written, "report.html", f"{work.dir}report.html", site=site, work=work)
    write(out, f"{work.dir}{work.slug}.xml", work.tei, written)


def _write_lists(out: Path, written: list[Path], site: Site, work: Work, entries: tuple[Entry, ...]) -> None:
    """The variants page of a work with its CSV and JSON, and each witness as plain text."""
    write_page(out, written, "variants.html", f"{work.dir}variants.html", site=site, work=work, entries=entries,
               contexts=contexts(entries, is_chinese(work.facts.lang)), variant_rows=variant_rows(entries, work.facts.lang))
    write(out, f"{work.dir}variants.csv", variants_csv(entries), written)
    write(out, f"{work.dir}variants.json", variants_json(
        entries, edition=site.title, version=site.version, work_id=work.facts.id, work_title=work.facts.title,
        lang=work.facts.lang, witnesses=[(w.facts.siglum, w.facts.label) for w in work.witnesses]), written)
    for witness in work.witnesses:
        write(out, f"{work.dir}witness/{witness.slug}.txt", witness.plain, written)
