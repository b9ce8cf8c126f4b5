"""This checkout against another, in turn: a save in `make serve`'s preview, and optionally a cold
`handbook check` and a `mkdocs build`.

The machines these run on drift in speed from minute to minute, so a figure from one run and a figure
from another say little about a change. This copies the same handbook into a project of each
checkout; times `--checks` cold checks and `--builds` builds of each, alternating which goes first;
then starts the preview of both side by side and edits a playbook's title in one, then in the other,
alternating which goes first. It prints each one's times and median, min and max.

    git worktree add /tmp/before <commit>
    .venv/bin/python benchmarks/preview_pair.py --against /tmp/before --against-venv /tmp/venv-before \\
        --handbook real --edits 8 --checks 6
    .venv/bin/python benchmarks/preview_pair.py --against /tmp/before --against-venv /tmp/venv-before \\
        --handbook 1000 --edits 6 --checks 6 --builds 1

`--handbook real` copies the real playbooks (as tests/conftest.py does) and edits navigating-a-no;
a number N writes N synthetic playbooks (as build_scale.py does) and edits the one in the middle. The
other checkout must have its own `tests/conftest.py` and `benchmarks/build_scale.py`. Each side runs
with its own `macros/` first on the path and with a venv: this checkout's `.venv`, and for the other
`--against-venv`, else its own `.venv` if it has one, else this checkout's. A checkout from before the
plugin (a MkDocs hook and mkdocs-macros) needs a venv with mkdocs-macros-plugin, which this lock no
longer holds (see benchmarks/README.md). Each check runs with `XDG_CACHE_HOME` in a fresh folder, so
that a checkout with a parse cache (before dd94325) checks cold.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from build_scale import BIN, BUILD_TIMEOUT, KB, ROOT, Run, fetch, free_port, run_process, stop_server, wait_for


@dataclass(frozen=True)
class Side:
    """One checkout, the venv it runs with and its copy of the handbook."""

    name: str
    checkout: Path
    bin: Path
    project: Path

    def env(self, **extra: str) -> dict[str, str]:
        """The environment its commands run in: its own `macros/` first on the path."""
        return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(self.checkout / "macros"), **extra}


def make_project(side: Side, handbook: str) -> str:
    """A copy of `side`'s site with the handbook in its project; the id of the playbook to edit."""
    code = (f"import sys; sys.path[:0] = [{str(side.checkout)!r}, {str(side.checkout / 'benchmarks')!r}]\n"
            "from pathlib import Path\n")
    if handbook == "real":
        code += ("from tests.conftest import copy_project, ROOT\n"
                 f"copy_project(Path({str(side.project)!r}), ROOT / 'playbooks')\n")
    else:
        code += f"import build_scale\nbuild_scale.copy_project(Path({str(side.project)!r}), {int(handbook)})\n"
    subprocess.run([str(side.bin / "python"), "-c", code], check=True, env=side.env())
    return "navigating-a-no" if handbook == "real" else f"pb-{int(handbook) // 2:04d}"


def in_turn(sides: list[Side], runs: int, action: str, temp: Path) -> dict[str, list[Run]]:
    """`action` ('check' or 'build') run `runs` times in each side's project, alternating which goes first."""
    measured: dict[str, list[Run]] = {side.name: [] for side in sides}
    for run in range(runs):
        for side in sides[:: 1 if run % 2 == 0 else -1]:
            cache = Path(tempfile.mkdtemp(prefix="cache-", dir=temp))  # no parse cache from a run before
            if action == "check":
                command = [str(side.bin / "handbook"), "check"]
            else:
                command = [str(side.bin / "mkdocs"), "build", "--strict", "-d", str(temp / f"site-{side.name}")]
            measured[side.name].append(run_process(command, side.project, side.env(XDG_CACHE_HOME=str(cache))))
    return measured


def spread(seconds: list[float]) -> str:
    """The times, then median, min and max."""
    return (f"{' '.join(f'{s:.2f}' for s in seconds)} s; median {statistics.median(seconds):.2f} s "
            f"(min {min(seconds):.2f}, max {max(seconds):.2f})")


