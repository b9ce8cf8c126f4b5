// Tests for docs/assets/progress.js (run: node --test tests/js/, from the project's folder once
// `make .venv/.installed` has run; PYTHON names another Python that has the handbook installed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const require = createRequire(import.meta.url);
// The checklist keys and note limits as the handbook generates them into assets/checklist-keys.js.
const KEYS = JSON.parse(execFileSync(process.env.PYTHON || ".venv/bin/python",
  ["-c", "import json; from handbook.pages.ticks import checklist_keys; print(json.dumps(checklist_keys()))"],
  { encoding: "utf8" }));
const withKeys = require("../../docs/assets/progress.js");
const P = withKeys(KEYS);

const PLAN = "plan-two-week-experiment";
const EXERCISE = "exercise-find-a-leverage-point";
const octets = (s) => Buffer.byteLength(s, "utf8");

function state(extra) {
  return Object.assign({ version: 2, checklist: PLAN, ticks: {}, notes: {} }, extra);
}

function plan() {
  const days = [];
  for (let day = 1; day <= 14; day += 1) days.push({ day, steps: [] });
  days[0].steps = [{ id: "ask-for-advice", title: "Ask for advice" }];
  days[2].steps = [
    { id: "ask-for-advice", title: "Ask for advice again" },
    { id: "name-the-cost", title: "Name the cost" },
  ];
  return {
    title: "Two weeks of influence",
    url: "https://example.org/checklists/two-week-experiment/",
    days,
    reflections: ["What surprised you in week 1?", "What will you keep doing?"],
  };
}

function events(ics) {
  return ics.split("\r\n").filter((l) => l === "BEGIN:VEVENT").length;
}

function unfold(ics) {
  return ics.replace(/\r\n /g, "");
}

function dtstarts(ics) {
  return unfold(ics)
    .split("\r\n")
    .filter((l) => l.startsWith("DTSTART:"))
    .map((l) => l.slice("DTSTART:".length));
}

// --- loading ------------------------------------------------------------------------------------

test("loads as a classic browser script after the generated keys, defining one global", () => {
  const source = readFileSync(new URL("../../docs/assets/progress.js", import.meta.url), "utf8");
  const window = { HandbookChecklistKeys: KEYS };
  window.self = window;
  vm.runInNewContext(source, window);
  assert.equal(typeof window.HandbookProgress.validate, "function");
  assert.equal(window.HandbookProgress.MAX_NOTE, 800);
  assert.equal(window.HandbookProgress.noteLimit("note.d3"), KEYS.notes.day.limit);
  // Without the keys it says which file is missing, rather than accept every key or none.
  const bare = {};
  bare.self = bare;
  assert.throws(() => vm.runInNewContext(source, bare), /load assets\/checklist-keys\.js before progress\.js/);
});

test("the keys and limits are the generated ones: change them and progress.js follows", () => {
  const changed = structuredClone(KEYS);
  changed.notes.day.limit = 7;
  changed.ticks.step = "step\\.(?:3|2|1)";
  delete changed.notes.week;
  const Q = withKeys(changed);
  assert.equal(Q.noteLimit("note.d3"), 7);
  assert.equal(P.noteLimit("note.d3"), KEYS.notes.day.limit);
  assert.ok(Q.isTickKey("step.3") && !Q.isTickKey("step.4") && P.isTickKey("step.4"));
  assert.ok(!Q.isNoteKey("reflect.w1") && P.isNoteKey("reflect.w1"));
  assert.deepEqual(Q.longNotes(state({ notes: { "note.d3": "Asked Sam" } })), [{ key: "note.d3", length: 9, limit: 7 }]);
  assert.match(Q.validate(state({ ticks: { "step.4": true } }), PLAN).error, /unknown tick "step\.4"/);
  // A pattern is matched whole, never as a part of a key.
  assert.ok(!Q.isTickKey("xstep.1") && !Q.isTickKey("step.1x"));
});

// --- keys ---------------------------------------------------------------------------------------

test("isTickKey accepts plan and exercise tick keys and nothing else", () => {
  for (const k of ["d1.ask-for-advice", "d14.a", "d3.x1-y2", "d9." + "a".repeat(64), "step.1", "step.20"]) {
    assert.ok(P.isTickKey(k), k);
  }
  for (const k of [
    "d0.a", "d15.a", "d3.", "d3.Ask", "d3.a--b", "d3.-a", "d3.a-", "d3.a_b", "d9." + "a".repeat(65),
    "step.0", "step.21", "step.01", "note.d3", "prepare.1", "notice.1", "day3-1a2b3c4d5e6f",
    "1a2b3c4d5e6f", "__proto__", "", null, 3,
  ]) {
    assert.ok(!P.isTickKey(k), String(k));
  }
});

test("isNoteKey accepts day notes and reflections and nothing else", () => {
  for (const k of ["note.d1", "note.d14", "reflect.w1", "reflect.w2", "reflect.1", "reflect.10"]) {
    assert.ok(P.isNoteKey(k), k);
  }
  for (const k of ["note.d0", "note.d15", "reflect.w3", "reflect.w0", "reflect.0", "reflect.11", "prepare.1",
    "notice.2", "note-day3", "reflect-week1", "d3.a", "step.1", undefined]) {
    assert.ok(!P.isNoteKey(k), String(k));
  }
});

// --- empty --------------------------------------------------------------------------------------

test("empty gives a fresh v2 object", () => {
  assert.deepEqual(P.empty(PLAN), { version: 2, checklist: PLAN, ticks: {}, notes: {} });
  const a = P.empty(PLAN);
  a.ticks["d1.a"] = true;
  assert.deepEqual(P.empty(PLAN).ticks, {});
});

// --- migrate ------------------------------------------------------------------------------------

