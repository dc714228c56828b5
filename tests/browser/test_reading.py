"""Reading a work in the browser: layers, readings, script switch, permalinks."""

from __future__ import annotations

WORK = "works/2025-partnership/"


def _visible(page, selector: str) -> int:
    return page.eval_on_selector_all(selector, "els => els.filter(e => e.offsetParent !== null).length")


def test_punctuation_layer_switches_its_markers_on(page, site_url):
    page.goto(site_url + WORK + "index.html")
    assert _visible(page, "a.marker[data-type=substantive]") > 50
    assert _visible(page, "a.marker[data-type=punctuation]") == 0  # substantive only at first
    ticks = "p .density i[data-type=punctuation], h2 .density i[data-type=punctuation]"
    assert _visible(page, ticks) == 0  # the density bars follow the layers
    assert _visible(page, ".density i[data-type=substantive]") == page.locator(".density i[data-type=substantive]").count()
    page.check("input[data-layer=punctuation]")
    assert _visible(page, "a.marker[data-type=punctuation]") == page.locator("a.marker[data-type=punctuation]").count() > 0
    assert _visible(page, ticks) == page.locator(ticks).count() > 0
    page.reload()  # the reader's choice is remembered
    assert _visible(page, "a.marker[data-type=punctuation]") > 0


def test_a_work_with_no_substantive_class_opens_with_all_its_layers_and_keeps_the_readers_choice(page, site_url,
                                                                                                  foreign_url):
    page.goto(foreign_url + "works/pta_pta0040-pta001-pta-grc1/index.html")  # classes: variants, witnesses
    for layer in ("variants", "witnesses"):
        assert page.is_checked(f"input[data-layer={layer}]")
        assert _visible(page, f"a.marker[data-type={layer}]") == page.locator(f"a.marker[data-type={layer}]").count() > 0
    page.uncheck("input[data-layer=witnesses]")
    page.reload()
    assert page.is_checked("input[data-layer=variants]") and not page.is_checked("input[data-layer=witnesses]")
    assert _visible(page, "a.marker[data-type=witnesses]") == 0
    page.goto(site_url + WORK + "index.html")  # another site's work: substantive only, as before
    assert _visible(page, "a.marker[data-type=substantive]") > 50 and _visible(page, "a.marker[data-type=punctuation]") == 0


def test_a_marker_opens_its_readings_by_click_and_by_keyboard(page, site_url):
    page.goto(site_url + WORK + "index.html")
    marker = page.locator("a.marker[data-type=substantive]").first
    marker.click()
    popover = page.locator("#readings-popover")
    assert popover.is_visible()
    text = popover.inner_text()
    assert "substantive" in text and "A" in text and "B" in text
    page.keyboard.press("Escape")
    assert not popover.is_visible()
    marker.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # reached with the keyboard: :focus-visible
    assert popover.is_visible()


def test_script_switch_keeps_the_place(page, site_url):
    page.goto(site_url + WORK + "index.html#t-s5.p3")
    page.click("a.script-switch")
    page.wait_for_load_state()
    assert page.url.endswith("index.zh-Hant.html#t-s5.p3")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    before = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 300)
    page.evaluate("""before => new Promise(done => {  // until the wheel's scroll has settled
        let last = -1;
        const tick = () => {
            if (window.scrollY !== before && window.scrollY === last) { done(); return; }
            last = window.scrollY;
            requestAnimationFrame(tick);
        };
        tick(); })""", before)
    place = page.evaluate("""() => {
        const line = document.querySelector('.site-header').getBoundingClientRect().bottom;
        return [...document.querySelectorAll('main [id^="t-s"]')]
            .find(e => /\\.(h|p\\d+[a-z]*)$/.test(e.id) && e.getBoundingClientRect().bottom > line).id; }""")
    page.click("a.script-switch")  # at once: before the switch's own wait after scrolling
    page.wait_for_load_state()
    assert page.url.endswith("index.html#" + place)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"


def test_a_variant_permalink_highlights_its_place(page, site_url):
    page.goto(site_url + WORK + "index.html#t-s1.p1.v1")
    marker = page.locator(".app.is-target:has(a.marker[href=\"#t-s1.p1.v1\"])")
    assert marker.count() == 1
    assert marker.is_visible() and marker.evaluate("e => e.getBoundingClientRect().top < window.innerHeight")


def test_copy_the_citation_of_a_variant_and_of_a_paragraph(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + WORK + "index.html")
    page.locator("a.marker[href='#t-s1.p1.v1']").click()
    page.locator("#readings-popover button[data-format='GB/T 7714']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "[EB/OL]" in copied and "异文 s1.p1.v1" in copied and "见证本 A、B" in copied
    assert copied.rstrip(".").endswith("index.html#t-s1.p1.v1")
    page.goto(site_url + WORK + "index.html#t-s2.p3")
    page.locator("#cite-bar button[data-format=Chicago]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("The edition project. “") and ", paragraph s2.p3.”" in copied
    assert "version 0.1.0" in copied and "#t-s2.p3" in copied
    page.locator("#cite-bar button[data-format=BibTeX]").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("@misc{2025-partnership-s2-p3,")
    page.locator("#cite-bar button[data-format=CSL-JSON]").click()
    import json
    [item] = json.loads(page.evaluate("navigator.clipboard.readText()"))
    assert item["id"] == "2025-partnership/s2.p3" and item["version"] == "0.1.0"


def test_the_content_security_policy_forbids_inline_script(page, site_url):
    reports: list[str] = []
    page.on("console", lambda message: reports.append(message.text))
    for path in ("index.html", WORK + "index.html", WORK + "witness/B.html", "about.html"):
        page.goto(site_url + path)
        policy = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
        assert "script-src 'self'" in policy and "object-src 'none'" in policy
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.injected = true'; document.body.appendChild(s); }""")
    assert page.evaluate("window.injected === undefined")
    assert [r for r in reports if "Content Security Policy" in r and "inline" not in r] == []
