/* The edition's one script. Everything works without it: markers are links to the footnote
   apparatus, the script switch goes to the top of the other page. With it:
   - a marker opens a popover of its readings (on click, or when reached with the keyboard);
   - the variant layers are switched on and off class by class: substantive only at first (every
     layer, for a work that has no substantive class), then as the reader left them (localStorage);
   - the script switch lands on the same place of the other page: the fragment (#t-s1.p2), or
     the row at the top of the window;
   - a permalink to an apparatus entry highlights its place in the text;
   - citations of the work, of a row (when a permalink targets it) and of each variant (in its
     popover), in Chicago and GB/T 7714 style, as CSL-JSON and as BibTeX, copied with one click. */
(function () {
  "use strict";

  var popover = null;
  var current = null;

  function entryOf(marker) {
    return document.getElementById(marker.getAttribute("href").slice(1));
  }

  function makePopover() {
    popover = document.createElement("div");
    popover.className = "popover";
    popover.id = "readings-popover";
    popover.setAttribute("role", "region");
    popover.setAttribute("aria-label", "Readings");
    popover.setAttribute("lang", "en");
    popover.hidden = true;
    document.body.appendChild(popover);
  }

  function open(marker) {
    var entry = entryOf(marker);
    if (!entry) { return; }
    close();
    popover.textContent = "";
    var head = document.createElement("div");
    head.className = "popover-head";
    var link = document.createElement("a");
    link.href = marker.getAttribute("href");
    link.textContent = "Variant " + marker.textContent + " · " + (marker.getAttribute("data-type") || "");
    head.appendChild(link);
    popover.appendChild(head);
    var readings = entry.querySelector(".readings");
    if (readings) {
      var list = readings.cloneNode(false);
      var each = readings.querySelectorAll(".reading");
      for (var i = 0; i < each.length; i++) { list.appendChild(each[i].cloneNode(true)); }
      popover.appendChild(list);
    }
    var notes = entry.querySelectorAll(".entry-note");
    for (var n = 0; n < notes.length; n++) { popover.appendChild(notes[n].cloneNode(true)); }
    var id = marker.getAttribute("href").slice(1);
    popover.appendChild(citeControls(id, "variant " + id.replace(/^t-/, ""), "异文 " + id.replace(/^t-/, ""),
                                     siglaOf(entry)));
    popover.hidden = false;
    place(marker);
    marker.setAttribute("aria-expanded", "true");
    marker.setAttribute("aria-controls", popover.id);
    current = marker;
  }

  function place(marker) {
    var box = marker.getBoundingClientRect();
    var width = popover.offsetWidth;
    var left = Math.min(box.left + window.scrollX - 16,
                        document.documentElement.clientWidth + window.scrollX - width - 8);
    popover.style.left = Math.max(window.scrollX + 8, left) + "px";
    popover.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function close() {
    if (!current) { return; }
    current.setAttribute("aria-expanded", "false");
    current.removeAttribute("aria-controls");
    popover.hidden = true;
    current = null;
  }

  function markerAt(node) {
    return node && node.closest ? node.closest("a.marker") : null;
  }

  function keyboardFocus(element) {
    try { return element.matches(":focus-visible"); } catch (e) { return false; }
  }

  function setUpPopover() {
    if (!document.querySelector("a.marker")) { return; }
    makePopover();
    document.addEventListener("click", function (event) {
      var marker = markerAt(event.target);
      if (marker) {
        event.preventDefault();
        if (current === marker) { close(); } else { open(marker); }
      } else if (current && !popover.contains(event.target)) {
        close();
      }
    });
    document.addEventListener("focusin", function (event) {
      var marker = markerAt(event.target);
      if (marker && marker !== current && keyboardFocus(marker)) {
        open(marker);
      } else if (!marker && current && !popover.contains(event.target)) {
        close();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current) {
        var marker = current;
        close();
        marker.focus();
      }
    });
  }

  var LAYERS_KEY = "edition.shown-layers";
  var SET_KEY = "edition.set-layers"; // the layers the reader has switched on or off, on any page
  var DEFAULT_LAYERS = ["substantive"];

  function stored(key, otherwise) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key));
      return Array.isArray(value) ? value : otherwise;
    } catch (e) { return otherwise; }
  }

  function shownLayers() { return stored(LAYERS_KEY, DEFAULT_LAYERS); }

  function saveLayers(shown, set) {
    try {
      window.localStorage.setItem(LAYERS_KEY, JSON.stringify(shown));
      window.localStorage.setItem(SET_KEY, JSON.stringify(set));
    } catch (e) { /* file:// may refuse */ }
  }

  /* Whether a layer is shown: as the reader last set it; else substantive only, or every layer of a
     work that has no substantive one (TEI from elsewhere, classed its own way), so that no work opens
     with its apparatus hidden. */
  function layerShown(type, types) {
    var shown = shownLayers();
    if (shown.indexOf(type) >= 0 || stored(SET_KEY, []).indexOf(type) >= 0) { return shown.indexOf(type) >= 0; }
    return types.indexOf("substantive") >= 0 ? DEFAULT_LAYERS.indexOf(type) >= 0 : true;
  }

  function showLayer(type, shown) {
    var items = document.querySelectorAll(".marker[data-type], .entry[data-type], .density i[data-type]");
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-type") === type) { items[i].hidden = !shown; }
    }
  }

  function setUpLayers() {
    var form = document.querySelector("form.layers");
    if (!form) { return; }
    var boxes = form.querySelectorAll("input[data-layer]");
    var types = [];
    for (var k = 0; k < boxes.length; k++) { types.push(boxes[k].getAttribute("data-layer")); }
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].checked = layerShown(types[i], types);
      showLayer(types[i], boxes[i].checked);
    }
    form.hidden = false;
    form.addEventListener("change", function (event) {
      var type = event.target.getAttribute("data-layer");
      if (type === null) { return; }
      showLayer(type, event.target.checked);
      var now = shownLayers().filter(function (t) { return t !== type; });
      if (event.target.checked) { now.push(type); }
      var set = stored(SET_KEY, []).filter(function (t) { return t !== type; });
      set.push(type);
      saveLayers(now, set);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  function keepFragment() {
    var links = document.querySelectorAll("a.script-switch");
    for (var i = 0; i < links.length; i++) {
      links[i].href = links[i].getAttribute("href").split("#")[0] + window.location.hash;
    }
  }

  /* The row at the top of the window, below the sticky header: where a reader who switches
     script should land. */
  function placeOnScreen() {
    var header = document.querySelector(".site-header");
    var line = header ? header.getBoundingClientRect().bottom : 0;
    var rows = document.querySelectorAll("main [id]");
    var row = /^(t-title|t-s[0-9a-z]+\.(h|p[0-9]+[a-z]*)|l[0-9][0-9a-z-]*)$/;
    for (var i = 0; i < rows.length; i++) {
      if (row.test(rows[i].id) && rows[i].getBoundingClientRect().bottom > line) { return rows[i].id; }
    }
    return "";
  }

  /* The switch's link follows the reading: it points at the row on top, after scrolling and
     again at the moment it is followed (a click that comes before the scroll has settled). */
  function pointSwitchAtPlace() {
    var place = window.scrollY < 40 ? "" : placeOnScreen();
    var links = document.querySelectorAll("a.script-switch");
    for (var i = 0; i < links.length; i++) {
      var page = links[i].getAttribute("href").split("#")[0];
      links[i].href = place ? page + "#" + encodeURIComponent(place) : page + window.location.hash;
    }
  }

  function setUpScriptSwitch() {
    keepFragment();
    var pending = null;
    window.addEventListener("scroll", function () {
      if (pending) { window.clearTimeout(pending); }
      pending = window.setTimeout(function () { pending = null; pointSwitchAtPlace(); }, 120);
    }, { passive: true });
    var links = document.querySelectorAll("a.script-switch");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function () {
        if (pending) { window.clearTimeout(pending); pending = null; pointSwitchAtPlace(); }
      });
    }
  }

  var highlighted = null;

  function highlightTarget() {
    if (highlighted) { highlighted.classList.remove("is-target"); highlighted = null; }
    var id = decodeURIComponent(window.location.hash.slice(1));
    var entry = id ? document.getElementById(id) : null;
    var back = entry && entry.classList.contains("entry") ? entry.querySelector("a.entry-n") : null;
    var marker = back ? document.getElementById(back.getAttribute("href").slice(1)) : null;
    if (marker) {
      highlighted = marker;
      marker.classList.add("is-target");
    }
  }

  /* Citations: the templates of edition/render/cite.py (in #cite-data) filled in for a work,
     a row or a variant, with this page's address and today's date; CSL-JSON and BibTeX from the
     same data. */
  var citing = null;

  function citeData() {
    if (citing === null) {
      var element = document.getElementById("cite-data");
      try { citing = element ? JSON.parse(element.textContent) : false; } catch (e) { citing = false; }
    }
    return citing;
  }

  function siglaOf(entry) {
    var found = [];
    var readings = entry.querySelectorAll("[data-wit]");
    for (var i = 0; i < readings.length; i++) {
      var each = readings[i].getAttribute("data-wit").split(/\s+/);
      for (var k = 0; k < each.length; k++) {
        if (each[k] && found.indexOf(each[k]) < 0) { found.push(each[k]); }
      }
    }
    return found.sort();
  }

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return { iso: now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()),
             en: now.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" }),
             parts: [now.getFullYear(), now.getMonth() + 1, now.getDate()] };
  }

  function addressOf(id) {
    return window.location.href.split("#")[0] + (id ? "#" + encodeURIComponent(id) : "");
  }

  function fill(template, target) {
    var day = today();
    var slots = {
      locator_en: target.en ? ", " + target.en : "", locator_zh: target.zh ? "，" + target.zh : "",
      sigla_en: target.sigla.length ? "; witnesses " + target.sigla.join(", ") : "",
      sigla_zh: target.sigla.length ? "，见证本 " + target.sigla.join("、") : "",
      url: addressOf(target.id), accessed_en: day.en, accessed_iso: day.iso
    };
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in slots ? slots[name] : all; });
  }

  function cslJson(data, target) {
    var item = {
      id: data.work_id + (target.id ? "/" + target.id.replace(/^t-/, "") : ""),
      type: "webpage",
      title: data.work + (target.en ? ", " + target.en : ""),
      "container-title": data.edition,
      version: data.version,
      URL: addressOf(target.id),
      accessed: { "date-parts": [today().parts] }
    };
    if (data.publisher) { item.publisher = data.publisher; }
    if (data.licence) { item.license = data.licence; }
    if (target.sigla.length) { item.note = "Witnesses " + target.sigla.join(", "); }
    var date = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(data.date || "");
    if (date) {
      item["original-date"] = { "date-parts": [date.slice(1).filter(Boolean).map(Number)] };
    }
    return JSON.stringify([item], null, 2);
  }

  function bibtex(data, target) {
    var escape = function (text) { return String(text).replace(/([{}\\&%$#_^~])/g, "\\$1"); };
    var key = (data.work_id + (target.id ? "-" + target.id.replace(/^t-/, "") : "")).replace(/[^A-Za-z0-9-]/g, "-");
    var fields = [
      ["title", "{" + escape(data.work + (target.en ? ", " + target.en : "")) + "}"],
      ["booktitle", "{" + escape(data.edition) + "}"],
      ["publisher", "{" + escape(data.publisher || data.edition) + "}"],
      ["version", "{" + escape(data.version) + "}"],
      ["howpublished", "{\\url{" + addressOf(target.id) + "}}"],
      ["urldate", "{" + today().iso + "}"],
      ["note", "{" + escape("Version " + data.version + (target.sigla.length ? "; witnesses " +
                                target.sigla.join(", ") : "")) + "}"]
    ];
    return "@misc{" + key + ",\n" + fields.map(function (f) { return "  " + f[0] + " = " + f[1]; }).join(",\n") + "\n}";
  }

  function copyText(text, button) {
    var done = function () {
      var status = button.parentNode.querySelector(".cite-status");
      if (status) { status.textContent = "Copied."; }
      button.setAttribute("data-copied", "true");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { copyBySelection(text); done(); });
    } else {
      copyBySelection(text);
      done();
    }
  }

  function copyBySelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more can be done */ }
    document.body.removeChild(area);
  }

  /* Buttons copying each format of the citation of one target (a work, a row or a variant). */
  function citeControls(id, en, zh, sigla) {
    var box = document.createElement("div");
    box.className = "cite-controls";
    box.setAttribute("lang", "en");
    var data = citeData();
    if (!data) { return box; }
    var target = { id: id, en: en, zh: zh, sigla: sigla || [] };
    var formats = [
      ["Chicago", function () { return fill(data.chicago, target); }],
      ["GB/T 7714", function () { return fill(data.gbt, target); }],
      ["CSL-JSON", function () { return cslJson(data, target); }],
      ["BibTeX", function () { return bibtex(data, target); }]
    ];
    var label = document.createElement("span");
    label.className = "cite-label";
    label.textContent = "Cite:";
    box.appendChild(label);
    formats.forEach(function (format) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cite-copy";
      button.setAttribute("data-format", format[0]);
      button.textContent = format[0];
      button.setAttribute("aria-label", "Copy the " + format[0] + " citation of " + en);
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        var text = format[1]();
        button.setAttribute("data-citation", text);
        copyText(text, button);
      });
      box.appendChild(button);
    });
    var status = document.createElement("span");
    status.className = "cite-status";
    status.setAttribute("role", "status");
    box.appendChild(status);
    return box;
  }

  /* The work's own citation, filled in with this page's address; and a bar citing a targeted row. */
  function setUpCitations() {
    var data = citeData();
    if (!data) { return; }
    var work = document.querySelector("section.cite");
    if (work) {
      var whole = { id: "", en: "", zh: "", sigla: [] };
      var shown = work.querySelectorAll(".citation[data-format]");
      for (var i = 0; i < shown.length; i++) {
        shown[i].textContent = fill(data[shown[i].getAttribute("data-format")], whole);
      }
      work.appendChild(citeControls("", "", "", []));
    }
    citeTargetedRow();
    window.addEventListener("hashchange", citeTargetedRow);
  }

  function citeTargetedRow() {
    var old = document.getElementById("cite-bar");
    if (old) { old.parentNode.removeChild(old); }
    var id = decodeURIComponent(window.location.hash.slice(1));
    var row = /^t-(s[0-9a-z]+)(\.(h|p[0-9]+[a-z]*))?$/.exec(id);
    if (!row || !document.getElementById(id)) { return; }
    var ref = id.slice(2);
    var en = row[3] ? (row[3] === "h" ? "heading of section " + row[1] : "paragraph " + ref) : "section " + ref;
    var zh = row[3] ? (row[3] === "h" ? "第 " + row[1] + " 节标题" : "段 " + ref) : "节 " + ref;
    var bar = document.createElement("div");
    bar.id = "cite-bar";
    bar.className = "cite-bar";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "Cite " + ref);
    bar.setAttribute("lang", "en");
    var title = document.createElement("strong");
    title.textContent = ref + " ";
    bar.appendChild(title);
    bar.appendChild(citeControls(id, en, zh, []));
    var close = document.createElement("button");
    close.type = "button";
    close.className = "cite-close";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", function () { bar.parentNode.removeChild(bar); });
    bar.appendChild(close);
    document.body.appendChild(bar);
  }

  function start() {
    setUpPopover();
    setUpLayers();
    setUpScriptSwitch();
    setUpCitations();
    highlightTarget();
    window.addEventListener("hashchange", function () { keepFragment(); highlightTarget(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
