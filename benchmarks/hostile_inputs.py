"""How long the worst inputs take to check and build: hostile files within the limits, and the
inputs of the security review that used to take minutes.

Each case is one generated playbook added to a copy of the real handbook; the script times
`handbook check` and `mkdocs build --strict` on it (median of --runs) and prints a Markdown table.
Targets: every case checks in under 5 s and builds in under 30 s on the 2-core machine.

    .venv/bin/python benchmarks/hostile_inputs.py [--runs 3] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from build_scale import copy_path, site_files  # benchmarks/ is on the path when a script here runs
from handbook.source.yamlsource import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
LIMIT = MAX_FILE_BYTES
# Characters the renderer writes as numeric character references, the most expensive text there is.
PUNCTUATION = "*_[]<>&`#!(){}|~^+=-."
SHARED = {"situations": "output-hit-a-ceiling", "exercises": "find-a-leverage-point",
          "references": "pragmatic-engineer", "first-week exercise": "learn-what-draws-a-teammate"}
# A story of the real handbook, and the post it follows: the cases that should check clean list both, as
# every playbook tells or lists a story of one of its own sources.
STORY, STORY_SOURCE = "one-ask-from-pitch-to-manager", "post-delegate-for-growth"


def text(n: int, length: int) -> str:
    """Punctuation-heavy text of `length` characters, distinct for each `n`."""
    return (f"{n:05d} " + PUNCTUATION * (length // len(PUNCTUATION) + 1))[:length]


def q(value: str) -> str:
    return json.dumps(value)


def head(title: str, own_sources: int) -> list[str]:
    """The top of a playbook that checks clean: `own_sources` sources of its own (each item names one,
    `credit`), the post its story follows, three lines of In short, and shared items by id."""
    return [f"title: {q(title)}", f"summary: {q(text(0, 300))}", "audience: [senior-ic, tech-lead, manager]",
            "tags: [" + ", ".join(f"t{i}" for i in range(10)) + "]", "sources:",
            *(f"  - id: src-{i}\n    title: {q(text(i, 300))}" for i in range(own_sources)),
            f"  - {STORY_SOURCE}", f"stories: [{STORY}]",
            "in_short: [" + ", ".join(q(text(i, 300)) for i in range(3)) + "]",
            "when_not_to_use: [no-credibility-yet]"]


def credit(i: int, own_sources: int) -> str:
    """The sources line of entry `i`: each of the playbook's own sources is named by some entry."""
    return f"\n    sources: [src-{i % own_sources}]"


def line_to_say(i: int) -> str:
    return f"\n    scripts: [{{when: {q(text(i, 300))}, say: {q(text(i, 200))}, moment: opening-an-ask}}]"


def fill(lines: list[str], entries: Callable[[int], str], cap: int, budget: int) -> int:
    """Append up to `cap` entries while the file stays under `budget` bytes; how many fit."""
    size = sum(len(line) + 1 for line in lines)
    for i in range(cap):
        entry = entries(i)
        if size + len(entry) + 1 > budget:
            return i
        lines.append(entry)
        size += len(entry) + 1
    return cap