test("migrate converts a realistic version-1 plan object", () => {
  const v1 = {
    "start-date": "2026-11-02",
    "day1-aaaaaaaaaaaa": true,
    "day3-1a2b3c4d5e6f": true,
    "day3-bbbbbbbbbbbb": true, // no legacy entry: dropped
    "day4-cccccccccccc": false, // mapped but not ticked: dropped
    "note-day3": "Asked Sam, <b>went well</b>",
    "note-day5": "",
    "note-day15": "out of range",
    "reflect-week1": "More than I expected.",
    "reflect-week3": "no such week",
    "something-else": "x",
    constructor: true, // must not be looked up on the prototype of the legacy map
  };
  const legacy = {
    "day1-aaaaaaaaaaaa": "d1.ask-for-advice",
    "day3-1a2b3c4d5e6f": "d3.ask-for-advice",
    "day4-cccccccccccc": "d4.name-the-cost",
    "day5-dddddddddddd": "d5.not-there",
  };
  assert.deepEqual(P.migrate(v1, legacy, PLAN), {
    version: 2,
    checklist: PLAN,
    start: "2026-11-02",
    ticks: { "d1.ask-for-advice": true, "d3.ask-for-advice": true },
    notes: { "note.d3": "Asked Sam, <b>went well</b>", "reflect.w1": "More than I expected." },
  });
});

test("migrate converts a version-1 exercise object", () => {
  const v1 = { "1a2b3c4d5e6f": true, "ffffffffffff": true, "abcdefabcdef": true };
  const legacy = { "1a2b3c4d5e6f": "step.2", "ffffffffffff": "step.5", "abcdefabcdef": "not a key" };
  assert.deepEqual(P.migrate(v1, legacy, EXERCISE), {
    version: 2, checklist: EXERCISE, ticks: { "step.2": true, "step.5": true }, notes: {},
  });
});

test("migrate without a legacy map keeps start and notes, drops hashed ticks", () => {
  const v1 = { "start-date": "2026-11-02", "day3-1a2b3c4d5e6f": true, "note-day3": "hi" };
  for (const legacy of [undefined, null, {}, "garbage", []]) {
    assert.deepEqual(P.migrate(v1, legacy, PLAN), {
      version: 2, checklist: PLAN, start: "2026-11-02", ticks: {}, notes: { "note.d3": "hi" },
    });
  }
});

test("migrate drops a garbage start date", () => {
  for (const start of ["2026-02-30", "tomorrow", "2026-13-01", "26-11-02", 20261102, true]) {
    const out = P.migrate({ "start-date": start, "note-day1": "a" }, {}, PLAN);
    assert.equal("start" in out, false, String(start));
    assert.deepEqual(out.notes, { "note.d1": "a" });
  }
});

test("migrate keeps a first-format note longer than today's limit whole, and cleans its line breaks", () => {
  // The first format had no length limit; a day's note may be typed up to 100 characters today.
  const long = "Asked Sam, then Priya; both said yes if we ship the docs first. ".repeat(3).slice(0, 163);
  assert.equal(long.length, 163);
  const read = P.readStored(JSON.stringify({ "note-day2": long, "note-day3": "a\r\nb\u0007c\u000Bd" }), {}, PLAN);
  assert.equal(read.problem, null);
  assert.equal(read.value.notes["note.d2"], long);
  assert.equal(read.value.notes["note.d3"], "a\nbc\nd");
  assert.deepEqual(P.longNotes(read.value), [{ key: "note.d2", length: 163, limit: 100 }]);
  assert.match(P.longNoteMessage(P.longNotes(read.value)[0]), /^The note for day 2 has 163 characters, more than the 100 .* kept whole/);
  // It goes out and comes back in through the page's own file and link.
  assert.deepEqual(P.parseImport(P.exportFile(read.value), PLAN), { ok: true, value: read.value });
  assert.deepEqual(P.fromFragment(P.toFragment(read.value), PLAN), { ok: true, value: read.value });
});

test("migrate cuts a note only past MAX_NOTE, and then says the entry must be kept aside", () => {
  const read = P.readStored({ "note-day2": "x".repeat(P.MAX_NOTE + 1), "note-day3": "kept" }, {}, PLAN);
  assert.equal(read.value.notes["note.d2"], "x".repeat(P.MAX_NOTE));
  assert.equal(read.value.notes["note.d3"], "kept");
  assert.match(read.problem, /one entry in it is damaged or too long/);
});

test("migrate turns garbage into an empty object", () => {
  for (const stored of [null, undefined, 42, "not json", "[1,2]", [1, 2], true, { version: 3, ticks: {} }]) {
    assert.deepEqual(P.migrate(stored, {}, PLAN), P.empty(PLAN), JSON.stringify(stored));
  }
});

test("readStored says why an entry it cannot read must be kept aside, and nothing when there is none", () => {
  assert.deepEqual(P.readStored(null, {}, PLAN), { value: P.empty(PLAN), problem: null });
  const cases = [
    [JSON.stringify({ version: 3, checklist: PLAN, ticks: { "d1.a": true }, notes: {} }), /newer version of the handbook \(format version 3\)/],
    [JSON.stringify({ version: "2", checklist: PLAN }), /format version this page does not know \("2"\)/],
    ['{"version":2,"checklist":"plan-two-week-experiment","ticks":{"d1.a":tr', /damaged \(it is not valid JSON\)/],
    ["[1,2]", /damaged \(it is not a progress object\)/],
    ["42", /not a progress object/],
    [JSON.stringify({ version: 2, checklist: "plan-other", ticks: {} }), /another checklist/],
    ["x".repeat(P.MAX_IMPORT_BYTES + 1), /larger than any progress/],
  ];
  for (const [stored, problem] of cases) {
    const read = P.readStored(stored, {}, PLAN);
    assert.match(read.problem, problem, stored.slice(0, 80));
    assert.deepEqual(read.value, P.empty(PLAN));
    assert.match(P.keptMessage(read, "k:unread-1"), /could not be read: .* kept unchanged .* "k:unread-1"; this page starts empty\.$/);
  }
});

