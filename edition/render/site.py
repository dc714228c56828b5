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
    works/<work>/variants.html        every apparatus entry, filterable, and the witness agreement matrix;
                                      also variants.csv and .json
    works/<work>/witness/<sig>.txt    one witness as plain text
    downloads/edition-tei.zip         every TEI document
    search.html                       search across all works, with static/search.js and search-index.js
    shared.html                       passages shared between works, side by side (when there are any)
    dts/                              a static DTS 1.0 API (edition.render.dts): collection, navigation, document
    static/edition.css, edition.js

Nothing shown depends on the time or the machine: the edition's version is
shown, never a build date, so the same documents give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import repeat
from importlib import resources
from pathlib import Path

from lxml import etree

from ..memory import bulk_stage
from ..model import Validation
from ..tei.read import serialize
from .downloads import ARCHIVE, plain_text, tei_archive
from .agreement import agreement
from .beside import beside, in_copy, keep
from .dts import Resource, dts_files
from .facts import WitnessFacts, WorkFacts, is_chinese, read_facts
from .hant import convert_texts
from .pages import both_scripts, write_page
from .parallel import ParallelView, parallel_view
from .paths import script_path, slugify, unique_slugs, work_dir, write
from .search import IndexedWork, index_data, index_script
from .shared import CONTAINMENT, RUN, Shared, by_row, shared_passages
from .transform import ReadingText, numbered_text, reading_text, transform
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
    tei: bytes
    findings: tuple | None
    tree: etree._ElementTree = field(compare=False, repr=False)
    parallel: ParallelView | None = None  # made beside the other pages (``_beside_half``)

    @property
    def dir(self) -> str:
        return work_dir(self.slug)

    def lang(self, hant: bool) -> str:
        """The language of the text as a page in that script shows it."""
        return "zh-Hant" if hant and is_chinese(self.facts.lang) else self.facts.lang


@dataclass(frozen=True, slots=True)
class Site:
    title: str
    version: str
    works: tuple[Work, ...]
    validation: tuple[Validation, ...] | None = None
    shared: tuple[Shared, ...] = ()  # passages shared between works


@bulk_stage
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
    facts = [read_facts(tree, slugify(name.rsplit(".", 1)[0])) for name, tree in documents]
    unique_slugs([f.id for f in facts], "work id")
    sigla = [unique_slugs([w.siglum for w in work.witnesses], "siglum") for work in facts]
    tei = [(as_read or {}).get(name) or serialize(tree) for name, tree in documents]
    trees = [tree for _, tree in documents]
    # The two halves of the site are made side by side: here, the pages of each work and the search
    # index; beside, their reading texts and parallel views (for the pages made here), the archive of
    # the TEI and DTS. Only that half needs the entries numbered (``transform.numbered``), and it
    # numbers its own copy of the trees.
    other_half = beside(lambda: _beside_half(out, trees, facts, sigla, tei, edition_title))
    reading_texts = [reading_text(tree) for tree in trees]
    passages = _shared_passages(facts, reading_texts)
    bases = [text.characters for text in reading_texts]
    works = tuple(_read(*work) for work in zip(trees, bases, facts, sigla, tei, repeat(reports)))
    site = Site(edition_title, version, works, None if validation is None else tuple(validation), passages)
    written: list[Path] = []
    for work in works:
        _write_lists(out, written, site, work, read_entries(work.tree))
    write_page(out, written, "index.html", "index.html", site=site)
    write_page(out, written, "about.html", "about.html", site=site)
    write_page(out, written, "search.html", "search.html", site=site)
    if site.validation is not None:
        write_page(out, written, "validation.html", "validation.html", site=site)
    if site.shared:
        write_page(out, written, "shared.html", "shared.html", site=site, groups=_shared_groups(site),
                   run=RUN, containment=round(100 * CONTAINMENT))
    for name in STATIC:
        write(out, f"static/{name}", resources.files(__package__).joinpath("static", name).read_bytes(), written)
    write(out, "static/search-index.js", index_script(index_data(
        [IndexedWork(work.slug, work.facts.title, work.tree) for work in works])), written)
    made, written_beside = other_half()
    for work, beside_made in zip(works, made):
        _write_work(out, written, site, work, beside_made.reading)
        write_page(out, written, "parallel.html", f"{work.dir}parallel.html", beside_made.table, site=site,
                   work=replace(work, parallel=beside_made.view))
    return sorted([*written, *written_beside])


