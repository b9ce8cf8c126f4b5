/* Checklists that remember: the wiring between a checklist on the page and HandbookProgress
   (progress.js), which holds every decision about the stored format, imports, links, merging,
   the calendar and the notes log. Ticks and notes stay in this browser (localStorage) under the
   stable keys the page gives them; nothing leaves the browser unless the reader downloads it.
   Nothing stored is lost: every save merges with what another tab saved, and an entry the page
   cannot read whole is kept aside under a key of its own before anything is saved over it. */
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

  function getItem(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function setItem(key, text) {
    try {
      window.localStorage.setItem(key, text);
      return true;
    } catch (e) {
      return false;
    }
  }

  // Keep `raw`, an entry this page cannot read whole, under a key of its own that holds nothing
  // else (never over another kept copy): that key, or null when the browser would not store it.
  function keepAside(id, raw) {
    for (var n = 1; n <= 100; n += 1) {
      var key = PREFIX + id + ":unread-" + n;
      var there = getItem(key);
      if (there === raw) return key;
      if (there === null) return setItem(key, raw) ? key : null;
    }
    return null;
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
        state.notes[key] = P.cleanNote(field.value);
      }
    });
    return state;
  }

  function keys(id) {
    return fields(id).map(function (field) { return field.getAttribute("data-key"); });
  }

  // A note as the page keeps it (P.cleanNote), the caret where it was: a paste from a word
  // processor brings vertical tabs and line separators, which become line breaks here.
  function clean(field) {
    var text = P.cleanNote(field.value);
    if (text === field.value) return;
    var caret = P.cleanNote(field.value.slice(0, field.selectionEnd)).length;
    field.value = text;
    field.setSelectionRange(caret, caret);
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
      count(field);
    });
    var box = document.querySelector('[data-checklist="' + id + '"]');
    var dates = state.start ? P.planDates(state.start, reflectionDays(box)).dates : {};
    scope(id).forEach(function (el) {
      el.querySelectorAll(".hb-plan__start-line").forEach(function (line) {
        line.textContent = state.start ? shortDate(state.start) : "";
      });
      el.querySelectorAll(".hb-plan__date").forEach(function (span) {
        var day = Number(span.getAttribute("data-day"));
        span.textContent = "";
        if (!dates[day]) return;
        var time = document.createElement("time");
        time.setAttribute("datetime", dates[day]);
        time.textContent = shortDate(dates[day]);
        span.appendChild(time);
      });
      el.querySelectorAll(".hb-plan__shift").forEach(function (line) {
        line.textContent = P.planMessage(state.start, reflectionDays(box));
        line.hidden = !line.textContent;
      });
    });
  }

  // The plan's reflection days, as the page says them (data-reflection-days="6 7 13 14").
  function reflectionDays(box) {
    var said = box ? box.getAttribute("data-reflection-days") : null;
    return said ? said.split(/\s+/).map(Number).filter(function (n) { return n >= 1 && n <= 14; }) : undefined;
  }

  // The counter under a note: what is left of its room on paper (P.noteLeft), unless it is telling
  // the reader what was just refused.
  function count(field) {
    var limit = Number(field.getAttribute("data-limit"));
    var left = document.getElementById(field.getAttribute("aria-describedby") || "");
    if (!limit || !left || left.classList.contains("hb-note__left--refused")) return;
    left.textContent = P.noteLeft(field.value, limit);
    left.classList.toggle("hb-note__left--over", P.noteLeft(field.value, limit).indexOf("over") > 0);
  }

  // Typing or pasting that would take a note past its limit is refused whole, and said beside it:
  // nothing is cut. Whatever reaches the field another way (dropped, composed) is kept whole, and
  // the page names the note as long (P.longNotes).
  function guard(field, say) {
    var limit = Number(field.getAttribute("data-limit"));
    if (!limit) return;
    field.addEventListener("beforeinput", function (event) {
      if (event.isComposing) return;
      var inserted = event.data;
      if (event.inputType === "insertLineBreak" || event.inputType === "insertParagraph") inserted = "\n";
      if ((inserted === null || inserted === undefined) && event.dataTransfer) inserted = event.dataTransfer.getData("text/plain");
      if (typeof inserted !== "string" || !inserted) return;
      var verdict = P.insertion(field.value, field.selectionStart, field.selectionEnd, inserted, limit);
      if (verdict.fits) return;
      event.preventDefault();
      var left = document.getElementById(field.getAttribute("aria-describedby") || "");
      if (left) {
        left.classList.add("hb-note__left--refused");
        left.textContent = verdict.message;
      }
      say(verdict.message);
    });
    field.addEventListener("input", function () {
      var left = document.getElementById(field.getAttribute("aria-describedby") || "");
      if (left) left.classList.remove("hb-note__left--refused");
      count(field);
    });
  }

  // Show `state` in the fields; a field that already shows its value is left alone (and its caret).
  function apply(id, state) {
    fields(id).forEach(function (field) {
      var key = field.getAttribute("data-key");
      if (key === "start") {
        if (field.value !== (state.start || "")) field.value = state.start || "";
      } else if (field.type === "checkbox") {
        field.checked = state.ticks[key] === true;
        if (field.checked) field.setAttribute("checked", "checked");
        else field.removeAttribute("checked");
      } else if (field.value !== (state.notes[key] || "")) {
        field.value = state.notes[key] || "";
      }
    });
    mirror(id);
  }

  // Where the page tells the reader what happened to what was stored: above the checklist, on screen only.
  function noticeBoard(id) {
    var box = document.querySelector('[data-checklist="' + id + '"]');
    if (!box) return null;
    var board = document.createElement("div");
    board.className = "hb-checklist__notices hb-screen-only";
    board.setAttribute("role", "status");
    board.hidden = true;
    box.parentNode.insertBefore(board, box);
    return board;
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
      return { title: title, url: address(), days: days, reflections: reflections, reflectionDays: reflectionDays(box) };
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
    var board = noticeBoard(id);
    var kept = []; // what the reader was told about entries kept aside, for as long as the page is open
    var saving = true; // false once an entry that could not be read could not be kept aside either
    var synced = null; // the progress as stored when this page last read or wrote it
    var cleared = null;
    function say(message) { if (status) status.textContent = message; }
    function button(name, handler) {
      var el = actions ? actions.querySelector(name) : null;
      if (el) el.addEventListener(el.type === "file" ? "change" : "click", handler);
    }

    // Long notes are named for as long as they are long; kept entries for as long as the page is open.
    function tell() {
      if (!board) return;
      var messages = kept.concat(P.longNotes(collect(id)).map(P.longNoteMessage));
      board.textContent = "";
      messages.forEach(function (message) {
        var p = document.createElement("p");
        p.textContent = message;
        board.appendChild(p);
      });
      board.hidden = messages.length === 0;
    }

    // What is stored now, as {raw, value, problem}; an entry that cannot be read whole is kept aside
    // first, or, if the browser will not keep it, nothing is saved over it from now on.
    function read() {
      var raw = getItem(PREFIX + id);
      var result = P.readStored(raw, legacyMap(id), id);
      if (result.problem) {
        var key = keepAside(id, raw);
        var message = P.keptMessage(result, key);
        if (kept.indexOf(message) < 0) kept.push(message);
        if (!key) saving = false;
      }
      return { raw: raw, value: result.value, problem: result.problem };
    }

    // Save what the page shows, merged with whatever another tab saved since this page last read
    // or wrote; the page then shows the merge. `onlyThePage`: drop entries the page has no field
    // for (on load: the ticks of removed steps).
    function store(onlyThePage) {
      var stored = saving ? read() : null;
      if (!saving) { tell(); return; }
      var theirs = stored.problem ? synced : stored.value;
      var merged = P.merge(synced, collect(id), theirs, onlyThePage ? undefined : keys(id));
      var text = JSON.stringify(merged);
      if (text !== stored.raw && !setItem(PREFIX + id, text)) {
        say("This browser does not allow saving: print the page or download your progress.");
      }
      synced = merged;
      apply(id, merged);
      tell();
    }

    synced = read().value;
    apply(id, synced);
    // Stored again in today's format, holding only what the page still has: a first-format entry
    // is migrated once, and the tick of a removed step is dropped.
    store(true);
    fields(id).forEach(function (field) {
      if (field.tagName === "TEXTAREA") guard(field, say);
      field.addEventListener(field.type === "checkbox" || field.type === "date" ? "change" : "input", function () {
        if (field.type === "checkbox") {
          if (field.checked) field.setAttribute("checked", "checked");
          else field.removeAttribute("checked");
        } else if (field.tagName === "TEXTAREA") {
          clean(field);
        }
        store();
        mirror(id);
      });
    });

    // Another tab saved: take in what it changed (from its old value to its new one) and keep what
    // this page changed meanwhile; if that differs from what is stored now, save the merge.
    window.addEventListener("storage", function (event) {
      if (event.key !== PREFIX + id || !saving) return;
      var theirs = P.readStored(event.newValue, legacyMap(id), id);
      if (!theirs.problem) {
        var was = P.readStored(event.oldValue, legacyMap(id), id).value;
        apply(id, P.merge(was, collect(id), theirs.value, keys(id)));
        var now = P.readStored(getItem(PREFIX + id), legacyMap(id), id);
        synced = now.problem ? synced : now.value;
      }
      store();
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
        store();
        say("Progress imported.");
      });
    });
    (actions ? actions.querySelectorAll(".hb-link") : []).forEach(function (el) {
      el.addEventListener("click", function () { copyLink(el.getAttribute("data-notes") === "true"); });
    });
    function copyLink(notes) {
      var fragment = P.toFragment(collect(id), { notes: notes });
      if (!fragment) { say("Your notes are too long to carry in a link: download your progress instead."); return; }
      var link = window.location.href.split("#")[0] + fragment;
      var done = function () {
        say(notes ? "Link copied, with your ticks and every note in its address: share it only with someone who may read them."
          : "Link copied, with your start date and ticks only: no notes are in it.");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link).then(done, function () { say("Copy this link: " + link); });
      } else {
        say("Copy this link: " + link);
      }
    }
    button(".hb-calendar", function () {
      var picked = actions.querySelector(".hb-calendar__time-field");
      var ics = P.toIcs(collect(id), outline(id), { now: new Date(), time: picked ? picked.value : "" });
      if (!ics) { say("Set a start date first: the calendar needs to know when day 1 is."); return; }
      download(P.exportName(collect(id)).replace(/-progress\.json$/, ".ics"), "text/calendar", ics);
      say("Calendar file downloaded: open it to add the fourteen days to your calendar, each with a reminder at " +
        P.reminderTime(picked ? picked.value : "") + ".");
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
      store();
      if (undo) undo.hidden = false;
      say("Cleared.");
    });
    button(".hb-undo", function () {
      if (!cleared) return;
      apply(id, cleared);
      store();
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
      store();
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
