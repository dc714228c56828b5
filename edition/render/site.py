"""The site of an edition, from its TEI documents alone (ARCHITECTURE.md, "Site").

``render_site`` reads every document (header facts, each witness's text,
the XSLT fragments of every page) before it writes anything, then writes
each page in simplified and traditional script (where a work is in Chinese;
in one script where none is):

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
    search.html                       search across all works, with static/search.js, search-index.js and search/
    shared.html                       passages shared between works, side by side (when there are any)
    dts/                              a static DTS 1.0 API (edition.render.dts): collection, navigation, document
    static/edition.css, edition.js

Nothing shown depends on the time or the machine: the edition's version is
shown, never a build date, so the same documents give the same bytes.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field, replace
from functools import partial
from importlib import resources
from pathlib import Path

from lxml import etree

from ..memory import bulk_stage
from ..model import Validation
from ..tei.read import serialize
from .downloads import ARCHIVE, plain_text, tei_archive
from .agreement import agreement
from .beside import beside, in_copy, keep
from .dts import Resource, edition_files, resource_files
from .facts import WitnessFacts, WorkFacts, is_chinese, read_facts
from .hant import convert_texts
from .pages import both_scripts, write_page
from .parallel import ParallelView, parallel_view
from .paths import script_path, slugify, unique_slugs, work_dir, write
from .search import IndexedWork, SearchIndex
from .shared import CONTAINMENT, RUN, Shared, by_row, shared_passages
from .transform import ReadingText, numbered_text, reading_text, space_words, transform
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


@dataclass(frozen=True, slots=True)
class WitnessPages:
    """A witness's pages: its text as HTML in both scripts, and as a plain-text file."""

    text: tuple[str, str]
    plain: bytes


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
        return _in_script(self.facts.lang, hant)

    def header_lang(self, hant: bool) -> str:
        """The language of what its header says (titles, outlets) as a page in that script shows it."""
        return _in_script(self.facts.header_lang, hant)


def _in_script(lang: str, hant: bool) -> str:
    return "zh-Hant" if hant and is_chinese(lang) else lang


@dataclass(frozen=True, slots=True)
class Site:
    title: str
    version: str
    works: tuple[Work, ...]
    validation: tuple[Validation, ...] | None = None
    shared: tuple[Shared, ...] = ()  # passages shared between works
    chinese: bool = True  # whether a work is in Chinese: else the pages offer no switch of script


