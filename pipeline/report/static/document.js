/* Document and side-by-side pages: record details on click/Enter/focus, label toggles, keys,
   the sentence of a linked record (#mN) highlighted, linked spans lit on both sides. */
"use strict";
(function () {
  var details = document.getElementById("details");
  var texts = Array.prototype.slice.call(document.querySelectorAll(".text"));
  var recsOf = new Map();
  texts.forEach(function (t) {
    var id = t.getAttribute("data-recs") || "records";
    recsOf.set(t, JSON.parse(document.getElementById(id).textContent));
  });
  var sentences = document.getElementById("sentences");
  sentences = sentences ? JSON.parse(sentences.textContent) : [];
  var marks = Array.prototype.slice.call(document.querySelectorAll(".text mark:not(.frag)"));
  var current = null;

  function fmtNorm(n) {
    var keys = Object.keys(n || {});
    if (!keys.length) return "—";
    return keys.map(function (k) {
      var v = n[k];
      return "<code>" + JAZBA.esc(k) + "</code>: " + JAZBA.esc(typeof v === "object" && v !== null ? JSON.stringify(v) : v);
    }).join("<br>");
  }
  function recordOf(mark) {
    var text = mark.closest(".text");
    return recsOf.get(text)[parseInt(mark.getAttribute("data-j"), 10)];
  }
  /* show a record's details; `preview` (mouse hover while nothing is pinned) does not select it */
  function show(mark, focusPanel, preview) {
    var r = recordOf(mark);
    if (!r) return;
    if (!preview) {
      if (current) current.classList.remove("sel");
      current = mark;
      mark.classList.add("sel");
    }
    var conf = typeof r.c === "number" ? r.c.toFixed(3) : "—";
    var low = mark.classList.contains("low") ? ' <span class="warn">low confidence</span>' : "";
    var ru = (r.ru || []).map(function (x) {
      var name = x.u ? '<a href="' + JAZBA.esc(x.u) + '">' + JAZBA.esc(x.t || x.c) + "</a>" : JAZBA.esc(x.t || x.c);
      return "<li>" + name + (x.c && x.c !== x.t ? " (" + JAZBA.esc(x.c) + ")" : "") + " — " + JAZBA.esc(x.d) +
        ", score " + JAZBA.esc(x.s) + ", " + JAZBA.esc(x.m) + "</li>";
    }).join("");
    var label = r.lang === "ru" ? "Kazakh counterpart" : "Russian counterpart";
    details.innerHTML =
      '<button type="button" class="close" aria-label="Close details">×</button>' +
      "<h2>" + JAZBA.esc(r.l) + (r.sub ? " · " + JAZBA.esc(r.sub) : "") + "</h2><dl>" +
      "<dt>text</dt><dd>" + JAZBA.esc(r.t) + "</dd>" +
      "<dt>normalised</dt><dd>" + fmtNorm(r.n) + "</dd>" +
      "<dt>confidence</dt><dd>" + conf + low + "</dd>" +
      "<dt>source</dt><dd>" + JAZBA.esc(r.s) + "</dd>" +
      "<dt>entity</dt><dd>" + (r.e ? (r.eu ? '<a href="' + r.eu + '">' + JAZBA.esc(r.e) + "</a>" : JAZBA.esc(r.e)) : (r.eu ? '<a href="' + r.eu + '">entity row</a>' : "—")) + "</dd>" +
      "<dt>review</dt><dd>" + JAZBA.esc(r.st) + (r.rv ? " by " + JAZBA.esc(r.rv.annotator || "?") +
        (r.rv.reviewed_at ? ", " + JAZBA.esc(r.rv.reviewed_at) : "") + (r.rv.corrected ? " (corrected " + JAZBA.esc(r.rv.corrected) + ")" : "") : "") + "</dd>" +
      "<dt>" + label + "</dt><dd>" + (ru ? "<ul>" + ru + "</ul>" : "none") + "</dd>" +
      "<dt>id</dt><dd><code>" + JAZBA.esc(r.id) + "</code></dd></dl>";
    if (preview) { details.querySelector(".close").remove(); return; }
    details.classList.add("open");
    details.querySelector(".close").addEventListener("click", close);
    lightLinks(mark, true);
    if (focusPanel) details.focus();
  }
  function close() {
    if (current) { current.classList.remove("sel"); lightLinks(current, false); current.focus(); }
    current = null;
    details.classList.remove("open");
    details.innerHTML = '<p class="hint">No mark selected.</p>';
  }
  var lit = [];
  function lightLinks(mark, on) {
    lit.forEach(function (el) { el.classList.remove("hl"); });
    lit = [];
    var links = on && mark.getAttribute("data-link");
    if (!links) return;
    links.split(" ").forEach(function (n) {
      document.querySelectorAll('[data-link~="' + n + '"]').forEach(function (el) { el.classList.add("hl"); lit.push(el); });
    });
  }
  document.addEventListener("click", function (ev) {
    var mark = ev.target.closest && ev.target.closest(".text mark");
    if (!mark) return;
    if (mark.classList.contains("frag")) mark = mark.closest(".text").querySelector('mark[data-j="' + mark.getAttribute("data-j") + '"]:not(.frag)');
    ev.stopPropagation();
    show(mark, false);
  });
  var hoverable = window.matchMedia && window.matchMedia("(min-width: 901px)").matches;
  document.addEventListener("mouseover", function (ev) {
    var mark = ev.target.closest && ev.target.closest(".text mark");
    if (!mark || current) return;
    if (mark.classList.contains("frag")) mark = mark.closest(".text").querySelector('mark[data-j="' + mark.getAttribute("data-j") + '"]:not(.frag)');
    if (mark.hasAttribute("data-link")) lightLinks(mark, true);
    if (hoverable && !document.body.classList.contains("page-pair")) show(mark, false, true);
  });
  document.addEventListener("mouseout", function (ev) {
    var mark = ev.target.closest && ev.target.closest(".text mark");
    if (!mark || current) return;
    lightLinks(mark, false);
    if (hoverable && !document.body.classList.contains("page-pair")) details.innerHTML = '<p class="hint">No mark selected.</p>';
  });
  document.addEventListener("focusin", function (ev) {
    var mark = ev.target.closest && ev.target.closest(".text mark");
    if (mark && mark.hasAttribute("data-link")) lightLinks(mark, true);
  });
  function visible(m) { return !m.classList.contains("off"); }
  function step(dir, onlyLow) {
    var i = current ? marks.indexOf(current) : (dir > 0 ? -1 : marks.length);
    for (var k = i + dir; k >= 0 && k < marks.length; k += dir) {
      var m = marks[k];
      if (visible(m) && (!onlyLow || m.classList.contains("low"))) { m.focus(); show(m, false); return; }
    }
  }
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var mark = ev.target.closest && ev.target.closest(".text mark");
    if ((ev.key === "Enter" || ev.key === " ") && mark) { ev.preventDefault(); show(mark, true); }
    else if (ev.key === "Escape") close();
    else if (ev.key === "n" || ev.key === "j") step(1, false);
    else if (ev.key === "p" || ev.key === "k") step(-1, false);
    else if (ev.key === "l") step(1, true);
  });
  document.querySelectorAll(".legend input[data-label]").forEach(function (box) {
    box.addEventListener("change", function () {  /* any label, also one this page has no colour for */
      var label = box.getAttribute("data-label");
      document.querySelectorAll(".text mark").forEach(function (m) {
        if (m.classList.contains("l-" + label)) m.classList.toggle("off", !box.checked);
      });
    });
  });
  var onlyLow = document.getElementById("only-low");
  if (onlyLow) onlyLow.addEventListener("change", function () { document.body.classList.toggle("only-low", onlyLow.checked); });
  /* #mN: select the mark and light up its sentence (CSS Custom Highlight API where available) */
  function fromHash() {
    var m = /^#(k|r)?m(\d+)$/.exec(location.hash);
    if (!m) return;
    var mark = document.getElementById(location.hash.slice(1));
    if (!mark) return;
    show(mark, false);
    mark.scrollIntoView({block: "center"});
    var text = mark.closest(".text");
    var r = recordOf(mark);
    if (!sentences.length || !window.CSS || !CSS.highlights || !window.Highlight) return;
    var start = parseInt(r.id.replace(/^.*:(\d+)-(\d+)$/, "$1"), 10);
    var sent = sentences.filter(function (s) { return s[0] <= start && start < s[1]; })[0];
    if (!sent) return;
    var range = rangeOf(text, sent[0], sent[1]);
    if (range) CSS.highlights.set("sentence", new Highlight(range));
  }
  function rangeOf(root, start, end) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), pos = 0, node, range = document.createRange(), started = false;
    while ((node = walker.nextNode())) {
      var len = node.nodeValue.length;
      if (!started && start <= pos + len) { range.setStart(node, start - pos); started = true; }
      if (started && end <= pos + len) { range.setEnd(node, end - pos); return range; }
      pos += len;
    }
    return started ? range : null;
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  JAZBA.ready();
})();
