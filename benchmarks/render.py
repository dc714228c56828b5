"""How fast TEI becomes the site: every page of a work, in both scripts.

Makes a TEI document of about the size asked for (``--megabytes``, 1 by
default) by collating three synthetic witnesses drawn from the seed text
(one in twenty characters differs, a few in traditional script), or that
much TEI split into ``--works`` documents, then renders it with
``edition.render.render_site`` a few times and prints the median time, and
the processor time and memory of a child process doing one render (the
most that it and its second process held at once). Then, for one work,
each part of the site alone, and the task of the anchor in
design/PERFORMANCE.md (TEI Stylesheets on Saxon: one TEI file to one HTML
file of its text and apparatus, 8.7 s for 1 MB). Targets: 1 MB of TEI
under 0.5 s; 100 MB under 60 s and 4 GiB.

    python3 benchmarks/render.py            # 1 MB
    python3 benchmarks/render.py --megabytes 10
    python3 benchmarks/render.py --megabytes 80 --works 80 --runs 1   # 100 MB: an edition of 80 works
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_5d9e4b39c4484a2c.txt"


def synthetic_tei(megabytes: float, seed: int = 7, work_id: str = "bench") -> bytes:
    """A TEI edition of three witnesses, about ``megabytes`` large."""
    from edition.collate import collate
    from edition.model import Block, BlockKind, Edition, Witness, WitnessSource, Work
    from edition.script import to_traditional
    from edition.tei.encode import encode
    from edition.tei.read import serialize

    chance = random.Random(seed)
    paragraphs = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()
                  if len(line.strip()) > 40 and not line.startswith("#")]
    characters = int(megabytes * 1_000_000 / 11)  # TEI bytes per base character, measured on this kind of text
    base: list[str] = []
    while sum(map(len, base)) < characters:
        base.append(chance.choice(paragraphs))

    def varied(text: str) -> str:
        out = []
        for char in text:
            roll = chance.random()
            out.append(chance.choice(paragraphs[0]) if roll < 0.03 else
                       "" if roll < 0.04 else to_traditional(char) if roll < 0.05 else char)
        return "".join(out)

    texts = {"A": base, "B": [varied(p) for p in base], "C": [varied(p) for p in base]}
    witnesses = [Witness(WitnessSource(s, f"{s.lower()}.txt", ((1, 2 * len(blocks)),)), "0" * 64,
                         tuple(Block(BlockKind.PARAGRAPH, t, 2 * i + 1, 2 * i + 1) for i, t in enumerate(blocks)))
                 for s, blocks in texts.items()]
    work = Work(work_id, "基准", "A", tuple(w.source for w in witnesses))
    return serialize(encode(collate(work, witnesses), Edition(title="基准", works=(work,)), {}))


def render_once(tei: Path | list[Path], out: Path) -> float:
    """The time to render the site of ``tei`` (one file, or a file per work) into ``out``, parsing included."""
    from edition.render import render_site
    from edition.tei.read import parse_tei

    files = tei if isinstance(tei, list) else [tei]
    started = time.perf_counter()
    render_site([(path.name, parse_tei(path, max_apps=None)) for path in files], out,
                edition_title="基准", version="0")
    return time.perf_counter() - started


def parts(tei: Path, runs: int) -> dict[str, float]:
    """The median time of each part of the site, made alone from the TEI (no pages written), each in
    a process of its own, as a render makes it (``memory.bulk_stage``: the collector paused)."""
    found = {}
    for name in _part_jobs(tei):
        child = subprocess.run([sys.executable, __file__, "--part", name, str(tei), str(runs)],
                               check=True, capture_output=True, text=True)
        found[name] = float(child.stdout)
    return found


def _part(name: str, tei: Path, runs: int) -> float:
    """The median time of one part, in this process. What it made is freed after its time is taken,
    as a render keeps what it made to its end (``beside.keep``)."""
    from edition.memory import bulk_stage

    job = bulk_stage(_part_jobs(tei)[name])
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        made = job()
        times.append(time.perf_counter() - started)
        del made
    return statistics.median(times)


def _part_jobs(tei: Path) -> dict:
    """Each part of the site, as a function that makes it from ``tei``."""
    from edition.render.dts import Resource, dts_files
    from edition.render.pages import both_scripts, html
    from edition.render.parallel import parallel_view
    from edition.render.search import IndexedWork, SearchIndex
    from edition.render.transform import numbered, transform
    from edition.render.variants import read_entries, variant_rows
    from edition.render.views import witness_views
    from edition.tei.read import parse_tei

    tree = parse_tei(tei, max_apps=None)
    columns = [(s, s, s) for s in "ABC"]
    page = tei.with_name("reading-page.html")

    def reading_text():
        document = numbered(tree)
        fragment = transform("text.xsl", document, text_lang="zh-Hans")
        return document, fragment, both_scripts(fragment, True)

    def parallel():
        document = numbered(tree)
        return document, parallel_view(document, columns, "zh-Hans")

    def reading_page():
        """What the anchor's TEI Stylesheets do: a TEI file to one HTML file of its text and apparatus."""
        document = numbered(parse_tei(tei, max_apps=None))
        fragment = transform("text.xsl", document, text_lang="zh-Hans")
        page.write_text(html(fragment), encoding="utf-8")
        return document, fragment

    def variants():
        entries = read_entries(tree)
        rows = variant_rows(entries, "zh-Hans")
        context = [(e.before, e.after) for e in entries]
        return (entries, rows(context, reading_page="index.html", text_lang="zh-Hans"),
                rows(context, reading_page="index.zh-Hant.html", text_lang="zh-Hant"))

    def search_index(work: IndexedWork) -> list[bytes]:
        index = SearchIndex()
        index.add(work)
        return [b"".join(parts) for _, parts in index.files()]

    jobs = {
        "the anchor's task: the TEI file to its reading text and apparatus in one HTML file, one script":
            reading_page,
        "reading text (TEI to the reading page's HTML, both scripts)": reading_text,
        "witness pages (rebuilt from the apparatus)": lambda: witness_views(tree),
        "parallel view (both scripts)": parallel,
        "variants table (both scripts)": variants,
        "search index": lambda: search_index(IndexedWork("bench", "基准", tree)),
        "DTS files": lambda: list(dts_files([Resource("bench", "基准", "zh-Hans", "", "", "bench.xml", tree,
                                                       tei.read_bytes())], title="基准")),
    }
    return jobs


