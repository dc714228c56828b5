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

    pip install collatex python-Levenshtein
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
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


# --- measuring ------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """One child process: wall-clock seconds, peak resident memory, and how it ended."""

    seconds: float
    rss_mib: float
    ok: bool
    output: str = ""


def run(command: list[str], limit: float | None = None) -> Run:
    """Run ``command`` as a child process and measure it alone (its own peak RSS, via wait4)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    timer = threading.Timer(limit, child.kill) if limit else None
    if timer:
        timer.start()
    output = child.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if timer:
        timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, child.returncode == 0, output)


def median_run(command: list[str], times: int) -> Run:
    runs = [run(command) for _ in range(times)]
    if not all(r.ok for r in runs):
        sys.exit(f"failed: {' '.join(command)}")
    return Run(statistics.median(r.seconds for r in runs), max(r.rss_mib for r in runs), True)


def edition_command(*args: str) -> list[str]:
    """The installed ``edition`` command (the one beside this Python, else the one on PATH)."""
    beside = Path(sys.executable).parent / "edition"
    command = str(beside) if beside.exists() else shutil.which("edition")
    if command is None:
        sys.exit("the edition command is not installed: python3 -m pip install .")
    return [command, *args]


# --- the parts ------------------------------------------------------------------

def seed_pair(scratch: Path, times: int) -> None:
    r = median_run(edition_command("collate", *map(str, SEED_PAIR), "-o", str(scratch / "pair.xml")), times)
    print(f"1. edition collate, seed pair (000 against 001), whole process, median of {times}:")
    print(f"   {r.seconds:.2f} s, {r.rss_mib:.0f} MiB  (target under 0.5 s)\n")


def whole_build(scratch: Path, times: int) -> None:
    runs = []
    for k in range(times):
        out = scratch / f"build-{k}"  # a new folder each time: a cold build, no cache
        runs.append(run(edition_command("build", str(SEEDS), "-o", str(out), "--quiet")))
    if not all(r.ok for r in runs):
        sys.exit("failed: edition build")
    seconds = statistics.median(r.seconds for r in runs)
    print(f"2. edition build of the bundled seeds, cold, whole process, median of {times}:")
    print(f"   {seconds:.2f} s, {max(r.rss_mib for r in runs):.0f} MiB  (target under 2 s)")
    project = scratch / "project"
    shutil.copytree(SEEDS, project)
    out = scratch / "build-warm"
    run(edition_command("build", str(project), "-o", str(out), "--quiet"))
    witness = project / SEED_PAIR[1].name
    witness.write_text(witness.read_text(encoding="utf-8").replace("双方", "两国", 1), encoding="utf-8")
    changed = run(edition_command("build", str(project), "-o", str(out)), None)
    again = subprocess.run(edition_command("build", str(project), "-o", str(out)), cwd=ROOT,
                           capture_output=True, text=True).stderr.strip().splitlines()[-1]
    print(f"   after one witness changed: {changed.seconds:.2f} s; then unchanged: {again.split(' in ')[0]}\n")


SIZES = (10_000, 100_000, 1_000_000)
COUNTS = (2, 3, 5)


def synthetic(sizes: tuple[int, ...]) -> None:
    print("3. collate + encode of synthetic witnesses (about 1% edits each), one child process per case:")
    print(f"   {'witnesses':>9} {'characters':>11} {'seconds':>8} {'peak MiB':>9} {'s per M chars':>14}")
    for count in COUNTS:
        for size in sizes:
            r = run([sys.executable, __file__, "--child", str(count), str(size)])
            if not r.ok:
                print(f"   {count:>9} {size:>11,}   failed")
                continue
            seconds = float(r.output)
            per_million = seconds / (count * size / 1_000_000)
            print(f"   {count:>9} {size:>11,} {seconds:>8.2f} {r.rss_mib:>9.0f} {per_million:>14.2f}")
    print("   (target for 5 x 1,000,000: under 15 s and 1,536 MiB; linear growth: a flat last column)\n")


def child(count: int, size: int) -> None:
    """Collate and encode synthetic witnesses; print the seconds that took (not the making of them)."""
    from edition.collate import collate
    from edition.model import Edition
    from edition.tei.encode import encode
    from edition.tei.read import serialize

    work, witnesses = synthetic_witnesses(count, size)
    started = time.perf_counter()
    serialize(encode(collate(work, witnesses), Edition(title="基准", works=(work,)), {}))
    print(time.perf_counter() - started)


COLLATEX_SHARES = (0.05, 0.1, 0.2, 0.35, 0.5)


def beside_collatex(scratch: Path, limit: float) -> None:
    print(f"4. beside CollateX {_collatex_version()} (one token per character), prefixes of the seed pair, "
          f"whole processes, {limit:.0f} s limit each:")
    if _collatex_version() == "not installed":
        print("   CollateX is not installed: pip install collatex python-Levenshtein\n")
        return
    print(f"   {'share':>6} {'characters':>11} {'CollateX s':>11} {'MiB':>6} {'edition s':>10} {'MiB':>5} {'ratio':>7}")
    texts = [path.read_text(encoding="utf-8") for path in SEED_PAIR]
    largest = None
    for share in COLLATEX_SHARES:
        files = []
        for path, text in zip(SEED_PAIR, texts):
            prefix = scratch / f"{share}-{path.name}"
            prefix.write_text(text[:int(len(text) * share)], encoding="utf-8")
            files.append(str(prefix))
        theirs = run([sys.executable, __file__, "--collatex", *files], limit)
        ours = median_run(edition_command("collate", *files, "-o", str(scratch / f"{share}.xml")), 3)
        characters = sum(int(len(t) * share) for t in texts)
        if not theirs.ok:
            print(f"   {share:>6.0%} {characters:>11,} {'> ' + str(int(limit)):>11} {'':>6} {ours.seconds:>10.2f} "
                  f"{ours.rss_mib:>5.0f}   (CollateX did not finish)")
            break
        largest = (share, theirs.seconds / ours.seconds)
        print(f"   {share:>6.0%} {characters:>11,} {theirs.seconds:>11.2f} {theirs.rss_mib:>6.0f} {ours.seconds:>10.2f} "
              f"{ours.rss_mib:>5.0f} {theirs.seconds / ours.seconds:>6.0f}x")
    if largest:
        print(f"   largest input CollateX finished: {largest[0]:.0%} of the seed pair; "
              f"edition is {largest[1]:.0f} times faster there\n")


def _collatex_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("collatex")
    except PackageNotFoundError:
        return "not installed"


def collatex_child(files: list[str]) -> None:
    """Collate the files with CollateX, one token per character, as a whole process would."""
    from collatex import collate as collatex_collate

    witnesses = [{"id": chr(ord("A") + k), "tokens": [{"t": c, "n": c} for c in Path(f).read_text("utf-8")]}
                 for k, f in enumerate(files)]
    collatex_collate({"witnesses": witnesses}, output="json", segmentation=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only; CollateX on small prefixes")
    parser.add_argument("--collatex-limit", type=float, default=150.0, help="seconds CollateX may take per input")
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--collatex", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.collatex:
        collatex_child(args.collatex)
        return
    print(f"edition collation benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        seed_pair(scratch, 5)
        whole_build(scratch, 3)
        synthetic(SIZES[:2] if args.quick else SIZES)
        beside_collatex(scratch, 20.0 if args.quick else args.collatex_limit)


if __name__ == "__main__":
    main()
