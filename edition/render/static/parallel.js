/* The parallel page: the reader chooses which witnesses stand side by side.
   Without this script the table shows every witness (stacked row by row when there are more
   than the table's data-max-columns). With it:
   - a checkbox per witness shows or hides its column; the choice is kept in the address
     (parallel.html?w=A,B), so a view can be linked, and the script switch keeps it;
   - without a choice in the address, every witness is shown, or the first two when there are
     more than fit side by side; more than two on a narrow screen are stacked;
   - a place stays marked only where the witnesses shown part: where they all have the same
     reading of an entry, its marks are toned down (class "agrees"). */
(function () {
  "use strict";

  var table = document.querySelector("table.parallel");
  var form = document.querySelector("form.witness-choice");
  if (!table || !form) { return; }

  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[data-wit]"));
  var sigla = boxes.map(function (box) { return box.getAttribute("data-wit"); });
  var labels = {};
  boxes.forEach(function (box) {
    var label = box.parentNode.querySelector(".siglum");
    labels[box.getAttribute("data-wit")] = label ? label.textContent : box.getAttribute("data-wit");
  });
  var maxColumns = parseInt(table.getAttribute("data-max-columns"), 10) || 5;
  var cells = Array.prototype.slice.call(table.querySelectorAll("th[data-wit], td[data-wit]"));
  var status = form.querySelector(".choice-status");
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;
  var marks = Array.prototype.slice.call(table.querySelectorAll("mark.diff")).map(function (mark) {
    var cell = mark.closest("td");
    return { mark: mark, wit: cell ? cell.getAttribute("data-wit") : "",
             entry: mark.getAttribute("data-entry"), reading: mark.getAttribute("data-reading") };
  });

  function fromAddress() {
    var found = /[?&]w=([^&#]*)/.exec(window.location.search);
    if (!found) { return null; }
    var asked = decodeURIComponent(found[1].replace(/\+/g, " ")).split(",");
    var chosen = sigla.filter(function (s) { return asked.indexOf(s) >= 0; });
    return chosen.length ? chosen : null;
  }

  function chosenNow() {
    return boxes.filter(function (box) { return box.checked; })
                .map(function (box) { return box.getAttribute("data-wit"); });
  }

  /* Marks of an entry where every witness shown has the same reading are toned down. */
  function markAgreement(shown) {
    var entries = {};
    marks.forEach(function (m) {
      m.mark.classList.remove("agrees");
      if (!m.entry || shown.indexOf(m.wit) < 0) { return; }
      var entry = entries[m.entry] || (entries[m.entry] = { wit: {}, count: 0, readings: {}, marks: [] });
      if (!entry.wit[m.wit]) { entry.wit[m.wit] = true; entry.count += 1; }
      entry.readings[m.reading] = true;
      entry.marks.push(m.mark);
    });
    var parting = 0;
    Object.keys(entries).forEach(function (key) {
      var entry = entries[key];
      if (entry.count === shown.length && Object.keys(entry.readings).length === 1) {
        entry.marks.forEach(function (mark) { mark.classList.add("agrees"); });
      } else {
        parting += 1;
      }
    });
    return parting;
  }

  function show(shown) {
    boxes.forEach(function (box) { box.checked = shown.indexOf(box.getAttribute("data-wit")) >= 0; });
    cells.forEach(function (cell) { cell.hidden = shown.indexOf(cell.getAttribute("data-wit")) < 0; });
    var fit = narrow && narrow.matches ? 2 : maxColumns;
    table.setAttribute("data-layout", shown.length > fit ? "stacked" : "columns");
    table.setAttribute("data-shown", String(shown.length));
    var parting = markAgreement(shown);
    if (status) {
      var names = shown.map(function (s) { return labels[s]; });
      status.textContent = shown.length < 2
        ? "Showing " + names.join("") + " alone: choose another witness to compare."
        : "Showing " + names.join(", ") + ": " + parting + (parting === 1 ? " entry" : " entries") +
          " where they part.";
    }
  }

  function remember(shown) {
    var query = "?w=" + shown.map(encodeURIComponent).join(",");
    try {
      window.history.replaceState(null, "", query + window.location.hash);
    } catch (e) { /* a page opened from a file may refuse: the view still changes */ }
    var links = document.querySelectorAll("a.script-switch");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      var page = href.split(/[?#]/)[0];
      var hash = href.indexOf("#") >= 0 ? href.slice(href.indexOf("#")) : "";
      links[i].setAttribute("href", page + query + hash);
    }
  }

  var initial = fromAddress() || (sigla.length > maxColumns ? sigla.slice(0, 2) : sigla);
  show(initial);
  if (fromAddress()) { remember(initial); }
  form.hidden = false;
  if (window.location.hash) {
    var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target) { target.scrollIntoView(); }
  }

  form.addEventListener("change", function (event) {
    var shown = chosenNow();
    if (!shown.length) {
      event.target.checked = true;
      shown = chosenNow();
    }
    show(shown);
    remember(shown);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
}());