def _child(tei: list[Path], out: Path, jobs: str) -> tuple[float, float, float, float | None]:
    """One render in a child process: its time, the processor time (user, system) of the whole
    process, and the most memory it and its own processes held at once (MiB, their proportional set
    size sampled every 50 ms; None where there is no /proc)."""
    env = {**os.environ, "EDITION_JOBS": jobs}
    child = subprocess.Popen([sys.executable, __file__, "--child", *map(str, tei), str(out)],
                             stdout=subprocess.PIPE, text=True, env=env)
    peak = None
    while child.poll() is None:
        held = _memory_of_tree(child.pid)
        if held is not None:
            peak = max(peak or 0, held)
        time.sleep(0.05)
    if child.returncode:
        raise SystemExit(f"the render in a child process failed (exit status {child.returncode})")
    wall, user, system = map(float, child.stdout.read().split())
    return wall, user, system, peak


def _memory_of_tree(pid: int) -> float | None:
    """The proportional set size of process ``pid`` and its descendants (MiB), from /proc."""
    proc = Path("/proc")
    if not (proc / str(pid)).exists():
        return None
    parents: dict[int, int] = {}
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    family, grown = {pid}, True
    while grown:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grown = bool(more)
    kib = 0
    for member in family:
        try:
            rollup = (proc / str(member) / "smaps_rollup").read_text()
        except OSError:
            continue
        kib += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return kib / 1024


def _creating(folder: Path, count: int) -> float:
    """The time to make ``count`` empty files in the new folder ``folder``."""
    folder.mkdir()
    started = time.perf_counter()
    for number in range(count):
        os.close(os.open(folder / f"{number}.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--works", type=int, default=1, help="split the TEI into this many works, one file each")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--part", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        print(_part(args.part[0], Path(args.part[1]), int(args.part[2])))
        return
    if args.child:
        wall = render_once([Path(name) for name in args.child[:-1]], Path(args.child[-1]))
        multiprocessing.active_children()  # reaps the render's second process, so that its time is counted
        used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        print(wall, sum(u.ru_utime for u in used), sum(u.ru_stime for u in used))
        return
    with tempfile.TemporaryDirectory() as scratch:
        if args.works == 1:
            files = [Path(scratch) / "bench.xml"]
            files[0].write_bytes(synthetic_tei(args.megabytes))
        else:
            files = [Path(scratch) / f"bench-{k + 1:03}.xml" for k in range(args.works)]
            for k, path in enumerate(files):
                path.write_bytes(synthetic_tei(args.megabytes / args.works, seed=7 + k, work_id=path.stem))
        apps = sum(path.read_bytes().count(b"<app ") for path in files)
        tei_size = sum(path.stat().st_size for path in files)
        times = [render_once(files, Path(scratch) / f"site{k}") for k in range(args.runs)]
        child, user, system, peak = _child(files, Path(scratch) / "child", os.environ.get("EDITION_JOBS", ""))
        alone = [_child(files, Path(scratch) / f"alone{k}", "1")[0] for k in range(args.runs)]
        pages = sum(1 for _ in (Path(scratch) / "site0").rglob("*.html"))
        sizes = [p.stat().st_size for p in (Path(scratch) / "site0").rglob("*") if p.is_file()]
        timed = parts(files[0], args.runs) if args.works == 1 else {}
        creating = _creating(Path(scratch) / "files", len(sizes))
    held = (f", at most {peak:,.0f} MiB held at once by all its processes" if peak is not None else
            f", peak memory of its largest process {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:,.0f} MiB")
    print(f"TEI: {tei_size:,} bytes in {len(files)} work{'s' if len(files) > 1 else ''}, "
          f"{apps:,} apparatus entries, 3 witnesses each")
    print(f"render, the whole site in both scripts: median {statistics.median(times):.2f} s over {args.runs} runs "
          f"(min {min(times):.2f} s); one run in a child process: {child:.2f} s, processor time {user:.2f} s "
          f"user + {system:.2f} s system (the kernel: files written, memory){held}; "
          f"in one process (EDITION_JOBS=1): median {statistics.median(alone):.2f} s")
    print(f"site: {pages} pages, {len(sizes):,} files, {sum(sizes) / 1e6:.1f} MB; "
          f"targets: 1 MB of TEI under 0.5 s, 100 MB under 60 s and 4 GiB")
    print(f"the disk: making {len(sizes):,} empty files in a new folder takes {creating:.2f} s here "
          f"(a part of each render that depends on the file system and its state, not on the edition)")
    if timed:
        print("each part alone, median:")
    for name, seconds in timed.items():
        print(f"  {seconds:6.2f} s  {name}")


if __name__ == "__main__":
    main()
