"""Accuracy of the apparatus, measured against known edits.

Each trial takes the real text of a seed witness, applies a number of random
edits of known kinds (substitutions, insertions, deletions, moved phrases,
repeated paragraphs and doubled words, split and merged paragraphs, script
changes, punctuation width and quote style, year numerals; see
``tests/edits.py``), lays every other copy out as a PDF extraction would
(hard-broken lines, justification spaces), collates the seed with the copy
and scores the apparatus against the edits:

* recall: the share of edits for which the entries standing at the edit's
  place turn the base into the copy there and have the class expected;
* precision: the share of entries that are so explained by an edit;
* loose: found edits whose entries reach beyond the edit's place (entries
  should be as small as the difference);
* detail: the share of found edits whose readings carry the ``rdg/@type``
  expected (only once the collator writes ``rdg/@type`` at all).

Then it lists the first misses and unexplained entries, with context.

Example::

    python3 benchmarks/accuracy.py --trials 10 --seed 0 --edits 30
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from edits import (
    KIND_CLASS,
    KINDS,
    Score,
    Tally,
    make_trial,
    read_base,
    score_trial,
    tally,
)

from edition.adhoc import collate_files
from edition.collate.classify import CLASSES

SEED = ROOT / "seeds" / "000_5d9e4b39c4484a2c.txt"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    kinds = tuple(args.kinds.split(",")) if args.kinds else KINDS
    unknown = set(kinds) - set(KINDS)
    if unknown:
        print(f"accuracy: unknown edit kind {', '.join(sorted(unknown))}; choose from {', '.join(KINDS)}",
              file=sys.stderr)
        return 2
    base = read_base(args.seed_file.read_text(encoding="utf-8"), args.seed_file.name)
    scores: list[Score] = []
    layouts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.trials):
            rng = random.Random(f"{args.seed}:{i}")
            trial = make_trial(base, rng, args.edits, kinds=kinds, pdf=i % 2 == 1 and not args.no_pdf)
            copy, out = Path(tmp) / f"copy{i}.txt", Path(tmp) / f"trial{i}.xml"
            copy.write_text(trial.witness, encoding="utf-8")
            collate_files([args.seed_file, copy], out)
            scores.append(score_trial(trial, out))
            layouts.append(trial.layout)
            if not args.quiet:
                print(f"trial {i + 1}/{args.trials} ({trial.layout})", file=sys.stderr)
    print(f"{args.trials} trials x {args.edits} edits, seed {args.seed}, witness {args.seed_file.name}")
    print()
    _print_kinds(scores)
    print()
    _print_classes(scores)
    print()
    _print_overall(scores, layouts)
    _print_problems(scores, layouts, args.show)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example: python3 benchmarks/accuracy.py --trials 10 --seed 0 --edits 30",
    )
    parser.add_argument("--trials", type=int, default=10, help="copies to collate (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--edits", type=int, default=30, help="edits per copy (default 30)")
    parser.add_argument("--kinds", help=f"comma-separated edit kinds (default all: {','.join(KINDS)})")
    parser.add_argument("--seed-file", type=Path, default=SEED, help="the witness to edit")
    parser.add_argument("--no-pdf", action="store_true", help="never lay a copy out as a PDF extraction")
    parser.add_argument("--show", type=int, default=5, help="misses and false positives to list (default 5)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def _print_kinds(scores: list[Score]) -> None:
    print(f"{'edit kind':<20}{'class':<14}{'edits':>6}{'found':>6}{'recall':>8}{'detail':>8}{'loose':>7}")
    for kind in KINDS:
        outcomes = [o for s in scores for o in s.outcomes if o.edit.kind == kind]
        if not outcomes:
            continue
        found = sum(o.found for o in outcomes)
        checked = [o.detail_ok for o in outcomes if o.detail_ok is not None]
        detail = sum(checked) / len(checked) if checked else None
        print(f"{kind:<20}{KIND_CLASS[kind]:<14}{len(outcomes):>6}{found:>6}"
              f"{_pct(found / len(outcomes)):>8}{_pct(detail):>8}{sum(o.loose for o in outcomes):>7}")


def _print_classes(scores: list[Score]) -> None:
    """Per class; edits of a class the collator lacks are left out of the other classes' rows."""
    print(f"{'class':<14}{'edits':>6}{'found':>6}{'recall':>8}{'apps':>6}{'good':>6}{'precision':>10}")
    rows = tally(scores, classes=CLASSES)
    rows.update((cls, t) for cls, t in tally(scores).items() if cls not in CLASSES)
    for cls, t in sorted(rows.items(), key=lambda kv: _order(kv[0])):
        note = "" if cls in CLASSES else "  (not a class of the collator yet; its edits left out above)"
        print(f"{cls:<14}{t.edits:>6}{t.found:>6}{_pct(t.recall):>8}{t.entries:>6}{t.good:>6}"
              f"{_pct(t.precision):>10}{note}")


