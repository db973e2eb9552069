/* Marks the search terms on an article page opened from the search results.
 *
 * search.js links results as  <article>/?q=<the query>. This script finds each
 * term in the headline, kicker, subtitle and .article-body with the same rules
 * as the search (NFKC, case and whitespace ignored, so a match may span
 * several text nodes), wraps the matches in <mark class="search-hit"> and
 * scrolls the first one into view. The text rules and the query syntax must stay
 * identical to static/search.js.
 */
(function () {
  "use strict";
  var query = new URLSearchParams(location.search).get("q");
  if (!query) return;

  var IGNORABLE = /[\s\p{Cc}\p{Cf}]/gu;
  function normalise(text) { return text.normalize("NFKC").toLowerCase().replace(IGNORABLE, ""); }
  function parseQuery(q) {
    var re = /"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|『([^』]*)』?|(\S+)/g, terms = [], m;
    var text = q.normalize("NFKC");
    while ((m = re.exec(text))) {
      var raw = [m[1], m[2], m[3], m[4], m[5]].find(function (x) { return x !== undefined; });
      var norm = normalise(raw);
      if (norm && terms.indexOf(norm) < 0) terms.push(norm);
    }
    return terms;
  }
  var terms = parseQuery(query);
  if (!terms.length) return;

  /* Highlight inside one block: its text nodes are read as one string. */
  function markBlock(block) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, null), nodes = [], node;
    while ((node = walker.nextNode())) if (!node.parentNode.closest("script,style,mark")) nodes.push(node);
    var norm = "", map = [];  // map[i] = [node index, start, end] of normalised char i
    nodes.forEach(function (n, k) {
      var i = 0;
      for (var ch of n.data) {
        var x = normalise(ch);
        for (var j = 0; j < x.length; j++) map.push([k, i, i + ch.length]);
        norm += x; i += ch.length;
      }
    });
    var pieces = [];  // [node index, start, end] to wrap
    terms.forEach(function (term) {
      for (var at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + term.length)) {
        // One piece per text node the match touches, from its first to its last
        // character there: spaces inside the match are marked too.
        var piece = null;
        for (var c = at; c < at + term.length; c++) {
          var m = map[c];
          if (piece && piece[0] === m[0]) piece[2] = m[2];
          else { piece = m.slice(); pieces.push(piece); }
        }
      }
    });
    pieces.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    pieces.forEach(function (p) {
      var last = merged[merged.length - 1];
      if (last && last[0] === p[0] && p[1] <= last[2]) last[2] = Math.max(last[2], p[2]); else merged.push(p);
    });
    merged.reverse();  // right to left, so splitting a node keeps earlier offsets valid
    var marks = [];
    merged.forEach(function (p) {
      var text = nodes[p[0]];
      if (p[2] > text.data.length) return;
      var tail = text.splitText(p[1]);
      tail.splitText(p[2] - p[1]);
      var mark = document.createElement("mark");
      mark.className = "search-hit";
      tail.parentNode.replaceChild(mark, tail);
      mark.appendChild(tail);
      marks.push(mark);
    });
    return marks;
  }

  function run() {
    var blocks = document.querySelectorAll(".headline, .kicker, .subtitle, .article-body, .article-body p, .article-body li, "
      + ".article-body h2, .article-body h3, .article-body h4, .article-body blockquote, .article-body figcaption");
    Array.prototype.forEach.call(blocks, function (block) {
      if (block.querySelector("p, li")) return;  // its own paragraphs are handled one by one
      markBlock(block);
    });
    var hits = document.querySelectorAll("mark.search-hit");
    if (hits.length) {
      document.documentElement.dataset.searchHits = String(hits.length);
      var body = document.querySelector(".article-body mark.search-hit") || hits[0];
      body.scrollIntoView({ block: "center" });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
})();
