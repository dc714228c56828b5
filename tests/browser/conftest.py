"""Browser tests: the built site in headless Chromium, driven by Playwright.

Chromium is Debian's (``/usr/bin/chromium``, or the path in
``EDITION_CHROMIUM``); Playwright only drives it and never downloads a
browser of its own. Without Chromium or Playwright these tests are skipped,
unless ``EDITION_BROWSER_TESTS=required`` (as ``.ci/run`` sets it), where a
missing browser is a failure.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from edition.build import build

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _unavailable(why: str):
    if os.environ.get("EDITION_BROWSER_TESTS") == "required":
        pytest.fail(f"browser tests are required here, but {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled edition, built once for all browser tests."""
    out = tmp_path_factory.mktemp("browser") / "build"
    build(ROOT / "seeds", out)
    return out / "site"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def serve():
    """A function that serves a folder on localhost until the session ends, and gives its address."""
    servers = []

    def start(folder: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site, serve) -> str:
    """The site served on localhost, as a reader's browser would fetch it."""
    return serve(built_site)


CORPUS = ROOT.parent / "shared" / "corpus"
FOREIGN = ("pta_pta0040.pta001.pta-grc1.xml", "dll_Propertius-1-15.xml", "teiphy_ubs_ephesians.xml")


@pytest.fixture(scope="session")
def foreign_url(tmp_path_factory, serve) -> str:
    """A site of TEI from elsewhere in Greek and Latin (no Chinese: its pages are in English), served."""
    from edition.publish import render_files

    if not all((CORPUS / name).is_file() for name in FOREIGN):
        pytest.skip("the corpus of TEI from elsewhere is not present")
    out = tmp_path_factory.mktemp("foreign") / "site"
    render_files([CORPUS / name for name in FOREIGN], out, title="Corpus", strict=False)
    return serve(out)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install '.[test]')")
    executable = os.environ.get("EDITION_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        _unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page (its own storage) that fails the test on any script error."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"script errors on the page: {errors}"
