(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  // Kind filter: each highlighted piece lists its marks as "kind.severity" tokens, most
  // important first; it shows the first one whose kind is checked, or nothing. Findings
  // start checked, facts (数据/问题/承诺) unchecked.
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.kind-filter"));
  var segments = Array.prototype.slice.call(document.querySelectorAll(".hl[data-k]"));
  function applyKinds() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    segments.forEach(function (seg) {
      var top = "", sev = "";
      var tokens = seg.getAttribute("data-k").split(" ");
      for (var i = 0; i < tokens.length; i++) {
        var parts = tokens[i].split(".");
        if (on[parts[0]]) { top = parts[0]; sev = parts[1] || ""; break; }
      }
      seg.setAttribute("data-top", top);
      if (sev) { seg.setAttribute("data-sev", sev); } else { seg.removeAttribute("data-sev"); }
    });
    var counter = document.getElementById("shown-count");
    if (counter) { counter.textContent = String(document.querySelectorAll(".hl[data-k]:not([data-top=''])").length); }
    measureSticky();
  }
  boxes.forEach(function (b) { b.addEventListener("change", applyKinds); });
  var open = document.getElementById("open-all");
  if (open) {
    open.addEventListener("click", function () {
      var details = document.querySelectorAll("section.doc > details");
      var anyClosed = Array.prototype.some.call(details, function (d) { return !d.open; });
      each(details, function (d) { d.open = anyClosed; });
    });
  }

  // Jumps: the sticky bars' height becomes the scroll padding, and after a jump to a passage
  // the passage is scrolled clear of the bars and its pieces are marked for a few seconds.
  function stickyHeight() {
    var h = 0;
    each(document.querySelectorAll("nav.toc, .filters"), function (el) {
      var style = getComputedStyle(el);
      if (style.position === "sticky" || style.position === "fixed") { h += el.getBoundingClientRect().height; }
    });
    return h;
  }
  function measureSticky() {
    document.documentElement.style.setProperty("--sticky", Math.ceil(stickyHeight() + 16) + "px");
  }
  var flashed = [];
  function jumpTo(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target) { return false; }
    var details = target.closest ? target.closest("details") : null;
    if (details) { details.open = true; }
    measureSticky();
    if (!target.classList.contains("anchor")) { target.scrollIntoView({ block: "start" }); return true; }
    var pieces = document.querySelectorAll(".hl[data-m~='" + id.replace(/'/g, "") + "']");
    var first = pieces.length ? pieces[0] : target;
    measureSticky();
    first.scrollIntoView({ block: "center" });
    var top = first.getBoundingClientRect().top, below = stickyHeight() + 8;
    if (top < below) { window.scrollBy(0, top - below); }
    flashed.forEach(function (el) { el.classList.remove("flash"); });
    flashed = Array.prototype.slice.call(pieces);
    flashed.forEach(function (el) { el.classList.add("flash"); });
    window.setTimeout(function () { flashed.forEach(function (el) { el.classList.remove("flash"); }); }, 2500);
    return true;
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (!a) { return; }
    var id = decodeURIComponent(a.getAttribute("href").slice(1));
    var target = document.getElementById(id);
    if (!target) { return; }
    if (target.classList.contains("anchor")) {
      ev.preventDefault();
      if (history.pushState) { history.pushState(null, "", "#" + id); }
      jumpTo(id);
    } else {
      var details = target.closest ? target.closest("details") : null;
      if (details) { details.open = true; }
    }
  });
  window.addEventListener("hashchange", function () { jumpTo(decodeURIComponent(location.hash.slice(1))); });
  window.addEventListener("resize", measureSticky);
  window.addEventListener("beforeprint", function () {
    each(document.querySelectorAll("section.doc > details"), function (d) { d.open = true; });
  });

  // The reports table: sort by a column (click its header again to reverse), filter by unit
  // (any part of the name), rule and severity.
  var table = document.getElementById("reports-table");
  function cellValue(row, col, type) {
    var cell = row.cells[col];
    var v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
    return type === "num" ? parseFloat(v) || 0 : v;
  }
  function sortBy(th) {
    var heads = Array.prototype.slice.call(th.parentNode.children);
    var col = heads.indexOf(th), type = th.getAttribute("data-type");
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (r, i) { return [cellValue(r, col, type), i, r]; });
    rows.sort(function (x, y) {
      var c = type === "num" ? x[0] - y[0] : String(x[0]).localeCompare(String(y[0]), "zh-CN");
      return c ? c * dir : x[1] - y[1];
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r[2]); });
    body.appendChild(frag);
  }
  function column(key) {
    return Array.prototype.indexOf.call(table.tHead.rows[0].cells, table.tHead.querySelector("th[data-key='" + key + "']"));
  }
  function filterRows() {
    var unit = document.getElementById("filter-unit").value.trim();
    var rule = document.getElementById("filter-rule").value;
    var sev = document.getElementById("filter-sev").value;
    var unitCol = column("unit"), ruleCol = column("rules");
    var shown = 0;
    each(table.tBodies[0].rows, function (r) {
      var ok = (!unit || r.cells[unitCol].textContent.indexOf(unit) >= 0)
        && (!rule || (" " + r.cells[ruleCol].textContent + " ").indexOf(" " + rule + " ") >= 0)
        && (!sev || (" " + r.getAttribute("data-sev") + " ").indexOf(" " + sev + " ") >= 0);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById("rows-shown").textContent = shown + " / " + table.tBodies[0].rows.length;
  }
  if (table) {
    each(table.tHead.rows[0].cells, function (th) {
      th.querySelector("button").addEventListener("click", function () { sortBy(th); });
    });
    ["filter-unit", "filter-rule", "filter-sev"].forEach(function (id) {
      var el = document.getElementById(id);
      el.addEventListener("input", filterRows);
      el.addEventListener("change", filterRows);
    });
    document.getElementById("filter-clear").addEventListener("click", function () {
      ["filter-unit", "filter-rule", "filter-sev"].forEach(function (id) { document.getElementById(id).value = ""; });
      filterRows();
    });
    filterRows();
  }

  applyKinds();
  if (location.hash) { jumpTo(decodeURIComponent(location.hash.slice(1))); }
  document.documentElement.setAttribute("data-ready", "1");
})();
