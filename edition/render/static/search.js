/* Search across all works, on search.html, with no server and from a plain folder.
   The index is static/search-index.js, made by edition/render/search.py at build time: a script
   that sets window.EDITION_SEARCH, because browsers refuse fetch() of a local file from file://.
   A query is folded as the index was (traditional script to simplified, full-width forms to
   narrow, Latin, Greek and Cyrillic letters without case or diacritics, white space runs to one
   space), the pieces that hold every character pair of it are
   found in the index's postings, and each is searched for the whole query. A hit is a row of a
   work: what each witness has there, with the phrase marked, which witnesses have it and which
   do not, and the apparatus entries it touches. Without this script the page says so and points
   to the works; the form is shown only when search can run. */
(function (root) {
  "use strict";

  var CHARACTER = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;
  var CONTEXT = 24; // characters shown either side of a match
  var LIMIT = 200;  // rows shown at most
  var CHINESE = /^l?zh(-|$)/i; // a language tag of Chinese, which the traditional pages show converted

  function characters(text) {
    return text.match(CHARACTER) || [];
  }

  /* The fold of the index: its pairs (a character, then its comparison form) as a function. */
  function folder(index) {
    if (index.folding) { return index.folding; }
    var table = Object.create(null);
    var pairs = characters(index.fold);
    for (var i = 0; i + 1 < pairs.length; i += 2) { table[pairs[i]] = pairs[i + 1]; }
    index.folding = function (text) {
      return text.replace(CHARACTER, function (ch) { return table[ch] === undefined ? ch : table[ch]; });
    };
    return index.folding;
  }

  function foldQuery(index, query) {
    return folder(index)(String(query).replace(/\s+/g, " ").replace(/^ | $/g, ""));
  }

  function grams(folded) {
    var list = characters(folded);
    var found = [];
    for (var i = 0; i + 1 < list.length; i++) {
      var gram = list[i] + list[i + 1];
      if (gram.indexOf(" ") < 0 && found.indexOf(gram) < 0) { found.push(gram); }
    }
    return found;
  }

  /* The index's character pairs, each with its group of postings (see edition/render/search.py). */
  function table(index) {
    if (index.postings) { return index.postings; }
    var keys = characters(index.grams[0]);
    var groups = index.grams[1].split(" ");
    index.postings = Object.create(null);
    for (var i = 0; i + 1 < keys.length; i += 2) { index.postings[keys[i] + keys[i + 1]] = groups[i / 2]; }
    return index.postings;
  }

  function postings(group) {
    var gaps = group.split(",");
    var ids = [];
    var total = 0;
    for (var i = 0; i < gaps.length; i++) { total += parseInt(gaps[i], 36); ids.push(total); }
    return ids;
  }

  function intersect(a, b) {
    var both = [];
    for (var i = 0, k = 0; i < a.length && k < b.length;) {
      if (a[i] === b[k]) { both.push(a[i]); i++; k++; } else if (a[i] < b[k]) { i++; } else { k++; }
    }
    return both;
  }

  /* Numbers of the pieces that hold every character pair of the query (all of them for one character). */
  function candidates(index, wanted) {
    var keys = grams(wanted);
    var groups = table(index);
    var found = null;
    for (var i = 0; i < keys.length; i++) {
      if (groups[keys[i]] === undefined) { return []; }
      var ids = postings(groups[keys[i]]);
      found = found === null ? ids : intersect(found, ids);
    }
    if (found !== null) { return found; }
    var all = [];
    for (var n = 0; n < index.pieces.length; n++) { all.push(n); }
    return all;
  }

  function matchesIn(text, wanted) {
    var found = [];
    var at = text.indexOf(wanted);
    while (at >= 0) {
      found.push([at, at + wanted.length]);
      at = text.indexOf(wanted, at + 1);
    }
    return found;
  }

  /* Whether a reading's span [start, end) touches a match: overlaps it, or (an empty reading, where a
     witness has nothing) lies inside it. */
  function touches(span, match) {
    if (span[0] === span[1]) { return span[0] > match[0] && span[0] < match[1]; }
    return span[0] < match[1] && span[1] > match[0];
  }

  function snippet(text, matches) {
    var from = Math.max(0, matches[0][0] - CONTEXT);
    var to = Math.min(text.length, matches[0][1] + CONTEXT);
    if (/[\uDC00-\uDFFF]/.test(text.charAt(from))) { from--; }
    if (/[\uDC00-\uDFFF]/.test(text.charAt(to))) { to++; }
    var parts = [];
    var at = from;
    for (var i = 0; i < matches.length && matches[i][0] < to; i++) {
      var start = Math.max(matches[i][0], at);
      var end = Math.min(matches[i][1], to);
      if (end <= start) { continue; }
      parts.push({ text: text.slice(at, start), mark: false }, { text: text.slice(start, end), mark: true });
      at = end;
    }
    parts.push({ text: text.slice(at, to), mark: false });
    return { before: from > 0, parts: parts, after: to < text.length };
  }

  function union(list, more) {
    for (var i = 0; i < more.length; i++) { if (list.indexOf(more[i]) < 0) { list.push(more[i]); } }
    return list;
  }

  /* The rows where the query occurs, in the order of the works and of their text.
     Each: work (its entry in the index), row (xml:id), readings ({parts, before, after, sigla}: one
     per distinct snippet), sigla (the witnesses that have the query there), absent (those that do
     not), apps (the entries it touches: [work, html id, class]). */
  function search(index, query) {
    var wanted = foldQuery(index, query);
    var fold = folder(index);
    var rows = [];
    var byRow = Object.create(null);
    if (!wanted) { return rows; }
    var ids = candidates(index, wanted);
    for (var i = 0; i < ids.length; i++) {
      var piece = index.pieces[ids[i]];
      var matches = matchesIn(fold(piece[3]), wanted);
      if (!matches.length) { continue; }
      var work = index.works[piece[0]];
      var sigla = [];
      for (var w = 0; w < piece[2].length; w++) { sigla.push(work[4][piece[2][w]]); }
      var key = piece[0] + " " + piece[1];
      var row = byRow[key];
      if (!row) {
        row = byRow[key] = { work: work, row: piece[1], readings: [], sigla: [], absent: [], apps: [] };
        rows.push(row);
      }
      addReading(row, snippet(piece[3], matches), sigla);
      union(row.sigla, sigla);
      for (var s = 0; s < piece[4].length; s++) {
        for (var m = 0; m < matches.length; m++) {
          if (touches(piece[4][s], matches[m])) { union(row.apps, [index.apps[piece[4][s][2]]]); break; }
        }
      }
    }
    for (var r = 0; r < rows.length; r++) { sortSigla(rows[r]); }
    return rows;
  }

  /* The sigla that have the query and those that do not, in the order the work declares them. */
  function sortSigla(row) {
    var have = [];
    for (var i = 0; i < row.work[4].length; i++) {
      var siglum = row.work[4][i];
      (row.sigla.indexOf(siglum) >= 0 ? have : row.absent).push(siglum);
    }
    row.sigla = have;
  }

  function addReading(row, shown, sigla) {
    var text = JSON.stringify(shown);
    for (var i = 0; i < row.readings.length; i++) {
      if (row.readings[i].key === text) { union(row.readings[i].sigla, sigla); return; }
    }
    row.readings.push({ key: text, parts: shown.parts, before: shown.before, after: shown.after,
                        sigla: sigla.slice() });
  }

  /* The page. */

  function element(tag, attributes, text) {
    var made = document.createElement(tag);
    for (var name in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, name)) { made.setAttribute(name, attributes[name]); }
    }
    if (text !== undefined) { made.textContent = text; }
    return made;
  }

  function pageOf(work, hant, path) {
    return "works/" + work[0] + "/" + path + (hant ? ".zh-Hant" : "") + ".html";
  }

  function fragment(id) {
    return "#" + encodeURIComponent(id);
  }

  function siglumLink(work, siglum, hant) {
    var slug = work[5][work[4].indexOf(siglum)];
    return element("a", { "class": "siglum", href: pageOf(work, hant, "witness/" + slug) }, siglum);
  }

  function showHit(hit, hant) {
    var work = hit.work;
    var item = element("li", { "class": "hit" });
    var where = element("p", { "class": "hit-where" });
    var link = element("a", { href: pageOf(work, hant, "index") + fragment("t-" + hit.row) });
    link.appendChild(element("span", { lang: hant && CHINESE.test(work[6]) ? "zh-Hant" : work[6] }, hant ? work[2] : work[1]));
    link.appendChild(document.createTextNode(" · "));
    link.appendChild(element("span", { "class": "hit-row" }, hit.row));
    where.appendChild(link);
    item.appendChild(where);
    for (var i = 0; i < hit.readings.length; i++) {
      var reading = hit.readings[i];
      var line = element("p", { "class": "hit-reading" });
      var text = element("span", { "class": "snippet", lang: work[3], translate: "no" });
      if (reading.before) { text.appendChild(document.createTextNode("…")); }
      for (var k = 0; k < reading.parts.length; k++) {
        var part = reading.parts[k];
        text.appendChild(part.mark ? element("mark", {}, part.text) : document.createTextNode(part.text));
      }
      if (reading.after) { text.appendChild(document.createTextNode("…")); }
      line.appendChild(text);
      for (var s = 0; s < reading.sigla.length; s++) {
        line.appendChild(document.createTextNode(" "));
        line.appendChild(siglumLink(work, reading.sigla[s], hant));
      }
      item.appendChild(line);
    }
    var notes = element("p", { "class": "hit-notes" });
    if (hit.apps.length) {
      notes.appendChild(element("span", { "class": "hit-variant" }, "In a variant"));
      for (var a = 0; a < hit.apps.length; a++) {
        var app = hit.apps[a];
        notes.appendChild(document.createTextNode(a ? ", " : " "));
        var label = app[2] + (app[1] ? ": " + app[1].replace(/^t-/, "") : "");
        notes.appendChild(app[1] ? element("a", { href: pageOf(work, hant, "index") + fragment(app[1]) }, "(" + label + ")")
                                 : document.createTextNode("(" + label + ")"));
      }
      notes.appendChild(document.createTextNode(". "));
    }
    if (hit.absent.length) {
      notes.appendChild(document.createTextNode("Not in "));
      for (var n = 0; n < hit.absent.length; n++) {
        if (n) { notes.appendChild(document.createTextNode(" ")); }
        notes.appendChild(siglumLink(work, hit.absent[n], hant));
      }
      notes.appendChild(document.createTextNode("."));
    }
    if (notes.firstChild) { item.appendChild(notes); }
    return item;
  }

  function summary(rows, query) {
    var works = [];
    for (var i = 0; i < rows.length; i++) { union(works, [rows[i].work[0]]); }
    if (!rows.length) { return "Nothing found for “" + query + "”."; }
    var text = rows.length + (rows.length === 1 ? " paragraph" : " paragraphs") + " in " + works.length +
               (works.length === 1 ? " work" : " works") + " for “" + query + "”.";
    return rows.length > LIMIT ? text + " The first " + LIMIT + " are shown." : text;
  }

  function queryOf(search) {
    var pairs = search.replace(/^\?/, "").split("&");
    for (var i = 0; i < pairs.length; i++) {
      var pair = pairs[i].split("=");
      if (pair[0] === "q" && pair.length > 1) {
        try { return decodeURIComponent(pair.slice(1).join("=").replace(/\+/g, " ")); } catch (e) { return ""; }
      }
    }
    return "";
  }

  function setUpPage() {
    var form = document.querySelector("form.search-form");
    var results = document.querySelector(".search-results");
    var index = root.EDITION_SEARCH;
    if (!form || !results || !index) { return; }
    var notice = document.querySelector(".search-needs-script");
    if (notice) { notice.hidden = true; }
    form.hidden = false;
    var hant = results.getAttribute("data-script") === "zh-Hant";
    var query = queryOf(window.location.search);
    var input = form.querySelector("input[name=q]");
    input.value = query;
    var switches = document.querySelectorAll("a.script-switch");
    for (var s = 0; s < switches.length; s++) {
      switches[s].href = switches[s].getAttribute("href").split("?")[0] + window.location.search;
    }
    if (!foldQuery(index, query)) { input.focus(); return; }
    document.title = "“" + query + "” · " + document.title;
    var rows = search(index, query);
    results.appendChild(element("p", { "class": "search-summary" }, summary(rows, query)));
    if (!rows.length) { return; }
    var list = element("ol", { "class": "search-hits" });
    for (var i = 0; i < rows.length && i < LIMIT; i++) { list.appendChild(showHit(rows[i], hant)); }
    results.appendChild(list);
  }

  root.EditionSearch = { search: search, foldQuery: foldQuery };
  if (root.document) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUpPage);
    } else {
      setUpPage();
    }
  }
}(window));
