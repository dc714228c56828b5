"""How large the search index of an edition is, and how fast a search answers in it.

Makes a TEI edition of about the size asked for (``--megabytes``, 25 by
default, split into ``--works`` works) as benchmarks/render.py does, builds
its search index as a render publishes it (``static/search-index.js`` and
the parts in ``static/search/``), then runs each query of a fixed list with
static/search.js in Node.js, each in a new context, as a newly opened search
page runs it: the time to the answer, and how much of the index it loaded.
Last, the time to load every part, what a search had to do when the index
was one script. Needs ``node`` on the PATH.

    python3 benchmarks/search.py                 # 25 MB in 20 works
    python3 benchmarks/search.py --megabytes 100 --works 80
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render import ROOT, synthetic_tei  # noqa: E402  (a sibling script, not a package)

SEARCH_JS = ROOT / "edition" / "render" / "static" / "search.js"
QUERIES = [
    ("a pair in most paragraphs", "双方"),
    ("one character", "和"),
    ("a phrase", "经济合作"),
    ("a phrase, typed in traditional script", "兩國關係"),
    ("a long phrase", "新时代全面战略协作伙伴关系"),
    ("a phrase that is nowhere", "火星探测器"),
]

# Each query in a new context: the page's core script, then search.js, then the parts it asks for.
_NODE = """
const vm = require("vm"), fs = require("fs"), path = require("path");
const [static_, script, query] = process.argv.slice(1);
const started = process.hrtime.bigint();
const context = vm.createContext({Promise: Promise});
context.window = context;
let loaded = [fs.statSync(path.join(static_, "search-index.js")).size];
vm.runInContext(fs.readFileSync(path.join(static_, "search-index.js"), "utf8"), context);
vm.runInContext(fs.readFileSync(script, "utf8"), context);
const load = context.EditionSearch.loader((file, failed) => {
  const text = fs.readFileSync(path.join(static_, "search", file), "utf8");
  loaded.push(Buffer.byteLength(text));
  setImmediate(() => vm.runInContext(text, context));  // a script tag runs later, not at once
});
const found = query === "" ? null : context.EditionSearch.search(context.EDITION_SEARCH, query, load,
                                                                context.EditionSearch.LIMIT);  // as search.html
Promise.resolve(found).then((result) => {
  if (result === null) {
    for (const file of fs.readdirSync(path.join(static_, "search"))) {
      const text = fs.readFileSync(path.join(static_, "search", file), "utf8");
      loaded.push(Buffer.byteLength(text));
      vm.runInContext(text.replace(/^window\\.EDITION_SEARCH_PART\\(/, "(function(){})("), context);
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ms, files: loaded.length, bytes: loaded.reduce((a, b) => a + b, 0),
    rows: result ? result.rows.length : 0, complete: result ? result.complete : true}));
}, (error) => { process.stderr.write(String(error)); process.exit(1); });
"""


def build_index(files: list[Path], static: Path) -> float:
    """Write the search index of the TEI ``files`` into ``static`` as a render does; its time."""
    from edition.render.search import IndexedWork, SearchIndex
    from edition.render.transform import numbered
    from edition.tei.read import parse_tei

    trees = [numbered(parse_tei(path, max_apps=None)) for path in files]
    started = time.perf_counter()
    index = SearchIndex()
    for path, tree in zip(files, trees):
        index.add(IndexedWork(path.stem, "基准", tree))
    for name, parts in index.files():
        (static / name).parent.mkdir(parents=True, exist_ok=True)
        with open(static / name, "wb") as out:
            out.writelines(parts)
    return time.perf_counter() - started


def _rare_phrase(static: Path) -> str:
    """A phrase of few paragraphs: of the readings of single witnesses halfway through the index, with
    four characters each side, the one in fewest texts (the synthetic witnesses repeat the seed's
    paragraphs, varying one character in twenty)."""
    parts = sorted(static.glob("search/pieces-*.js"), key=lambda path: int(path.stem.split("-")[1]))
    texts = [[piece[3] for piece in _pieces(path)] for path in parts]
    middle = _pieces(parts[len(parts) // 2])
    candidates = [piece[3][start - 4:end + 4] for piece in middle[len(middle) // 2:] if len(piece[2]) == 1
                  for start, end, _ in piece[4] if start < end and 4 <= start and end + 4 <= len(piece[3])][:40]
    return min(candidates, key=lambda phrase: sum(phrase in text for part in texts for text in part))


def _pieces(part: Path) -> list:
    script = part.read_text(encoding="utf-8")
    return json.loads(script[script.index("{"):script.rindex(")")])["pieces"]


def run(static: Path, query: str) -> dict:
    node = subprocess.run(["node", "-e", _NODE, str(static), str(SEARCH_JS), query],
                          capture_output=True, text=True, check=True)
    return json.loads(node.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=25.0)
    parser.add_argument("--works", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("node") is None:
        raise SystemExit("benchmarks/search.py runs search.js in Node.js: install node (Debian: apt-get install nodejs)")
    with tempfile.TemporaryDirectory() as scratch:
        files = [Path(scratch) / f"bench-{k + 1:03}.xml" for k in range(args.works)]
        for k, path in enumerate(files):
            path.write_bytes(synthetic_tei(args.megabytes / args.works, seed=7 + k, work_id=path.stem))
        static = Path(scratch) / "static"
        seconds = build_index(files, static)
        tei = sum(path.stat().st_size for path in files)
        sizes = sorted(path.stat().st_size for path in static.rglob("*.js"))
        core = (static / "search-index.js").stat().st_size
        print(f"TEI: {tei / 1e6:,.1f} MB in {args.works} works; index built and written in {seconds:.2f} s: "
              f"{sum(sizes) / 1e6:,.1f} MB in {len(sizes)} files (search-index.js {core / 1e3:,.0f} kB, "
              f"the largest part {sizes[-1] / 1e3:,.0f} kB)")
        queries = [*QUERIES, ("a phrase of one paragraph, halfway through", _rare_phrase(static)),
                   ("loading every part (the index as one script)", "")]
        print(f"each search in a new page, search.js in Node.js, median of {args.runs}:")
        for name, query in queries:
            results = sorted((run(static, query) for _ in range(args.runs)), key=lambda result: result["ms"])
            middle = results[len(results) // 2]
            rows = middle["rows"]
            found = f"{rows}{'' if middle['complete'] else '+'} paragraph{'' if rows == 1 else 's'}" if query else ""
            print(f"  {middle['ms']:8.0f} ms  {middle['bytes'] / 1e6:7.2f} MB in {middle['files']:5} files  "
                  f"{found:16}  {name}{f' ({query})' if query else ''}")


if __name__ == "__main__":
    main()