def _shared_passages(facts: list[WorkFacts], texts: list[ReadingText]) -> tuple[Shared, ...]:
    """The passages the works share, found in their reading texts."""
    return shared_passages([(slugify(work.id), work.title, list(text.rows)) for work, text in zip(facts, texts)])


@dataclass(frozen=True, slots=True)
class _MadeBeside:
    """What the other half makes of a work: its reading text and parallel table in both scripts, in
    UTF-8 (so that neither process turns them into text again), and the parallel view they are of."""

    reading: tuple[bytes, bytes]
    table: tuple[bytes, bytes]
    view: ParallelView  # without its text, which is ``table``


def _beside_half(out: Path, trees: list[etree._ElementTree], facts: list[WorkFacts], sigla: list[dict[str, str]],
                 tei: list[bytes], edition_title: str) -> tuple[list[_MadeBeside], list[Path]]:
    """The reading text and the parallel view of each work, and the archive of all TEI and the DTS
    files (written into ``out``). Returns what it made of each work and the paths written.

    The reading texts come last: their stylesheet strips the white space of the numbered trees.
    """
    written: list[Path] = []
    slugs = [slugify(work.id) for work in facts]
    write(out, ARCHIVE, tei_archive({f"{slug}.xml": data for slug, data in zip(slugs, tei)}), written)
    for path, data in dts_files([Resource(slug, work.title, work.lang, work.date, work.publisher,
                                          f"{work_dir(slug)}{slug}.xml", tree, data)
                                 for slug, work, tree, data in zip(slugs, facts, trees, tei)], title=edition_title):
        write(out, path, data, written)
    numbered = [numbered_text(tree, in_place=in_copy()) for tree in trees]  # a copy's trees are its own
    numbered_trees = [tree for tree, _ in numbered]
    shared = by_row(_shared_passages(facts, [text for _, text in numbered]))
    views = [parallel_view(tree, [(w.siglum, w.label, slugs[w.siglum]) for w in work.witnesses], work.lang)
             for tree, work, slugs in zip(numbered_trees, facts, sigla)]
    texts = [_reading_text(tree, work, slug, shared) for tree, work, slug in zip(numbered_trees, facts, slugs)]
    keep(numbered_trees)
    return [_MadeBeside(_utf8(text), _utf8(view.text), replace(view, text=("", "")))
            for text, view in zip(texts, views)], written


def _utf8(texts: tuple[str, str]) -> tuple[bytes, bytes]:
    return texts[0].encode("utf-8"), texts[1].encode("utf-8")


def _reading_text(numbered_tree: etree._ElementTree, facts: WorkFacts, slug: str,
                  shared: dict[tuple[str, str], list[Shared]]) -> tuple[str, str]:
    """The reading text of a work with its footnote apparatus, as HTML in both scripts."""
    fragment = transform("text.xsl", numbered_tree, text_lang=facts.lang)
    links = _shared_links(fragment, slug, shared)
    keep(fragment)
    return both_scripts(fragment, is_chinese(facts.lang), links)


def _read(tree: etree._ElementTree, base: int, facts: WorkFacts, slugs: dict[str, str],
          tei: bytes, reports: dict | None) -> Work:
    """What the pages of one work need but its reading text and parallel view (made beside), before they
    are written; ``base`` is the characters of its reading text, which a witness's share is of."""
    views = witness_views(tree)
    witnesses = []
    for witness in facts.witnesses:
        view = views.get(witness.siglum, WitnessView((), 0))
        share = round(100 * view.characters / base) if base else None
        witnesses.append(Witness(witness, slugs[witness.siglum], view.characters, share,
                                 _witness_text(view, witness.file, is_chinese(facts.lang)),
                                 plain_text(list(view.texts))))
    findings = None if reports is None else tuple(reports.get(facts.id, ()))
    return Work(facts, slugify(facts.id), tuple(witnesses), tei, findings, tree)


