/* Progress of a checklist as data: pure functions, no DOM, no storage, no network.
   The stored format (version 2) is
     { version: 2, checklist: "<id>", start: "YYYY-MM-DD" (optional),
       ticks: { "<tick key>": true, ... }, notes: { "<note key>": "<text>", ... } }
   Keys are stable ids, never text:
     plan ticks      d<day>.<step-id>   day 1..14, step id = [a-z0-9] words joined by single hyphens, max 64
     exercise ticks  step.<n>           n 1..20 (position of the step)
     day notes       note.d<day>        day 1..14
     week reflection reflect.w<n>       n 1..2
     exercise answer reflect.<n>        n 1..10 (position of the reflection question)
   Works as a classic browser script (window.HandbookProgress) and as a node module. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.HandbookProgress = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const VERSION = 2;
  const FORMAT = "influence-handbook-progress";
  const MAX_NOTE = 280;
  // How long each kind of note may be: what its space on the printed page holds (print.css).
  const NOTE_LIMITS = { "note.d": 100, "reflect.w": 180, "reflect.": 180 };
  const MAX_KEYS = 200;
  const MAX_IMPORT_BYTES = 64 * 1024;

  // One regex per key kind.
  const PLAN_TICK = /^d(?:[1-9]|1[0-4])\.(?=[a-z0-9-]{1,64}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const STEP_TICK = /^step\.(?:[1-9]|1[0-9]|20)$/;
  const ITEM_TICK = /^item\.(?=[a-z0-9-]{1,64}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const DAY_NOTE = /^note\.d(?:[1-9]|1[0-4])$/;
  const WEEK_REFLECT = /^reflect\.w[12]$/;
  const EXERCISE_REFLECT = /^reflect\.(?:[1-9]|10)$/;
  const CHECKLIST_ID = /^(?=[a-z0-9-]{1,100}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  // Control characters other than tab (\t) and newline (\n): C0, DEL and C1.
  const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
  const CONTROL_ALL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

  const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
  const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  const length = (text) => Array.from(text).length; // characters (code points), not UTF-16 units or bytes

  // A value from a file, made safe to quote in a plain-text message: no control characters, at most `max` characters.
  function shown(value, max) {
    const chars = Array.from(String(value).replace(/[\u0000-\u001F\u007F-\u009F]/g, "?"));
    return chars.length > max ? chars.slice(0, max - 1).join("") + "…" : chars.join("");
  }

  // True when `k` is a tick key: a plan tick (d3.ask-for-advice) or an exercise tick (step.2).
  function isTickKey(k) {
    return typeof k === "string" && (PLAN_TICK.test(k) || STEP_TICK.test(k) || ITEM_TICK.test(k));
  }

  // How many characters the note under `k` may hold.
  function noteLimit(k) {
    for (const prefix of Object.keys(NOTE_LIMITS)) if (k.startsWith(prefix)) return NOTE_LIMITS[prefix];
    return MAX_NOTE;
  }

  // True when `k` is a note key: a day note (note.d3), a week reflection (reflect.w1) or an exercise answer (reflect.2).
  function isNoteKey(k) {
    return typeof k === "string" && (DAY_NOTE.test(k) || WEEK_REFLECT.test(k) || EXERCISE_REFLECT.test(k));
  }

  // True when `s` is a real calendar date written YYYY-MM-DD (2026-02-29 is not).
  function isDate(s) {
    const m = typeof s === "string" && DATE.exec(s);
    if (!m) return false;
    const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    return year >= 1 && day >= 1 && day <= (days || 0);
  }

  // The date `n` days after the YYYY-MM-DD date `start`, as [year, month, day], in UTC arithmetic only.
  function addDays(start, n) {
    const m = DATE.exec(start);
    const d = new Date(0);
    d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n);
    return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  }

  const pad = (n, w) => String(n).padStart(w, "0");

  // The YYYY-MM-DD date of day `day` (1-based) of a plan that starts on `start`.
  function dayDate(start, day) {
    const [y, m, d] = addDays(start, day - 1);
    return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
  }

  // A fresh, empty version-2 progress object for the checklist `checklist`.
  function empty(checklist) {
    return { version: VERSION, checklist: String(checklist || ""), ticks: {}, notes: {} };
  }

  // Check `data` against the version-2 format for `checklist`: {ok: true, value} with a clean copy,
  // or {ok: false, error} with one plain English sentence (safe for textContent, never HTML).
  // With `lenient` (used by migrate) bad entries are dropped or repaired instead of refused.
  function check(data, checklist, lenient) {
    const fail = (error) => ({ ok: false, error: error });
    if (!isObject(data)) return fail("This is not a progress file: it does not contain a progress object.");
    if (data.version !== VERSION) {
      if (data.version === undefined) return fail("This progress file has no version number; only version 2 is supported.");
      return fail(`This progress file has version ${shown(JSON.stringify(data.version), 20)}, but only version 2 is supported.`);
    }
    const id = typeof checklist === "string" && checklist ? checklist : data.checklist;
    if (typeof data.checklist !== "string" || !data.checklist) return fail("This progress file does not say which checklist it is for.");
    if (data.checklist !== id) return fail(`This progress file is for the checklist "${shown(data.checklist, 80)}", not for "${shown(id, 80)}".`);
    if (!CHECKLIST_ID.test(id)) return fail(`"${shown(id, 80)}" is not a valid checklist name.`);
    const value = empty(id);

    if (data.start !== undefined && data.start !== null && data.start !== "") {
      if (isDate(data.start)) value.start = data.start;
      else if (!lenient) return fail(`The start date "${shown(data.start, 20)}" is not a real calendar date (expected YYYY-MM-DD).`);
    }

    const ticks = data.ticks === undefined ? {} : data.ticks;
    const notes = data.notes === undefined ? {} : data.notes;
    const count = (isObject(ticks) ? Object.keys(ticks).length : 0) + (isObject(notes) ? Object.keys(notes).length : 0);
    if (count > MAX_KEYS && !lenient) return fail(`This progress file has more than ${MAX_KEYS} ticks and notes, more than any checklist holds.`);
    if (!isObject(ticks)) {
      if (!lenient) return fail("The ticks in this progress file are not a set of ticked steps.");
    } else {
      for (const k of Object.keys(ticks)) {
        if (!isTickKey(k)) {
          if (lenient) continue;
          return fail(`This progress file contains an unknown tick "${shown(k, 80)}".`);
        }
        if (ticks[k] !== true) {
          if (lenient) continue;
          return fail(`The tick "${k}" must be true; unticked steps are simply left out.`);
        }
        value.ticks[k] = true;
      }
    }
    if (!isObject(notes)) {
      if (!lenient) return fail("The notes in this progress file are not a set of notes.");
    } else {
      for (const k of Object.keys(notes)) {
        let text = notes[k];
        if (!isNoteKey(k)) {
          if (lenient) continue;
          return fail(`This progress file contains an unknown note "${shown(k, 80)}".`);
        }
        if (typeof text !== "string") {
          if (lenient) continue;
          return fail(`The note "${k}" is not text.`);
        }
        if (CONTROL.test(text)) {
          if (!lenient) return fail(`The note "${k}" contains control characters, which are not allowed.`);
          text = text.replace(/\r\n?/g, "\n").replace(CONTROL_ALL, "");
        }
        const limit = noteLimit(k);
        if (length(text) > limit) {
          if (!lenient) return fail(`The note "${k}" is longer than ${limit} characters.`);
          text = Array.from(text).slice(0, limit).join("");
        }
        if (text) value.notes[k] = text;
      }
    }
    if (lenient) {
      // Keep at most MAX_KEYS entries, ticks first, so the result always validates.
      let room = MAX_KEYS;
      for (const part of [value.ticks, value.notes]) {
        for (const k of Object.keys(part)) {
          if (room > 0) room -= 1;
          else delete part[k];
        }
      }
    }
    return { ok: true, value: value };
  }

  // Validate progress data for the checklist `checklist`: {ok: true, value: <clean v2 object>} or
  // {ok: false, error: "<one plain English sentence>"}. Notes are data: never altered, only checked.
  function validate(data, checklist) {
    return check(data, checklist, false);
  }

  // Turn whatever localStorage held for a checklist (null, garbage, version 1 or version 2) into a
  // version-2 object. `legacy` maps version-1 tick keys to version-2 tick keys; `checklist` is the id.
  // Unknown or broken entries are dropped, over-long notes cut to MAX_NOTE characters; never throws.
  function migrate(stored, legacy, checklist) {
    if (typeof stored === "string") {
      try {
        stored = stored.length <= MAX_IMPORT_BYTES ? JSON.parse(stored) : null;
      } catch (e) {
        stored = null;
      }
    }
    const id = typeof checklist === "string" && checklist ? checklist : isObject(stored) && stored.checklist;
    if (!isObject(stored) || typeof id !== "string" || !CHECKLIST_ID.test(id)) return empty(id || "");
    if (has(stored, "version")) {
      const result = check(stored, id, true);
      return result.ok ? result.value : empty(id);
    }
    // Version 1: a flat object of start-date, dayN-<hash> / <hash> ticks, note-dayN and reflect-weekN.
    const map = isObject(legacy) ? legacy : {};
    const v2 = { version: VERSION, checklist: id, ticks: {}, notes: {} };
    for (const k of Object.keys(stored)) {
      const v = stored[k];
      let m;
      if (k === "start-date") v2.start = v;
      else if ((m = /^note-day([1-9]|1[0-4])$/.exec(k))) v2.notes["note.d" + m[1]] = v;
      else if ((m = /^reflect-week([12])$/.exec(k))) v2.notes["reflect.w" + m[1]] = v;
      else if (v === true && has(map, k) && isTickKey(map[k])) v2.ticks[map[k]] = true;
    }
    return check(v2, id, true).value;
  }

  // Read the text of an imported progress file for `checklist`: same result shape as validate.
  // The file must carry the format marker written by exportFile.
  function parseImport(text, checklist) {
    if (typeof text !== "string") return { ok: false, error: "This is not a progress file: it could not be read as text." };
    if (text.length > MAX_IMPORT_BYTES) {
      return { ok: false, error: `The file is too large to be a progress file (the limit is ${MAX_IMPORT_BYTES / 1024} KB).` };
    }
    let data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: "This is not a progress file: it is not valid JSON." };
    }
    if (!isObject(data) || data.format !== FORMAT) {
      return { ok: false, error: "This is not a progress file from this handbook: its format marker is missing." };
    }
    return validate(data, checklist);
  }

  // A plain copy of the v2 fields of `state`, in a fixed order.
  function plain(state) {
    const out = { version: VERSION, checklist: state.checklist };
    if (state.start) out.start = state.start;
    out.ticks = isObject(state.ticks) ? state.ticks : {};
    out.notes = isObject(state.notes) ? state.notes : {};
    return out;
  }

  // The JSON text of a progress download: the v2 object with the format marker, 2-space indent.
  function exportFile(state) {
    return JSON.stringify(Object.assign({ format: FORMAT }, plain(state)), null, 2) + "\n";
  }

  // A safe download file name from the checklist id, e.g. two-week-experiment-progress.json.
  function exportName(state) {
    const base = String((state && state.checklist) || "")
      .toLowerCase()
      .replace(/^plan-/, "")
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 60)
      .replace(/^-+|-+$/g, "");
    return (base || "checklist") + "-progress.json";
  }

  // base64url (no padding) of the UTF-8 bytes of `text`, and back (throws on damaged input).
  function toBase64url(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromBase64url(code) {
    if (!/^[A-Za-z0-9_-]*$/.test(code) || code.length % 4 === 1) throw new Error("not base64url");
    const binary = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  }

  // The URL fragment that carries `state`: "#progress=<base64url of the UTF-8 JSON>".
  function toFragment(state) {
    return "#progress=" + toBase64url(JSON.stringify(plain(state)));
  }

  // Read progress from a URL fragment for `checklist`: the validate result shape, or
  // {ok: false, error: null} when the fragment holds no "progress=" at all.
  function fromFragment(hash, checklist) {
    const m = /(?:^#?|&)progress=([^&]*)/.exec(typeof hash === "string" ? hash : "");
    if (!m) return { ok: false, error: null };
    if (m[1].length > Math.ceil((MAX_IMPORT_BYTES * 4) / 3)) return { ok: false, error: "The progress link is too long to be read." };
    let data;
    try {
      data = JSON.parse(fromBase64url(m[1]));
    } catch (e) {
      return { ok: false, error: "The progress link is damaged: it could not be read." };
    }
    return validate(data, checklist);
  }

  // RFC 5545 3.3.11: escape a TEXT value (backslash, semicolon, comma, newlines); drop other controls.
  function icsText(text) {
    return String(text)
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n")
      .replace(/[\u0000-\u001F\u007F]/g, "");
  }

  // RFC 5545 3.1: fold a content line at 75 octets of UTF-8, never inside a character.
  function fold(line) {
    const out = [];
    let current = "";
    let octets = 0;
    for (const ch of line) {
      const cp = ch.codePointAt(0);
      const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      const limit = out.length === 0 ? 75 : 74; // continuation lines start with one space
      if (octets + size > limit) {
        out.push(current);
        current = "";
        octets = 0;
      }
      current += ch;
      octets += size;
    }
    out.push(current);
    return out.join("\r\n ");
  }

  const oneLine = (text) => String(text == null ? "" : text).replace(/\s+/g, " ").trim();

  // The text of an RFC 5545 calendar with one all-day event per day 1..14 of the plan, from
  // state.start; null when no start date is set. options.now (a Date) is the DTSTAMP.
  function toIcs(state, plan, options) {
    if (!state || !isDate(state.start)) return null;
    const now = (options && options.now) || new Date();
    const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    const url = typeof plan.url === "string" && /^[^\s\u0000-\u001F\u007F]+$/.test(plan.url) ? plan.url : "";
    const compact = (day) => dayDate(state.start, day).replace(/-/g, "");
    const lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Influence Handbook//Two-week experiment//EN",
      "CALSCALE:GREGORIAN",
      "X-WR-CALNAME:" + icsText(oneLine(plan.title)),
    ];
    for (let day = 1; day <= 14; day += 1) {
      const entry = (plan.days || []).find((d) => d && d.day === day) || { steps: [] };
      const titles = (entry.steps || []).map((s) => String((s && s.title) || "").trim()).filter(Boolean);
      const description = [];
      if (titles.length) description.push("Experiments:", ...titles.map((t) => "- " + t));
      else description.push("No new experiment: keep going with what you started.");
      if (day === 7 || day === 14) {
        const prompt = oneLine((plan.reflections || [])[day / 7 - 1]);
        if (prompt) description.push("", `End of week ${day / 7}: ${prompt}`);
      }
      if (url) description.push("", url);
      lines.push(
        "BEGIN:VEVENT",
        `UID:${String(state.checklist).replace(/[^a-z0-9-]/g, "")}-${state.start}-d${day}@influence-handbook`,
        "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + compact(day),
        "DTEND;VALUE=DATE:" + compact(day + 1),
        "SUMMARY:" + icsText(`Day ${day}: ${titles.length ? titles.join("; ") : "No new experiment: keep going"}`),
        "DESCRIPTION:" + icsText(description.join("\n"))
      );
      if (url) lines.push("URL:" + url);
      lines.push("END:VEVENT");
    }
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  // A note as blockquote lines ("> " on every line), so its text can never start a heading or list.
  function quote(text) {
    return String(text)
      .split(/\r\n|\r|\n/)
      .map((line) => (line ? "> " + line : ">"))
      .join("\n");
  }

  // A Markdown log of the progress: for a plan ({title, url, days, reflections}) day by day with
  // ticks, notes and the two reflections; for an exercise ({title, url, steps, reflect}) its steps and answers.
  function toMarkdown(state, plan) {
    const ticks = (state && state.ticks) || {};
    const notes = (state && state.notes) || {};
    const start = state && isDate(state.start) ? state.start : "";
    const out = ["# " + (oneLine(plan.title) || "Progress"), ""];
    if (plan.url) out.push(oneLine(plan.url), "");
    const box = (done, title) => `- [${done ? "x" : " "}] ${oneLine(title)}`;
    const answer = (key) => (notes[key] ? quote(notes[key]) : "_No answer yet._");
    if (Array.isArray(plan.days)) {
      if (start) out.push("Started on " + start + ".", "");
      for (let day = 1; day <= 14; day += 1) {
        const entry = plan.days.find((d) => d && d.day === day) || { steps: [] };
        out.push(`## Day ${day}` + (start ? ` (${dayDate(start, day)})` : ""), "");
        const steps = entry.steps || [];
        if (steps.length) steps.forEach((s) => out.push(box(ticks[`d${day}.${s.id}`] === true, s.title)));
        else out.push("No new experiment: keep going.");
        out.push("");
        if (notes["note.d" + day]) out.push(quote(notes["note.d" + day]), "");
      }
      (plan.reflections || []).slice(0, 2).forEach((prompt, i) => {
        out.push(`## End of week ${i + 1}`, "", oneLine(prompt), "", answer("reflect.w" + (i + 1)), "");
      });
    } else {
      out.push("## Steps", "");
      (plan.steps || []).forEach((title, i) => out.push(box(ticks["step." + (i + 1)] === true, title)));
      out.push("");
      const questions = plan.reflect || [];
      if (questions.length) {
        out.push("## Reflection", "");
        questions.forEach((q, i) => out.push(oneLine(q), "", answer("reflect." + (i + 1)), ""));
      }
    }
    return out.join("\n").replace(/\n+$/, "") + "\n";
  }

  return {
    VERSION: VERSION,
    FORMAT: FORMAT,
    MAX_NOTE: MAX_NOTE,
    noteLimit: noteLimit,
    MAX_KEYS: MAX_KEYS,
    MAX_IMPORT_BYTES: MAX_IMPORT_BYTES,
    isTickKey: isTickKey,
    isNoteKey: isNoteKey,
    isDate: isDate,
    dayDate: dayDate,
    empty: empty,
    migrate: migrate,
    validate: validate,
    parseImport: parseImport,
    exportFile: exportFile,
    exportName: exportName,
    toFragment: toFragment,
    fromFragment: fromFragment,
    toIcs: toIcs,
    toMarkdown: toMarkdown,
  };
});
