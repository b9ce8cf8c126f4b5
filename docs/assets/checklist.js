/* Checklists that remember: the wiring between a checklist on the page and HandbookProgress
   (progress.js), which holds every decision about the stored format, imports, links, the
   calendar and the notes log. Ticks and notes stay in this browser (localStorage) under the
   stable keys the page gives them; nothing leaves the browser unless the reader downloads it. */
(function () {
  "use strict";
  var P = window.HandbookProgress;
  var PREFIX = "influence-handbook:checklist:";
  if (!P) return;

  function scope(id) {
    return Array.prototype.slice.call(
      document.querySelectorAll('[data-checklist="' + id + '"], [data-for="' + id + '"]'));
  }

  function fields(id) {
    var found = [];
    scope(id).forEach(function (el) {
      found = found.concat(Array.prototype.slice.call(el.querySelectorAll("input[data-key], textarea[data-key]")));
    });
    return found;
  }

  function legacyMap(id) {
    var map = {};
    fields(id).forEach(function (field) {
      var legacy = field.getAttribute("data-legacy");
      if (legacy) map[legacy] = field.getAttribute("data-key");
    });
    return map;
  }

  function load(id) {
    var raw = null;
    try { raw = window.localStorage.getItem(PREFIX + id); } catch (e) { raw = null; }
    return P.migrate(raw, legacyMap(id), id);
  }

  function save(id, state) {
    try {
      window.localStorage.setItem(PREFIX + id, JSON.stringify(state));
      return true;
    } catch (e) {
      return false;
    }
  }

  function collect(id) {
    var state = P.empty(id);
    fields(id).forEach(function (field) {
      var key = field.getAttribute("data-key");
      if (key === "start") {
        if (P.isDate(field.value)) state.start = field.value;
      } else if (field.type === "checkbox") {
        if (field.checked) state.ticks[key] = true;
      } else if (field.value) {
        state.notes[key] = field.value;
      }
    });
    return state;
  }

  function shortDate(iso) {
    // Short enough for the printed day column: "Mon 2 Nov".
    var date = new Date(iso + "T00:00:00Z");
    var part = function (options) { return date.toLocaleDateString(undefined, Object.assign({ timeZone: "UTC" }, options)); };
    return part({ weekday: "short" }) + " " + part({ day: "numeric" }) + " " + part({ month: "short" });
  }

  // Paper shows what the fields hold: a textarea prints only its visible part, a date field its
  // own widget, so each is mirrored into plain text beside it (textContent, never HTML).
  function mirror(id) {
    var state = collect(id);
    fields(id).forEach(function (field) {
      var print = field.nextElementSibling;
      if (print && print.classList.contains("hb-note__print")) print.textContent = field.value;
    });
    scope(id).forEach(function (el) {
      el.querySelectorAll(".hb-plan__start-line").forEach(function (line) {
        line.textContent = state.start ? shortDate(state.start) : "";
      });
      el.querySelectorAll(".hb-plan__date").forEach(function (span) {
        var day = Number(span.getAttribute("data-day"));
        span.textContent = state.start ? " " + shortDate(P.dayDate(state.start, day)) : "";
      });
    });
  }

  function apply(id, state) {
    fields(id).forEach(function (field) {
      var key = field.getAttribute("data-key");
      if (key === "start") {
        field.value = state.start || "";
      } else if (field.type === "checkbox") {
        field.checked = state.ticks[key] === true;
        if (field.checked) field.setAttribute("checked", "checked");
        else field.removeAttribute("checked");
      } else {
        field.value = state.notes[key] || "";
      }
    });
    mirror(id);
  }

  function text(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function address() {
    var url = document.querySelector(".hb-print-footer__url");
    return url ? text(url) : window.location.href.split("#")[0];
  }

  // What the calendar and the notes log are made of, read from the page itself.
  function outline(id) {
    var box = document.querySelector('[data-checklist="' + id + '"]');
    var title = text(document.querySelector("article h1")).replace(/¶$/, "").trim();
    if (box && box.getAttribute("data-kind") === "plan") {
      var days = [];
      box.querySelectorAll("tbody tr").forEach(function (row) {
        var steps = [];
        row.querySelectorAll("input[data-key]").forEach(function (input) {
          steps.push({ id: input.getAttribute("data-key").split(".")[1], title: text(input.parentNode) });
        });
        days.push({ day: days.length + 1, steps: steps });
      });
      var reflections = [];
      box.querySelectorAll(".hb-plan__reflect p").forEach(function (p) {
        reflections.push(text(p).replace(/^End of week \d+:\s*/, ""));
      });
      return { title: title, url: address(), days: days, reflections: reflections };
    }
    var steps = [];
    var reflect = [];
    scope(id).forEach(function (el) {
      el.querySelectorAll(".hb-checklist__item label").forEach(function (l) { steps.push(text(l)); });
      el.querySelectorAll(".hb-reflect label").forEach(function (l) { reflect.push(text(l)); });
    });
    return { title: title, url: address(), steps: steps, reflect: reflect };
  }

  function download(name, type, content) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([content], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function setUp(id) {
    var actions = document.querySelector('.hb-checklist__actions[data-for="' + id + '"]');
    var status = actions ? actions.querySelector(".hb-checklist__status") : null;
    var undo = actions ? actions.querySelector(".hb-undo") : null;
    var cleared = null;
    function say(message) { if (status) status.textContent = message; }
    function store(state) {
      if (!save(id, state)) say("This browser does not allow saving: print the page or download your progress.");
    }
    function button(name, handler) {
      var el = actions ? actions.querySelector(name) : null;
      if (el) el.addEventListener(el.type === "file" ? "change" : "click", handler);
    }

    var state = load(id);
    apply(id, state);
    // Stored again in today's format, holding only what the page still has: a first-format entry
    // is migrated once, and the tick of a removed step is dropped.
    store(collect(id));
    fields(id).forEach(function (field) {
      field.addEventListener(field.type === "checkbox" || field.type === "date" ? "change" : "input", function () {
        if (field.type === "checkbox") {
          if (field.checked) field.setAttribute("checked", "checked");
          else field.removeAttribute("checked");
        }
        store(collect(id));
        mirror(id);
      });
    });

    button(".hb-print", function () { window.print(); });
    button(".hb-download", function () {
      var current = collect(id);
      download(P.exportName(current), "application/json", P.exportFile(current));
      say("Progress downloaded. Import it on another device to carry on there.");
    });
    button(".hb-import__file", function (event) {
      var file = event.target.files && event.target.files[0];
      event.target.value = "";
      if (!file) return;
      if (file.size > P.MAX_IMPORT_BYTES) {
        say("The file is too large to be progress from this handbook; nothing was changed.");
        return;
      }
      file.text().then(function (content) {
        var result = P.parseImport(content, id);
        if (!result.ok) { say(result.error + " Nothing was changed."); return; }
        if (!window.confirm("Replace the ticks and notes on this page with the ones in the file?")) return;
        apply(id, result.value);
        store(collect(id));
        say("Progress imported.");
      });
    });
    button(".hb-link", function () {
      var link = window.location.href.split("#")[0] + P.toFragment(collect(id));
      var done = function () { say("Link copied: open it on another device to carry on there."); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link).then(done, function () { say("Copy this link: " + link); });
      } else {
        say("Copy this link: " + link);
      }
    });
    button(".hb-calendar", function () {
      var ics = P.toIcs(collect(id), outline(id), { now: new Date() });
      if (!ics) { say("Set a start date first: the calendar needs to know when day 1 is."); return; }
      download(P.exportName(collect(id)).replace(/-progress\.json$/, ".ics"), "text/calendar", ics);
      say("Calendar file downloaded: open it to add the fourteen days to your calendar.");
    });
    button(".hb-notes", function () {
      download(P.exportName(collect(id)).replace(/-progress\.json$/, "-notes.md"), "text/markdown",
        P.toMarkdown(collect(id), outline(id)));
      say("Notes downloaded as Markdown.");
    });
    button(".hb-clear", function () {
      if (!window.confirm("Clear every tick and note on this page? You can undo this once.")) return;
      cleared = collect(id);
      apply(id, P.empty(id));
      store(P.empty(id));
      if (undo) undo.hidden = false;
      say("Cleared.");
    });
    button(".hb-undo", function () {
      if (!cleared) return;
      apply(id, cleared);
      store(cleared);
      cleared = null;
      if (undo) undo.hidden = true;
      say("Restored.");
    });

    // A link with progress in its fragment opens here; ask before it replaces anything.
    var shared = P.fromFragment(window.location.hash, id);
    if (shared.ok || shared.error) history.replaceState(null, "", window.location.href.split("#")[0]);
    if (shared.error) say(shared.error + " Nothing was changed.");
    if (shared.ok && window.confirm("Replace the ticks and notes on this page with the ones in the link?")) {
      apply(id, shared.value);
      store(collect(id));
      say("Progress from the link loaded.");
    }
  }

  function stampFooter() {
    var date = document.querySelector(".hb-print-footer__date");
    if (date) date.textContent = "printed " + new Date().toLocaleDateString();
  }

  function start() {
    document.querySelectorAll(".hb-checklist[data-checklist]").forEach(function (box) {
      setUp(box.getAttribute("data-checklist"));
    });
    stampFooter();
    window.addEventListener("beforeprint", stampFooter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
