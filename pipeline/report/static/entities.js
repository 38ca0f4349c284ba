/* Entities: one row per entity, paged, filterable by name (Kazakh or Russian) and label; #eN opens row N. */
"use strict";
(function () {
  var rows = JAZBA.data.entities, geo = JAZBA.data.geo || {};
  var table = document.getElementById("entities");
  function docLinks(list, lang) {
    return list.slice(0, 12).map(function (d) {
      return '<a href="doc/' + d[0] + ".html#m" + d[4] + '">' + JAZBA.esc(d[1]) + "</a> <span class=\"hint\">" + d[2] + "</span>&nbsp;×" + d[3];
    }).join("<br>") + (list.length > 12 ? "<br>… " + (list.length - 12) + " more" : "");
  }
  var paged = JAZBA.pagedTable(table, function (r) {
    var ru = r.ru_docs.map(function (d) {
      var name = d[0] === null ? JAZBA.esc(d[1]) : '<a href="doc/' + d[0] + '.html">' + JAZBA.esc(d[1]) + "</a>";
      return name + ' <span class="hint">' + JAZBA.esc(d[2]) + " " + JAZBA.esc(d[3]) + "</span>";
    }).join("<br>");
    var g = geo[r.k];
    var where = g ? (g[3] ? '<a href="map.html">' : "") + g[0].toFixed(2) + ", " + g[1].toFixed(2) + (g[3] ? "</a>" : " (off map)") : (r.label === "PLACE" ? "none" : "");
    var forms = r.forms.filter(function (f) { return f !== r.kk && f !== r.ru; });
    return '<tr id="e' + r.k + '"><td>' + JAZBA.esc(r.label) + (r.subtype ? '<br><span class="hint">' + JAZBA.esc(r.subtype) + "</span>" : "") +
      '</td><td lang="ru">' + JAZBA.esc(r.ru || "—") + '</td><td lang="kk">' + JAZBA.esc(r.kk || "—") +
      (forms.length ? '<br><span class="hint">' + JAZBA.esc(forms.join(", ")) + "</span>" : "") +
      "</td><td>" + JAZBA.esc(r.roles.join("; ")) + "</td><td>" + docLinks(r.docs) + "</td><td>" + ru + "</td><td>" + where + "</td></tr>";
  });
  var text = document.getElementById("filter"), label = document.getElementById("labelfilter");
  function fold(s) { return JAZBA.fold(s); }
  var current = rows;
  function apply() {
    var q = fold(text.value.trim()), l = label.value;
    current = rows.filter(function (r) {
      if (l && r.label !== l) return false;
      if (!q) return true;
      return fold(r.ru).indexOf(q) >= 0 || fold(r.kk).indexOf(q) >= 0 || r.forms.some(function (f) { return fold(f).indexOf(q) >= 0; });
    });
    paged.show(current);
  }
  text.addEventListener("input", apply);
  label.addEventListener("change", apply);
  function fromHash() {
    var m = /^#e(\d+)$/.exec(location.hash);
    if (!m) return;
    var k = parseInt(m[1], 10);
    if (current !== rows) { text.value = ""; label.value = ""; current = rows; paged.show(rows); }
    var at = rows.findIndex(function (r) { return r.k === k; });
    if (at < 0) return;
    paged.goTo(at);
    var tr = document.getElementById("e" + k);
    if (tr) { tr.classList.add("hit"); tr.scrollIntoView({block: "center"}); }
  }
  paged.show(rows);
  window.addEventListener("hashchange", fromHash);
  fromHash();
  JAZBA.ready();
})();