def fill_sections(lines: list[str], sections: list[tuple[str, Callable[[int], str], int]]) -> None:
    """Each section (header, entry maker, cap) gets an equal share of what the file may still hold."""
    base = sum(len(line) + 1 for line in lines)
    room = LIMIT - 256 - base
    for n, (header, entries, cap) in enumerate(sections, start=1):
        lines.append(header)
        if not fill(lines, entries, cap, base + room * n // len(sections)):
            lines.pop()


def every_list_at_its_cap() -> str:
    """Every list as full as the file size limit allows, every one-line field at 300 punctuation
    characters; the exercises practise many items, whose titles each exercise page prints."""
    own = 9  # with the story's post, the most sources a playbook may list
    lines = head("Every list at its cap", own)
    lines += [f"situations: [{SHARED['situations']}]", f"references: [{SHARED['references']}]"]
    warnings = "\n    instead: " + q(text(1, 300))
    first_week = "\n    first_week: true\n    time: 30 minutes"
    fill_sections(lines, [
        ("motivators:", lambda i: f"  - id: mot-{i}\n    title: {q(text(i, 300))}\n    summary: {q(text(i, 300))}"
                                  f"{credit(i, own)}", 30),
        ("patterns:", lambda i: f"  - id: pat-{i}\n    title: {q(text(i, 300))}\n    summary: {q(text(i, 300))}"
                                f"{credit(i, own)}{line_to_say(i)}", 30),
        ("anti_patterns:", lambda i: f"  - id: ant-{i}\n    title: {q(text(i, 300))}\n"
                                     f"    summary: {q(text(i, 300))}{warnings}{credit(i, own)}", 30),
        ("exercises:", lambda i: f"  - id: e-{i}\n    title: {q(text(i, 300))}\n    summary: {q(text(i, 300))}\n"
                                 f"    prepare: [{q(text(0, 300))}]\n    steps: [{q(text(0, 300))}]\n"
                                 f"    reflect: [{q(text(0, 300))}]\n"
                                 "    practises: [" + ", ".join(f"mot-{j}" for j in range(10)) + "]"
                                 f"{credit(i, own)}{first_week if i == 0 else ''}", 10),
        ("faq:", lambda i: f"  - id: q-{i}\n    question: {q(text(i, 300))}\n    answer: {q(text(i, 300))}"
                           f"{credit(i, own)}", 30),
    ])
    return "\n".join(lines) + "\n"


def long_texts() -> str:
    """Items whose bodies are 5000 punctuation characters each, as many as the file size limit allows."""
    lines = head("Long punctuation bodies", 1)
    lines += [f"situations: [{SHARED['situations']}]",
              f"exercises: [{SHARED['exercises']}, {SHARED['first-week exercise']}]",
              f"references: [{SHARED['references']}]", "anti_patterns: [offloading-grunt-work]"]
    fill_sections(lines, [
        ("motivators:", lambda i: f"  - id: long-{i}\n    title: {q(text(i, 300))}\n    summary: {q(text(i, 300))}\n"
                                  f"    body: {q(text(i, 5000))}{credit(i, 1)}", 30),
        ("patterns:", lambda i: f"  - id: longp-{i}\n    title: {q(text(i, 300))}\n    summary: {q(text(i, 300))}\n"
                                f"    body: {q(text(i, 5000))}\n    watch_out: {q(text(i, 5000))}"
                                f"{credit(i, 1)}{line_to_say(i)}", 30),
    ])
    return "\n".join(lines) + "\n"


def one_title_referenced_a_thousand_times() -> str:
    """The review's 10 KB file: one item with a 300-character title, listed a thousand times."""
    lines = [*head("One title, many references", 1)[:3], "sources: [{id: x-src, title: x}]",
             f"exercises: [{SHARED['exercises']}]", f"references: [{SHARED['references']}]", "situations:",
             f"  - id: once\n    title: {q(text(0, 300))}"]
    lines += ["  - once"] * 1000
    return "\n".join(lines) + "\n"


def unknown_references() -> str:
    """The review's 197 KB of unknown ids, 64 characters each, nearly alike."""
    lines = ["title: Unknown ids", "summary: x", "audience: [senior-ic]", "sources: [{id: x-src, title: x}]",
             f"situations: [{SHARED['situations']}]", f"exercises: [{SHARED['exercises']}]",
             f"references: [{SHARED['references']}]", "patterns:"]
    fill(lines, lambda i: "  - " + ("a" * 58 + f"{i:06d}"), 10**6, 197 * 1024)
    return "\n".join(lines) + "\n"


def five_thousand_tags() -> str:
    lines = ["title: Tags", "summary: x", "audience: [senior-ic]", "sources: [{id: x-src, title: x}]",
             f"situations: [{SHARED['situations']}]", f"exercises: [{SHARED['exercises']}]",
             f"references: [{SHARED['references']}]", "tags:"]
    lines += ["  - same"] * 5000 + [f"  - tag-{i}" for i in range(400)]
    return "\n".join(lines) + "\n"


CASES: dict[str, Callable[[], str]] = {
    "every list at its cap, punctuation text": every_list_at_its_cap,
    "long punctuation bodies": long_texts,
    "one title referenced 1,000 times": one_title_referenced_a_thousand_times,
    "197 KB of unknown ids": unknown_references,
    "5,000 copies of a tag, 400 tags": five_thousand_tags,
}


def project(folder: Path, playbook: str) -> Path:
    """The site's sources in `folder`, as build_scale.py copies them, with the real playbooks and `playbook`."""
    for name in site_files():
        copy_path(ROOT / name, folder / name)
    shutil.copytree(ROOT / "playbooks", folder / "playbooks")
    (folder / "playbooks" / "hostile.yaml").write_text(playbook)
    return folder


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(cwd / ".xdg")}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, env=env, check=False)
    return time.perf_counter() - started, result.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="hostile-bench-"))
    print("| Case | File size | check | outcome | build | outcome |\n| --- | --- | --- | --- | --- | --- |")
    met = True
    for n, (name, make) in enumerate(CASES.items()):
        playbook = make()
        folder = project(workdir / f"case-{n}", playbook)
        checks = [timed([sys.executable, "-m", "handbook", "check"], folder) for _ in range(args.runs)]
        builds = [timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"], folder)
                  for _ in range(args.runs)]
        check = statistics.median(t for t, _ in checks)
        build = statistics.median(t for t, _ in builds)
        met = met and check < 5 and build < 30
        outcome = lambda code: "clean" if code == 0 else "refused"  # noqa: E731
        print(f"| {name} | {len(playbook.encode()) // 1024} KB | {check:.2f} s | {outcome(checks[0][1])} "
              f"| {build:.1f} s | {outcome(builds[0][1])} |")
    print(f"\nEvery case checks in under 5 s and builds in under 30 s: {'yes' if met else 'no'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
