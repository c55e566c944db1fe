/* clean_strong HTML report: language switch, sortable and filterable tables. Reads the DOM
   only; no data is embedded in this script and nothing is fetched. */
(function () {
  "use strict";
  var root = document.documentElement;
  /* A page opens in the language it was written in (``--lang``). A reader's switch holds for
     the rest of the tab's session, and only on pages written in that same language: moving
     between the index and its communes keeps the reader's choice, while another report, or
     the next session, opens as its author wrote it. */
  var written = document.body.getAttribute("data-written") || root.lang;
  var KEY = "clean-strong-lang:" + written;

  /* What cannot hold two spans (an <option>, an attribute) is written in the page's language
     with both beside it: data-vi / data-en (the text), data-title-* and data-label-*. */
  function words(lang) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-" + lang + "]"), function (e) {
      e.textContent = e.getAttribute("data-" + lang);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-title-" + lang + "]"),
      function (e) { e.setAttribute("title", e.getAttribute("data-title-" + lang)); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-label-" + lang + "]"),
      function (e) { e.setAttribute("aria-label", e.getAttribute("data-label-" + lang)); });
  }
  function setLang(lang) {
    root.lang = lang;
    words(lang);
    try { window.sessionStorage.setItem(KEY, lang); } catch (e) { /* storage may be off */ }
  }
  try {
    var saved = window.sessionStorage.getItem(KEY);
    if (saved === "vi" || saved === "en") { root.lang = saved; words(saved); }
  } catch (e) { /* storage may be off: keep the page's language */ }
  var toggle = document.getElementById("lang-switch");
  if (toggle) {
    toggle.addEventListener("click", function () { setLang(root.lang === "vi" ? "en" : "vi"); });
  }
  var print = document.getElementById("print");
  if (print) {
    print.addEventListener("click", function () { window.print(); });
  }

  /* What prints, prints whole: folded details open before printing. */
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function key(row, index) {
    var cell = row.cells[index];
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.trim() : value;
  }
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) { return x - y; }
    return a.localeCompare(b, "vi");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      var button = th.querySelector("button.sort");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) {
          if (h.hasAttribute("aria-sort")) { h.setAttribute("aria-sort", "none"); }
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r, s) {
          var order = compare(key(r, index), key(s, index));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  var table = document.getElementById("units");
  var form = document.getElementById("unit-filters");
  if (table && form) {
    var text = form.querySelector("[name=q]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var shown = document.querySelectorAll(".shown-count");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    rows.forEach(function (row) { row.setAttribute("data-text", fold(row.textContent)); });
    var apply = function () {
      var words = fold(text.value).split(/\s+/).filter(Boolean);
      var count = 0;
      rows.forEach(function (row) {
        var haystack = row.getAttribute("data-text");
        var visible = words.every(function (w) { return haystack.indexOf(w) !== -1; }) &&
          selects.every(function (s) { return !s.value || row.getAttribute("data-" + s.name) === s.value; });
        row.hidden = !visible;
        if (visible) { count += 1; }
      });
      Array.prototype.forEach.call(shown, function (o) { o.textContent = String(count); });
    };
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }
  root.setAttribute("data-ready", "1");
}());
