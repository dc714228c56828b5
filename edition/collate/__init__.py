"""Collate the witnesses of one work.

Every witness is aligned to the base witness on the comparison forms of its
tokens (one diff each, linear in practice); the alignments are merged by base
position into one table; the table is cut into rows at every block boundary
of any witness; inside each row, every run of columns where the present
witnesses do not all have the same characters becomes one entry; last, a
phrase a witness omits at one place and adds at another nearby becomes a
transposition.
"""

from __future__ import annotations

from ..errors import CollationError
from ..memory import bulk_stage
from ..model import Collation, Witness, Work
from .align import Alphabet, align_setting_aside, block_runs, repeated_blocks, slide_indels
from .classify import CLASSES
from .columns import build_table
from .moves import find_transpositions
from .prepared import prepare
from .rows import RowBuilder
from .spans import find_spans

__all__ = ["collate", "CLASSES"]


@bulk_stage
def collate(work: Work, witnesses: list[Witness] | tuple[Witness, ...]) -> Collation:
    """Align ``witnesses`` of ``work`` and return rows with their places of variation."""
    wits = [prepare(w) for w in witnesses]
    for wit in wits:
        if not wit.t:
            raise CollationError(
                f"witness {wit.siglum} of work {work.id} has no text to collate",
                file=wit.witness.source.file,
                hint="check its line ranges in the catalogue")
    sigla = [w.siglum for w in wits]
    if work.base not in sigla:
        raise CollationError(f"work {work.id}: base witness {work.base} is not among {', '.join(sigla)}")
    base = sigla.index(work.base)
    alphabet = Alphabet()
    encoded = [alphabet.encode(w.n) for w in wits]
    base_starts = set(wits[base].block_starts)
    base_runs = block_runs(encoded[base], wits[base].block_starts)
    alignments = []
    for w, wit in enumerate(wits):
        if w == base:
            alignments.append(None)
            continue
        repeats = repeated_blocks(encoded[w], wit.block_starts, base_runs)
        ops = align_setting_aside(encoded[base], encoded[w], repeats)
        alignments.append(slide_indels(ops, encoded[base], encoded[w],
                                              base_starts, set(wit.block_starts)))
    breaks = [w.junctions | {j for j, _ in w.jumps} for w in wits]
    table = build_table(len(wits[base].t), alignments, breaks)
    columns = [table.column_of(w) for w in range(len(wits))]
    spans = find_spans(wits, table, columns)
    rows = find_transpositions(RowBuilder(wits, base, table, spans, columns).rows())
    findings = tuple(f for w in witnesses for f in w.findings)
    return Collation(work, tuple(witnesses), tuple(rows), findings)
