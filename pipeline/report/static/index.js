/* Index: the documents table (paged, sortable, filterable) and the entity name search. */
"use strict";
(function () {
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var docs = JAZBA.data.documents;  // [index, doc_id, lang, chars, {label: n}, records, low, review, matched]
  var table = document.getElementById("documents");
  var paged = JAZBA.pagedTable(table, function (d) {
    var share = d[5] ? d[6] / d[5] : 0;
    var cells = labels.map(function (l) { return '<td class="num">' + (d[4][l] || "") + "</td>"; }).join("");
    return '<tr><td><a href="doc/' + d[0] + '.html">' + JAZBA.esc(d[1]) + "</a></td><td>" + JAZBA.esc(d[2]) +
      '</td><td class="num">' + d[3] + '</td><td class="num">' + d[5] + "</td>" + cells +
      '<td class="num"><span class="lowshare">' + (100 * share).toFixed(1) + '%</span><span class="bar-low" style="width:' +
      Math.round(40 * share) + 'px" aria-hidden="true"></span></td><td>' + JAZBA.esc(d[7]) + '</td><td class="num">' + (d[8] || "") + "</td></tr>";
  });
  var shown = docs.slice();
  var filter = document.getElementById("docfilter");
  function applyFilter() {
    var q = filter.value.trim().toLowerCase();
    paged.show(q ? shown.filter(function (d) { return d[1].toLowerCase().indexOf(q) >= 0; }) : shown);
  }
  filter.addEventListener("input", applyFilter);
  JAZBA.sortable(table, {
    numeric: function (k) { return k !== "doc_id" && k !== "lang"; },
    get: function (d, k) {
      return k === "doc_id" ? d[1] : k === "lang" ? d[2] : k === "chars" ? d[3] : k === "records" ? d[5] :
        k === "low" ? (d[5] ? d[6] / d[5] : 0) : (d[4][k] || 0);
    }
  }, function (cmp) { shown.sort(cmp); applyFilter(); });
  paged.show(shown);

  /* name search: data/names.js ([name, label, entity row, mentions]) is loaded on first use */
  var q = document.getElementById("q"), out = document.getElementById("q-results");
  function fold(s) { return JAZBA.fold(s); }
  function search() {
    var names = JAZBA.data.names;
    if (!names) return;
    var needle = fold(q.value.trim());
    if (needle.length < 2) { out.innerHTML = ""; return; }
    if (!JAZBA.foldedNames) JAZBA.foldedNames = names.map(function (n) { return fold(n[0]); });
    var seen = {}, hits = [];
    for (var i = 0; i < names.length && hits.length < 50; i++) {
      var n = names[i];
      if (!seen[n[2]] && JAZBA.foldedNames[i].indexOf(needle) >= 0) { seen[n[2]] = 1; hits.push(n); }
    }
    out.innerHTML = hits.length ? hits.map(function (n) {
      return '<li><a href="entities.html#e' + n[2] + '">' + JAZBA.esc(n[0]) + '</a><span class="lab" style="--c:var(--c-' +
        JAZBA.esc(n[1]) + ')">' + JAZBA.esc(n[1]) + "</span> " + n[3] + " mention(s)</li>";
    }).join("") : "<li>no entity name contains “" + JAZBA.esc(q.value) + "”</li>";
  }
  function ensureNames(then) { JAZBA.loadScript("data/names.js", then); }
  q.addEventListener("focus", function () { ensureNames(function () {}); });
  q.addEventListener("input", function () { ensureNames(search); });
  q.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var a = out.querySelector("a"); if (a) { ev.preventDefault(); location.href = a.href; } }
  });
  JAZBA.ready();
})();
