/* Timeline: dated mentions on a time axis (SVG). Days are points (hollow when the year was inferred),
   months, years, decades and ranges are bars; a period can be chosen; every mark links to its sentence. */
"use strict";
(function () {
  var D = JAZBA.data.timeline.dated;  // [first, last, isRange, inferred, text, doc, j, sentence, iso, lang, doc_id]
  var AGGREGATE = 1500, DAY = 86400000, W = 1000, M = {l: 20, r: 20, t: 10, b: 34}, COL = 9, MAXSTACK = 16, MAXLANES = 10;
  var holder = document.getElementById("tl-svg"), focusBox = document.getElementById("tl-focus");
  var fromIn = document.getElementById("tl-from"), toIn = document.getElementById("tl-to");
  var table = JAZBA.pagedTable(document.getElementById("tl-table"), function (d) {
    return "<tr><td><code>" + JAZBA.esc(d[8]) + "</code>" + (d[3] ? ' <span class="hint">year inferred</span>' : "") +
      '</td><td lang="' + JAZBA.esc(d[9]) + '">' + JAZBA.esc(d[4]) + '</td><td lang="' + JAZBA.esc(d[9]) + '">' + JAZBA.esc(d[7]) +
      '</td><td><a href="doc/' + d[5] + ".html#m" + d[6] + '">' + JAZBA.esc(d[10]) + "</a></td></tr>";
  });
  function t(iso) { return Date.parse(iso + "T00:00:00Z"); }
  D.forEach(function (d) { d.t0 = t(d[0]); d.t1 = t(d[1]) + DAY; });
  if (!D.length) { holder.innerHTML = '<p class="hint">No dated mention.</p>'; table.show([]); JAZBA.ready(); return; }
  var lo = Math.min.apply(null, D.map(function (d) { return d.t0; }));
  var hi = Math.max.apply(null, D.map(function (d) { return d.t1; }));

  /* period buttons: every year with mentions (decades when there are many years) */
  var byYear = {};
  D.forEach(function (d) { var y = d[0].slice(0, 4); byYear[y] = (byYear[y] || 0) + 1; });
  var years = Object.keys(byYear).sort(), buttons = ['<button type="button" data-from="" aria-pressed="true">all (' + D.length + ")</button>"];
  var unit = years.length > 30 ? 10 : 1, groups = {};
  years.forEach(function (y) { var g = unit === 10 ? y.slice(0, 3) + "0" : y; groups[g] = (groups[g] || 0) + byYear[y]; });
  Object.keys(groups).sort().forEach(function (g) {
    buttons.push('<button type="button" aria-pressed="false" data-from="' + g + '" data-to="' + (parseInt(g, 10) + unit - 1) + '">' +
      g + (unit === 10 ? "s" : "") + " (" + groups[g] + ")</button>");
  });
  var yearBox = document.getElementById("tl-years");
  yearBox.innerHTML = buttons.join("");
  yearBox.addEventListener("click", function (ev) {
    var b = ev.target.closest("button");
    if (!b) return;
    yearBox.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", x === b ? "true" : "false"); });
    var f = b.getAttribute("data-from");
    if (!f) draw(lo, hi); else draw(Date.UTC(+f, 0, 1), Date.UTC(+b.getAttribute("data-to") + 1, 0, 1));
  });
  function fromInputs() {
    var a = fromIn.value ? t(fromIn.value) : lo, b = toIn.value ? t(toIn.value) + DAY : hi;
    if (b > a) draw(a, b);
  }
  fromIn.addEventListener("change", fromInputs);
  toIn.addEventListener("change", fromInputs);

  function ticks(a, b) {
    var span = (b - a) / DAY, out = [], d = new Date(a), y = d.getUTCFullYear(), m = d.getUTCMonth();
    if (span > 365 * 25) { for (var yy = Math.ceil(y / 10) * 10; Date.UTC(yy, 0, 1) <= b; yy += 10) out.push([Date.UTC(yy, 0, 1), String(yy)]); }
    else if (span > 365 * 2.5) { for (var y2 = y; Date.UTC(y2, 0, 1) <= b; y2++) if (Date.UTC(y2, 0, 1) >= a) out.push([Date.UTC(y2, 0, 1), String(y2)]); }
    else if (span > 62) { for (var k = 0; Date.UTC(y, m + k, 1) <= b; k++) { var tm = Date.UTC(y, m + k, 1); if (tm >= a) { var dd = new Date(tm); out.push([tm, dd.getUTCFullYear() + "-" + String(dd.getUTCMonth() + 1).padStart(2, "0")]); } } }
    else { var step = span > 20 ? 7 : 1; for (var tt = Date.UTC(y, m, d.getUTCDate()); tt <= b; tt += step * DAY) out.push([tt, new Date(tt).toISOString().slice(0, 10)]); }
    var every = Math.ceil(out.length / 12);
    return out.filter(function (_, i) { return i % every === 0; });
  }
  function label(d) { return d[8] + (d[3] ? " (year inferred)" : "") + " — " + d[4] + " — " + d[10]; }

  function draw(a, b) {
    var pad = Math.max(DAY, (b - a) * 0.02);
    a -= pad; b += pad;
    fromIn.value = new Date(a + pad).toISOString().slice(0, 10);
    toIn.value = new Date(b - pad - DAY).toISOString().slice(0, 10);
    var x = function (tm) { return M.l + (tm - a) / (b - a) * (W - M.l - M.r); };
    var visible = D.filter(function (d) { return d.t1 > a && d.t0 < b; });
    if (visible.length > AGGREGATE) { drawBins(a, b, pad, x, visible); return; }
    var bars = visible.filter(function (d) { return d[2]; }), pts = visible.filter(function (d) { return !d[2]; });
    /* ranges: greedy lanes */
    var lanes = [], barEls = [], hiddenBars = 0;
    bars.sort(function (p, q) { return p.t0 - q.t0 || q.t1 - p.t1; }).forEach(function (d) {
      var x0 = Math.max(M.l, x(d.t0)), x1 = Math.min(W - M.r, x(d.t1)), lane = lanes.findIndex(function (end) { return end < x0 - 2; });
      if (lane < 0) { if (lanes.length >= MAXLANES) { hiddenBars++; return; } lane = lanes.length; lanes.push(0); }
      lanes[lane] = x1;
      barEls.push([d, x0, Math.max(3, x1 - x0), lane]);
    });
    /* points: stacked per column */
    var cols = {}, ptEls = [], more = {};
    pts.forEach(function (d) {
      var c = Math.round(x(d.t0 + DAY / 2) / COL), n = cols[c] = (cols[c] || 0) + 1;
      if (n > MAXSTACK) { more[c] = (more[c] || 0) + 1; return; }
      ptEls.push([d, c * COL, n]);
    });
    var stackH = Math.max(1, Math.min(MAXSTACK, Math.max.apply(null, [0].concat(Object.keys(cols).map(function (k) { return cols[k]; }))))) * 10 + 14;
    var lanesH = lanes.length * 10 + (lanes.length ? 8 : 0), H = M.t + lanesH + stackH + M.b, axisY = H - M.b;
    var s = ['<svg class="tl" viewBox="0 0 ' + W + " " + H + '" role="img" aria-label="Timeline of ' + visible.length + ' dated mentions">'];
    s.push('<g class="axis"><line x1="' + M.l + '" x2="' + (W - M.r) + '" y1="' + axisY + '" y2="' + axisY + '"/>');
    ticks(a + pad, b - pad).forEach(function (tk) {
      var tx = x(tk[0]);
      s.push('<line x1="' + tx + '" x2="' + tx + '" y1="' + axisY + '" y2="' + (axisY + 5) + '"/><text x="' + tx + '" y="' + (axisY + 18) + '" text-anchor="middle">' + tk[1] + "</text>");
    });
    s.push("</g>");
    barEls.forEach(function (e) {
      var d = e[0];
      s.push('<a class="item" href="doc/' + d[5] + ".html#m" + d[6] + '" data-i="' + D.indexOf(d) + '" aria-label="' + JAZBA.esc(label(d)) + '"><rect class="bar' +
        (d[3] ? " inferred" : "") + '" x="' + e[1].toFixed(1) + '" y="' + (M.t + e[3] * 10) + '" width="' + e[2].toFixed(1) + '" height="7"/><title>' + JAZBA.esc(label(d)) + "</title></a>");
    });
    ptEls.forEach(function (e) {
      var d = e[0];
      s.push('<a class="item" href="doc/' + d[5] + ".html#m" + d[6] + '" data-i="' + D.indexOf(d) + '" aria-label="' + JAZBA.esc(label(d)) + '"><circle class="pt' +
        (d[3] ? " inferred" : "") + '" cx="' + e[1] + '" cy="' + (axisY - 8 - (e[2] - 1) * 10) + '" r="4"/><title>' + JAZBA.esc(label(d)) + "</title></a>");
    });
    Object.keys(more).forEach(function (c) {
      s.push('<text class="more" x="' + (c * COL) + '" y="' + (M.t + lanesH + 4) + '" text-anchor="middle">+' + more[c] + "</text>");
    });
    s.push("</svg>");
    holder.innerHTML = s.join("");
    var hidden = hiddenBars + Object.keys(more).reduce(function (n, c) { return n + more[c]; }, 0);
    document.getElementById("tl-count").textContent = visible.length;
    document.getElementById("tl-caption").textContent = visible.length + " dated mention(s) in the period" +
      (hidden ? "; " + hidden + " not drawn (too many at one place: choose a shorter period, or see the table)" : "") + ".";
    table.show(visible);
  }
  /* too many to draw one by one: a histogram, one bar per column; a bar zooms into its period */
  function drawBins(a, b, pad, x, visible) {
    var bins = {}, cw = COL * 1.5;
    visible.forEach(function (d) {
      var c = Math.floor((x(Math.max(d.t0, a)) - M.l) / cw);
      bins[c] = (bins[c] || 0) + 1;
    });
    var max = Math.max.apply(null, Object.keys(bins).map(function (c) { return bins[c]; }));
    var H = 200, axisY = H - M.b, top = M.t + 4, span = (b - a) / (W - M.l - M.r);
    var s = ['<svg class="tl" viewBox="0 0 ' + W + " " + H + '" role="img" aria-label="Histogram of ' + visible.length + ' dated mentions">'];
    s.push('<g class="axis"><line x1="' + M.l + '" x2="' + (W - M.r) + '" y1="' + axisY + '" y2="' + axisY + '"/>');
    ticks(a + pad, b - pad).forEach(function (tk) {
      var tx = x(tk[0]);
      s.push('<line x1="' + tx + '" x2="' + tx + '" y1="' + axisY + '" y2="' + (axisY + 5) + '"/><text x="' + tx + '" y="' + (axisY + 18) + '" text-anchor="middle">' + tk[1] + "</text>");
    });
    s.push("</g>");
    Object.keys(bins).forEach(function (c) {
      var x0 = M.l + c * cw, h = Math.max(2, (axisY - top) * bins[c] / max);
      var f = new Date(a + (x0 - M.l) * span).toISOString().slice(0, 10), t2 = new Date(a + (x0 + cw - M.l) * span).toISOString().slice(0, 10);
      var text = bins[c] + " dated mention(s), " + f + " – " + t2 + ": zoom in";
      s.push('<a class="bin" href="#" data-from="' + f + '" data-to="' + t2 + '" aria-label="' + text + '"><rect class="bar" x="' + x0.toFixed(1) +
        '" y="' + (axisY - h).toFixed(1) + '" width="' + (cw - 1.5).toFixed(1) + '" height="' + h.toFixed(1) + '"/><title>' + text + "</title></a>");
    });
    s.push("</svg>");
    holder.innerHTML = s.join("");
    document.getElementById("tl-count").textContent = visible.length;
    document.getElementById("tl-caption").textContent = visible.length + " dated mention(s) in the period, counted per column " +
      "(too many to draw one by one): click a column or choose a shorter period to see each mention.";
    table.show(visible);
  }
  holder.addEventListener("click", function (ev) {
    var bin = ev.target.closest && ev.target.closest("a.bin");
    if (!bin) return;
    ev.preventDefault();
    yearBox.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
    draw(t(bin.getAttribute("data-from")), t(bin.getAttribute("data-to")) + DAY);
  });
  function focusItem(ev) {
    var a = ev.target.closest && ev.target.closest("a.item");
    if (!a) return;
    var d = D[parseInt(a.getAttribute("data-i"), 10)];
    focusBox.innerHTML = "<strong>" + JAZBA.esc(d[8]) + "</strong>" + (d[3] ? " (year inferred)" : "") + " · " + JAZBA.esc(d[10]) +
      '<br><span lang="' + JAZBA.esc(d[9]) + '">' + JAZBA.esc(d[7]) + '</span><br><a href="doc/' + d[5] + ".html#m" + d[6] + '">open the sentence</a>';
  }
  holder.addEventListener("mouseover", focusItem);
  holder.addEventListener("focusin", focusItem);
  draw(lo, hi);
  JAZBA.ready();
})();