def edited(text: str, what: str, mark: str) -> str:
    """The playbook `text` with `mark` as its title ('title': the edit that touches the most pages),
    or added to the start of its first body ('body': a sentence reworded, the everyday save)."""
    if what == "title":
        return re.sub(r"^title: .*$", f'title: "{mark}"', text, count=1, flags=re.M)
    block = re.search(r"^( +)body: [|>]-?\n( +)", text, flags=re.M)
    if block:
        return text[:block.end()] + f"{mark}. " + text[block.end():]
    return re.sub(r"^( +)body: (?![|>])", lambda m: f"{m.group(0)}{mark}. ", text, count=1, flags=re.M)


def time_saves(sides: list[Side], name: str, edits: int, what: str = "title") -> dict[str, list[float]]:
    """Both previews started side by side; `edits` edits (`what`: see `edited`) in each, alternating
    which goes first."""
    servers = {}
    times: dict[str, list[float]] = {side.name: [] for side in sides}
    try:
        for side in sides:
            port = free_port()
            log = (side.project / "serve.log").open("wb")
            server = subprocess.Popen(
                [str(side.bin / "mkdocs"), "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                cwd=side.project, env=side.env(HANDBOOK_SITE_URL=f"http://127.0.0.1:{port}/"),
                stdout=log, stderr=subprocess.STDOUT)
            source = side.project / "playbooks" / f"{name}.yaml"
            servers[side.name] = (server, f"http://127.0.0.1:{port}/playbooks/{name}/", source, source.read_text())
        for server, url, _, _ in servers.values():
            wait_for(url, "</html>", BUILD_TIMEOUT, server)
        time.sleep(3)
        for edit in range(edits):
            for side in sides[:: 1 if edit % 2 == 0 else -1]:
                _, url, source, text = servers[side.name]
                title = f"Edited {what} number {edit} {time.time_ns()}"
                start = time.monotonic()
                source.write_text(edited(text, what, title))
                while title not in (fetch(url) or ""):
                    time.sleep(0.02)  # finer than wait_for's 0.05 s: this is the figure measured
                times[side.name].append(time.monotonic() - start)
                time.sleep(2.5)  # idle, as between two saves
    finally:
        for server, *_ in servers.values():
            stop_server(server)
    return times


def other_bin(checkout: Path, venv: Path | None) -> Path:
    """The venv the other checkout runs with: `venv`, else its own `.venv`, else this checkout's."""
    if venv is not None:
        return venv.resolve() / "bin"
    own = checkout / ".venv" / "bin"
    return own if (own / "mkdocs").exists() else BIN


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, required=True, help="the other checkout")
    parser.add_argument("--against-venv", type=Path, help="the venv the other checkout runs with")
    parser.add_argument("--handbook", default="real", help="'real', or a number of synthetic playbooks")
    parser.add_argument("--edits", type=int, default=8, help="edits timed in each preview (0 for none)")
    parser.add_argument("--edit", choices=("title", "body"), default="title",
                        help="what each edit changes: the playbook's title (the most pages), or its first body")
    parser.add_argument("--checks", type=int, default=0, help="cold `handbook check` runs timed in each project")
    parser.add_argument("--builds", type=int, default=0, help="`mkdocs build --strict` runs timed in each project")
    args = parser.parse_args()
    against = args.against.resolve()
    with tempfile.TemporaryDirectory(prefix="preview-pair-") as folder:
        temp = Path(folder)
        sides = [Side("this", ROOT, BIN, temp / "this"),
                 Side("other", against, other_bin(against, args.against_venv), temp / "other")]
        name = ""
        for side in sides:
            name = make_project(side, args.handbook)
        # Checks and builds first, while no preview runs beside them.
        checks = in_turn(sides, args.checks, "check", temp)
        builds = in_turn(sides, args.builds, "build", temp)
        saves = time_saves(sides, name, args.edits, args.edit) if args.edits else {}
    for side in sides:
        label = f"{side.name} ({side.checkout}, {side.bin.parent}), handbook {args.handbook}"
        if checks[side.name]:
            print(f"{label}, cold check: {spread([r.seconds for r in checks[side.name]])}")
        if builds[side.name]:
            peak = max(r.max_rss_kb for r in builds[side.name]) / KB
            print(f"{label}, build: {spread([r.seconds for r in builds[side.name]])}; peak memory {peak:.0f} MB")
        if saves.get(side.name):
            print(f"{label}, save to page ({args.edit} edits): {spread(saves[side.name])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
