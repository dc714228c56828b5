"""Running the real command line on hostile input, and checking what it left behind.

Every command runs in a child process with limits on its address space, CPU
time and wall-clock time (limits, not timings: a run that hits one fails the
test), in a scratch tree whose every file is recorded before and after, with
HOME, TMPDIR and the working folder inside that tree.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

from edition.tei.read import parse_tei

MEMORY_LIMIT = 1536 * 1024 * 1024  # address space, bytes
CPU_LIMIT = 120  # seconds of CPU
WALL_LIMIT = 180  # seconds

SECRET = "TOPSECRET-hostile-7d1c"
PASSWD = "file:///etc/passwd"
# Raw bytes no output file may hold. The site's own <script> tags always have attributes.
FORBIDDEN = [re.compile(rb"<script>", re.I), re.compile(rb"javascript:", re.I),
             re.compile(rb"vbscript:", re.I), re.compile(rb"data:text/html", re.I),
             re.compile(rb"<\w+:script\b", re.I), re.compile(SECRET.encode())]
# Published TEI copies hold the input as given: an inert javascript: in a TEI attribute stays.
FORBIDDEN_IN_TEI = [FORBIDDEN[0], FORBIDDEN[4], FORBIDDEN[5]]
# Data files (CSV, JSON, plain text) hold the witnesses' text exactly as it is, and are never HTML.
FORBIDDEN_IN_DATA = [FORBIDDEN[5]]
DATA_SUFFIXES = (".csv", ".json", ".txt")
SITE_SCRIPTS = {"edition.js", "search.js", "search-index.js", "variants.js", "parallel.js"}
ACTIVE_NAMESPACES = ("http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg",
                     "http://www.w3.org/1998/Math/MathML")


@dataclass
class Result:
    status: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _limits() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def environment(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDITION_", "SOURCE_DATE_EPOCH"))}
    for name in ("home", "tmp"):
        (scratch / name).mkdir(exist_ok=True)
    env.update(HOME=str(scratch / "home"), TMPDIR=str(scratch / "tmp"), PYTHONDONTWRITEBYTECODE="1",
               no_proxy="*", http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    return env


def command(args: list[str]) -> list[str]:
    return [sys.executable, "-c", "from edition.cli import main; main()", *args]


def run(args: list[str], scratch: Path, *, env: dict[str, str] | None = None,
        timeout: float = WALL_LIMIT) -> Result:
    """Run ``edition ARGS`` in ``scratch/cwd`` under the limits."""
    cwd = scratch / "cwd"
    cwd.mkdir(exist_ok=True)
    done = subprocess.run(command(args), cwd=cwd, env={**environment(scratch), **(env or {})},
                          capture_output=True, timeout=timeout, preexec_fn=_limits)
    return Result(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``root``: path → (size, mtime in ns)."""
    found = {}
    for path in root.rglob("*"):
        info = path.lstat()
        found[path.relative_to(root).as_posix()] = (info.st_size if path.is_file() else -1, info.st_mtime_ns)
    return found


def written_outside(before: dict, after: dict, allowed: list[str]) -> list[str]:
    """Paths new, changed or gone between two snapshots that are not under one of ``allowed``."""
    changed = {p for p in after if before.get(p) != after[p]} | (set(before) - set(after))
    return sorted(p for p in changed if not any(p == a or p.startswith(a + "/") for a in allowed))


def forbidden_in(root: Path) -> list[str]:
    """Every forbidden thing in the files under ``root`` (a folder or one file), as 'path: what'."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    found = []
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                parts = [(f"{path.name}!{n}", archive.read(n)) for n in archive.namelist()]
        else:
            parts = [(path.name, data)]
        for name, content in parts:
            tei = name.endswith(".xml")
            patterns = FORBIDDEN_IN_TEI if tei else FORBIDDEN_IN_DATA if name.endswith(DATA_SUFFIXES) else FORBIDDEN
            found += [f"{name}: {p.pattern!r}" for p in patterns if p.search(content)]
            if tei:
                found += [f"{name}: {w}" for w in _active_xml(content)]
        if path.suffix == ".html":
            found += [f"{path.name}: {w}" for w in _active_html(data)]
    return found


def _active_xml(data: bytes) -> list[str]:
    root = parse_tei(data).getroot()
    return [f"<{e.tag}>" for e in root.iter(etree.Element) if etree.QName(e).namespace in ACTIVE_NAMESPACES]


def _active_html(data: bytes) -> list[str]:
    """Scripts that are not the site's own, event handlers, styles and links with a dangerous scheme."""
    page = lxml.html.fromstring(data)
    found = []
    for script in page.iter("script"):
        if script.get("type") == "application/json":
            json.loads(script.text or "null")
            if "<" in (script.text or ""):
                found.append("markup inside JSON data")
        elif (script.get("src") or "").rsplit("/", 1)[-1] not in SITE_SCRIPTS or (script.text or "").strip():
            found.append(f"script {script.get('src')!r}")
    for element in page.iter(etree.Element):
        for name, value in element.attrib.items():
            if name.startswith("on") or name == "style":
                found.append(f"@{name} on <{element.tag}>")
            if name in ("href", "src", "action", "formaction") and re.match(
                    r"[\x00-\x20]*(javascript|data|vbscript|file):", re.sub(r"[\t\n\r]", "", value), re.I):
                found.append(f"@{name}={value!r}")
    return found
