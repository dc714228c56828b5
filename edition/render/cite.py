"""Citations of a work, a section, a paragraph or a single reading.

The formats are written once, here, as templates with slots; the page
shows the work's own citation filled in (readable without JavaScript), and
``edition.js`` fills the same templates for the row or variant a reader
chooses, with the page's address and the day of reading, and derives
CSL-JSON and BibTeX from the same data. Titles are cited as the TEI has
them, never converted to the other script.

Slots: ``{locator_en}`` / ``{locator_zh}`` (", variant s1.p2.v1" / "，异文 s1.p2.v1"),
``{sigla_en}`` / ``{sigla_zh}`` ("; witnesses A, B" / "，见证本 A、B"),
``{url}``, ``{accessed_en}`` ("November 22, 2026"), ``{accessed_iso}`` ("2026-11-22").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CiteData:
    """What a citation of one work needs: given to the page as JSON for ``edition.js``."""

    edition: str
    version: str
    work: str
    work_id: str
    publisher: str
    date: str
    licence: str
    chicago: str
    gbt: str

    def as_json(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.__slots__}


def cite_data(*, edition: str, version: str, work: str, work_id: str, publisher: str,
              date: str, licence: str) -> CiteData:
    """The citation templates of a work (see the module docstring for the slots)."""
    responsible = publisher or edition
    chicago = (f"{responsible}. “{work}{{locator_en}}.” In {edition}, version {version}{{sigla_en}}. "
               f"Accessed {{accessed_en}}. {{url}}.")
    gbt = (f"{responsible}. {work}{{locator_zh}}[EB/OL]. {edition}，版本 {version}{{sigla_zh}}. "
           f"[{{accessed_iso}}]. {{url}}.")
    return CiteData(edition, version, work, work_id, publisher, date, licence, chicago, gbt)


def fill(template: str, *, url: str, accessed_en: str = "", accessed_iso: str = "",
         locator: str = "", sigla: tuple[str, ...] = ()) -> str:
    """A template filled in, as the page shows the work's own citation before any script runs."""
    return template.format(
        locator_en=f", {locator}" if locator else "", locator_zh=f"，{locator}" if locator else "",
        sigla_en=f"; witnesses {', '.join(sigla)}" if sigla else "",
        sigla_zh=f"，见证本 {'、'.join(sigla)}" if sigla else "",
        url=url, accessed_en=accessed_en or "[date]", accessed_iso=accessed_iso or "引用日期")
