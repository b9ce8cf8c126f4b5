"""Save-to-page time of `make serve`'s preview, this checkout against another, in turn.

The machines these run on drift in speed from minute to minute, so a figure from one run and a figure
from another say little about a change. This starts the preview of both checkouts side by side, each
on a copy of the same handbook, then edits a playbook's title in one, then in the other, alternating
which goes first, and prints each one's times and median.

    git worktree add /tmp/before <commit>
    .venv/bin/python benchmarks/preview_pair.py --against /tmp/before --handbook real --edits 8
    .venv/bin/python benchmarks/preview_pair.py --against /tmp/before --handbook 1000 --edits 6

`--handbook real` copies the real playbooks (as tests/conftest.py does) and edits navigating-a-no;
a number N writes N synthetic playbooks (as build_scale.py does) and edits the one in the middle. The
other checkout must have its own `tests/conftest.py` and `benchmarks/build_scale.py`; both run with
this checkout's `.venv`, each with its own `macros/` first on the path.
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
from pathlib import Path

from build_scale import BIN, BUILD_TIMEOUT, ROOT, fetch, free_port, wait_for


def make_project(checkout: Path, handbook: str, target: Path) -> str:
    """A copy of `checkout`'s site with the handbook in `target`; the id of the playbook to edit."""
    code = (f"import sys; sys.path[:0] = [{str(checkout)!r}, {str(checkout / 'benchmarks')!r}]\n"
            "from pathlib import Path\n")
    if handbook == "real":
        code += ("from tests.conftest import copy_project, ROOT\n"
                 f"copy_project(Path({str(target)!r}), ROOT / 'playbooks')\n")
    else:
        code += f"import build_scale\nbuild_scale.copy_project(Path({str(target)!r}), {int(handbook)})\n"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": str(checkout / "macros")})
    return "navigating-a-no" if handbook == "real" else f"pb-{int(handbook) // 2:04d}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, required=True, help="the other checkout")
    parser.add_argument("--handbook", default="real", help="'real', or a number of synthetic playbooks")
    parser.add_argument("--edits", type=int, default=8, help="title edits timed in each preview")
    args = parser.parse_args()
    checkouts = {"this": ROOT, "other": args.against.resolve()}
    servers = {}
    with tempfile.TemporaryDirectory(prefix="preview-pair-") as temp:
        for side, checkout in checkouts.items():
            project = Path(temp) / side
            name = make_project(checkout, args.handbook, project)
            port = free_port()
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_SITE_URL": f"http://127.0.0.1:{port}/",
                   "PYTHONPATH": str(checkout / "macros")}
            log = (project / "serve.log").open("wb")
            server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                                      cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
            source = project / "playbooks" / f"{name}.yaml"
            servers[side] = (server, f"http://127.0.0.1:{port}/playbooks/{name}/", source, source.read_text())
        times: dict[str, list[float]] = {side: [] for side in servers}
        try:
            for server, url, _, _ in servers.values():
                wait_for(url, "</html>", BUILD_TIMEOUT, server)
            time.sleep(3)
            for edit in range(args.edits):
                for side in list(servers)[:: 1 if edit % 2 == 0 else -1]:
                    _, url, source, text = servers[side]
                    title = f"Edited title number {edit} {time.time_ns()}"
                    start = time.monotonic()
                    source.write_text(re.sub(r"^title: .*$", f'title: "{title}"', text, count=1, flags=re.M))
                    while title not in (fetch(url) or ""):
                        time.sleep(0.02)  # finer than wait_for's 0.05 s: this is the figure measured
                    times[side].append(time.monotonic() - start)
                    time.sleep(2.5)  # idle, as between two saves
        finally:
            for server, *_ in servers.values():
                server.terminate()
                server.wait()
    for side, seconds in times.items():
        print(f"{side} ({checkouts[side]}), handbook {args.handbook}: {' '.join(f'{s:.2f}' for s in seconds)} s; "
              f"median {statistics.median(seconds):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
