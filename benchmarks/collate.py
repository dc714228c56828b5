"""How fast collation is, and how it grows with the length of the text.

Prints one table for this machine (design/PERFORMANCE.md has the targets):

1. ``edition collate`` on the seed pair, as a whole process (median of 5);
   target under 0.5 s.
2. ``edition build`` of the bundled seeds into a temporary folder, as a whole
   process (median of 3); target under 2 s.
3. ``edition.collate.collate`` plus ``encode`` on 2, 3 and 5 synthetic
   witnesses of 10k, 100k and 1M characters, each case in a child process:
   time, peak memory (RSS) and seconds per million characters collated, so
   that linear growth shows as a flat last column; target for 5 × 1M under
   15 s and 1.5 GiB.
4. The same work beside CollateX (one token per character), on growing
   prefixes of the seed pair, each in a child process with a time limit;
   prints the largest prefix CollateX finishes and the ratio.

The synthetic witnesses are the first seed text repeated to the length asked
for, each copy varied (fixed random seed) by about 1% substitutions,
insertions and deletions, a few paragraph splits and some characters in
traditional script.

Run from the repository root::

    python3 benchmarks/collate.py            # everything (several minutes)
    python3 benchmarks/collate.py --quick    # short run: small sizes only

Part 4 needs CollateX, for the benchmark only (never a dependency of
edition)::

    pip install collatex
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_PAIR = (SEEDS / "000_5d9e4b39c4484a2c.txt", SEEDS / "001_b53941ea88822be2.txt")
RANDOM_SEED = 20250508
EDIT_RATE = 0.01  # substitutions, insertions and deletions per character
TRADITIONAL_RATE = 0.002  # characters written in traditional script
SPLITS_PER_100K = 5  # paragraphs broken in two


# --- synthetic witnesses --------------------------------------------------------

def _seed_paragraphs() -> list[str]:
    lines = SEED_PAIR[0].read_text(encoding="utf-8").splitlines()
    return [line.lstrip("# ").strip() for line in lines if line.strip()]


def _base_paragraphs(characters: int) -> list[str]:
    """The seed text's paragraphs, repeated until there are ``characters`` characters."""
    seed = _seed_paragraphs()
    out: list[str] = []
    size = 0
    while size < characters:
        paragraph = seed[len(out) % len(seed)][:characters - size]
        out.append(paragraph)
        size += len(paragraph)
    return out


def _vary(paragraphs: list[str], chance: random.Random) -> list[str]:
    """A copy with ~1% edits, some traditional characters and a few paragraph splits."""
    from edition.script import to_traditional

    text = "\n".join(paragraphs)
    alphabet = sorted(set(text) - {"\n"})
    chars = list(text)
    for _ in range(int(len(chars) * TRADITIONAL_RATE)):
        k = chance.randrange(len(chars))
        if chars[k] != "\n":
            chars[k] = to_traditional(chars[k])
    for k in sorted(chance.sample(range(len(chars)), int(len(chars) * EDIT_RATE)), reverse=True):
        if chars[k] == "\n":
            continue
        roll = chance.random()
        if roll < 0.4:
            chars[k] = chance.choice(alphabet)
        elif roll < 0.7:
            chars.insert(k, chance.choice(alphabet))
        else:
            del chars[k]
    splits = max(1, len(chars) * SPLITS_PER_100K // 100_000)
    for k in sorted(chance.sample(range(1, len(chars)), splits), reverse=True):
        if chars[k] != "\n" and chars[k - 1] != "\n":
            chars.insert(k, "\n")
    return [p for p in "".join(chars).split("\n") if p]


def synthetic_witnesses(count: int, characters: int, seed: int = RANDOM_SEED):
    """``count`` witnesses of about ``characters`` characters each, and their work."""
    from edition.model import Block, BlockKind, Witness, WitnessSource, Work

    chance = random.Random(seed)
    base = _base_paragraphs(characters)
    texts = [base] + [_vary(base, chance) for _ in range(count - 1)]
    witnesses = []
    for k, paragraphs in enumerate(texts):
        siglum = chr(ord("A") + k)
        blocks = tuple(Block(BlockKind.PARAGRAPH, text, 2 * i + 1, 2 * i + 1)
                       for i, text in enumerate(paragraphs))
        source = WitnessSource(siglum, f"{siglum.lower()}.txt", ((1, 2 * len(blocks)),))
        witnesses.append(Witness(source, "0" * 64, blocks))
    work = Work("bench", "基准", "A", tuple(w.source for w in witnesses))
    return work, witnesses
