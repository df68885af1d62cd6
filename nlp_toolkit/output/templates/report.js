(function () {
  "use strict";
  // Kind filter: each highlighted segment lists its marks as "kind.severity" tokens, most
  // important first; it shows the first one whose kind is checked, or nothing.
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.kind-filter"));
  var segments = Array.prototype.slice.call(document.querySelectorAll(".hl[data-k]"));
  function apply() {
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
    var shown = document.querySelectorAll(".hl[data-k]:not([data-top=''])").length;
    var counter = document.getElementById("shown-count");
    if (counter) { counter.textContent = String(shown); }
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  function setAll(value) { boxes.forEach(function (b) { b.checked = value; }); apply(); }
  var all = document.getElementById("filter-all");
  var none = document.getElementById("filter-none");
  if (all) { all.addEventListener("click", function () { setAll(true); }); }
  if (none) { none.addEventListener("click", function () { setAll(false); }); }
  var open = document.getElementById("open-all");
  if (open) {
    open.addEventListener("click", function () {
      var details = document.querySelectorAll("section.doc > details");
      var anyClosed = Array.prototype.some.call(details, function (d) { return !d.open; });
      Array.prototype.forEach.call(details, function (d) { d.open = anyClosed; });
    });
  }
  // A link to a highlight opens its report first.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (!a) { return; }
    var target = document.getElementById(a.getAttribute("href").slice(1));
    var details = target && target.closest ? target.closest("details") : null;
    if (details) { details.open = true; }
  });
  apply();
  document.documentElement.setAttribute("data-ready", "1");
})();
