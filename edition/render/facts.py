"""What the pages say about a work, read from its TEI header and apparatus.

Only the TEI is read (ARCHITECTURE.md: the publish half never sees the make
half's objects), so a TEI file from elsewhere gives what it can: a missing
header element gives an empty string, never an error.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from ..tei.read import TEI_NS, XML_NS

NS = {"t": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
UNDETERMINED = "und"  # BCP 47: a language not declared, nor told by the text
_SAMPLE = 20_000  # the characters of a text looked at to tell whether it is Chinese

# A language tag safe to write into lang="…" (read.check_root reports tags that are not BCP 47).
LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class WitnessFacts:
    """A witness as its ``<witness>`` describes it; ``siglum`` is its ``xml:id``, what ``@wit`` points to."""

    siglum: str
    label: str
    title: str
    outlet: str
    date: str
    file: str
    sha256: str
    lines: str
    note: str


@dataclass(frozen=True, slots=True)
class VariantClass:
    name: str
    definition: str
    count: int


@dataclass(frozen=True, slots=True)
class Normalisation:
    """A declared normalisation: its code, what was done, and how many blocks of which witness it touched."""

    code: str
    text: str
    blocks: tuple[tuple[str, int], ...]

    @property
    def count(self) -> int:
        return sum(n for _, n in self.blocks)


@dataclass(frozen=True, slots=True)
class WorkFacts:
    """The header of one work, and the number of its apparatus entries by class."""

    id: str
    title: str
    subtitle: str
    date: str
    publisher: str
    licence: str
    lang: str
    header_lang: str  # the language of what the header says (titles, outlets), as declared
    witnesses: tuple[WitnessFacts, ...]
    classes: tuple[VariantClass, ...]
    normalisations: tuple[Normalisation, ...]
    normalisation_note: str
    segmentation: str
    interpretation: str

    @property
    def entries(self) -> int:
        return sum(c.count for c in self.classes)


def read_facts(tree: etree._ElementTree, fallback_id: str) -> WorkFacts:
    """The facts of one TEI document; ``fallback_id`` stands in for a missing work ``idno``."""
    root = tree.getroot()
    header = root.find("t:teiHeader", NS)
    if header is None:
        header = etree.Element(f"{{{TEI_NS}}}teiHeader")
    decl = header.find("t:encodingDesc/t:editorialDecl", NS)
    return WorkFacts(
        id=_text(header.find("t:fileDesc/t:publicationStmt/t:idno[@type='work']", NS)) or fallback_id,
        title=_title(header) or fallback_id,
        subtitle=_text(header.find("t:fileDesc/t:titleStmt/t:title[@type='sub']", NS)),
        date=_date(header.find("t:fileDesc/t:sourceDesc/t:bibl/t:date", NS)),
        publisher=_text(header.find("t:fileDesc/t:publicationStmt/t:publisher", NS)),
        licence=_text(header.find("t:fileDesc/t:publicationStmt/t:availability", NS)),
        lang=text_lang(root),
        header_lang=header_lang(root),
        witnesses=tuple(_witness(w) for w in header.iterfind(".//t:sourceDesc//t:witness", NS)
                        if w.get(XML_ID)),
        classes=_classes(header, root),
        normalisations=_normalisations(decl),
        normalisation_note=_text(_find(decl, "t:normalization"), outside_lists=True),
        segmentation=_text(_find(decl, "t:segmentation")),
        interpretation=_text(_find(decl, "t:interpretation")),
    )


def text_lang(root: etree._Element) -> str:
    """The language of the text: ``xml:lang`` of ``<text>``, its body or the root, when it is a usable tag.

    A text that declares none (TEI from elsewhere) is told by its letters:
    Japanese where kana are more than a tenth of them, Korean where most are
    Hangul, Chinese (``zh``) where most are Han characters, else
    undetermined (``und``). A page must not tell a screen reader to read
    Latin or Greek as Chinese, nor the script conversion to turn Japanese
    into traditional Chinese.
    """
    text = root.find("t:text", NS)
    return _declared(text, _find(text, "t:body"), root) or (UNDETERMINED if text is None else _told_by_letters(text))


def header_lang(root: etree._Element) -> str:
    """The language of what the header says (titles, outlets): its ``xml:lang`` or the root's, else ``und``."""
    return _declared(root.find("t:teiHeader", NS), root) or UNDETERMINED


def _declared(*elements: etree._Element | None) -> str:
    """The first usable ``xml:lang`` of ``elements``, or ""."""
    for element in elements:
        lang = "" if element is None else element.get(XML_LANG, "")
        if LANG_TAG.fullmatch(lang):
            return lang
    return ""


