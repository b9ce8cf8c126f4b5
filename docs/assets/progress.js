/* Progress of a checklist as data: pure functions, no DOM, no storage, no network.
   The stored format (version 2) is
     { version: 2, checklist: "<id>", start: "YYYY-MM-DD" (optional),
       ticks: { "<tick key>": true, ... }, notes: { "<note key>": "<text>", ... } }
   Keys are stable ids, never text: plan ticks d<day>.<step id>, exercise ticks step.<position>,
   checklist ticks item.<pattern id>; day notes note.d<day>, week reflections reflect.w<week>,
   exercise answers reflect.<position>.
   Their exact patterns and each note's limit are not held here: the handbook generates them once
   (macros/handbook/pages/ticks.py) into assets/checklist-keys.js, which defines
   HandbookChecklistKeys = { ticks: { <kind>: "<pattern>" }, notes: { <kind>: { pattern, limit } } }.
   Works as a classic browser script loaded after that file (window.HandbookProgress), and as a
   node module that is a function of those keys: require("progress.js")(keys). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.HandbookProgress = factory(root.HandbookChecklistKeys);
})(typeof self !== "undefined" ? self : this, function (keys) {
  "use strict";

  if (!keys || typeof keys.ticks !== "object" || typeof keys.notes !== "object") {
    throw new Error("HandbookProgress needs the checklist keys: load assets/checklist-keys.js before progress.js");
  }
  // Each pattern matches a key whole, as Python's re.fullmatch does.
  const whole = (pattern) => new RegExp("^(?:" + pattern + ")$");
  const TICK_KEYS = Object.keys(keys.ticks).map((kind) => whole(keys.ticks[kind]));
  // [pattern, limit] for each kind of note; its limit is what its space on the printed page holds.
  const NOTE_KEYS = Object.keys(keys.notes).map((kind) => [whole(keys.notes[kind].pattern), keys.notes[kind].limit]);

  const VERSION = 2;
  const FORMAT = "influence-handbook-progress";
  // The longest note kept from anywhere else: an older stored format (which had no limit), a file
  // or a link. Longer than a reader may type, so such a note is kept whole; short enough that any
  // progress validate accepts still fits in a file (MAX_IMPORT_BYTES).
  const MAX_NOTE = 800;
  const MAX_KEYS = 200;
  const MAX_IMPORT_BYTES = 64 * 1024;
  const MAX_LINK = Math.ceil((MAX_IMPORT_BYTES * 4) / 3); // base64 characters in a link's fragment

  const CHECKLIST_ID = /^(?=[a-z0-9-]{1,100}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  // Every line break a paste can carry: CR LF, CR, vertical tab (a word processor's soft break),
  // form feed, NEL, line and paragraph separators.
  const BREAKS = /\r\n|[\r\u000B\u000C\u0085\u2028\u2029]/g;
  // Control characters other than tab (\t) and newline (\n): C0, DEL and C1.
  const CONTROL_ALL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

  const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
  const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  const length = (text) => Array.from(text).length; // characters (code points), not UTF-16 units or bytes

  // A value from a file, made safe to quote in a plain-text message: no control characters, at most `max` characters.
  function shown(value, max) {
    const chars = Array.from(String(value).replace(/[\u0000-\u001F\u007F-\u009F]/g, "?"));
    return chars.length > max ? chars.slice(0, max - 1).join("") + "…" : chars.join("");
  }

  // True when `k` is a tick key: a plan tick (d3.ask-for-advice), an exercise tick (step.2) or a
  // checklist tick (item.name-the-cost).
  function isTickKey(k) {
    return typeof k === "string" && TICK_KEYS.some((pattern) => pattern.test(k));
  }

  // The text of a note as the page keeps it, whatever it came from (typing, a paste, storage, a file,
  // a link): every kind of line break becomes "\n", other control characters are dropped and a lone
  // surrogate becomes U+FFFD. What this returns, a file and a link carry back unchanged.
  function cleanNote(text) {
    return String(text).replace(BREAKS, "\n").replace(CONTROL_ALL, "").replace(LONE_SURROGATE, "\uFFFD");
  }

  // How many characters a reader may type into the note under `k` (MAX_NOTE if it is no note key).
  function noteLimit(k) {
    const kind = typeof k === "string" && NOTE_KEYS.find(([pattern]) => pattern.test(k));
    return kind ? kind[1] : MAX_NOTE;
  }

  // True when `k` is a note key: a day note (note.d3), a week reflection (reflect.w1) or an exercise answer (reflect.2).
  function isNoteKey(k) {
    return typeof k === "string" && NOTE_KEYS.some(([pattern]) => pattern.test(k));
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

  const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  // A plan's reflection days when the page does not say (the schema's default).
  const REFLECTION_DAYS = [6, 7, 13, 14];

  // The weekday of a YYYY-MM-DD date: 0 for Sunday to 6 for Saturday.
  function weekday(iso) {
    const [y, m, d] = addDays(iso, 0);
    const date = new Date(0);
    date.setUTCFullYear(y, m - 1, d);
    return date.getUTCDay();
  }

  // A YYYY-MM-DD date in words: "Monday 9 November 2026".
  function longDate(iso) {
    const [y, m, d] = addDays(iso, 0);
    return `${WEEKDAYS[weekday(iso)]} ${d} ${MONTHS[m - 1]} ${y}`;
  }

  // The dates of a plan's 14 days from `start`: each day follows the one before it, and a working
  // day (one not in `reflectionDays`) that would fall on a Saturday or Sunday moves to the Monday,
  // the days after it with it. {dates: {day: "YYYY-MM-DD"}, moved: the first day that moved or 0}.
  function planDates(start, reflectionDays) {
    const rest = Array.isArray(reflectionDays) ? reflectionDays : REFLECTION_DAYS;
    const dates = {};
    let moved = 0;
    let offset = 0;
    for (let day = 1; day <= 14; day += 1) {
      if (rest.indexOf(day) < 0) {
        while ([0, 6].indexOf(weekday(dayDate(start, offset + 1))) >= 0) offset += 1;
      }
      if (!moved && offset !== day - 1) moved = day;
      dates[day] = dayDate(start, offset + 1);
      offset += 1;
    }
    return { dates: dates, moved: moved };
  }

  // The sentence that says where the weekends moved a plan's days, or "" when none moved.
  function planMessage(start, reflectionDays) {
    if (!isDate(start)) return "";
    const plan = planDates(start, reflectionDays);
    if (!plan.moved) return "";
    return `Experiments fall on working days: day ${plan.moved} moves past the weekend to ` +
      `${longDate(plan.dates[plan.moved])}, and the days after it move with it. The plan ends on ` +
      `${longDate(plan.dates[14])}.`;
  }

  // What the counter under a note says: how much of its room on paper is left, or how far over it is.
  function noteLeft(text, limit) {
    const n = length(cleanNote(text));
    if (n <= limit) return `${limit - n} of ${limit} characters left.`;
    return `${n - limit} characters over the ${limit} that fit on paper: kept whole, but the page may print on two sheets.`;
  }

  // Whether `inserted`, typed or pasted over [from, to) of a note's `value`, fits its `limit`:
  // {fits: true} or {fits: false, message}. Nothing is ever cut: what does not fit is refused whole
  // and the message says what, so the reader sees it. A change that does not lengthen the note fits.
  function insertion(value, from, to, inserted, limit) {
    const before = length(cleanNote(value));
    const after = length(cleanNote(value.slice(0, from) + inserted + value.slice(to)));
    if (after <= limit || after <= before) return { fits: true };
    const what = length(inserted) === 1 ? "This note is full" : `Not added: the ${length(cleanNote(inserted))} characters pasted would make this note ${after} characters long`;
    return { fits: false, message: `${what}; ${limit} characters fit in its space on paper. Shorten it first.` };
  }

  // A fresh, empty version-2 progress object for the checklist `checklist`.
  function empty(checklist) {
    return { version: VERSION, checklist: String(checklist || ""), ticks: {}, notes: {} };
  }

  // Check `data` against the version-2 format for `checklist`: {ok: true, value} with a clean copy,
  // or {ok: false, error} with one plain English sentence (safe for textContent, never HTML).
  // With `lenient` (used for what is stored) bad entries are dropped or cut instead of refused, and
  // `lost` counts them. Notes are cleaned (cleanNote) in both modes.
  function check(data, checklist, lenient) {
    const fail = (error) => ({ ok: false, error: error });
    let lost = 0;
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
      else lost += 1;
    }

    const ticks = data.ticks === undefined ? {} : data.ticks;
    const notes = data.notes === undefined ? {} : data.notes;
    const count = (isObject(ticks) ? Object.keys(ticks).length : 0) + (isObject(notes) ? Object.keys(notes).length : 0);
    if (count > MAX_KEYS && !lenient) return fail(`This progress file has more than ${MAX_KEYS} ticks and notes, more than any checklist holds.`);
    if (!isObject(ticks)) {
      if (!lenient) return fail("The ticks in this progress file are not a set of ticked steps.");
      lost += 1;
    } else {
      for (const k of Object.keys(ticks)) {
        if (!isTickKey(k)) {
          if (!lenient) return fail(`This progress file contains an unknown tick "${shown(k, 80)}".`);
          lost += 1;
        } else if (ticks[k] !== true) {
          if (!lenient) return fail(`The tick "${k}" must be true; unticked steps are simply left out.`);
          lost += 1;
        } else {
          value.ticks[k] = true;
        }
      }
    }
    if (!isObject(notes)) {
      if (!lenient) return fail("The notes in this progress file are not a set of notes.");
      lost += 1;
    } else {
      for (const k of Object.keys(notes)) {
        if (!isNoteKey(k)) {
          if (!lenient) return fail(`This progress file contains an unknown note "${shown(k, 80)}".`);
          lost += 1;
          continue;
        }
        if (typeof notes[k] !== "string") {
          if (!lenient) return fail(`The note "${k}" is not text.`);
          lost += 1;
          continue;
        }
        let text = cleanNote(notes[k]);
        if (length(text) > MAX_NOTE) {
          if (!lenient) return fail(`The note "${k}" is longer than ${MAX_NOTE} characters.`);
          text = Array.from(text).slice(0, MAX_NOTE).join("");
          lost += 1;
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
          else {
            delete part[k];
            lost += 1;
          }
        }
      }
    }
    return { ok: true, value: value, lost: lost };
  }

  // Validate progress data for the checklist `checklist`: {ok: true, value: <clean v2 object>} or
  // {ok: false, error: "<one plain English sentence>"}. Notes are data: only cleaned (cleanNote), so
  // whatever the page holds in a note, its own file and link carry back.
  function validate(data, checklist) {
    const result = check(data, checklist, false);
    return result.ok ? { ok: true, value: result.value } : result;
  }

  // What the page makes of what localStorage held for a checklist (null, garbage, version 1 or 2):
  // {value, problem}. `value` is a version-2 object; `problem` is null when all of it was read, or
  // why not, as the end of a sentence ("it was saved by a newer version of the handbook"), and then
  // the entry as stored must be kept aside before anything is saved over it. `legacy` maps
  // version-1 tick keys to version-2 tick keys; `checklist` is the id. Never throws.
  function readStored(stored, legacy, checklist) {
    const named = typeof checklist === "string" && checklist;
    const none = (problem) => ({ value: empty(named || ""), problem: problem });
    if (stored === null || stored === undefined) return none(null);
    if (typeof stored === "string") {
      if (stored.length > MAX_IMPORT_BYTES) return none("it is larger than any progress this page saves");
      try {
        stored = JSON.parse(stored);
      } catch (e) {
        return none("it is damaged (it is not valid JSON)");
      }
    }
    if (!isObject(stored)) return none("it is damaged (it is not a progress object)");
    const id = named || stored.checklist;
    if (typeof id !== "string" || !CHECKLIST_ID.test(id)) return none("it does not say which checklist it is for");
    if (has(stored, "version")) {
      if (stored.version !== VERSION) {
        const version = shown(JSON.stringify(stored.version), 20);
        if (typeof stored.version === "number" && stored.version > VERSION) {
          return { value: empty(id), problem: `it was saved by a newer version of the handbook (format version ${version})` };
        }
        return { value: empty(id), problem: `it has a format version this page does not know (${version})` };
      }
      const result = check(stored, id, true);
      if (!result.ok) return { value: empty(id), problem: "it is for another checklist" };
      return { value: result.value, problem: lostProblem(result.lost) };
    }
    // Version 1: a flat object of start-date, dayN-<hash> / <hash> ticks, note-dayN and reflect-weekN.
    // Its notes had no length limit: they are kept whole up to MAX_NOTE.
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
    const result = check(v2, id, true);
    return { value: result.value, problem: lostProblem(result.lost) };
  }

  function lostProblem(lost) {
    if (!lost) return null;
    return lost === 1 ? "one entry in it is damaged or too long" : `${lost} entries in it are damaged or too long`;
  }

  // readStored's value alone: a version-2 object for whatever localStorage held.
  function migrate(stored, legacy, checklist) {
    return readStored(stored, legacy, checklist).value;
  }

  // The sentence that tells the reader an entry readStored could not read whole was kept aside under
  // `keptAs` (a localStorage key), or could not be kept (`keptAs` null) and so is not saved over.
  function keptMessage(result, keptAs) {
    const all = !Object.keys(result.value.ticks).length && !Object.keys(result.value.notes).length && !result.value.start;
    const what = `The progress this browser had saved for this page could not ${all ? "" : "all "}be read: ${result.problem}.`;
    if (!keptAs) return `${what} This browser would not keep a copy of it, so this page will not save over it: download your progress to keep what you do here.`;
    return `${what} It is kept unchanged in this browser's storage under the name "${keptAs}"; ${all ? "this page starts empty" : "this page shows what it could read"}.`;
  }

  // Three-way merge of two versions of the same progress that both started from `base`: each entry
  // (the start date, each tick, each note) that `mine` changed keeps mine, every other takes
  // `theirs`. Two tabs that each save through it lose neither's ticks nor notes. With `own` (the
  // keys this page has fields for, "start" among them), an entry mine has no field for is theirs:
  // a page never drops what another version of it stored.
  function merge(base, mine, theirs, own) {
    const b = isObject(base) ? base : {};
    const t = isObject(theirs) ? theirs : {};
    const part = (state, name) => (isObject(state[name]) ? state[name] : {});
    const mineChanged = (k, now, was) =>
      (!own || own.indexOf(k) >= 0) && (has(now, k) ? now[k] : undefined) !== (has(was, k) ? was[k] : undefined);
    const out = empty(mine.checklist);
    const start = mineChanged("start", { start: mine.start || "" }, { start: b.start || "" }) ? mine.start : t.start;
    if (start) out.start = start;
    for (const name of ["ticks", "notes"]) {
      const [was, now, other] = [part(b, name), part(mine, name), part(t, name)];
      const keys = new Set(Object.keys(now).concat(Object.keys(other), Object.keys(was)));
      for (const k of keys) {
        const value = mineChanged(k, now, was) ? now[k] : other[k];
        if (value !== undefined && value !== "" && value !== false) out[name][k] = value;
      }
    }
    return out;
  }

  // True when `a` and `b` hold the same start date, ticks and notes.
  function sameProgress(a, b) {
    const key = (s) => JSON.stringify([s.start || "", Object.keys(s.ticks).sort(),
      Object.keys(s.notes).sort().map((k) => [k, s.notes[k]])]);
    return key(a) === key(b);
  }

  // The notes of `state` longer than a reader may type (kept whole from an older format, a file or
  // a link): [{key, length, limit}].
  function longNotes(state) {
    const notes = (state && state.notes) || {};
    return Object.keys(notes)
      .filter((k) => isNoteKey(k) && length(notes[k]) > noteLimit(k))
      .map((k) => ({ key: k, length: length(notes[k]), limit: noteLimit(k) }));
  }

  // What the reader calls the note under `k`: "the note for day 3", "the answer to question 2".
  function noteName(k) {
    let m;
    if ((m = /^note\.d(\d+)$/.exec(k))) return `the note for day ${m[1]}`;
    if ((m = /^reflect\.w(\d+)$/.exec(k))) return `the reflection for week ${m[1]}`;
    if ((m = /^reflect\.(\d+)$/.exec(k))) return `the answer to question ${m[1]}`;
    return "a note";
  }

  // The sentence that tells the reader a note is longer than its space on paper, and kept whole.
  function longNoteMessage(note) {
    const name = noteName(note.key);
    return `${name[0].toUpperCase()}${name.slice(1)} has ${note.length} characters, more than the ${note.limit} ` +
      "that fit in its space on paper. It is kept whole; until you shorten it, the page may print on two sheets.";
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

  // The URL fragment that carries `state`: "#progress=<base64url of the UTF-8 JSON>", or null when
  // it would be longer than fromFragment reads (then only a file carries it).
  // With options.notes false, the link carries the start date and ticks only.
  function toFragment(state, options) {
    const shared = options && options.notes === false ? Object.assign({}, state, { notes: {} }) : state;
    const code = toBase64url(JSON.stringify(plain(shared)));
    return code.length > MAX_LINK ? null : "#progress=" + code;
  }

  // Read progress from a URL fragment for `checklist`: the validate result shape, or
  // {ok: false, error: null} when the fragment holds no "progress=" at all.
  function fromFragment(hash, checklist) {
    const m = /(?:^#?|&)progress=([^&]*)/.exec(typeof hash === "string" ? hash : "");
    if (!m) return { ok: false, error: null };
    if (m[1].length > MAX_LINK) return { ok: false, error: "The progress link is too long to be read." };
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

  // A text of the handbook's on one line: every run of white space, line break or control character one space.
  const oneLine = (text) =>
    cleanNote(text == null ? "" : text)
      .replace(/[\s\u0000-\u001F\u007F-\u009F]+/g, " ")
      .trim();

  // A time of day "HH:MM" (24-hour), or the default reminder time when it is not one.
  function reminderTime(time) {
    return typeof time === "string" && /^(?:[01]\d|2[0-3]):[0-5]\d$/.test(time) ? time : "09:00";
  }

  // The text of an RFC 5545 calendar with one event per day 1..14 of the plan, on the dates of
  // planDates from state.start, each at options.time ("HH:MM", floating local time, default 09:00)
  // for a quarter of an hour with a reminder (VALARM) at its start; null when no start date is set.
  // options.now (a Date) is the DTSTAMP.
  function toIcs(state, plan, options) {
    if (!state || !isDate(state.start)) return null;
    const now = (options && options.now) || new Date();
    const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    const url = typeof plan.url === "string" && /^[^\s\u0000-\u001F\u007F]+$/.test(plan.url) ? plan.url : "";
    const dates = planDates(state.start, plan.reflectionDays).dates;
    const at = reminderTime(options && options.time).replace(":", "") + "00";
    const compact = (day) => dates[day].replace(/-/g, "") + "T" + at;
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
      const reflection = (plan.reflectionDays || REFLECTION_DAYS).indexOf(day) >= 0;
      const none = reflection ? "Reflection day, no new experiment" : "No new experiment: keep going";
      const summary = icsText(`Day ${day}: ${titles.length ? titles.join("; ") : none}`);
      lines.push(
        "BEGIN:VEVENT",
        `UID:${String(state.checklist).replace(/[^a-z0-9-]/g, "")}-${state.start}-d${day}@influence-handbook`,
        "DTSTAMP:" + stamp,
        "DTSTART:" + compact(day),
        "DURATION:PT15M",
        "SUMMARY:" + summary,
        "DESCRIPTION:" + icsText(description.join("\n"))
      );
      if (url) lines.push("URL:" + url);
      lines.push("BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + summary, "TRIGGER:PT0S", "END:VALARM");
      lines.push("END:VEVENT");
    }
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  // Markdown escapes that Python-Markdown and CommonMark both read back as the character itself:
  // Python-Markdown honours a backslash before \ ` * _ { } [ ] ( ) > # + - . ! only, so every other
  // character with a meaning is written as a character reference.
  const MD_ENTITY = { "&": "&amp;", "<": "&lt;", "|": "&#124;", "~": "&#126;", "=": "&#61;", "$": "&#36;", "^": "&#94;" };
  const MD_BACKSLASH = /[\\`*_{}[\]#]/;

  // One line of text as Markdown that renders as exactly that text, wherever the line stands: no
  // emphasis, code, link, image, HTML, entity, table, heading, list, quote or fence of its own.
  // Characters that only mean something at the start of a line (> + - ! : and "1." "1)") are escaped there.
  function mdLine(text) {
    const line = Array.from(String(text).trim())
      .map((ch) => MD_ENTITY[ch] || (MD_BACKSLASH.test(ch) ? "\\" + ch : ch))
      .join("");
    return line.replace(/^[>+\-!]/, "\\$&").replace(/^:/, "&#58;").replace(/^(\d+)([.)])/, "$1\\$2");
  }

  // A note as a blockquote: every line inside it ("> "), each line break a hard break, every line's
  // text escaped (mdLine), so a note can never close the quote nor make markup of its own.
  function quote(text) {
    const lines = cleanNote(text).split("\n").map((line) => mdLine(line));
    return lines
      .map((line, i) => {
        if (!line) return ">";
        return "> " + line + (i + 1 < lines.length && lines[i + 1] ? "  " : ""); // two spaces: a line break
      })
      .join("\n");
  }

  // A Markdown log of the progress: for a plan ({title, url, days, reflections}) day by day with
  // ticks, notes and the two reflections; for an exercise ({title, url, steps, reflect}) its steps and
  // answers. Every text in it, the handbook's and the reader's, is escaped (mdLine, quote): rendered
  // by Python-Markdown or a CommonMark renderer, it shows each as typed, with no markup of its own.
  function toMarkdown(state, plan) {
    const ticks = (state && state.ticks) || {};
    const notes = (state && state.notes) || {};
    const start = state && isDate(state.start) ? state.start : "";
    const text = (value) => mdLine(oneLine(value));
    const out = ["# " + (text(plan.title) || "Progress"), ""];
    if (plan.url) out.push(text(plan.url), "");
    const box = (done, title) => `- [${done ? "x" : " "}] ${text(title)}`;
    const written = (key) => typeof notes[key] === "string" && /\S/.test(cleanNote(notes[key]));
    const answer = (key) => (written(key) ? quote(notes[key]) : "_No answer yet._");
    if (Array.isArray(plan.days)) {
      if (start) out.push("Started on " + start + ".", "");
      const dates = start ? planDates(start, plan.reflectionDays).dates : {};
      for (let day = 1; day <= 14; day += 1) {
        const entry = plan.days.find((d) => d && d.day === day) || { steps: [] };
        out.push(`## Day ${day}` + (start ? ` (${dates[day]})` : ""), "");
        const steps = entry.steps || [];
        if (steps.length) steps.forEach((s) => out.push(box(ticks[`d${day}.${s.id}`] === true, s.title)));
        else out.push("No new experiment: keep going.");
        out.push("");
        if (written("note.d" + day)) out.push(quote(notes["note.d" + day]), "");
      }
      (plan.reflections || []).slice(0, 2).forEach((prompt, i) => {
        out.push(`## End of week ${i + 1}`, "", text(prompt), "", answer("reflect.w" + (i + 1)), "");
      });
    } else {
      out.push("## Steps", "");
      (plan.steps || []).forEach((title, i) => out.push(box(ticks["step." + (i + 1)] === true, title)));
      out.push("");
      const questions = plan.reflect || [];
      if (questions.length) {
        out.push("## Reflection", "");
        questions.forEach((q, i) => out.push(text(q), "", answer("reflect." + (i + 1)), ""));
      }
    }
    return out.join("\n").replace(/\n+$/, "") + "\n";
  }

  return {
    VERSION: VERSION,
    FORMAT: FORMAT,
    MAX_NOTE: MAX_NOTE,
    noteLimit: noteLimit,
    cleanNote: cleanNote,
    MAX_KEYS: MAX_KEYS,
    MAX_IMPORT_BYTES: MAX_IMPORT_BYTES,
    isTickKey: isTickKey,
    isNoteKey: isNoteKey,
    isDate: isDate,
    dayDate: dayDate,
    weekday: weekday,
    longDate: longDate,
    planDates: planDates,
    planMessage: planMessage,
    noteLeft: noteLeft,
    insertion: insertion,
    reminderTime: reminderTime,
    empty: empty,
    readStored: readStored,
    keptMessage: keptMessage,
    migrate: migrate,
    merge: merge,
    sameProgress: sameProgress,
    longNotes: longNotes,
    longNoteMessage: longNoteMessage,
    validate: validate,
    parseImport: parseImport,
    exportFile: exportFile,
    exportName: exportName,
    toFragment: toFragment,
    fromFragment: fromFragment,
    toIcs: toIcs,
    toMarkdown: toMarkdown,
    mdLine: mdLine,
  };
});
