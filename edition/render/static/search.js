/* Search across all works, on search.html, with no server and from a plain folder.
   The index is made by edition/render/search.py at build time, as scripts, because browsers
   refuse fetch() of a local file from file://: static/search-index.js sets window.EDITION_SEARCH
   (the works and the fold), and a query loads the parts of it that it needs from static/search/
   (the postings of its character pairs, then the pieces those name), each a script that calls
   window.EDITION_SEARCH_PART.
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

  /* The part of the postings that holds a pair: its UTF-16 code units as the digits of a number in
     base 31, modulo the number of parts (as part_of in edition/render/search.py). */
  function partOf(key, parts) {
    var number = 0;
    for (var i = 0; i < key.length; i++) { number = (number * 31 + key.charCodeAt(i)) % parts; }
    return number;
  }

  /* A part of the postings as a table: each character pair with its group of gaps. */
  function table(data) {
    var keys = characters(data[0]);
    var groups = data[1].split(" ");
    var found = Object.create(null);
    for (var i = 0; i + 1 < keys.length; i += 2) { found[keys[i] + keys[i + 1]] = groups[i / 2]; }
    return found;
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

  /* The parts of the index, as each arrives: its script calls EDITION_SEARCH_PART(kind, number, data). */
  var arrived = Object.create(null);

  function awaited(name) {
    var part = arrived[name];
    if (!part) {
      part = arrived[name] = {};
      part.promise = new Promise(function (resolve, reject) { part.resolve = resolve; part.reject = reject; });
    }
    return part;
  }

  root.EDITION_SEARCH_PART = function (kind, number, data) { awaited(kind + "-" + number).resolve(data); };

  /* What loads the parts: load(kind, number) promises the part's data. run(file, failed) runs the
     part's script (static/search/<kind>-<number>.js), or calls failed. */
  function loader(run) {
    return function (kind, number) {
      var name = kind + "-" + number;
      var part = awaited(name);
      if (!part.asked) {
        part.asked = true;
        run(name + ".js", function () { part.reject(new Error("static/search/" + name + ".js did not load")); });
      }
      return part.promise;
    };
  }

  /* Numbers of the pieces that hold every character pair of the query; null: every piece (a query
     of one character). */
  function candidates(index, wanted, load) {
    var keys = grams(wanted);
    var parts = [];
    for (var i = 0; i < keys.length; i++) { union(parts, [partOf(keys[i], index.grams)]); }
    index.postings = index.postings || Object.create(null);
    return Promise.all(parts.map(function (number) {
      if (index.postings[number]) { return index.postings[number]; }
      return load("grams", number).then(function (data) { return (index.postings[number] = table(data)); });
    })).then(function () {
      var found = null;
      for (var k = 0; k < keys.length; k++) {
        var group = index.postings[partOf(keys[k], index.grams)][keys[k]];
        if (group === undefined) { return []; }
        var ids = postings(group);
        found = found === null ? ids : intersect(found, ids);
      }
      return found;
    });
  }

  /* The candidates by the part of the pieces they are in: [part, [numbers] or null for all]. */
  function byPart(starts, ids) {
    var found = [];
    if (ids === null) {
      for (var p = 0; p + 1 < starts.length; p++) { found.push([p, null]); }
      return found;
    }
    for (var i = 0, part = 0; i < ids.length; i++) {
      while (ids[i] >= starts[part + 1]) { part++; }
      if (!found.length || found[found.length - 1][0] !== part) { found.push([part, []]); }
      found[found.length - 1][1].push(ids[i]);
    }
    return found;
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

  /* The rows where the query occurs, in the order of the works and of their text, loading the parts
     of the index they need (load: see loader). Promises {rows, complete}: the parts of the pieces
     are read in order until more than limit rows are found (all of them without a limit), and
     complete says whether all were read; every row but the last is whole.
     Each row: work (its entry in the index), row (xml:id), readings ({parts, before, after, sigla}:
     one per distinct snippet), sigla (the witnesses that have the query there), absent (those that
     do not), apps (the entries it touches: [work, html id, class]). */
  function search(index, query, load, limit) {
    var wanted = foldQuery(index, query);
    var rows = [];
    if (!wanted) { return Promise.resolve({ rows: rows, complete: true }); }
    var fold = folder(index);
    var byRow = Object.create(null);
    var most = limit === undefined ? Infinity : limit;

    function read(piece, chunk) {
      var matches = matchesIn(fold(piece[3]), wanted);
      if (!matches.length) { return; }
      var work = index.works[piece[0]];
      var sigla = [];
      for (var w = 0; w < piece[2].length; w++) { sigla.push(work[4][piece[2][w]]); }
      var key = piece[0] + " " + piece[1];
      var row = byRow[key];
      if (!row) {
        row = byRow[key] = { work: work, row: piece[1], readings: [], sigla: [], absent: [], apps: [], named: {} };
        rows.push(row);
      }
      addReading(row, snippet(piece[3], matches), sigla);
      union(row.sigla, sigla);
      for (var s = 0; s < piece[4].length; s++) {
        var app = piece[4][s][2];
        if (row.named[app]) { continue; }
        for (var m = 0; m < matches.length; m++) {
          if (touches(piece[4][s], matches[m])) { row.named[app] = true; row.apps.push(chunk.apps[app - chunk.from]); break; }
        }
      }
    }

    return candidates(index, wanted, load).then(function (ids) {
      var parts = byPart(index.pieces, ids);
      function next(p) {
        if (p === parts.length || rows.length > most) {
          for (var r = 0; r < rows.length; r++) { sortSigla(rows[r]); delete rows[r].named; }
          return { rows: rows, complete: p === parts.length };
        }
        return load("pieces", parts[p][0]).then(function (chunk) {
          var first = index.pieces[parts[p][0]];
          var numbers = parts[p][1];
          var count = numbers === null ? chunk.pieces.length : numbers.length;
          for (var i = 0; i < count; i++) { read(chunk.pieces[numbers === null ? i : numbers[i] - first], chunk); }
          return next(p + 1);
        });
      }
      return next(0);
    });
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

  function summary(found, query) {
    var rows = found.rows;
    if (!rows.length) { return "Nothing found for “" + query + "”."; }
    if (!found.complete) {
      return "More than " + LIMIT + " paragraphs for “" + query + "”. The first " + LIMIT + " are shown.";
    }
    var works = [];
    for (var i = 0; i < rows.length; i++) { union(works, [rows[i].work[0]]); }
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
    var base = document.querySelector("script[src$='search-index.js']").getAttribute("src")
      .replace(/search-index\.js$/, "search/");
    var load = loader(function (file, failed) {
      var script = document.createElement("script");
      script.src = base + file;
      script.onerror = failed;
      document.head.appendChild(script);
    });
    results.setAttribute("aria-busy", "true");
    search(index, query, load, LIMIT).then(function (found) {
      results.removeAttribute("aria-busy");
      results.appendChild(element("p", { "class": "search-summary" }, summary(found, query)));
      if (!found.rows.length) { return; }
      var list = element("ol", { "class": "search-hits" });
      for (var i = 0; i < found.rows.length && i < LIMIT; i++) { list.appendChild(showHit(found.rows[i], hant)); }
      results.appendChild(list);
    }, function (error) {
      results.removeAttribute("aria-busy");
      results.appendChild(element("p", { "class": "search-summary search-failed" },
                                  "Search could not finish: " + error.message + ". The site's folder may be incomplete."));
    });
  }

  root.EditionSearch = { search: search, foldQuery: foldQuery, loader: loader, LIMIT: LIMIT };
  if (root.document) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUpPage);
    } else {
      setUpPage();
    }
  }
}(window));
