"""Screenshots of the bundled edition for the README: docs/screenshots/*.png.

Builds the edition into a temporary folder, serves it on 127.0.0.1 and, with
Playwright driving Debian's Chromium, takes four pictures at 1280×800, three
of the work 2025-partnership:

    reading.png    the reading text with its markers, density bars and layer switches
    parallel.png   the parallel view of witnesses A and B, differences marked
    popover.png    the readings of a variant, opened by clicking its marker
    shared.png     paragraphs one work shares with another, side by side

Run it from the repository's top folder, with the test extras installed
(``pip install '.[test]'``, which brings Playwright) and Chromium and CJK
fonts from Debian (without the fonts, Chinese shows as boxes):

    apt-get install -y chromium fonts-noto-cjk
    python3 docs/screenshots.py              # writes docs/screenshots/*.png
    python3 docs/screenshots.py --out DIR    # elsewhere

``EDITION_CHROMIUM`` names another Chromium. Playwright never downloads a
browser of its own here.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = "works/2025-partnership/"
VIEWPORT = {"width": 1280, "height": 800}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build_site(scratch: Path) -> Path:
    """The bundled edition built into ``scratch``; returns its site folder."""
    from edition.build import build

    build(ROOT / "seeds", scratch / "build")
    return scratch / "build" / "site"


def take(page, base: str, out: Path) -> list[Path]:
    """Take the screenshots with ``page`` from the site served at ``base``."""
    shots = []

    page.goto(base + WORK + "index.html")
    shots.append(out / "reading.png")
    page.screenshot(path=shots[-1])

    page.goto(base + WORK + "parallel.html?w=A,B")
    _scroll_to(page, ".parallel-key")
    shots.append(out / "parallel.png")
    page.screenshot(path=shots[-1])

    page.goto(base + WORK + "index.html")
    _scroll_to(page, "[id='t-s1.p1']")
    page.locator("a.marker[href='#t-s1.p1.v2']").click()
    page.locator("#readings-popover").wait_for(state="visible")
    shots.append(out / "popover.png")
    page.screenshot(path=shots[-1])

    page.goto(base + "shared.html")
    _scroll_to(page, ".shared-works")
    shots.append(out / "shared.png")
    page.screenshot(path=shots[-1])
    return shots


def _scroll_to(page, selector: str) -> None:
    """Scroll so that ``selector`` stands a little below the sticky header."""
    page.evaluate("""selector => window.scrollTo(0, document.querySelector(selector)
                                                 .getBoundingClientRect().top + window.scrollY - 80)""", selector)
    page.wait_for_timeout(200)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("EDITION_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        site = build_site(Path(scratch))
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport=VIEWPORT)
                shots = take(page, f"http://127.0.0.1:{server.server_address[1]}/", args.out)
                browser.close()
        finally:
            server.shutdown()
    for shot in shots:
        print(f"{shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot}: {shot.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