test("readStored keeps what it can of a damaged version-2 entry and says part of it was lost", () => {
  const stored = { version: 2, checklist: PLAN, ticks: { "d1.a": true, "d2.b": "yes", "??": true }, notes: { "note.d1": 7, "note.d2": "ok" } };
  const read = P.readStored(JSON.stringify(stored), {}, PLAN);
  assert.deepEqual(read.value, state({ ticks: { "d1.a": true }, notes: { "note.d2": "ok" } }));
  assert.match(read.problem, /^3 entries in it are damaged or too long/);
  assert.match(P.keptMessage(read, "k:unread-1"), /could not all be read: .* this page shows what it could read\.$/);
  assert.match(P.keptMessage(read, null), /will not save over it/);
  // What this page saved itself reads back whole.
  assert.equal(P.readStored(JSON.stringify(read.value), {}, PLAN).problem, null);
});

test("migrate passes a v2 object through, keeping only valid keys", () => {
  const stored = {
    version: 2,
    checklist: PLAN,
    start: "2026-03-25",
    ticks: { "d2.ask-for-advice": true, "d2.unticked": false, "bogus key": true, "note.d1": true },
    notes: { "note.d2": "ok", "reflect.w2": 7, "prepare.1": "dropped", "note.d4": "" },
    extra: "dropped",
  };
  assert.deepEqual(P.migrate(stored, {}, PLAN), {
    version: 2, checklist: PLAN, start: "2026-03-25", ticks: { "d2.ask-for-advice": true }, notes: { "note.d2": "ok" },
  });
  // A v2 object stored as JSON text works too.
  assert.deepEqual(P.migrate(JSON.stringify(stored), null, PLAN).ticks, { "d2.ask-for-advice": true });
  // A v2 object for another checklist is not taken over.
  assert.deepEqual(P.migrate(Object.assign({}, stored, { checklist: "plan-other" }), {}, PLAN), P.empty(PLAN));
});

test("migrate keeps at most 200 entries", () => {
  const ticks = {};
  for (let d = 1; d <= 14; d += 1) for (let i = 0; i < 20; i += 1) ticks[`d${d}.s${i}`] = true;
  const out = P.migrate({ version: 2, checklist: PLAN, ticks, notes: { "note.d1": "x" } }, {}, PLAN);
  assert.equal(Object.keys(out.ticks).length + Object.keys(out.notes).length, 200);
  assert.ok(P.validate(out, PLAN).ok);
});

// --- validate -----------------------------------------------------------------------------------

test("validate accepts and cleans a good object", () => {
  const good = state({ start: "2028-02-29", ticks: { "d1.ask-for-advice": true }, notes: { "note.d1": "fine", "note.d2": "" } });
  const result = P.validate(good, PLAN);
  assert.equal(result.ok, true);
  assert.deepEqual(result.value, state({ start: "2028-02-29", ticks: { "d1.ask-for-advice": true }, notes: { "note.d1": "fine" } }));
  assert.notEqual(result.value, good);
  // Missing ticks/notes are fine; an empty start counts as absent.
  assert.deepEqual(P.validate({ version: 2, checklist: PLAN, start: "" }, PLAN).value, P.empty(PLAN));
});

function refused(data, pattern, checklist = PLAN) {
  const result = P.validate(data, checklist);
  assert.equal(result.ok, false, JSON.stringify(data));
  assert.equal(typeof result.error, "string");
  assert.match(result.error, pattern);
  assert.ok(!("value" in result));
  return result.error;
}

test("validate refuses what is not an object", () => {
  for (const data of [null, undefined, 1, "x", [], [state()]]) refused(data, /not a progress file/);
});

test("validate refuses a wrong or missing version, naming the supported one", () => {
  refused({ checklist: PLAN, ticks: {} }, /no version.*version 2 is supported/);
  refused(state({ version: 1 }), /version 1.*only version 2 is supported/);
  refused(state({ version: "2" }), /version "2".*only version 2/);
});

test("validate refuses another checklist, showing at most 80 plain characters of its name", () => {
  refused(state({ checklist: "plan-other-experiment" }), /for the checklist "plan-other-experiment", not for "plan-two-week-experiment"/);
  refused(state({ checklist: undefined }), /does not say which checklist/);
  const long = "<img src=x onerror=alert(1)>\n" + "y".repeat(500);
  const error = refused(state({ checklist: long }), /checklist "<img src=x onerror=alert\(1\)>\?y+…"/);
  const quoted = /checklist "([^"]*)"/.exec(error)[1];
  assert.equal(Array.from(quoted).length, 80);
  assert.ok(!/[\u0000-\u001f]/.test(error));
});

test("validate refuses a start that is not a real calendar date", () => {
  for (const start of ["2026-02-29", "2026-04-31", "2026-00-10", "2026-1-5", "05/11/2026", "2026-11-02T00:00", 20261102]) {
    refused(state({ start }), /start date.*not a real calendar date/);
  }
});

test("validate refuses unknown keys, non-true ticks and bad notes", () => {
  refused(state({ ticks: { "day3-1a2b3c4d5e6f": true } }), /unknown tick "day3-1a2b3c4d5e6f"/);
  refused(state({ ticks: { "note.d1": true } }), /unknown tick/);
  refused(state({ ticks: { "d1.a": false } }), /tick "d1.a" must be true/);
  refused(state({ ticks: { "d1.a": "yes" } }), /must be true/);
  refused(state({ ticks: ["d1.a"] }), /ticks .* not/);
  refused(state({ notes: { "prepare.1": "x" } }), /unknown note "prepare.1"/);
  refused(state({ notes: { "notice.1": "x" } }), /unknown note/);
  refused(state({ notes: { "note.d1": 5 } }), /note "note.d1" is not text/);
  refused(state({ notes: "text" }), /notes .* not/);
});