BATCH_BYTES = 2_000_000  # the TEI whose pages are made at a time: what a render holds beyond the trees grows with it


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
    published as ``validation.html``. Returns the paths written. The trees
    get the word spaces their pages show (``transform.space_words``).

    The works are made into pages a batch at a time (about ``BATCH_BYTES``
    of TEI each), and what a batch made is let go once it is written, so
    that a large edition needs little more memory than its trees.
    """
    facts = [read_facts(tree, slugify(name.rsplit(".", 1)[0])) for name, tree in documents]
    unique_slugs([f.id for f in facts], "work id", [name for name, _ in documents])
    sigla = [unique_slugs([w.siglum for w in work.witnesses], "witness siglum", [name] * len(work.witnesses))
             for (name, _), work in zip(documents, facts)]
    tei = [(as_read or {}).get(name) or serialize(tree) for name, tree in documents]
    trees = [tree for _, tree in documents]
    for tree, work in zip(trees, facts):
        space_words(tree, work.lang)
    batches = _batches(tei)
    reading_texts = passages = shared = None
    if len(batches) > 1:  # every batch's reading texts link to what they share with any work
        reading_texts = [reading_text(tree) for tree in trees]
        passages = _shared_passages(facts, reading_texts)
        shared = by_row(passages)
    site = Site(edition_title, version, (), None if validation is None else tuple(validation),
                chinese=any(is_chinese(work.lang) for work in facts))
    works: list[Work] = []
    index = SearchIndex()
    written: list[Path] = []
    # The two halves of a batch are made side by side: here, the pages of each work and, with the last
    # batch, the pages of the whole site and the search index; beside, their reading texts and parallel
    # views (for the pages made here) and, with the first batch, the archive of the TEI and DTS. Only
    # that half needs the entries numbered (``transform.numbered``), and it numbers its own copy of
    # the trees. The other half of the next batch is started before this one's is awaited, so that
    # no core waits while one half takes longer than the other.
    def other_half(batch: range):
        return beside(partial(_beside_half, out, batch, trees, facts, sigla, tei, edition_title, shared))

    pending = other_half(batches[0])
    if reading_texts is None:  # one batch: the other half finds the shared passages too, meanwhile
        reading_texts = [reading_text(tree) for tree in trees]
        passages = _shared_passages(facts, reading_texts)
    site = replace(site, shared=passages)
    following = None
    try:
        for number, batch in enumerate(batches):
            read = [_read(trees[k], reading_texts[k].characters, facts[k], sigla[k], tei[k], reports) for k in batch]
            for work, pages in read:
                _write_lists(out, written, site, work, read_entries(work.tree), pages)
                index.add(IndexedWork(work.slug, work.facts.title, work.tree))
                works.append(work)
            if number + 1 < len(batches):
                following = other_half(batches[number + 1])
            else:
                following = None
                _write_site_pages(out, written, replace(site, works=tuple(works)), index)
            made, written_beside = pending()
            for (work, pages), beside_made in zip(read, made):
                _write_work(out, written, site, work, beside_made.reading, pages)
                write_page(out, written, "parallel.html", f"{work.dir}parallel.html", beside_made.table, site=site,
                           work=replace(work, parallel=beside_made.view))
            written.extend(written_beside)
            del read, made
            pending = following
            if pending is not None:  # what a batch's pages left in cycles (jinja2's contexts and macros) goes
                gc.collect(0)
    except BaseException:  # the site will not be published: the other halves must stop writing into it
        for job in (pending, following):
            if job is not None:
                job.stop()
        raise
    return sorted(written)


def _batches(tei: list[bytes]) -> list[range]:
    """The works in batches of at least ``BATCH_BYTES`` of TEI (but the last), in their order."""
    batches = []
    start = size = 0
    for number, data in enumerate(tei):
        size += len(data)
        if size >= BATCH_BYTES:
            batches.append(range(start, number + 1))
            start, size = number + 1, 0
    if start < len(tei) or not batches:
        batches.append(range(start, len(tei)))
    return batches


def _write_site_pages(out: Path, written: list[Path], site: Site, index: SearchIndex) -> None:
    """The pages of the whole site (the works, editorial principles, search, validation, shared
    passages), its static files and its search index (of every work)."""
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
    for path, data in index.files():
        write(out, f"static/{path}", data, written)


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


def _beside_half(out: Path, batch: range, trees: list[etree._ElementTree], facts: list[WorkFacts],
                 sigla: list[dict[str, str]], tei: list[bytes], edition_title: str,
                 shared: dict[tuple[str, str], list[Shared]] | None) -> tuple[list[_MadeBeside], list[Path]]:
    """The reading text and the parallel view of each work of ``batch``, and with the first batch the
    archive of all TEI and the DTS files (written into ``out``). ``shared``: the passages the works
    share, by row; where it is not given, ``batch`` is every work and they are found here. Returns
    what it made of each work and the paths written.

    The reading texts come last: their stylesheet strips the white space of the numbered trees.
    """
    written: list[Path] = []
    slugs = [slugify(work.id) for work in facts]
    resources = [Resource(slug, work.title, work.lang, work.date, work.publisher, f"{work_dir(slug)}{slug}.xml",
                          tree, data) for slug, work, tree, data in zip(slugs, facts, trees, tei)]
    if batch.start == 0:
        write(out, ARCHIVE, tei_archive({f"{slug}.xml": data for slug, data in zip(slugs, tei)}), written)
        for path, data in edition_files(resources, title=edition_title):
            write(out, path, data, written)
    for k in batch:
        for path, data in resource_files(resources[k], title=edition_title):
            write(out, path, data, written)
    numbered = [numbered_text(trees[k], in_place=in_copy()) for k in batch]  # a copy's trees are its own
    numbered_trees = [tree for tree, _ in numbered]
    if shared is None:
        shared = by_row(_shared_passages(facts, [text for _, text in numbered]))
    views = [parallel_view(tree, [(w.siglum, w.label, sigla[k][w.siglum]) for w in facts[k].witnesses],
                           facts[k].lang)
             for tree, k in zip(numbered_trees, batch)]
    texts = [_reading_text(tree, facts[k], slugs[k], shared) for tree, k in zip(numbered_trees, batch)]
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
          tei: bytes, reports: dict | None) -> tuple[Work, list[WitnessPages]]:
    """What the pages of one work need but its reading text and parallel view (made beside), before they
    are written, and the pages of its witnesses; ``base`` is the characters of its reading text, which
    a witness's share is of."""
    views = witness_views(tree)
    witnesses = []
    pages = []
    for witness in facts.witnesses:
        view = views.get(witness.siglum, WitnessView((), 0))
        share = round(100 * view.characters / base) if base else None
        witnesses.append(Witness(witness, slugs[witness.siglum], view.characters, share))
        pages.append(WitnessPages(_witness_text(view, witness.file, is_chinese(facts.lang)),
                                  plain_text(list(view.texts))))
    findings = None if reports is None else tuple(reports.get(facts.id, ()))
    return Work(facts, slugify(facts.id), tuple(witnesses), tei, findings, tree), pages


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


def _write_work(out: Path, written: list[Path], site: Site, work: Work, text: tuple[bytes, bytes],
                witness_pages: list[WitnessPages]) -> None:
    """The reading page of a work (``text``: its reading text in both scripts), its witness pages,
    report and TEI."""
    write_page(out, written, "work.html", f"{work.dir}index.html", text, site=site, work=work)
    for witness, pages in zip(work.witnesses, witness_pages):
        write_page(out, written, "witness.html", f"{work.dir}witness/{witness.slug}.html", pages.text,
                   site=site, work=work, witness=witness)
    if work.findings is not None:
        write_page(out, written, "report.html", f"{work.dir}report.html", site=site, work=work)
    write(out, f"{work.dir}{work.slug}.xml", work.tei, written)


def _write_lists(out: Path, written: list[Path], site: Site, work: Work, entries: tuple[Entry, ...],
                 witness_pages: list[WitnessPages]) -> None:
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
    for witness, pages in zip(work.witnesses, witness_pages):
        write(out, f"{work.dir}witness/{witness.slug}.txt", pages.plain, written)
