"""WCAG 2.2 AA in the browser: axe-core finds no serious or critical violation on any kind of page.

axe-core comes from npm (``.ci/run`` installs it); ``EDITION_AXE`` names its
``axe.min.js``. Without it the test is skipped, unless browser tests are
required.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PAGES = [
    "index.html",
    "about.html",
    "works/2025-partnership/index.html",
    "works/2025-partnership/index.zh-Hant.html",
    "works/2025-partnership/witness/C.html",
    "works/2025-partnership/parallel.html",
    "works/2025-partnership/parallel.zh-Hant.html?w=A,B",
    "works/2025-partnership/variants.html",
    "works/2025-partnership/variants.zh-Hant.html",
    "works/2025-partnership/report.html",
    "validation.html",
    "works/2024-75th-anniversary/index.html",
    "search.html?q=%E5%8F%8C%E6%96%B9",
    "shared.html",
    "shared.zh-Hant.html",
]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def axe_script() -> str:
    path = Path(os.environ.get("EDITION_AXE", ""))
    if not path.is_file():
        if os.environ.get("EDITION_BROWSER_TESTS") == "required":
            pytest.fail("EDITION_AXE must name axe-core's axe.min.js (npm install axe-core)")
        pytest.skip("axe-core is not installed (npm install axe-core; set EDITION_AXE to axe.min.js)")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def checked_page(browser):
    """A page that lets axe's own script in: the site's Content-Security-Policy forbids inline script."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(checked_page, site_url, axe_script, path):
    page = checked_page
    page.goto(site_url + path)
    page.add_script_tag(content=axe_script)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    serious = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert len(result["passes"]) > 10  # axe did run its checks


FOREIGN_PAGES = [
    "index.html",
    "works/pta_pta0040-pta001-pta-grc1/index.html",
    "works/pta_pta0040-pta001-pta-grc1/variants.html",
    "works/pta_pta0040-pta001-pta-grc1/parallel.html",
    "works/dll_Propertius-1-15/index.html",
    "works/teiphy_ubs_ephesians/index.html",
    "works/teiphy_ubs_ephesians/variants.html",  # 90 witnesses: the agreement matrix scrolls sideways
    "works/teiphy_ubs_ephesians/parallel.html",  # a text of readings only: links side by side
    "works/teiphy_ubs_ephesians/parallel.html?w=UBS,01,02,03",
]


@pytest.mark.parametrize("path", FOREIGN_PAGES)
def test_no_serious_accessibility_violation_on_tei_from_elsewhere(checked_page, foreign_url, axe_script, path):
    test_no_serious_accessibility_violation(checked_page, foreign_url, axe_script, path)
