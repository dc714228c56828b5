/* The edition's one script. Everything works without it: markers are links to the footnote
   apparatus, the script switch goes to the top of the other page. With it:
   - a marker opens a popover of its readings (on click, or when reached with the keyboard);
   - the variant layers are switched on and off class by class: substantive only at first, then
     as the reader left them (localStorage);
   - the script switch lands on the same place of the other page: the fragment (#t-s1.p2), or
     the row at the top of the window;
   - a permalink to an apparatus entry highlights its place in the text. */
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
  var DEFAULT_LAYERS = ["substantive"];

  function shownLayers() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(LAYERS_KEY));
      return Array.isArray(stored) ? stored : DEFAULT_LAYERS;
    } catch (e) { return DEFAULT_LAYERS; }
  }

  function saveShownLayers(layers) {
    try { window.localStorage.setItem(LAYERS_KEY, JSON.stringify(layers)); } catch (e) { /* file:// may refuse */ }
  }

  function showLayer(type, shown) {
    var items = document.querySelectorAll(".marker[data-type], .entry[data-type]");
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-type") === type) { items[i].hidden = !shown; }
    }
  }

  function setUpLayers() {
    var form = document.querySelector("form.layers");
    if (!form) { return; }
    var boxes = form.querySelectorAll("input[data-layer]");
    var shown = shownLayers();
    for (var i = 0; i < boxes.length; i++) {
      var type = boxes[i].getAttribute("data-layer");
      boxes[i].checked = shown.indexOf(type) >= 0;
      showLayer(type, boxes[i].checked);
    }
    form.hidden = false;
    form.addEventListener("change", function (event) {
      var type = event.target.getAttribute("data-layer");
      if (type === null) { return; }
      showLayer(type, event.target.checked);
      var now = shownLayers().filter(function (t) { return t !== type; });
      if (event.target.checked) { now.push(type); }
      saveShownLayers(now);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  function keepFragment() {
    var links = document.querySelectorAll("a.script-switch");
    for (var i = 0; i < links.length; i++) {
      links[i].href = links[i].getAttribute("href").split("#")[0] + window.location.hash;
    }
  }

  /* The row at the top of the window: where a reader who switches script should land. */
  function placeOnScreen() {
    var rows = document.querySelectorAll("main [id]");
    var row = /^(t-title|t-s[0-9a-z]+\.(h|p[0-9]+[a-z]*)|l[0-9][0-9a-z-]*)$/;
    for (var i = 0; i < rows.length; i++) {
      if (row.test(rows[i].id) && rows[i].getBoundingClientRect().bottom > 0) { return rows[i].id; }
    }
    return "";
  }

  /* The switch's link follows the reading: after scrolling it points at the row on top. */
  function setUpScriptSwitch() {
    keepFragment();
    var pending = null;
    window.addEventListener("scroll", function () {
      if (pending) { window.clearTimeout(pending); }
      pending = window.setTimeout(function () {
        pending = null;
        var place = window.scrollY < 40 ? "" : placeOnScreen();
        var links = document.querySelectorAll("a.script-switch");
        for (var i = 0; i < links.length; i++) {
          var page = links[i].getAttribute("href").split("#")[0];
          links[i].href = place ? page + "#" + encodeURIComponent(place) : page + window.location.hash;
        }
      }, 120);
    }, { passive: true });
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

  function start() {
    setUpPopover();
    setUpLayers();
    setUpScriptSwitch();
    highlightTarget();
    window.addEventListener("hashchange", function () { keepFragment(); highlightTarget(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