test("validate counts note length in characters, up to MAX_NOTE for every kind of note", () => {
  // What a reader may type into each kind of note (the fields' maxlength); a file or link may hold more.
  assert.deepEqual(["note.d1", "reflect.w1", "reflect.1"].map(P.noteLimit), [100, 180, 180]);
  for (const key of ["note.d1", "reflect.w1", "reflect.1"]) {
    assert.ok(P.validate(state({ notes: { [key]: "a".repeat(P.MAX_NOTE) } }), PLAN).ok, key);
    refused(state({ notes: { [key]: "a".repeat(P.MAX_NOTE + 1) } }), new RegExp(`longer than ${P.MAX_NOTE} characters`));
    // Emoji are two UTF-16 units and four bytes, still one character each.
    assert.ok(P.validate(state({ notes: { [key]: "🙂".repeat(P.MAX_NOTE) } }), PLAN).ok, key);
    refused(state({ notes: { [key]: "é".repeat(P.MAX_NOTE + 1) } }), new RegExp(`longer than ${P.MAX_NOTE}`));
  }
});

test("anything validate accepts fits in a progress file, and a link is offered only when it reads back", () => {
  // The worst case: 26 note keys at MAX_NOTE of characters JSON doubles, the rest the longest ticks.
  const notes = {};
  for (let d = 1; d <= 14; d += 1) notes["note.d" + d] = '"'.repeat(P.MAX_NOTE);
  for (const k of ["reflect.w1", "reflect.w2", "reflect.1", "reflect.2", "reflect.3", "reflect.4", "reflect.5",
    "reflect.6", "reflect.7", "reflect.8", "reflect.9", "reflect.10"]) notes[k] = "🙂".repeat(P.MAX_NOTE);
  const ticks = {};
  for (let i = 0; Object.keys(ticks).length + Object.keys(notes).length < P.MAX_KEYS; i += 1) {
    ticks[`d14.${"a".repeat(60)}${String(i).padStart(4, "0")}`] = true;
  }
  const worst = state({ checklist: "plan-" + "a".repeat(95), start: "2026-01-01", ticks, notes });
  assert.ok(P.validate(worst, worst.checklist).ok);
  assert.ok(P.exportFile(worst).length <= P.MAX_IMPORT_BYTES, String(P.exportFile(worst).length));
  assert.deepEqual(P.parseImport(P.exportFile(worst), worst.checklist), { ok: true, value: worst });
  // Too long for a link: toFragment says so instead of writing one that fromFragment refuses.
  assert.equal(P.toFragment(worst), null);
  const fits = state({ notes: { "note.d1": "🙂".repeat(P.MAX_NOTE), "note.d2": "x".repeat(P.MAX_NOTE) } });
  assert.deepEqual(P.fromFragment(P.toFragment(fits), PLAN), { ok: true, value: fits });
});

test("a line of the 'before you ask' checklist is ticked under its pattern's id", () => {
  assert.ok(P.isTickKey("item.frame-on-mutual-benefit"));
  assert.ok(!P.isTickKey("item.Frame"));
  assert.ok(!P.isTickKey("item."));
});

// Every character a paste can put into a textarea that is a control or a line break of another kind.
const AWKWARD = [];
for (let c = 0; c <= 0x1f; c += 1) AWKWARD.push(String.fromCharCode(c));
for (let c = 0x7f; c <= 0x9f; c += 1) AWKWARD.push(String.fromCharCode(c));
AWKWARD.push("\u2028", "\u2029", "\r\n", "\uD800", "\uDFFF", "\uDBFF\uDBFF");
const hex = (text) => Array.from(text, (ch) => "U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")).join(" ");

test("cleanNote: every line break becomes \\n, other controls go, and it changes nothing twice", () => {
  for (const ch of AWKWARD) {
    const clean = P.cleanNote("a" + ch + "b");
    assert.ok(!/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/.test(clean), hex(ch));
    assert.ok(clean.isWellFormed(), hex(ch));
    assert.equal(P.cleanNote(clean), clean, hex(ch));
    const isBreak = ["\n", "\r", "\r\n", "\u000B", "\u000C", "\u0085", "\u2028", "\u2029"].includes(ch);
    if (isBreak) assert.equal(clean, "a\nb", hex(ch));
    else if (ch === "\t") assert.equal(clean, "a\tb");
    else if (/[\uD800-\uDFFF]/.test(ch)) assert.match(clean, /^a\uFFFD+b$/, hex(ch));
    else assert.equal(clean, "ab", hex(ch));
  }
  assert.equal(P.cleanNote("🙂 é"), "🙂 é");
});

test("whatever a note holds, the page's own file and link carry it back, old files included", () => {
  for (const ch of AWKWARD) {
    for (const raw of ["a" + ch + "b", ch, ch + ch + "x" + ch]) {
      const typed = P.cleanNote(raw); // what the page keeps from a paste
      const s = state({ notes: typed ? { "note.d1": typed } : {} });
      assert.deepEqual(P.parseImport(P.exportFile(s), PLAN), { ok: true, value: s }, hex(raw));
      assert.deepEqual(P.fromFragment(P.toFragment(s), PLAN), { ok: true, value: s }, hex(raw));
      // Files, links and stored entries written before cleanNote held the character itself.
      const old = state({ notes: { "note.d1": raw } });
      assert.deepEqual(P.parseImport(JSON.stringify(Object.assign({ format: P.FORMAT }, old)), PLAN), { ok: true, value: s }, hex(raw));
      const link = "#progress=" + Buffer.from(JSON.stringify(old), "utf8").toString("base64url");
      if (!/[\uD800-\uDFFF]/.test(raw)) assert.deepEqual(P.fromFragment(link, PLAN), { ok: true, value: s }, hex(raw));
      assert.deepEqual(P.readStored(JSON.stringify(old), {}, PLAN), { value: s, problem: null }, hex(raw));
    }
  }
});

test("validate keeps notes as data, unchanged", () => {
  const text = "<img src=x onerror=alert(1)>\n\t<script>alert(1)</script> & \"quotes\"";
  const result = P.validate(state({ notes: { "note.d1": text } }), PLAN);
  assert.ok(result.ok);
  assert.equal(result.value.notes["note.d1"], text);
});

