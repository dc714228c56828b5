/* The variants page: filters and sorting for the table of apparatus entries.
   Without this script the table shows every entry in the order of the text. With it:
   - entries are shown class by class (checkboxes) and, if asked, only where one witness
     differs from the lemma (its sigla are in the row's data-wit);
   - each sortable column heading becomes a button; sorting follows the cell's
     data-sort-value (else its text), Chinese in the collation order of the page's language,
     ties in the order of the text; aria-sort says which column sorts and how. */
(function () {
  "use strict";

  var table = document.querySelector("table.variants");
  var form = document.querySelector("form.variant-filters");
  if (!table || !form || !table.tBodies.length) { return; }

  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var status = form.querySelector(".filter-status");
  var witness = form.querySelector("select[data-filter-witness]");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[data-filter-class]"));
  var collator = window.Intl && Intl.Collator
    ? new Intl.Collator(document.documentElement.lang || undefined, { numeric: true })
    : null;

  function hasWitness(row, siglum) {
    return (" " + row.getAttribute("data-wit") + " ").indexOf(" " + siglum + " ") >= 0;
  }

  function filter() {
    var hidden = {};
    boxes.forEach(function (box) { hidden[box.getAttribute("data-filter-class")] = !box.checked; });
    var siglum = witness ? witness.value : "";
    var shown = 0;
    rows.forEach(function (row) {
      var show = !hidden[row.getAttribute("data-type")] && (!siglum || hasWitness(row, siglum));
      row.hidden = !show;
      if (show) { shown += 1; }
    });
    status.textContent = shown === rows.length
      ? "All " + rows.length + " entries shown."
      : shown + " of " + rows.length + " entries shown.";
  }

  function key(cell, numeric) {
    var value = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent.trim();
    return numeric ? Number(value) : value;
  }

  function compare(a, b, numeric) {
    if (numeric) { return a - b; }
    if (collator) { return collator.compare(a, b); }
    return a < b ? -1 : (a > b ? 1 : 0);
  }

  function sortBy(header, column) {
    var numeric = header.getAttribute("data-sort") === "number";
    var direction = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", direction);
    var sign = direction === "ascending" ? 1 : -1;
    var keyed = rows.map(function (row, index) {
      return { row: row, key: key(row.cells[column], numeric), index: index };
    });
    keyed.sort(function (a, b) { return sign * compare(a.key, b.key, numeric) || a.index - b.index; });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
  }

  function makeSortable(header, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (header.firstChild) { button.appendChild(header.firstChild); }
    header.appendChild(button);
    button.addEventListener("click", function () { sortBy(header, column); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
    if (header.hasAttribute("data-sort")) { makeSortable(header, column); }
  });
  form.addEventListener("change", filter);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  filter();
}());
