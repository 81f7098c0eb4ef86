// medtrace site search: loads search-index.js (a script assigning window.MEDTRACE_SEARCH,
// since fetch() of a local file is refused under file://) on first use, then matches
// every word of the query against ID, title and body text. "#q=words" in the address
// runs a query on load.
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "";
  var input = document.getElementById("q");
  var box = document.getElementById("results");
  if (!input || !box) return;
  var index = null;
  var waiting = [];

  function load(then) {
    if (index) { then(); return; }
    waiting.push(then);
    if (waiting.length > 1) return;
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = function () {
      index = (window.MEDTRACE_SEARCH || []).map(function (e) {
        return { id: e[0], title: e[1], type: e[2], text: e[3],
                 idl: e[0].toLowerCase(), tl: e[1].toLowerCase(), bl: e[3].toLowerCase() };
      });
      var w = waiting; waiting = [];
      w.forEach(function (f) { f(); });
    };
    document.head.appendChild(s);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    if (at < 0) return text.slice(0, 120);
    var from = Math.max(0, at - 40);
    return (from > 0 ? "…" : "") + text.slice(from, from + 140);
  }

  function search(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    box.textContent = "";
    if (!words.length) { box.hidden = true; return; }
    var hits = [];
    index.forEach(function (e) {
      var score = 0;
      for (var k = 0; k < words.length; k++) {
        var w = words[k];
        if (e.idl === w) score += 100;
        else if (e.idl.indexOf(w) >= 0) score += 20;
        else if (e.tl.indexOf(w) >= 0) score += 5;
        else if (e.bl.indexOf(w) >= 0) score += 1;
        else return;
      }
      hits.push([score, e]);
    });
    hits.sort(function (a, b) { return b[0] - a[0] || (a[1].id < b[1].id ? -1 : a[1].id > b[1].id ? 1 : 0); });
    box.appendChild(el("div", "count", hits.length + (hits.length === 1 ? " match" : " matches")));
    var list = el("ol");
    hits.slice(0, 50).forEach(function (h) {
      var e = h[1], li = el("li"), a = el("a", "id", e.id);
      a.href = root + "items/" + e.id + ".html";
      li.appendChild(a);
      li.appendChild(document.createTextNode(" " + e.title));
      li.appendChild(el("span", "type", e.type));
      li.appendChild(el("span", "snippet", snippet(e.text, words[0])));
      list.appendChild(li);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function run() { var q = input.value; load(function () { search(q); }); }

  input.addEventListener("input", run);
  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { input.value = ""; box.hidden = true; }
    if (ev.key === "Enter") {
      ev.preventDefault();
      var first = box.querySelector("a");
      if (first) window.location.href = first.href;
    }
  });
  if (input.form) input.form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  var m = /[#&]q=([^&]*)/.exec(window.location.hash);
  if (m) { input.value = decodeURIComponent(m[1].replace(/\+/g, " ")); run(); }
})();
