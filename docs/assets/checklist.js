/* Checklists that remember: ticks and notes stay in this browser (localStorage), nowhere else.
   Each checklist is stored under its own key; each entry under a key derived from its text, so a
   changed entry starts unticked instead of inheriting the tick of the entry it replaced. */
(function () {
  "use strict";
  var PREFIX = "influence-handbook:checklist:";

  function load(id) {
    try {
      return JSON.parse(window.localStorage.getItem(PREFIX + id) || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  function save(id, state) {
    try {
      window.localStorage.setItem(PREFIX + id, JSON.stringify(state));
      return true;
    } catch (e) {
      return false;
    }
  }

  function fields(box) {
    return box.querySelectorAll("input[data-key], textarea[data-key]");
  }

  function collect(box) {
    var state = {};
    fields(box).forEach(function (field) {
      var key = field.getAttribute("data-key");
      if (field.type === "checkbox") {
        if (field.checked) state[key] = true;
      } else if (field.value) {
        state[key] = field.value;
      }
    });
    return state;
  }

  function showDates(box) {
    var start = box.querySelector('input[data-key="start-date"]');
    box.querySelectorAll(".hb-plan__date").forEach(function (span) {
      span.textContent = "";
      if (!start || !start.value) return;
      var date = new Date(start.value + "T12:00:00");
      if (isNaN(date.getTime())) return;
      date.setDate(date.getDate() + Number(span.getAttribute("data-day")) - 1);
      span.textContent = " " + date.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });
    });
  }

  function setUp(box) {
    var id = box.getAttribute("data-checklist");
    var state = load(id);
    var status = box.querySelector(".hb-checklist__status");
    fields(box).forEach(function (field) {
      var value = state[field.getAttribute("data-key")];
      if (field.type === "checkbox") {
        field.checked = value === true;
        field.setAttribute("checked", field.checked ? "checked" : "");
        if (!field.checked) field.removeAttribute("checked");
      } else if (typeof value === "string") {
        field.value = value;
      }
      field.addEventListener(field.type === "checkbox" ? "change" : "input", function () {
        if (field.type === "checkbox") {
          if (field.checked) field.setAttribute("checked", "checked");
          else field.removeAttribute("checked");
        }
        if (!save(id, collect(box)) && status) status.textContent = "This browser does not allow saving.";
        showDates(box);
      });
    });
    showDates(box);
    var clear = box.querySelector(".hb-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        fields(box).forEach(function (field) {
          if (field.type === "checkbox") {
            field.checked = false;
            field.removeAttribute("checked");
          } else {
            field.value = "";
          }
        });
        window.localStorage.removeItem(PREFIX + id);
        showDates(box);
        if (status) status.textContent = "Cleared.";
      });
    }
    var print = box.querySelector(".hb-print");
    if (print) print.addEventListener("click", function () { window.print(); });
  }

  function stampFooter() {
    var footer = document.querySelector(".hb-print-footer");
    if (!footer) return;
    footer.querySelector(".hb-print-footer__url").textContent = window.location.href.split("#")[0];
    footer.querySelector(".hb-print-footer__date").textContent = "printed " + new Date().toLocaleDateString();
  }

  function start() {
    document.querySelectorAll(".hb-checklist[data-checklist]").forEach(setUp);
    stampFooter();
    window.addEventListener("beforeprint", stampFooter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