def _told_by_letters(text: etree._Element) -> str:
    """The language the letters of the first ``_SAMPLE`` characters of ``text`` tell (see ``text_lang``)."""
    pieces: list[str] = []
    size = 0
    for piece in text.itertext():
        pieces.append(piece)
        size += len(piece)
        if size >= _SAMPLE:
            break
    sample = "".join(pieces)[:_SAMPLE]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters and 10 * len(_KANA.findall(sample)) > letters:
        return "ja"
    if letters and 2 * len(_HANGUL.findall(sample)) > letters:
        return "ko"
    if letters and 2 * len(_HAN.findall(sample)) > letters:
        return "zh"
    return UNDETERMINED


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_KANA = re.compile("[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def is_spaced(lang: str) -> bool:
    """Whether text in ``lang`` puts spaces between its words (not Chinese, Japanese, Thai, Lao, Khmer,
    Burmese or Tibetan); an undetermined language is one whose letters are none of those."""
    return lang.lower().split("-")[0] not in ("zh", "lzh", "yue", "ja", "th", "lo", "km", "my", "bo")


def is_chinese(lang: str) -> bool:
    """Whether text in ``lang`` is Chinese, and so has a traditional-script form."""
    return lang.lower().split("-")[0] in ("zh", "lzh")


def _find(element: etree._Element | None, path: str) -> etree._Element | None:
    return None if element is None else element.find(path, NS)


def _text(element: etree._Element | None, *, outside_lists: bool = False) -> str:
    """The text of an element with white space collapsed (without its ``<list>``s, if asked)."""
    if element is None:
        return ""
    path = ".//text()[not(ancestor::t:list)]" if outside_lists else ".//text()"
    return " ".join("".join(element.xpath(path, namespaces=NS)).split())


def _title(header: etree._Element) -> str:
    titles = header.find("t:fileDesc/t:titleStmt", NS)
    if titles is None:
        return ""
    main = titles.find("t:title[@type='main']", NS)
    return _text(main if main is not None else titles.find("t:title", NS))


def _date(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return element.get("when") or _text(element)


def _witness(witness: etree._Element) -> WitnessFacts:
    siglum = witness.get(XML_ID)
    bibl = witness.find("t:bibl", NS)
    if bibl is None:
        bibl = witness
    ranges = [_range(r.get("from", ""), r.get("to") or r.get("from", "")) for r in bibl.iterfind("t:citedRange", NS)]
    return WitnessFacts(
        siglum=siglum,
        label=_text(witness.find("t:abbr[@type='siglum']", NS)) or (witness.get("n") or "").strip() or siglum,
        title=_text(bibl.find("t:title", NS)),
        outlet=_text(bibl.find("t:publisher", NS)),
        date=_date(bibl.find("t:date", NS)),
        file=_text(bibl.find("t:idno[@type='file']", NS)),
        sha256=_text(bibl.find("t:idno[@type='sha256']", NS)),
        lines=", ".join(ranges),
        note=_text(bibl.find("t:note", NS)),
    )


def _range(first: str, last: str) -> str:
    return first if first == last else f"{first}–{last}"


def _classes(header: etree._Element, root: etree._Element) -> tuple[VariantClass, ...]:
    """The declared classes in their order with their definitions, then any class used but not declared."""
    counts = Counter(app.get("type", "") for app in root.iterfind("t:text//t:app", NS))
    declared = {}
    for category in header.iterfind("t:encodingDesc/t:classDecl//t:category", NS):
        name = category.get("n") or (category.get(XML_ID) or "").removeprefix("class-")
        definition = _text(category.find("t:catDesc", NS))
        declared.setdefault(name, definition.removeprefix(f"{name}:").strip())
    undeclared = sorted(set(counts) - set(declared))
    return tuple(VariantClass(name, declared.get(name, ""), counts[name]) for name in [*declared, *undeclared])


def _normalisations(decl: etree._Element | None) -> tuple[Normalisation, ...]:
    if decl is None:
        return ()
    found = []
    for item in decl.iterfind("t:normalization//t:item", NS):
        blocks = tuple((m.get("corresp", "").removeprefix("#") or _text(m), int(m.get("quantity")))
                       for m in item.iterfind(".//t:measure", NS) if (m.get("quantity") or "").isdigit())
        text = " ".join("".join(item.xpath(".//text()[not(ancestor::t:measure)]", namespaces=NS)).split())
        found.append(Normalisation(item.get("n", ""), text, blocks))
    return tuple(found)