SHARED_PAGE = "../../shared.html"  # from a work's reading page
SHARED_ID_PREFIX = "t-"  # the ids of rows on the reading page (xslt/common.xsl)


def _shared_links(fragment: etree._Element | None, slug: str,
                  shared: dict[tuple[str, str], list[Shared]]) -> list[etree._Element]:
    """Give each row of the reading text a link to every passage it shares with another work; return the links."""
    if fragment is None or not shared:
        return []
    rows = {e.get("id"): e for e in fragment.iter() if (e.get("id") or "").startswith(SHARED_ID_PREFIX)}
    links = []
    for (work, row_id), pairs in shared.items():
        row = rows.get(SHARED_ID_PREFIX + row_id)
        if work != slug or row is None:
            continue
        for pair in pairs:
            other = pair.b if pair.a.work == slug and pair.a.id == row_id else pair.a
            link = etree.SubElement(row, "a", {"class": "shared-link", "href": f"{SHARED_PAGE}#{pair.id}", "lang": "en",
                                               "title": f"Shares a passage with {other.work} {other.id}: "
                                                        f"{pair.share}% of the shorter paragraph"})
            link.text = f"⇄ {other.work} {other.id}"
            links.append(link)
    return links


def _shared_groups(site: Site) -> list[tuple[tuple[Work, Work], list[Shared]]]:
    """The shared passages by the two works they stand in, in the works' order."""
    works = {work.slug: work for work in site.works}
    groups: dict[tuple[str, str], list[Shared]] = {}
    for pair in site.shared:
        groups.setdefault((pair.a.work, pair.b.work), []).append(pair)
    return [((works[a], works[b]), pairs) for (a, b), pairs in groups.items()]


def _witness_text(view: WitnessView, file: str, chinese: bool) -> tuple[str, str]:
    """A witness's text as HTML in both scripts, linked to the reading text in the same script."""
    return (view.html(file, "../index.html"),
            view.html(file, script_path("../index.html", True), convert_texts if chinese else None))


def _write_work(out: Path, written: list[Path], site: Site, work: Work, text: tuple[str, str]) -> None:
    """The reading page of a work (``text``: its reading text in both scripts), its witness pages,
    report and TEI."""
    write_page(out, written, "work.html", f"{work.dir}index.html", text, site=site, work=work)
    for witness in work.witnesses:
        write_page(out, written, "witness.html", f"{work.dir}witness/{witness.slug}.html", witness.text,
                   site=site, work=work, witness=witness)
    if work.findings is not None:
        write_page(out, written, "report.html", f"{work.dir}report.html", site=site, work=work)
    write(out, f"{work.dir}{work.slug}.xml", work.tei, written)


def _write_lists(out: Path, written: list[Path], site: Site, work: Work, entries: tuple[Entry, ...]) -> None:
    """The variants page of a work with its CSV and JSON, and each witness as plain text."""
    facts = work.facts
    labels = {w.facts.siglum: w.facts.label for w in work.witnesses}
    write_page(out, written, "variants.html", f"{work.dir}variants.html", site=site, work=work, entries=entries,
               contexts=contexts(entries, is_chinese(facts.lang)),
               variant_rows=variant_rows(entries, facts.lang, labels),
               agreement=agreement(entries, [w.facts.siglum for w in work.witnesses]))
    write(out, f"{work.dir}variants.csv", variants_csv(entries, labels), written)
    write(out, f"{work.dir}variants.json", variants_json(
        entries, edition=site.title, version=site.version, work_id=facts.id, work_title=facts.title,
        lang=facts.lang, witnesses=[(w.facts.siglum, w.facts.label) for w in work.witnesses]), written)
    for witness in work.witnesses:
        write(out, f"{work.dir}witness/{witness.slug}.txt", witness.plain, written)