test("validate refuses more than 200 keys in total", () => {
  const ticks = {};
  for (let i = 0; i < 195; i += 1) ticks[`d1.s${i}`] = true;
  const notes = {};
  for (let d = 1; d <= 5; d += 1) notes[`note.d${d}`] = "x";
  assert.ok(P.validate(state({ ticks, notes }), PLAN).ok);
  notes["note.d6"] = "x";
  refused(state({ ticks, notes }), /more than 200/);
});

test("validate does not let __proto__ through", () => {
  const data = JSON.parse('{"version":2,"checklist":"plan-two-week-experiment","ticks":{"__proto__":true}}');
  refused(data, /unknown tick "__proto__"/);
});

// --- two tabs -----------------------------------------------------------------------------------

test("merge keeps what each of two tabs changed from the same stored progress", () => {
  const base = state({ start: "2026-11-02", ticks: { "d1.a": true, "d2.b": true }, notes: { "note.d1": "first" } });
  // This tab ticked d3.c, unticked d1.a and wrote day 2; the other ticked d4.d, changed day 1 and the start.
  const mine = state({ start: "2026-11-02", ticks: { "d2.b": true, "d3.c": true }, notes: { "note.d1": "first", "note.d2": "mine" } });
  const theirs = state({ start: "2026-11-09", ticks: { "d1.a": true, "d2.b": true, "d4.d": true }, notes: { "note.d1": "theirs" } });
  const merged = state({ start: "2026-11-09", ticks: { "d2.b": true, "d3.c": true, "d4.d": true },
    notes: { "note.d1": "theirs", "note.d2": "mine" } });
  assert.ok(P.sameProgress(P.merge(base, mine, theirs), merged));
  assert.ok(P.sameProgress(P.merge(base, theirs, mine), merged));
  assert.ok(P.validate(P.merge(base, mine, theirs), PLAN).ok);
});

test("merge: an entry both tabs changed keeps this tab's; nothing stored yet counts as empty", () => {
  const base = state({ notes: { "note.d1": "old" } });
  const mine = state({ notes: { "note.d1": "mine" } });
  const theirs = state({ notes: { "note.d1": "theirs" }, ticks: { "d1.a": true } });
  assert.deepEqual(P.merge(base, mine, theirs), state({ ticks: { "d1.a": true }, notes: { "note.d1": "mine" } }));
  // A note cleared here stays cleared; one cleared there is cleared here.
  assert.deepEqual(P.merge(base, state(), base), state());
  assert.deepEqual(P.merge(base, base, state()), state());
  assert.deepEqual(P.merge(null, mine, null), mine);
  assert.deepEqual(P.merge(P.empty(PLAN), mine, undefined), mine);
});

test("merge with the keys this page has fields for keeps what another version of the page stored", () => {
  const base = state({ ticks: { "d1.a": true, "d2.gone": true } });
  const mine = state({ ticks: { "d1.a": true, "d3.new": true } }); // this page has no field for d2.gone
  const theirs = state({ ticks: { "d1.a": true, "d2.gone": true, "d5.other": true } });
  const own = ["start", "d1.a", "d3.new", "note.d1"];
  assert.deepEqual(P.merge(base, mine, theirs, own), state({ ticks: { "d1.a": true, "d3.new": true, "d2.gone": true, "d5.other": true } }));
  // Without it (on load, when the page drops the ticks of steps it no longer has) they go.
  assert.deepEqual(P.merge(base, mine, theirs), state({ ticks: { "d1.a": true, "d3.new": true, "d5.other": true } }));
});

test("sameProgress ignores the order of entries and nothing else", () => {
  const a = state({ start: "2026-11-02", ticks: { "d1.a": true, "d2.b": true }, notes: { "note.d1": "x", "note.d2": "y" } });
  const b = state({ start: "2026-11-02", ticks: { "d2.b": true, "d1.a": true }, notes: { "note.d2": "y", "note.d1": "x" } });
  assert.ok(P.sameProgress(a, b));
  assert.ok(!P.sameProgress(a, Object.assign({}, b, { start: "2026-11-03" })));
  assert.ok(!P.sameProgress(a, Object.assign({}, b, { ticks: { "d1.a": true } })));
  assert.ok(!P.sameProgress(a, Object.assign({}, b, { notes: { "note.d1": "x", "note.d2": "z" } })));
});

// --- parseImport --------------------------------------------------------------------------------

test("parseImport reads what exportFile writes", () => {
  const s = state({ start: "2026-11-02", ticks: { "d3.ask-for-advice": true }, notes: { "reflect.w1": "Déjà vu 🙂" } });
  const text = P.exportFile(s);
  assert.deepEqual(P.parseImport(text, PLAN), { ok: true, value: s });
});

test("parseImport refuses a 10 MB string quickly, before parsing", () => {
  const big = "{" + " ".repeat(10 * 1024 * 1024) + "}";
  const t0 = process.hrtime.bigint();
  const result = P.parseImport(big, PLAN);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.equal(result.ok, false);
  assert.match(result.error, /too large/);
  assert.ok(ms < 50, `took ${ms} ms`);
  assert.equal(P.parseImport(" ".repeat(P.MAX_IMPORT_BYTES + 1), PLAN).error.startsWith("The file is too large"), true);
});

test("parseImport refuses text that is not JSON and JSON without the format marker", () => {
  for (const text of ["", "hello", "{", "<html></html>"]) {
    assert.match(P.parseImport(text, PLAN).error, /^This is not a progress file/);
  }
  assert.match(P.parseImport('{"format":"something-else"}', PLAN).error, /not a progress file from this handbook/);
  assert.match(P.parseImport(JSON.stringify(state()), PLAN).error, /format marker/);
  assert.match(P.parseImport("[1]", PLAN).error, /format marker/);
  assert.match(P.parseImport(null, PLAN).error, /not a progress file/);
});

test("parseImport validates after the format marker", () => {
  const text = JSON.stringify({ format: P.FORMAT, version: 2, checklist: EXERCISE, ticks: {}, notes: {} });
  assert.match(P.parseImport(text, PLAN).error, /checklist "exercise-find-a-leverage-point"/);
  assert.ok(P.parseImport(text, EXERCISE).ok);
  const bad = JSON.stringify({ format: P.FORMAT, version: 1, checklist: PLAN });
  assert.match(P.parseImport(bad, PLAN).error, /version 2/);
});

