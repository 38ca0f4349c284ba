/* jazba report: helpers shared by every page (no library, no network). */
"use strict";
var JAZBA = window.JAZBA || {};
window.JAZBA = JAZBA;
JAZBA.data = JAZBA.data || {};

JAZBA.esc = function (s) {
  return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
  });
};

/* Search folding: case, ё = е, and Kazakh letters = their Russian look-alikes, so "караганда"
   finds Қарағанды and "жезказган" finds Жезқазған. */
JAZBA.FOLD = {"ё": "е", "қ": "к", "ғ": "г", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и", "ә": "а"};
JAZBA.fold = function (s) {
  return String(s == null ? "" : s).toLowerCase().replace(/[ёқғңөұүһіә]/g, function (c) { return JAZBA.FOLD[c]; });
};

/* Load a local data script once (browsers refuse fetch() of file:// URLs, but run scripts). */
JAZBA.loadScript = function (src, done) {
  JAZBA._loading = JAZBA._loading || {};
  var state = JAZBA._loading[src];
  if (state === true) { done(); return; }
  if (state) { state.push(done); return; }
  JAZBA._loading[src] = [done];
  var el = document.createElement("script");
  el.src = src;
  el.onload = function () {
    var waiting = JAZBA._loading[src];
    JAZBA._loading[src] = true;
    waiting.forEach(function (f) { f(); });
  };
  document.head.appendChild(el);
};

/* A paged table: `rows` (any objects), `render(row)` -> "<tr>...</tr>". Returns {show(rows), goTo(index)}. */
JAZBA.pagedTable = function (table, render) {
  var size = parseInt(table.getAttribute("data-page-size") || "100", 10);
  var tbody = table.tBodies[0];
  var pager = table.closest(".tablewrap").nextElementSibling;
  var rows = [], page = 0;
  function draw() {
    var pages = Math.max(1, Math.ceil(rows.length / size));
    if (page >= pages) page = pages - 1;
    var html = [];
    for (var i = page * size; i < Math.min(rows.length, (page + 1) * size); i++) html.push(render(rows[i], i));
    tbody.innerHTML = html.join("");
    if (!pager || !pager.classList.contains("pager")) return;
    if (pages <= 1) { pager.innerHTML = '<span class="hint">' + rows.length + " row(s)</span>"; return; }
    var b = ['<span class="hint">' + rows.length + " rows, page " + (page + 1) + " of " + pages + "</span>"];
    b.push('<button type="button" data-p="' + (page - 1) + '"' + (page ? "" : " disabled") + ">previous</button>");
    var from = Math.max(0, page - 3), to = Math.min(pages, page + 4);
    if (from > 0) b.push('<button type="button" data-p="0">1</button>…');
    for (var p = from; p < to; p++) b.push('<button type="button" data-p="' + p + '"' + (p === page ? ' aria-current="true"' : "") + ">" + (p + 1) + "</button>");
    if (to < pages) b.push('…<button type="button" data-p="' + (pages - 1) + '">' + pages + "</button>");
    b.push('<button type="button" data-p="' + (page + 1) + '"' + (page < pages - 1 ? "" : " disabled") + ">next</button>");
    pager.innerHTML = b.join(" ");
  }
  if (pager) pager.addEventListener("click", function (ev) {
    var p = ev.target.getAttribute && ev.target.getAttribute("data-p");
    if (p !== null && p !== undefined) { page = parseInt(p, 10); draw(); table.scrollIntoView({block: "start"}); }
  });
  return {
    show: function (newRows) { rows = newRows; page = 0; draw(); },
    goTo: function (index) { page = Math.floor(index / size); draw(); },
    rows: function () { return rows; }
  };
};

/* Sortable headers: th[data-sort] -> key(row) from `keys`. */
JAZBA.sortable = function (table, keys, apply) {
  var state = {key: null, dir: 1};
  table.tHead.addEventListener("click", function (ev) {
    var th = ev.target.closest("th[data-sort]");
    if (!th) return;
    var key = th.getAttribute("data-sort");
    state.dir = state.key === key ? -state.dir : (keys.numeric(key) ? -1 : 1);
    state.key = key;
    table.tHead.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
    apply(function (a, b) {
      var x = keys.get(a, key), y = keys.get(b, key);
      return (x < y ? -1 : x > y ? 1 : 0) * state.dir;
    });
  });
  table.tHead.querySelectorAll("th[data-sort]").forEach(function (th) {
    th.tabIndex = 0;
    th.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); th.click(); } });
  });
};

JAZBA.ready = function () {
  document.documentElement.setAttribute("data-ready", "1");
  window.JAZBA_READY_MS = performance.now();
};