def _order(cls: str) -> int:
    known = list(CLASSES) + sorted(set(KIND_CLASS.values()) - set(CLASSES))
    return known.index(cls) if cls in known else len(known)


def _print_overall(scores: list[Score], layouts: list[str]) -> None:
    rows: list[tuple[str, Tally]] = [
        ("overall", tally(scores, key=lambda _c: "all").get("all", Tally())),
        ("overall, classes the collator has",
         tally(scores, key=lambda _c: "all", classes=CLASSES).get("all", Tally())),
    ]
    for layout in ("plain", "pdf"):
        chosen = [s for s, lay in zip(scores, layouts) if lay == layout]
        if chosen:
            rows.append((f"  copies laid out {layout} ({len(chosen)})",
                         tally(chosen, key=lambda _c: "all", classes=CLASSES).get("all", Tally())))
    print(f"{'':<38}{'edits':>6}{'found':>6}{'recall':>8}{'apps':>6}{'good':>6}{'precision':>10}")
    for name, t in rows:
        print(f"{name:<38}{t.edits:>6}{t.found:>6}{_pct(t.recall):>8}{t.entries:>6}{t.good:>6}"
              f"{_pct(t.precision):>10}")


def _context(stream: str, start: int, end: int, text: str) -> str:
    return f"…{stream[max(0, start - 10):start]}[{stream[start:end]}→{text}]{stream[end:end + 10]}…"


def _print_problems(scores: list[Score], layouts: list[str], show: int) -> None:
    label = {id(s): f"trial {i + 1} ({lay})" for i, (s, lay) in enumerate(zip(scores, layouts))}
    misses = [(s, o) for s in scores for o in s.outcomes if not o.found]
    extra = [(s, e) for s in scores for e in s.false_positives]
    if misses:
        kinds = Counter(o.edit.kind for _s, o in misses)
        print(f"\nmisses ({len(misses)}: {', '.join(f'{k} {n}' for k, n in kinds.most_common())}), first {show}:")
    for s, o in misses[:show]:
        c = o.edit.changes[0]
        print(f"  {label[id(s)]}: {o.edit.kind} (expected {o.edit.cls}"
              f"{'/' + o.edit.detail if o.edit.detail else ''}): {_context(s.stream, c.start, c.end, c.text)}")
        for e in o.entries or []:
            print(f"      found {e.ident or 'a lone milestone'} type={e.cls}: {_context(s.stream, e.start, e.end, e.text)}")
        if not o.entries:
            print("      no entry there")
    if extra:
        classes = Counter(e.cls for _s, e in extra)
        print(f"\nfalse positives ({len(extra)}: {', '.join(f'{k} {n}' for k, n in classes.most_common())}), "
              f"first {show}:")
    for s, e in extra[:show]:
        print(f"  {label[id(s)]}: {e.ident} type={e.cls}: {_context(s.stream, e.start, e.end, e.text)}")


if __name__ == "__main__":
    sys.exit(main())
