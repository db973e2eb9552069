/* baoku search page: exact substring search over the archive, in the browser.
 *
 * The index (baoku/search/) holds every pair of neighbouring characters
 * ("bigrams") of every article, grouped by month into Pagefind records
 * ("packs"). A query term becomes bigrams; Pagefind's index (read here, without
 * Pagefind's script) says at which positions of which packs each bigram occurs;
 * a term matches where its bigrams sit at consecutive positions. articles.json.gz says which bundle and pack each
 * article is in, and its date; a bundle's articles.bin.gz, fetched when a query
 * has hits in it, where each of its articles sits in its pack (articles start at
 * multiples of a block of positions) and its section, column, kind and printed
 * page (authors.json.gz, loaded for the author filter, its authors), so AND,
 * filters, date ranges, counts and ranking are computed here. Each bundle's
 * docs.bin holds the original text of its articles, a gzip member each, fetched
 * by HTTP range requests only for the results shown (the `doc` column gives
 * each member's size, in units of the header's docUnit bytes).
 *
 * API: window.baoku.search(query, {filters, sort}) → Promise of every result,
 * in rank order, as {url, title, date, section, page, excerpt}. See search.html
 * and the README's Search section.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var ROOT = (script && script.dataset.root) || "";
  var BASE = new URL(ROOT + "pagefind/", location.href).href;
  var PAGE_SIZE = 20;
  var FACETS = ["section", "column", "kind", "page", "author", "year", "month"];
  var COLUMN_FACETS = ["section", "column", "kind", "page"];  // records.py FACET_COLUMNS
  var URL_KEYS = { page: "ban" };  // the page filter's URL parameter ("page" numbers result pages)
  var KIND_NAMES = { news: "消息", feature: "通讯", commentary: "评论", interview: "访谈", photo: "图片", notice: "公告" };

  /* ---- Text rules: mirror baoku/search/tokenise.py exactly. ---- */
  var IGNORABLE = /[\s\p{Cc}\p{Cf}]/gu;
  var PLAIN = /^[a-z0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]$/u;

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(IGNORABLE, "");
  }
  function unit(ch) {
    if (PLAIN.test(ch)) return ch;
    var cp = ch.codePointAt(0);
    return String.fromCharCode(0xa000 + Math.floor(cp / 1165), 0xa000 + (cp % 1165));
  }
  function units(normalised) { return Array.from(normalised, unit); }

  /* Query → terms. Space separates terms (all must match); text in quotes
   * ("…", “…”, 「…」, 『…』) is one term even with spaces in it. */
  function parseQuery(query) {
    var re = /"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|『([^』]*)』?|(\S+)/g;
    var seen = {}, terms = [], m;
    var text = (query || "").normalize("NFKC");
    while ((m = re.exec(text))) {
      var raw = m[1] !== undefined ? m[1] : m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4] !== undefined ? m[4] : m[5];
      var norm = normalise(raw);
      if (norm && !seen[norm]) { seen[norm] = true; terms.push(norm); }
    }
    return terms;
  }

  /* The words to look up for a term, and where they must sit relative to its
   * start. One character: the character itself, looked up as a prefix (it
   * starts every word it occurs in). Longer: bigrams at offsets 0, 2, 4, … and
   * the last one — enough to pin every character, since fields end in a
   * boundary word that no bigram matches. */
  function plan(term) {
    var u = units(term);
    if (u.length === 1) return [{ word: u[0], offset: 0 }];
    var offsets = [];
    for (var i = 0; i < u.length - 1; i += 2) offsets.push(i);
    if (offsets[offsets.length - 1] !== u.length - 2) offsets.push(u.length - 2);
    return offsets.map(function (o) { return { word: u[o] + u[o + 1], offset: o }; });
  }

  /* ---- Loading ---- */
  function inflated(stream) { return new Response(stream.pipeThrough(new DecompressionStream("gzip"))); }
  function gunzip(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return inflated(r.body);
    });
  }
  function gunzipJSON(url) { return gunzip(url).then(function (r) { return r.json(); }); }

  var engine = null;
  function load() {
    if (engine) return engine;
    engine = gunzipJSON(BASE + "articles.json.gz").then(function (t) {
      var n = t.count, day = new Int32Array(n), d = 0, packs = t.packFirst.length - 1;
      for (var i = 0; i < n; i++) { d += t.day[i]; day[i] = d; }
      var packBundle = new Int32Array(packs);
      t.bundles.forEach(function (b, k) { b.pages.forEach(function (p) { packBundle[p] = k; }); });
      var table = { t: t, day: day, packBundle: packBundle, words: new Map(), chunks: new Map(),
                    start: new Int32Array(n), titleSlot: new Int32Array(packs), columns: [], docOffsets: [],
                    facets: {} };
      COLUMN_FACETS.forEach(function (f) {
        table.facets[f] = { codes: new Int32Array(n), values: [""], index: new Map([["", 0]]) };
      });
      return table;
    });
    return engine;
  }

  /* ---- Reading Pagefind's index (pagefind 1.5 layout; see baoku/search/records.py) ---- */
  /* One CBOR item (the subset Pagefind writes) of `bytes` from `state.at`. */
  var utf8 = new TextDecoder();
  function cbor(bytes, view, state) {
    var head = bytes[state.at++], major = head >> 5, info = head & 31, value, at;
    if (info < 24) value = info;
    else if (info === 24) value = bytes[state.at];
    else if (info === 25) value = view.getUint16(state.at);
    else if (info === 26) value = view.getUint32(state.at);
    else if (info === 27) value = Number(view.getBigUint64(state.at));
    else if (info !== 31) throw new Error("unsupported CBOR item " + head);
    if (info >= 24 && info <= 27) state.at += 1 << (info - 24);
    if (major === 0) return value;
    if (major === 1) return -1 - value;
    if (major === 2 || major === 3) {
      at = state.at; state.at += value;
      return major === 3 ? utf8.decode(bytes.subarray(at, state.at)) : bytes.subarray(at, state.at);
    }
    if (major === 4 || major === 5) {
      var out = [], count = major === 5 ? 2 * value : value;
      if (info === 31) { while (bytes[state.at] !== 0xff) out.push(cbor(bytes, view, state)); state.at++; }
      else for (var i = 0; i < count; i++) out.push(cbor(bytes, view, state));
      return out;
    }
    if (major === 7 && info >= 20 && info <= 22) return [false, true, null][info - 20];
    throw new Error("unsupported CBOR item " + head);
  }
  var SIGNATURE = 12;  // "pagefind_dcd", before the CBOR of every index chunk
  /* An index chunk: [[word, [[page, positions, …], …], …], …] in word order, where
   * each page number is the difference from the previous one and each position the
   * difference from the previous position on the page (a negative number sets the
   * weight of the positions after it). Cached. */
  function chunk(table, b, name) {
    var key = b.path + name;
    if (!table.chunks.has(key)) {
      table.chunks.set(key, gunzip(BASE + b.path + "index/" + name + ".pf_index").then(function (r) { return r.arrayBuffer(); })
        .then(function (buffer) {
          var bytes = new Uint8Array(buffer);
          if (utf8.decode(bytes.subarray(0, SIGNATURE)) !== "pagefind_dcd") throw new Error(name + ": not a Pagefind index chunk");
          return cbor(bytes, new DataView(buffer), { at: SIGNATURE })[0];
        }));
      if (table.chunks.size > 200) table.chunks.delete(table.chunks.keys().next().value);
    }
    return table.chunks.get(key);
  }
  /* Strings in code point order, as Pagefind (Rust) sorts words. */
  function compare(a, b) {
    var i = 0;
    for (;;) {
      if (i >= a.length || i >= b.length) return (a.length - i) - (b.length - i);
      var x = a.codePointAt(i), y = b.codePointAt(i);
      if (x !== y) return x - y;
      i += x > 0xffff ? 2 : 1;
    }
  }
  /* The chunks of bundle b that may hold words starting with `word`: the one its
   * range starts in, and the following ones whose first word starts with it. */
  function chunksFor(b, word) {
    var list = b.chunks, lo = 0, hi = list.length - 1, first = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (compare(list[mid][0], word) <= 0) { first = mid; lo = mid + 1; } else hi = mid - 1;
    }
    var names = [];
    for (var i = first; i < list.length && (i === first || list[i][0].startsWith(word)); i++) names.push(list[i][1]);
    return list.length ? names : [];
  }

  /* Where the words starting with `word` occur in bundle k: Map(pack number →
   * sorted positions). Cached. (A query word is a bigram or, for a one-character
   * term, a single unit, which starts every word it occurs in.) */
  function lookupIn(table, k, word) {
    var key = k + "\u0000" + word;
    if (table.words.has(key)) return table.words.get(key);
    var b = table.t.bundles[k];
    var found = Promise.all(chunksFor(b, word).map(function (name) { return chunk(table, b, name); })).then(function (chunks) {
      var lists = new Map(), byPack = new Map();
      chunks.forEach(function (entries) {
        entries.forEach(function (entry) {
          if (!entry[0].startsWith(word)) return;
          var number = 0;
          entry[1].forEach(function (page) {
            number += page[0];
            var pack = b.pages[number], list = lists.get(pack), pos = 0;
            if (!list) lists.set(pack, list = []);
            page[1].forEach(function (delta) { if (delta >= 0) list.push(pos += delta); });
          });
        });
      });
      lists.forEach(function (list, pack) { if (list.length) byPack.set(pack, Int32Array.from(list).sort()); });
      return byPack;
    });
    table.words.set(key, found);
    if (table.words.size > 2000) table.words.delete(table.words.keys().next().value);
    return found;
  }
  /* The same over the bundles `ks` (all when not given), as one Map. */
  function lookup(table, word, ks) {
    ks = ks ? Array.from(ks) : Array.from(table.t.bundles.keys());
    return Promise.all(ks.map(function (k) { return lookupIn(table, k, word); })).then(function (maps) {
      var all = new Map();
      maps.forEach(function (m) { m.forEach(function (positions, pack) { all.set(pack, positions); }); });
      return all;
    });
  }

  function has(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === value) return true;
      if (sorted[mid] < value) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }

  /* A bundle's articles.bin.gz (baoku/search/records.py columns_file): a JSON
   * header line, then per column one little-endian unsigned integer per article. */
  function readColumns(buffer) {
    var bytes = new Uint8Array(buffer), view = new DataView(buffer), end = bytes.indexOf(10);
    var header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, end))), at = end + 1, cols = {};
    header.columns.forEach(function (c) {
      var width = c[1], out = new Int32Array(header.count);
      for (var i = 0; i < header.count; i++, at += width) {
        out[i] = width === 1 ? bytes[at] : width === 2 ? view.getUint16(at, true) : view.getUint32(at, true);
      }
      cols[c[0]] = out;
    });
    if (at !== bytes.length) throw new Error("articles.bin.gz: " + (bytes.length - at) + " bytes left over");
    return { header: header, cols: cols };
  }

  /* Load bundle k's columns (once): where its articles start in their packs, each
   * pack's title slot, and facet codes, made archive-wide here (values by name). */
  function loadBundle(table, k) {
    if (!table.columns[k]) {
      var b = table.t.bundles[k], t = table.t;
      table.columns[k] = gunzip(BASE + b.path + "articles.bin.gz").then(function (r) { return r.arrayBuffer(); })
        .then(function (buffer) {
          var c = readColumns(buffer), h = c.header, blocks = c.cols.blocks, sizes = c.cols.doc;
          var offsets = new Float64Array(h.count + 1);
          for (var i = 0; i < h.count; i++) offsets[i + 1] = offsets[i] + sizes[i] * h.docUnit;
          table.docOffsets[k] = offsets;
          h.titles.forEach(function (slot, local) {
            var p = b.pack + local, pos = 0;
            table.titleSlot[p] = slot;
            for (var a = t.packFirst[p]; a < t.packFirst[p + 1]; a++) { table.start[a] = pos; pos += blocks[a - b.first] * h.block; }
          });
          COLUMN_FACETS.forEach(function (f) {
            var facet = table.facets[f], codes = c.cols[f];
            var remap = h.values[f].map(function (v) {
              var key = f === "page" && v ? pageKey(v) : v;
              if (!facet.index.has(key)) { facet.index.set(key, facet.values.length); facet.values.push(key); }
              return facet.index.get(key);
            });
            for (var i = 0; i < h.count; i++) facet.codes[b.first + i] = remap[codes[i]];
          });
        });
    }
    return table.columns[k];
  }
  function loadBundles(table, ks) {
    return Promise.all(Array.from(ks, function (k) { return loadBundle(table, k); })).then(function () { return table; });
  }

  /* Articles containing a term: Map(article → {count, title}). */
  function matchTerm(table, term) {
    var steps = plan(term);
    // The first word everywhere; the others only in the bundles it occurs in, so a
    // name of one year fetches no more of the other years' index than its first pair.
    return lookup(table, steps[0].word).then(function (first) {
      var ks = new Set();
      first.forEach(function (_, pack) { ks.add(table.packBundle[pack]); });
      return Promise.all(steps.slice(1).map(function (s) { return lookup(table, s.word, ks); }))
        .then(function (rest) { return [first].concat(rest); });
    }).then(function (maps) {
      var bundles = new Set();
      maps[0].forEach(function (_, pack) {
        if (maps.every(function (m) { return m.has(pack); })) bundles.add(table.packBundle[pack]);
      });
      return loadBundles(table, bundles).then(function () { return maps; });
    }).then(function (maps) {
      var hits = new Map(), t = table.t;
      maps[0].forEach(function (first, pack) {
        var others = [];
        for (var k = 1; k < maps.length; k++) {
          var list = maps[k].get(pack);
          if (!list) return;
          others.push(list);
        }
        var a = t.packFirst[pack], end = t.packFirst[pack + 1];
        for (var i = 0; i < first.length; i++) {
          var p = first[i], ok = true;
          for (k = 1; k < steps.length && ok; k++) ok = has(others[k - 1], p + steps[k].offset);
          if (!ok) continue;
          while (a + 1 < end && table.start[a + 1] <= p) a++;
          var hit = hits.get(a);
          if (!hit) { hit = { count: 0, title: false }; hits.set(a, hit); }
          hit.count++;
          if (p < table.start[a] + table.titleSlot[pack]) hit.title = true;
        }
      });
      return hits;
    });
  }

  /* Facets: every article has one code per facet (0 = none), authors a list.
   * Year and month codes are made here from the dates. */
  function facetCodes(table) {
    if (table.codes) return table.codes;
    var t = table.t, n = t.count, year = new Int32Array(n), month = new Int32Array(n), years = [""], months = [""];
    var yIndex = {}, mIndex = {};
    for (var a = 0; a < n; a++) {
      var iso = new Date(table.day[a] * 86400000).toISOString(), y = iso.slice(0, 4), m = iso.slice(0, 7);
      if (!(y in yIndex)) { yIndex[y] = years.length; years.push(y); }
      if (!(m in mIndex)) { mIndex[m] = months.length; months.push(m); }
      year[a] = yIndex[y]; month[a] = mIndex[m];
    }
    // Printed pages: '1' and '01' are one page (pageKey, applied as bundles load).
    var f = table.facets;
    table.codes = {
      section: f.section, column: f.column, kind: f.kind, page: f.page,
      year: { codes: year, values: years },
      month: { codes: month, values: months }, author: null
    };
    return table.codes;
  }

  /* Authors are the biggest column and only needed for the author facet, so
   * they load on demand (authors.json.gz). */
  function loadAuthors(table) {
    if (!table.authorsLoading) {
      table.authorsLoading = gunzipJSON(BASE + "authors.json.gz").then(function (au) {
        facetCodes(table).author = { lists: au.authors, values: au.values };
        return table;
      });
    }
    return table.authorsLoading;
  }

  /* A printed page's label as compared: numbers by value ('01' is '1'), others as printed. */
  function pageKey(v) {
    v = String(v).trim();
    return /^[0-9]+$/.test(v) ? String(parseInt(v, 10)) : v;
  }
  /* 'YYYY-MM-DD' → days since 1970-01-01; null for none. */
  function dayNumber(value, name) {
    if (value === undefined || value === null || value === "") return null;
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value)), d = m && Date.UTC(+m[1], +m[2] - 1, +m[3]);
    if (!m || new Date(d).toISOString().slice(0, 10) !== m[0]) {
      throw new Error("filters." + name + " must be a date written YYYY-MM-DD, not " + JSON.stringify(value));
    }
    return d / 86400000;
  }
  function dateOf(table, a) { return new Date(table.day[a] * 86400000).toISOString().slice(0, 10); }

  /* find(): the whole search without display data: ranked article numbers and facet counts. */
  function find(query, opts) {
    opts = opts || {};
    var terms = parseQuery(query), filters, sort = opts.sort || "relevance", from, to;
    try {
      filters = normaliseFilters(opts.filters);
      from = dayNumber(opts.filters && opts.filters.from, "from");
      to = dayNumber(opts.filters && opts.filters.to, "to");
    } catch (err) { return Promise.reject(err); }
    return load().then(function (table) {
      var needAuthors = filters.author.length || opts.authors;
      return needAuthors ? loadAuthors(table) : table;
    }).then(function (table) {
      // Browsing by filters alone looks at every article: load every bundle's columns.
      return terms.length ? table : loadBundles(table, table.t.bundles.keys());
    }).then(function (table) {
      var active = from !== null || to !== null || FACETS.some(function (f) { return filters[f].length; });
      if (!terms.length && !active) return { terms: terms, total: 0, ids: [], facets: {}, table: table };
      var all = terms.length ? Promise.all(terms.map(function (term) { return matchTerm(table, term); }))
        : Promise.resolve(null);
      return all.then(function (perTerm) {
        var ids = [], titles = null, counts = null;
        if (perTerm) {
          perTerm.sort(function (x, y) { return x.size - y.size; });
          titles = new Map(); counts = new Map();
          perTerm[0].forEach(function (_, a) {
            var t = 0, c = 0;
            for (var k = 0; k < perTerm.length; k++) {
              var h = perTerm[k].get(a);
              if (!h) return;
              t += h.title ? 1 : 0; c += h.count;
            }
            ids.push(a); titles.set(a, t); counts.set(a, c);
          });
        } else {
          for (var a = 0; a < table.t.count; a++) ids.push(a);
        }
        var codes = facetCodes(table), wanted = {}, facetList = FACETS.filter(function (f) { return codes[f]; });
        facetList.forEach(function (f) {
          var values = codes[f].values, set = new Set();
          filters[f].forEach(function (v) { var i = values.indexOf(v); set.add(i < 0 ? -1 : i); });
          wanted[f] = set;
        });
        var hist = {};
        facetList.forEach(function (f) { hist[f] = new Int32Array(codes[f].values.length); });
        var kept = [], day = table.day;
        ids.forEach(function (a) {
          if ((from !== null && day[a] < from) || (to !== null && day[a] > to)) return;
          var failed = 0, which = -1;
          for (var i = 0; i < facetList.length; i++) {
            var f = facetList[i], set = wanted[f], ok = true;
            if (set.size) {
              if (f === "author") ok = codes.author.lists[a].some(function (c) { return set.has(c); });
              else ok = set.has(codes[f].codes[a]);
            }
            if (!ok) { failed++; which = i; }
          }
          if (!failed) kept.push(a);
          if (failed > 1) return;
          // Count the article under each facet whose own filter is the only one it fails (or none):
          // a facet's counts say how many results each of its values would give.
          for (i = 0; i < facetList.length; i++) {
            if (failed === 1 && which !== i) continue;
            f = facetList[i];
            if (f === "author") codes.author.lists[a].forEach(function (c) { hist.author[c]++; });
            else hist[f][codes[f].codes[a]]++;
          }
        });
        var facets = {};
        facetList.forEach(function (f) {
          var m = new Map(), h = hist[f], values = codes[f].values;
          for (var i = 1; i < h.length; i++) if (h[i]) m.set(values[i], h[i]);
          facets[f] = m;
        });
        kept.sort(function (x, y) {
          if (sort === "relevance" && titles) {
            var d = titles.get(y) - titles.get(x) || counts.get(y) - counts.get(x);
            if (d) return d;
          }
          if (day[x] !== day[y]) return sort === "oldest" ? day[x] - day[y] : day[y] - day[x];
          return x - y;  // same issue: print order
        });
        return { terms: terms, total: kept.length, ids: kept, facets: facets, table: table, sort: sort };
      });
    });
  }

  function normaliseFilters(filters) {
    var out = {};
    FACETS.forEach(function (f) {
      var v = filters && filters[f];
      out[f] = v === undefined || v === null || v === "" ? [] : (Array.isArray(v) ? v : [v]).map(String);
      if (f === "page") out[f] = out[f].map(pageKey);
    });
    return out;
  }

  /* ---- Original text: matches, excerpts, highlighting ---- */
  /* An article's display data: its gzip member of its bundle's docs.bin, at the
   * offset its bundle's columns give, fetched alone by a range request. A server
   * that ignores ranges answers 200 with the whole file: the first such answer is
   * kept (per bundle) and cut here, the bodies of the others are cancelled, so
   * search still works, at the cost of one download. */
  var docCache = new Map(), wholeDocs = new Map();
  function member(url, k, from, to, fresh) {
    var got = !fresh && wholeDocs.has(k) ? wholeDocs.get(k).then(function (all) { return all.slice(from, to); })
      : fetch(url, { headers: { Range: "bytes=" + from + "-" + (to - 1) }, cache: fresh ? "reload" : "default" })
      .then(function (r) {
        if (r.status === 206) return r.arrayBuffer();
        if (r.status !== 200) throw new Error(url + ": HTTP " + r.status);
        if (wholeDocs.has(k) && !fresh) r.body.cancel(); else wholeDocs.set(k, r.arrayBuffer());
        return wholeDocs.get(k).then(function (all) { return all.slice(from, to); });
      });
    return got.then(function (bytes) {
      if (bytes.byteLength !== to - from) throw new Error(url + ": " + bytes.byteLength + " bytes, not " + (to - from));
      return bytes;
    });
  }
  function doc(table, a) {
    var bundles = table.t.bundles, b = bundles.length - 1;
    while (b > 0 && bundles[b].first > a) b--;
    var local = a - bundles[b].first;
    if (!docCache.has(a)) {
      docCache.set(a, loadBundle(table, b).then(function () {
        var offsets = table.docOffsets[b], url = BASE + bundles[b].path + "docs.bin";
        function read(fresh) {
          return member(url, b, offsets[local], offsets[local + 1], fresh).then(function (bytes) {
            return inflated(new Blob([bytes]).stream()).json();
          });
        }
        // A part that does not decode may come from a stale copy of a file that a newer
        // build replaced (a cache that kept docs.bin longer than its tier's columns):
        // it is fetched once more, past every cache.
        return read(false).catch(function () { wholeDocs.delete(b); return read(true); });
      }));
      if (docCache.size > 500) docCache.delete(docCache.keys().next().value);
    }
    return docCache.get(a);
  }

  /* [start, end) ranges of `text` (original characters) where a term matches,
   * comparing normalised text but reporting original offsets. */
  function matchRanges(text, terms) {
    var norm = "", map = [], i = 0;
    for (var ch of text) {
      var n = normalise(ch);
      for (var j = 0; j < n.length; j++) map.push([i, i + ch.length]);
      norm += n; i += ch.length;
    }
    var ranges = [];
    terms.forEach(function (term) {
      for (var at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + 1)) {
        ranges.push([map[at][0], map[at + term.length - 1][1]]);
      }
    });
    ranges.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }

  /* Window of the body around the first match, within its paragraph. */
  function excerptOf(text, terms) {
    var ranges = matchRanges(text, terms), from = 0, to, first = ranges[0];
    if (first) {
      var paraStart = text.lastIndexOf("\n", first[0]) + 1, paraEnd = text.indexOf("\n", first[1]);
      if (paraEnd < 0) paraEnd = text.length;
      from = Math.max(paraStart, first[0] - 40);
      to = Math.min(paraEnd, Math.max(first[1] + 60, from + 100));
    } else {
      to = text.indexOf("\n"); if (to < 0 || to > 100) to = Math.min(text.length, 100);
    }
    var inside = ranges.filter(function (r) { return r[0] >= from && r[1] <= to; })
      .map(function (r) { return [r[0] - from, r[1] - from]; });
    return { text: text.slice(from, to), before: from > 0 && text[from - 1] !== "\n", after: to < text.length && text[to] !== "\n", ranges: inside };
  }

  function plainExcerpt(e) { return (e.before ? "……" : "") + e.text + (e.after ? "……" : ""); }

  function marked(el, text, ranges) {
    var at = 0;
    ranges.forEach(function (r) {
      if (r[0] > at) el.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      el.appendChild(mark);
      at = r[1];
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
    return el;
  }

  function describe(found, a) {
    var table = found.table;
    return doc(table, a).then(function (d) {
      var e = excerptOf(d.text, found.terms);
      return { n: a, url: d.url, title: d.title, date: dateOf(table, a),
               section: table.facets.section.values[table.facets.section.codes[a]], page: d.page, doc: d, excerpt: e };
    });
  }

  /* Resolve tasks with at most `limit` running at once, keeping order. */
  function pool(items, limit, task) {
    var out = new Array(items.length), next = 0;
    function worker() {
      if (next >= items.length) return Promise.resolve();
      var i = next++;
      return task(items[i]).then(function (v) { out[i] = v; return worker(); });
    }
    var workers = [];
    for (var k = 0; k < Math.min(limit, items.length); k++) workers.push(worker());
    return Promise.all(workers).then(function () { return out; });
  }

  /* ---- The documented API ---- */
  window.baoku = window.baoku || {};
  window.baoku.search = function (query, opts) {
    return find(query, opts).then(function (found) {
      return pool(found.ids, 48, function (a) { return describe(found, a); }).then(function (list) {
        return list.map(function (r) {
          return { url: r.url, title: r.title, date: r.date, section: r.section, page: r.page,
                   excerpt: plainExcerpt(r.excerpt) };
        });
      });
    });
  };
  /* Counts only, without fetching any article text. */
  window.baoku.count = function (query, opts) {
    return find(query, opts).then(function (found) { return found.total; });
  };
  /* Article numbers (date order, as in baoku/search/records.py) in rank order,
   * and facet counts, without fetching any article text. */
  window.baoku.find = function (query, opts) {
    return find(query, opts).then(function (found) {
      var facets = {};
      Object.keys(found.facets).forEach(function (f) { facets[f] = Object.fromEntries(found.facets[f]); });
      return { total: found.total, ids: found.ids, facets: facets };
    });
  };
  /* Where the index words starting with `word` occur: {pack number: positions}
   * (the tests compare it with Pagefind's own search). */
  window.baoku.lookup = function (word) {
    return load().then(function (table) { return lookup(table, word); }).then(function (found) {
      var out = {};
      found.forEach(function (positions, pack) { out[pack] = Array.from(positions); });
      return out;
    });
  };
  window.baoku.normalise = normalise;
  window.baoku.units = function (text) { return units(normalise(text)); };
  window.baoku.parseQuery = parseQuery;

  /* ---- The page ---- */
  var ui = document.getElementById("search-app");
  if (!ui) return;
  var form = document.getElementById("search-form"), input = document.getElementById("search-q");
  var sortSelect = document.getElementById("search-sort"), status = document.getElementById("search-status");
  var list = document.getElementById("search-results"), facetBox = document.getElementById("search-facets");
  var pager = document.getElementById("search-pager"), suggest = document.getElementById("search-suggest");
  var drawer = document.getElementById("search-drawer"), drawerCount = document.getElementById("search-filter-count");
  var fromInput = document.getElementById("search-from"), toInput = document.getElementById("search-to");
  var datesClear = document.getElementById("search-dates-clear");
  var runId = 0;

  /* URL ⇄ state. `pageNo` is the result page (URL `page`); the printed-page filter
   * is state `page` (URL `ban`). */
  function readState() {
    var p = new URLSearchParams(location.search), s = { q: p.get("q") || "", sort: p.get("sort") || "relevance",
      pageNo: Math.max(1, parseInt(p.get("page") || "1", 10) || 1), from: p.get("from") || "", to: p.get("to") || "" };
    FACETS.forEach(function (f) { s[f] = p.get(URL_KEYS[f] || f) || ""; });
    ["from", "to"].forEach(function (k) { try { dayNumber(s[k], k); } catch (err) { s[k] = ""; } });
    if (["relevance", "newest", "oldest"].indexOf(s.sort) < 0) s.sort = "relevance";
    return s;
  }
  function href(s) {
    var p = new URLSearchParams();
    if (s.q) p.set("q", s.q);
    FACETS.forEach(function (f) { if (s[f]) p.set(URL_KEYS[f] || f, s[f]); });
    if (s.from) p.set("from", s.from);
    if (s.to) p.set("to", s.to);
    if (s.sort !== "relevance") p.set("sort", s.sort);
    if (s.pageNo > 1) p.set("page", String(s.pageNo));
    var qs = p.toString();
    return location.pathname + (qs ? "?" + qs : "");
  }
  function filtersOf(s) {
    var f = { from: s.from, to: s.to };
    FACETS.forEach(function (k) { f[k] = s[k]; });
    return f;
  }
  function activeFilters(s) {
    return FACETS.filter(function (f) { return s[f]; }).concat(s.from || s.to ? ["dates"] : []);
  }
  function go(s, focus) {
    history.pushState(null, "", href(s));
    render(s, focus);
  }
  function change(s, patch) {
    var next = Object.assign({}, s, patch);
    if (!("pageNo" in patch)) next.pageNo = 1;
    if ("year" in patch) next.month = "";
    return next;
  }
  function link(text, s, patch, current) {
    var a = document.createElement("a"), next = change(s, patch);
    a.href = href(next); a.textContent = text;
    if (current) a.setAttribute("aria-current", "true");
    a.addEventListener("click", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
      ev.preventDefault(); go(next, "status");
    });
    return a;
  }

  var FACET_NAMES = { section: "版块", column: "栏目", kind: "体裁", page: "版面", author: "作者", year: "年份", month: "月份" };
  function pageLabel(v) {
    return "第" + (/^[0-9]+$/.test(v) && v.length < 2 ? "0" + v : v) + "版";
  }
  function chineseDate(iso) {
    var d = iso.split("-");
    return d[0] + "年" + parseInt(d[1], 10) + "月" + parseInt(d[2], 10) + "日";
  }
  function label(f, v) {
    if (f === "kind") return KIND_NAMES[v] || v;
    if (f === "page") return pageLabel(v);
    if (f === "year") return v + "年";
    if (f === "month") return parseInt(v.slice(5), 10) + "月";
    return v;
  }
  var pageOrder = new Intl.Collator("zh-CN", { numeric: true });
  var showAuthors = false;

  /* Filters: a facet is listed only when it offers a choice (two values or more) or
   * is in use; the author facet loads on demand, and only when there are results. */
  function renderFacets(found, s) {
    facetBox.textContent = "";
    FACETS.forEach(function (f) {
      if (f === "month" && !s.year) return;
      var counts = found.facets[f];
      if (!counts && f === "author") {
        if (!found.total) return;
        var box = document.createElement("section"), h = document.createElement("h2"), more = document.createElement("button");
        box.className = "facet facet-author"; h.textContent = FACET_NAMES.author;
        more.type = "button"; more.className = "facet-more"; more.textContent = "按作者筛选";
        more.addEventListener("click", function () { showAuthors = true; render(readState(), "author"); });
        box.appendChild(h); box.appendChild(more); facetBox.appendChild(box);
        return;
      }
      if (!counts) return;
      var entries = Array.from(counts.entries()).filter(function (e) { return f !== "month" || e[0].slice(0, 4) === s.year; });
      if (f === "year" || f === "month") entries.sort(function (x, y) { return x[0] < y[0] ? 1 : -1; });
      else if (f === "page") entries.sort(function (x, y) { return pageOrder.compare(x[0], y[0]); });
      else entries.sort(function (x, y) { return y[1] - x[1] || (x[0] < y[0] ? -1 : 1); });
      if (f === "author" || f === "column") entries = entries.slice(0, 15);
      if (s[f] && !entries.some(function (e) { return e[0] === s[f]; })) entries.unshift([s[f], counts.get(s[f]) || 0]);
      if (entries.length < 2 && !s[f]) return;
      var box = document.createElement("section"), h = document.createElement("h2"), ul = document.createElement("ul");
      box.className = "facet facet-" + f; h.textContent = FACET_NAMES[f];
      if (s[f]) { var clear = link("不限", s, { [f]: "" }, false); clear.className = "facet-clear"; h.appendChild(clear); }
      entries.forEach(function (e) {
        var li = document.createElement("li"), on = s[f] === e[0];
        var a = link(label(f, e[0]), s, { [f]: on ? "" : e[0] }, on);
        var c = document.createElement("span"); c.className = "count"; c.textContent = String(e[1]);
        a.appendChild(c); li.appendChild(a); ul.appendChild(li);
      });
      box.appendChild(h); box.appendChild(ul); facetBox.appendChild(box);
    });
  }

  function renderDates(found, s) {
    var t = found.table.t;
    if (t.count) {
      var first = dateOf(found.table, 0), last = dateOf(found.table, t.count - 1);
      [fromInput, toInput].forEach(function (el) { el.min = first; el.max = last; });
    }
    fromInput.value = s.from; toInput.value = s.to;
    datesClear.hidden = !(s.from || s.to);
    var n = activeFilters(s).length;
    drawerCount.textContent = n ? "（已选 " + n + " 项）" : "";
  }

  function renderResult(found, r) {
    var li = document.createElement("li"), h = document.createElement("h3"), a = document.createElement("a");
    a.href = ROOT + r.url + "?q=" + encodeURIComponent(found.terms.map(function (t) { return /\s/.test(t) ? '"' + t + '"' : t; }).join(" "));
    marked(a, r.title, matchRanges(r.title, found.terms));
    h.appendChild(a); li.appendChild(h);
    var meta = document.createElement("p"); meta.className = "result-meta";
    var time = document.createElement("time"); time.dateTime = r.date;
    time.textContent = chineseDate(r.date);
    meta.appendChild(time);
    if (r.page) {
      var pg = document.createElement("span"); pg.className = "result-page"; pg.textContent = pageLabel(pageKey(r.page));
      meta.appendChild(document.createTextNode(" · ")); meta.appendChild(pg);
    }
    if (r.section) meta.appendChild(document.createTextNode(" · " + r.section));
    li.appendChild(meta);
    var lines = [r.doc.kicker, r.doc.subtitle].filter(function (x) { return x && matchRanges(x, found.terms).length; });
    lines.forEach(function (x) { var p = document.createElement("p"); p.className = "result-deck"; marked(p, x, matchRanges(x, found.terms)); li.appendChild(p); });
    var ex = document.createElement("p"); ex.className = "result-excerpt";
    if (r.excerpt.before) ex.appendChild(document.createTextNode("……"));
    marked(ex, r.excerpt.text, r.excerpt.ranges);
    if (r.excerpt.after) ex.appendChild(document.createTextNode("……"));
    li.appendChild(ex);
    return li;
  }

  /* No results: what would give some — each filter dropped, each term alone, a long
   * term split in two — with how many each finds; only those that find something. */
  function suggestions(found, s) {
    var tries = [];
    activeFilters(s).forEach(function (f) {
      var patch = f === "dates" ? { from: "", to: "" } : { [f]: "" };
      if (f === "year") patch.month = "";
      var what = f === "dates" ? "日期范围" : FACET_NAMES[f] + "“" + label(f, s[f]) + "”";
      tries.push({ text: "去掉" + what + "筛选", state: change(s, patch) });
    });
    var terms = found.terms;
    if (terms.length > 1) {
      terms.forEach(function (t) { tries.push({ text: "只查“" + t + "”", state: change(s, { q: t }) }); });
    } else if (terms.length === 1 && Array.from(terms[0]).length >= 4) {
      var chars = Array.from(terms[0]), half = Math.ceil(chars.length / 2);
      var split = chars.slice(0, half).join("") + " " + chars.slice(half).join("");
      tries.push({ text: "拆开查“" + split + "”（两个词都要出现，不必相连）", state: change(s, { q: split }) });
    }
    return Promise.all(tries.map(function (t) {
      return find(t.state.q, { filters: filtersOf(t.state) }).then(function (r) { t.total = r.total; return t; });
    })).then(function (all) { return all.filter(function (t) { return t.total > 0; }); });
  }

  function renderSuggestions(tries) {
    suggest.textContent = "";
    var p = document.createElement("p");
    if (!tries.length) {
      p.textContent = "可以检查有无错别字，或换用更短、更常见的词。";
      suggest.appendChild(p);
      return;
    }
    p.textContent = "可以试试：";
    var ul = document.createElement("ul");
    tries.forEach(function (t) {
      var li = document.createElement("li"), a = link(t.text, t.state, {}, false);
      a.href = href(t.state);
      var c = document.createElement("span"); c.className = "count"; c.textContent = "（" + t.total + " 篇）";
      li.appendChild(a); li.appendChild(c); ul.appendChild(li);
    });
    suggest.appendChild(p); suggest.appendChild(ul);
  }

  function render(s, focus) {
    var id = ++runId;
    input.value = s.q; sortSelect.value = s.sort;
    fromInput.value = s.from; toInput.value = s.to;
    document.title = (s.q ? s.q + " · " : "") + ui.dataset.title;
    suggest.textContent = "";
    if (!s.q && !activeFilters(s).length) {
      status.textContent = "输入人名、地名、词句或数字，多个词用空格分开，加引号查整句。";
      list.textContent = ""; facetBox.textContent = ""; pager.textContent = "";
      datesClear.hidden = true; drawerCount.textContent = "";
      return Promise.resolve();
    }
    status.textContent = "正在检索……";
    ui.setAttribute("aria-busy", "true");
    var started = performance.now();
    return find(s.q, { filters: filtersOf(s), sort: s.sort, authors: showAuthors }).then(function (found) {
      if (id !== runId) return;
      var pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE)), page = Math.min(s.pageNo, pages);
      var shown = found.ids.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      ui.dataset.findMs = String(Math.round(performance.now() - started));
      var extra = found.total ? Promise.resolve(null) : suggestions(found, s);
      return Promise.all([pool(shown, 20, function (a) { return describe(found, a); }), extra]).then(function (done) {
        if (id !== runId) return;
        var rows = done[0];
        ui.dataset.docsMs = String(Math.round(performance.now() - started));
        list.textContent = "";
        rows.forEach(function (r) { list.appendChild(renderResult(found, r)); });
        renderFacets(found, s);
        renderDates(found, s);
        var what = s.q ? "包含“" + s.q + "”的文章" : "符合条件的文章";
        status.textContent = found.total ? "共找到 " + found.total + " 篇文章" + (pages > 1 ? "，第 " + page + " 页，共 " + pages + " 页" : "")
          : "没有找到" + what + "。";
        if (done[1]) renderSuggestions(done[1]);
        pager.textContent = "";
        if (page > 1) pager.appendChild(link("上一页", s, { pageNo: page - 1 }, false));
        if (page < pages) pager.appendChild(link("下一页", s, { pageNo: page + 1 }, false));
        ui.dataset.ms = String(Math.round(performance.now() - started));
        ui.removeAttribute("aria-busy");
        if (focus === "status") status.focus();
        if (focus === "author") { var first = facetBox.querySelector(".facet-author a"); if (first) first.focus(); }
      });
    }).catch(function (err) {
      if (id !== runId) return;
      ui.removeAttribute("aria-busy");
      status.textContent = "检索出错：" + err.message + "。请刷新页面再试。";
    });
  }

  /* On a narrow screen the filters are a closed drawer above the results. */
  var wide = window.matchMedia("(min-width: 48.01rem)");
  function placeDrawer() { drawer.open = wide.matches; }
  placeDrawer();
  if (wide.addEventListener) wide.addEventListener("change", placeDrawer);

  function dateChanged() {
    var s = readState(), from = fromInput.value, to = toInput.value;
    if (from && to && from > to) { var x = from; from = to; to = x; }
    if (from === s.from && to === s.to) return;
    go(change(s, { from: from, to: to }), null);
  }
  fromInput.addEventListener("change", dateChanged);
  toInput.addEventListener("change", dateChanged);
  datesClear.addEventListener("click", function () { go(change(readState(), { from: "", to: "" }), "status"); });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var s = readState();
    go(change(s, { q: input.value.trim() }), null);
  });
  sortSelect.addEventListener("change", function () { go(change(readState(), { sort: sortSelect.value }), null); });
  window.addEventListener("popstate", function () { render(readState(), null); });
  window.baoku.ready = render(readState(), null);
})();
