"""Identifiers of divisions, blocks and entries (see docs/tei-profile.md).

Numbers count within their parent only (the third paragraph of section 2 is
``s2.p3``; its first entry ``s2.p3.v1``), so a change in one section leaves
the identifiers of every other section as they were.
"""

from __future__ import annotations

from collections import Counter


class IdMaker:
    """Hands out identifiers in document order."""

    def __init__(self) -> None:
        self._sections = 0
        self._blocks: Counter[str] = Counter()

    def preamble(self) -> str:
        return "s0"

    def section(self) -> str:
        self._sections += 1
        return f"s{self._sections}"

    def block(self, division: str) -> str:
        self._blocks[division] += 1
        return f"{division}.p{self._blocks[division]}"
