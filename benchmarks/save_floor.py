"""The floor under the preview's save targets: how soon plain MkDocs, without the handbook's plugin,
shows a save that changes the same pages, timed side by side with the preview itself.

A save in `make serve` rewrites one playbook; the plugin then checks and generates every page again,
and MkDocs converts and writes the pages whose text changed. The floor is the second half alone. The
script copies the handbook into a project (the preview's), writes every page of its generation step
into a second project without the plugin (as build_scale.py's baseline does; `strict` off there, since
`--dirty` warns on every rebuild and only the plugin lets that one warning through), and serves both
with `mkdocs serve --dirty`. For each edit it runs the generation step on the edited playbook in a
scratch copy before any clock starts; then, alternating which goes first, it saves the playbook in the
preview's project and writes the pages that changed into the floor's, and times how long each takes
to show the edit on the playbook's page.

    .venv/bin/python benchmarks/save_floor.py --handbook real --edits 8
    .venv/bin/python benchmarks/save_floor.py --handbook 100 --edits 6 --edit body

The floor's clock holds MkDocs' watcher, its conversion of the changed pages, the theme's templates and
the search plugin, and nothing of the handbook's own code: no plugin on MkDocs' public events can show
a save sooner.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from build_scale import (
    BIN,
    BUILD_TIMEOUT,
    ROOT,
    baseline_project,
    fetch,
    free_port,
    generated_sources,
    stop_server,
    wait_for,
)
from preview_pair import Side, edited, make_project, spread


def served_project(baseline: Path) -> None:
    """The baseline project made servable under `--dirty`: its `strict: true` turned off."""
    config = baseline / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if text.count("\nstrict: true\n") != 1:
        raise SystemExit("save_floor: could not find mkdocs.yml's 'strict: true' line to turn off")
    config.write_text(text.replace("\nstrict: true\n", "\nstrict: false\n"), encoding="utf-8")


def changed_pages(project: Path, docs: Path) -> dict[Path, str]:
    """Every page and data file of `project`'s generation step whose text differs from `docs`'."""
    files, _ = generated_sources(project)
    changed = {}
    for src_uri, text in files.items():
        path = docs / src_uri
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            changed[path] = text
    return changed


@dataclass
class Preview:
    """One served project: what a save writes, and the times it took to show."""

    name: str
    project: Path
    url: str = ""
    server: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = None
    seconds: list[float] = field(default_factory=list)
    files: list[int] = field(default_factory=list)


def start(preview: Preview, playbook: str) -> None:
    """`mkdocs serve --dirty` in the preview's project, as `make serve` runs it."""
    port = free_port()
    preview.url = f"http://127.0.0.1:{port}/playbooks/{playbook}/"
    preview.log = (preview.project / "serve.log").open("wb")
    preview.server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"], cwd=preview.project,
        env={**os.environ, "HANDBOOK_SITE_URL": f"http://127.0.0.1:{port}/"}, stdout=preview.log,
        stderr=subprocess.STDOUT)


def save(preview: Preview, writes: dict[Path, str], mark: str) -> None:
    """Write `writes`, then time until the preview's playbook page shows `mark`."""
    assert preview.server is not None
    begun = time.monotonic()
    for path, text in writes.items():
        path.write_text(text, encoding="utf-8")
    while mark not in (fetch(preview.url) or ""):
        if preview.server.poll() is not None:
            raise SystemExit(f"save_floor: mkdocs serve exited with {preview.server.returncode}")
        if time.monotonic() - begun > BUILD_TIMEOUT:
            raise SystemExit(f"save_floor: {preview.url} did not show the edit within {BUILD_TIMEOUT:.0f} s")
        time.sleep(0.02)
    preview.seconds.append(time.monotonic() - begun)
    preview.files.append(len(writes))


def time_saves(plugin: Preview, floor: Preview, playbook: str, edits: int, what: str) -> None:
    """Both previews side by side; each edit saved in one, then the other, alternating which goes first.

    The plugin's preview is saved the way a writer saves: the playbook's file. The floor's is given
    the pages that save changes, made before its clock starts."""
    source = plugin.project / "playbooks" / f"{playbook}.yaml"
    original = source.read_text(encoding="utf-8")
    try:
        for preview in (plugin, floor):
            start(preview, playbook)
        for preview in (plugin, floor):
            assert preview.server is not None
            wait_for(preview.url, "</html>", BUILD_TIMEOUT, preview.server)
        time.sleep(3)
        for edit in range(edits):
            mark = f"Edited {what} number {edit} {time.time_ns()}"
            text = edited(original, what, mark)
            # The floor's pages: the generation step run on the edited playbook in a scratch copy.
            (floor.project.parent / "scratch" / "playbooks" / f"{playbook}.yaml").write_text(text, encoding="utf-8")
            pages = changed_pages(floor.project.parent / "scratch", floor.project / "docs")
            for preview in (plugin, floor)[:: 1 if edit % 2 == 0 else -1]:
                save(preview, {source: text} if preview is plugin else pages, mark)
                time.sleep(2.5)  # idle, as between two saves
    finally:
        for preview in (plugin, floor):
            if preview.server is not None:
                stop_server(preview.server)
            if preview.log is not None:
                preview.log.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--handbook", default="real", help="'real', or a number of synthetic playbooks")
    parser.add_argument("--edits", type=int, default=8, help="edits timed")
    parser.add_argument("--edit", choices=("title", "body"), default="title",
                        help="what each edit changes: the playbook's title (the most pages), or its first body")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="save-floor-") as folder:
        temp = Path(folder)
        # The address printed on the floor's pages: the same in every generation run of this process.
        os.environ.update(NO_MKDOCS_2_WARNING="1", HANDBOOK_SITE_URL=f"http://127.0.0.1:{free_port()}/")
        plugin, floor = Preview("plugin", temp / "project"), Preview("floor", temp / "baseline")
        playbook = make_project(Side("this", ROOT, BIN, plugin.project), args.handbook)
        shutil.copytree(plugin.project, temp / "scratch")
        baseline_project(floor.project, plugin.project)
        served_project(floor.project)
        time_saves(plugin, floor, playbook, args.edits, args.edit)
        # A save MkDocs' watcher saw in two polls is built twice; the first build already counts.
        builds = {p.name: (p.project / "serve.log").read_text(errors="replace").count("Documentation built in")
                  for p in (plugin, floor)}
    for preview, label in ((plugin, "the preview (make serve)"), (floor, "plain MkDocs, pages made")):
        print(f"{label}, handbook {args.handbook}, {args.edit} edits writing "
              f"{'/'.join(map(str, sorted(set(preview.files))))} files, {builds[preview.name] - 1} builds: "
              f"save to page {spread(preview.seconds)}")
    print(f"median preview / floor: {statistics.median(plugin.seconds) / statistics.median(floor.seconds):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