// --- exportFile / exportName --------------------------------------------------------------------

test("exportFile writes pretty JSON with the format marker first", () => {
  const text = P.exportFile(state({ ticks: { "d1.a": true } }));
  assert.ok(text.startsWith('{\n  "format": "influence-handbook-progress",\n  "version": 2,\n  "checklist": "plan-two-week-experiment",'));
  assert.ok(text.includes('\n  "ticks": {\n    "d1.a": true\n  },'));
  assert.ok(text.endsWith("}\n"));
  assert.ok(!text.includes('"start"'));
});

test("exportName derives a safe file name from the checklist id", () => {
  assert.equal(P.exportName(state()), "two-week-experiment-progress.json");
  assert.equal(P.exportName({ checklist: EXERCISE }), "exercise-find-a-leverage-point-progress.json");
  assert.equal(P.exportName({ checklist: "../../Etc/Passwd <x>" }), "etc-passwd-x-progress.json");
  assert.equal(P.exportName({}), "checklist-progress.json");
  assert.match(P.exportName({ checklist: "a".repeat(300) }), /^[a-z0-9-]{1,60}-progress\.json$/);
});

// --- fragments ----------------------------------------------------------------------------------

test("fragment round trip keeps non-ASCII text exactly", () => {
  const s = state({
    start: "2026-10-20",
    ticks: { "d1.ask-for-advice": true, "d14.x": true },
    notes: { "note.d1": "Café crème, naïve façade 🙂👍🏽 — 日本語\nline two", "reflect.w2": "Ωmega ✓" },
  });
  const hash = P.toFragment(s);
  assert.match(hash, /^#progress=[A-Za-z0-9_-]+$/);
  assert.deepEqual(P.fromFragment(hash, PLAN), { ok: true, value: s });
  assert.deepEqual(P.fromFragment(hash.slice(1), PLAN), { ok: true, value: s });
  assert.deepEqual(P.fromFragment("#a=1&" + hash.slice(1), PLAN), { ok: true, value: s });
});

test("fromFragment reports nothing there, damage, and validation errors", () => {
  for (const hash of ["", "#", "#top", "#section-2", null, undefined]) {
    assert.deepEqual(P.fromFragment(hash, PLAN), { ok: false, error: null });
  }
  assert.match(P.fromFragment("#progress=!!!", PLAN).error, /damaged/);
  assert.match(P.fromFragment("#progress=A", PLAN).error, /damaged/);
  assert.match(P.fromFragment("#progress=" + Buffer.from([0xff, 0xfe]).toString("base64url"), PLAN).error, /damaged/);
  assert.match(P.fromFragment("#progress=" + "A".repeat(200000), PLAN).error, /too long/);
  const other = P.toFragment(state({ checklist: "plan-other" }));
  assert.match(P.fromFragment(other, PLAN).error, /checklist "plan-other"/);
});

// --- toIcs --------------------------------------------------------------------------------------

const NOW = new Date(Date.UTC(2026, 9, 1, 8, 30, 15));

test("toIcs returns null without a start date", () => {
  assert.equal(P.toIcs(state(), plan(), { now: NOW }), null);
  assert.equal(P.toIcs(state({ start: "2026-02-30" }), plan(), { now: NOW }), null);
});

test("toIcs writes a well-formed calendar with 14 events, each with a reminder", () => {
  const ics = P.toIcs(state({ start: "2026-11-02" }), plan(), { now: NOW });
  assert.ok(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Influence Handbook//Two-week experiment//EN\r\nCALSCALE:GREGORIAN\r\n"));
  assert.ok(ics.endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n"));
  assert.ok(!/[^\r]\n/.test(ics), "every line ends with CRLF");
  assert.ok(!/\r(?!\n)/.test(ics), "no bare CR");
  assert.equal(events(ics), 14);
  const lines = unfold(ics).split("\r\n");
  assert.equal(lines.filter((l) => l === "DTSTAMP:20261001T083015Z").length, 14);
  assert.ok(lines.includes("UID:plan-two-week-experiment-2026-11-02-d1@influence-handbook"));
  assert.ok(lines.includes("UID:plan-two-week-experiment-2026-11-02-d14@influence-handbook"));
  assert.ok(lines.includes("SUMMARY:Day 1: Ask for advice"));
  assert.ok(lines.includes("SUMMARY:Day 3: Ask for advice again\\; Name the cost"));
  assert.ok(lines.includes("SUMMARY:Day 2: No new experiment: keep going"));
  assert.equal(lines.filter((l) => l === "URL:https://example.org/checklists/two-week-experiment/").length, 14);
  assert.equal(lines.filter((l) => l === "DURATION:PT15M").length, 14);
  assert.ok(lines.includes("DTSTART:20261102T090000"), "9:00 floating local time by default");
  assert.ok(lines.includes("DTSTART:20261115T090000"), "a Monday start keeps its 14 calendar days");
  assert.equal(lines.filter((l) => l === "BEGIN:VALARM").length, 14);
  assert.equal(lines.filter((l) => l === "TRIGGER:PT0S").length, 14);
  assert.equal(lines.filter((l) => l === "ACTION:DISPLAY").length, 14);
  assert.ok(lines.includes("SUMMARY:Day 6: Reflection day\\, no new experiment"));
  const day7 = lines.find((l) => l.startsWith("DESCRIPTION:") && l.includes("week 1"));
  assert.ok(day7.includes("End of week 1: What surprised you in week 1?"));
  const last = lines.filter((l) => l.startsWith("DESCRIPTION:Experiments:") || l.startsWith("DESCRIPTION:No new")).pop();
  assert.ok(last.includes("End of week 2: What will you keep doing?\\n\\nhttps://example.org/"));
  assert.ok(lines.find((l) => l.startsWith("DESCRIPTION:")).startsWith("DESCRIPTION:Experiments:\\n- Ask for advice\\n"));
});

test("toIcs dates: a start on any weekday puts every working day on Monday to Friday, whatever the time zone", () => {
  const starts = ["2026-03-23", "2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29",
    "2026-10-20", "2026-12-25", "2028-02-24"]; // a week across EU DST, US/EU DST end, a year end, a leap day
  const saved = process.env.TZ;
  try {
    for (const tz of ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
      process.env.TZ = tz;
      for (const start of starts) {
        const found = dtstarts(P.toIcs(state({ start }), plan(), { now: NOW }));
        assert.equal(found.length, 14);
        const days = found.map((s) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8)) / 86400000);
        days.slice(1).forEach((d, i) => assert.ok(d > days[i], `${tz} ${start}: day ${i + 2} after day ${i + 1}`));
        const weekday = (d) => new Date(d * 86400000).getUTCDay();
        for (const day of [1, 2, 3, 4, 5, 8, 9, 10, 11, 12]) {
          assert.ok(weekday(days[day - 1]) >= 1 && weekday(days[day - 1]) <= 5, `${tz} ${start} day ${day}`);
        }
        const planned = P.planDates(start).dates;
        assert.deepEqual(found.map((s) => s.slice(0, 8)), Object.values(planned).map((d) => d.replace(/-/g, "")));
        if (![0, 6].includes(weekday(Date.UTC(+start.slice(0, 4), +start.slice(5, 7) - 1, +start.slice(8)) / 86400000))) {
          assert.equal(found[0].slice(0, 8), start.replace(/-/g, ""), "a working start is day 1");
        }
      }
    }
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test("planDates: a Wednesday start moves day 4 past the weekend and says so; a Monday start moves nothing", () => {
  const wednesday = P.planDates("2026-11-04");
  assert.deepEqual(Object.values(wednesday.dates).map(P.weekday), [3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 6]);
  assert.equal(wednesday.moved, 4);
  assert.match(P.planMessage("2026-11-04"), /day 4 moves past the weekend to Monday 9 November 2026.*ends on Saturday 21 November 2026/);
  assert.equal(P.planDates("2026-11-02").moved, 0);
  assert.equal(P.planMessage("2026-11-02"), "");
  assert.equal(P.planMessage(""), "");
  assert.equal(P.planDates("2026-11-07").dates[1], "2026-11-09", "a Saturday start begins on the Monday");
  // A plan's own reflection days: here only day 7 and 14, so day 6 is a working day too.
  const own = P.planDates("2026-11-02", [7, 14]);
  assert.equal(own.dates[6], "2026-11-09");
  assert.equal(P.weekday(own.dates[7]), 2);
});

test("toIcs puts events at the time the reader picks, and at 9:00 when the time is not one", () => {
  const at = (time) => unfold(P.toIcs(state({ start: "2026-11-02" }), plan(), { now: NOW, time }));
  assert.ok(at("07:45").includes("DTSTART:20261102T074500\r\n"));
  for (const bad of [undefined, "", "25:00", "9:00", "09:00:00", "<b>"]) assert.ok(at(bad).includes("DTSTART:20261102T090000\r\n"), bad);
});

test("toIcs escapes TEXT values per RFC 5545 3.3.11", () => {
  const p = plan();
  p.days[0].steps = [{ id: "a", title: "Ask, listen; then \\ decide\nand write it down" }];
  const ics = unfold(P.toIcs(state({ start: "2026-11-02" }), p, { now: NOW }));
  assert.ok(ics.includes("SUMMARY:Day 1: Ask\\, listen\\; then \\\\ decide\\nand write it down\r\n"));
  assert.ok(ics.includes("DESCRIPTION:Experiments:\\n- Ask\\, listen\\; then \\\\ decide\\nand write it down\\n"));
});

test("toIcs folds long lines at 75 UTF-8 octets without splitting characters", () => {
  const p = plan();
  p.days[0].steps = [
    { id: "a", title: "Ask a colleague for advice about the thing you care about most, then listen without interrupting" },
    { id: "b", title: "Écoutez: ça, c'est très “important” 🙂🙂🙂 日本語の説明をもう一度読んでください".repeat(3) },
  ];
  p.reflections = ["Ω".repeat(200), "🙂".repeat(100)];
  const ics = P.toIcs(state({ start: "2026-11-02" }), p, { now: NOW });
  const physical = ics.split("\r\n").slice(0, -1);
  for (const line of physical) {
    assert.ok(octets(line) <= 75, `${octets(line)} octets: ${line}`);
    assert.ok(!line.includes("\uFFFD"));
    assert.ok(!/[\uD800-\uDBFF]$/.test(line) && !/^ ?[\uDC00-\uDFFF]/.test(line), "surrogate pair split");
  }
  assert.ok(physical.some((l) => l.startsWith(" ")), "some lines were folded");
  assert.ok(physical.some((l) => octets(l) >= 73), "folding fills lines");
  // Unfolding gives back the full text.
  assert.ok(unfold(ics).includes("SUMMARY:Day 1: Ask a colleague for advice about the thing you care about most\\, then listen without interrupting\\; Écoutez"));
  assert.ok(unfold(ics).includes("End of week 2: " + "🙂".repeat(100)));
});

// --- toMarkdown ---------------------------------------------------------------------------------

test("toMarkdown writes a plan log with ticks, dates, notes and reflections", () => {
  const s = state({
    start: "2026-10-20",
    ticks: { "d1.ask-for-advice": true, "d3.name-the-cost": true },
    notes: { "note.d3": "# heading\nsecond line\n\n> already quoted", "reflect.w1": "## Not a heading\n- not a list" },
  });
  const md = P.toMarkdown(s, plan());
  const lines = md.split("\n");
  assert.equal(lines[0], "# Two weeks of influence");
  assert.ok(md.includes("Started on 2026-10-20."));
  assert.ok(lines.includes("## Day 1 (2026-10-20)"));
  assert.ok(lines.includes("## Day 5 (2026-10-26)"), "a working day moved past the weekend");
  assert.ok(lines.includes("## Day 14 (2026-11-06)"));
  assert.ok(md.includes("## Day 1 (2026-10-20)\n\n- [x] Ask for advice\n"));
  // Each line of a note stays in its quote, ends in a line break (two spaces) and is escaped.
  assert.ok(md.includes("## Day 3 (2026-10-22)\n\n- [ ] Ask for advice again\n- [x] Name the cost\n\n> \\# heading  \n> second line\n>\n> \\> already quoted\n"));
  assert.ok(md.includes("## End of week 1\n\nWhat surprised you in week 1?\n\n> \\#\\# Not a heading  \n> \\- not a list\n"));
  assert.ok(md.includes("## End of week 2\n\nWhat will you keep doing?\n\n_No answer yet._\n"));
  // Only the title and the 14 days + 2 reflections are headings: the notes never create one.
  const headings = lines.filter((l) => l.startsWith("#"));
  assert.equal(headings.length, 1 + 14 + 2);
  assert.ok(!headings.some((l) => /heading/i.test(l)));
  assert.ok(md.endsWith("\n") && !md.endsWith("\n\n"));
});

test("toMarkdown without a start date leaves dates out", () => {
  const md = P.toMarkdown(state(), plan());
  assert.ok(md.includes("## Day 1\n"));
  assert.ok(!md.includes("Started on"));
  assert.ok(!/## Day \d+ \(/.test(md));
});

test("toMarkdown writes an exercise log", () => {
  const s = { version: 2, checklist: EXERCISE, ticks: { "step.2": true }, notes: { "reflect.1": "Line one\n# not a heading" } };
  const md = P.toMarkdown(s, {
    title: "Find a leverage point",
    url: "https://example.org/exercises/find-a-leverage-point/",
    steps: ["List the decisions", "Pick one", "Ask who decides"],
    reflect: ["What did you learn?", "What next?"],
  });
  assert.equal(
    md,
    [
      "# Find a leverage point",
      "",
      "https://example.org/exercises/find-a-leverage-point/",
      "",
      "## Steps",
      "",
      "- [ ] List the decisions",
      "- [x] Pick one",
      "- [ ] Ask who decides",
      "",
      "## Reflection",
      "",
      "What did you learn?",
      "",
      "> Line one  ",
      "> \\# not a heading",
      "",
      "What next?",
      "",
      "_No answer yet._",
      "",
    ].join("\n")
  );
});

test("toMarkdown escapes every text and keeps every line of a note inside its quote", () => {
  // tests/test_notes_log.py renders logs like this one with Python-Markdown and CommonMark.
  const hostile = "[x]: https://evil.example/phish\n</blockquote><h1>x</h1>\u000B<img src=x onerror=alert(1)>\u2028- item";
  const p = Object.assign(plan(), { title: "<b>Title</b> [x](javascript:alert(1))" });
  const md = P.toMarkdown(state({ ticks: { "d1.ask-for-advice": true }, notes: { "note.d1": hostile } }), p);
  assert.ok(!md.includes("<"), md);
  assert.ok(md.startsWith("# &lt;b>Title&lt;/b> \\[x\\](javascript:alert(1))\n"));
  assert.ok(md.includes("## Day 1\n\n- [x] Ask for advice\n\n> \\[x\\]: https://evil.example/phish  \n" +
    "> &lt;/blockquote>&lt;h1>x&lt;/h1>  \n> &lt;img src&#61;x onerror&#61;alert(1)>  \n> \\- item\n\n## Day 2\n"));
  assert.equal(P.mdLine("1. & | ~ = $ ^ :x"), "1\\. &amp; &#124; &#126; &#61; &#36; &#94; :x");
  assert.equal(P.mdLine(": + ! > - # * _ ` \\ { } [ ]"), "&#58; + ! > - \\# \\* \\_ \\` \\\\ \\{ \\} \\[ \\]");
});

// --- notes that are never cut, links that say what they share ------------------------------------

test("noteLeft counts what is left, and how far over a note kept whole is", () => {
  assert.equal(P.noteLeft("", 100), "100 of 100 characters left.");
  assert.equal(P.noteLeft("🙂".repeat(10), 100), "90 of 100 characters left.", "characters, not UTF-16 units");
  assert.match(P.noteLeft("x".repeat(120), 100), /^20 characters over the 100 that fit on paper: kept whole/);
});

test("insertion refuses whole what would pass the limit, never cuts, and lets a note shrink", () => {
  assert.deepEqual(P.insertion("", 0, 0, "x".repeat(100), 100), { fits: true });
  const paste = P.insertion("", 0, 0, "x".repeat(120), 100);
  assert.equal(paste.fits, false);
  assert.match(paste.message, /^Not added: the 120 characters pasted would make this note 120 characters long; 100/);
  assert.match(P.insertion("x".repeat(100), 100, 100, "y", 100).message, /^This note is full; 100 characters/);
  assert.equal(P.insertion("x".repeat(100), 0, 50, "short", 100).fits, true, "replacing a selection with less");
  assert.equal(P.insertion("x".repeat(120), 0, 10, "y", 100).fits, true, "a long note kept whole may still shrink");
  assert.equal(P.insertion("ab", 1, 1, "\r\n", 3).fits, true, "a CR LF counts as the one line break it becomes");
});

test("toFragment with notes: false carries the start date and ticks, and no note", () => {
  const full = state({ start: "2026-11-02", ticks: { "d1.ask-for-advice": true }, notes: { "note.d1": "Asked Sam" } });
  const read = P.fromFragment(P.toFragment(full, { notes: false }), PLAN);
  assert.equal(read.ok, true);
  assert.deepEqual(read.value.ticks, full.ticks);
  assert.deepEqual(read.value.notes, {});
  assert.equal(read.value.start, "2026-11-02");
  assert.deepEqual(P.fromFragment(P.toFragment(full, { notes: true }), PLAN).value.notes, full.notes);
});
