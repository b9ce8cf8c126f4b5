"""How the handbook's check and build scale with the number of playbooks.

For each size N it writes a synthetic handbook of N realistic playbooks (about 600 words each,
two exercises each, references, and ids shared across playbooks) into a temporary project, then
measures, as the median of several runs:

- `handbook check`, the real CLI, run as a subprocess in the project;
- `mkdocs build --strict` of the project, the `handbook` plugin and all;
- the baseline: the pages of the generation step (`handbook.generate.site_sources`) written out as
  plain Markdown and built by MkDocs with the same theme, navigation, plugins and extensions, but
  without the `handbook` plugin, so build / baseline is what the plugin costs (build and baseline
  runs alternate, since the machine's speed drifts);
- the size of the median and of the largest HTML page, of the whole site and of the search index;
- the peak memory (maximum resident set) of each build process;

and, for the editing preview, the seconds from saving a playbook to its rebuilt page being served
by `mkdocs serve --dirty` (what `make serve` runs). It prints a Markdown table, whether each target
of issue 25 is met and, last, one summary line.

Run it from the repository root: `.venv/bin/python benchmarks/build_scale.py [--sizes 10,100] [--runs 3]`.
"""

from __future__ import annotations

import argparse
import html
import importlib.metadata
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from handbook.check.loader import load_handbook
from handbook.generate import site_sources
from handbook.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
# The venv this script runs in; not resolved, since its python is a symlink out of the venv.
BIN = Path(sys.executable).parent
# The `handbook` plugin comes from the venv (an entry point of the installed project), so a copy of
# the site needs no code of its own.
SITE_FILES = ("mkdocs.yml", "mkdocs.zensical.yml", "docs", "overrides")
PLUGIN_ENTRY = re.compile(r"^  - handbook\n", re.MULTILINE)  # the plugin, in mkdocs.yml's `plugins:`
# Zensical, as `make build-zensical` installs it; without it those columns stay empty.
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BUILD_TIMEOUT = 1800
KB = 1024

# Shared items, defined in the first SHARED_HOSTS playbooks and used by id from every other one.
SHARED_HOSTS = 4
SHARED_MOTIVATORS = 10
SHARED_PATTERNS = 10
SHARED_USES = 2  # shared motivators, and shared patterns, each playbook uses by id
PLAN_EVERY = 100  # besides the first playbook's two-week experiment, one plan per this many

VOCABULARY = (
    "peer team work project goal trust time plan review design service platform migration "
    "incident budget roadmap quarter sprint release customer feedback code test owner support "
    "question answer meeting message context reason risk cost value skill growth credit demo "
    "problem change decision proposal draft note list step help offer request priority scope "
    "outcome impact signal habit pattern frame story example detail summary partner manager "
    "lead engineer colleague reader writer friend network group forum channel document ticket "
    "backlog estimate deadline milestone handover pairing session mentor review chance effort "
    "clear small honest specific early open shared visible useful careful steady direct quiet "
    "ask offer explain listen share agree check follow notice thank invite write show name "
    "build keep give take move learn teach start finish plan measure compare choose return"
)
WORDS = tuple(VOCABULARY.split())
TAGS = ("delegation", "motivation", "growth", "trust", "conflict", "alignment", "feedback", "networks")
AUDIENCES = ("senior-ic", "tech-lead", "manager", "project-lead")
HOME_PAGE = """# Synthetic handbook

A handbook written by benchmarks/build_scale.py. Start from [your situation](situations/index.md),
browse [the playbooks](playbooks/index.md) or read [the first one](playbooks/pb-0000.md).
"""
KINDS = ("book", "blog", "article", "video", "talk", "podcast")


# --- the synthetic handbook -------------------------------------------------------------------


class Writer:
    """Deterministic filler text: sentences and titles from a small vocabulary."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - filler text, not secrets

    def words(self, count: int) -> str:
        """`count` words, lower case."""
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def title(self, count: int = 4) -> str:
        """A short capitalised title."""
        return self.words(count).capitalize()

    def sentence(self, low: int = 8, high: int = 16) -> str:
        """One sentence of `low` to `high` words."""
        return self.words(self.rng.randint(low, high)).capitalize() + "."

    def text(self, sentences: int) -> str:
        """A paragraph of `sentences` sentences."""
        return " ".join(self.sentence() for _ in range(sentences))


def playbook_id(index: int) -> str:
    """The id (and file stem) of the playbook at `index`."""
    return f"pb-{index:04d}"


def shared_motivator(number: int) -> str:
    """The id of shared motivator `number`."""
    return f"shared-motivator-{number:02d}"


def shared_pattern(number: int) -> str:
    """The id of shared pattern `number`."""
    return f"shared-pattern-{number:02d}"


def _shared_motivator_def(number: int, w: Writer, source: str) -> dict[str, Any]:
    return {"id": shared_motivator(number), "title": f"Shared motivator {number} {w.title(2)}", "sources": [source],
            "summary": w.sentence(), "body": w.text(4), "ask_yourself": w.sentence(6, 10)}


def _shared_pattern_def(number: int, w: Writer, source: str) -> dict[str, Any]:
    return {"id": shared_pattern(number), "title": f"Shared pattern {number} {w.title(2)}", "sources": [source],
            "summary": w.sentence(), "body": w.text(4), "watch_out": w.text(2),
            "scripts": [{"when": w.sentence(5, 8), "say": w.text(2), "moment": "opening-an-ask"}],
            "before_you_ask": w.sentence(6, 10)}


def _situation(situation_id: str, w: Writer, source: str, first_line: str) -> dict[str, Any]:
    return {"id": situation_id, "title": w.sentence(6, 10), "sources": [source], "across": "peer",
            "first_line": first_line, "phrases": [w.sentence(2, 4) for _ in range(3)]}


def _uses(index: int, count: int, defined: set[int], stride: int) -> list[int]:
    """`SHARED_USES` numbers in 0..count-1 a playbook uses by id, none it defines itself."""
    chosen: list[int] = []
    candidate = (index * stride) % count
    while len(chosen) < SHARED_USES:
        if candidate not in defined and candidate not in chosen:
            chosen.append(candidate)
        candidate = (candidate + 1) % count
    return chosen


def playbook_data(index: int) -> dict[str, Any]:
    """The fields of the synthetic playbook at `index`: own items, shared items and uses by id."""
    w = Writer(index)
    pid = playbook_id(index)
    host = index < SHARED_HOSTS
    own_motivators = {n for n in range(SHARED_MOTIVATORS) if n % SHARED_HOSTS == index} if host else set()
    own_patterns = {n for n in range(SHARED_PATTERNS) if n % SHARED_HOSTS == index} if host else set()
    used_patterns = _uses(index, SHARED_PATTERNS, own_patterns, 7)
    source = f"{pid}-source"  # every item of this playbook draws on its own source
    data: dict[str, Any] = {
        "title": f"Playbook {index} {w.title()}",
        "summary": w.sentence(),
        "order": index % 1000,
        "audience": [AUDIENCES[index % 4], AUDIENCES[(index + 1) % 4]],
        "tags": [TAGS[index % len(TAGS)], TAGS[(index + 3) % len(TAGS)]],
        "situations": [_situation(f"{pid}-situation", w, source, f"{pid}-pattern"),
                       _situation(f"shared-situation-{index}", w, source, f"{pid}-pattern") if host
                       else f"shared-situation-{index % SHARED_HOSTS}"],
        "sources": [{"id": f"{pid}-source", "title": w.title(5), "author": w.title(2),
                     "link": f"https://posts.influence-handbook.dev/{pid}/source"}],
        "motivators": [
            {"id": f"{pid}-motivator", "title": w.title(3), "sources": [source], "summary": w.sentence(),
             "body": w.text(4), "ask_yourself": w.sentence(6, 10)},
            *[_shared_motivator_def(n, w, source) for n in sorted(own_motivators)],
            *[shared_motivator(n) for n in _uses(index, SHARED_MOTIVATORS, own_motivators, 3)],
        ],
        "patterns": [
            {"id": f"{pid}-pattern", "title": w.title(3), "sources": [source], "summary": w.sentence(),
             "body": w.text(4), "watch_out": w.text(2),
             "scripts": [{"when": w.sentence(5, 8), "say": w.text(2), "moment": "opening-an-ask"}]},
            *[_shared_pattern_def(n, w, source) for n in sorted(own_patterns)],
            *[shared_pattern(n) for n in used_patterns],
        ],
        "anti_patterns": [{"id": f"{pid}-anti-pattern", "title": w.title(3), "sources": [source],
                           "summary": w.sentence(), "body": w.text(2), "instead": w.text(2)}],
        "when_not_to_use": [{"id": f"{pid}-when-not", "title": w.title(3), "sources": [source],
                             "summary": w.sentence(), "instead": w.text(1)}],
        "exercises": [
            {"id": f"{pid}-exercise-{k}", "title": w.title(3), "sources": [source], "summary": w.sentence(),
             "time": "30 minutes", "first_week": k == 1,
             "prepare": [w.sentence(4, 8) for _ in range(2)],
             "steps": [w.sentence(10, 18) for _ in range(4)],
             "notice": [w.sentence(5, 9)],
             "reflect": [w.sentence(5, 9) for _ in range(2)],
             "practises": [f"{pid}-motivator", shared_pattern(used_patterns[k % SHARED_USES])]}
            for k in (1, 2)
        ],
        "faq": [{"id": f"{pid}-faq-{k}", "question": w.sentence(6, 10), "answer": w.text(2), "sources": [source]}
                for k in (1, 2)],
        "references": [
            {"id": f"{pid}-reference", "title": w.title(3), "kind": KINDS[index % len(KINDS)],
             "author": w.title(2), "link": f"https://posts.influence-handbook.dev/{pid}/read", "adds": w.sentence(),
             "sources": [source]},
            {"id": f"shared-reference-{index}", "title": w.title(3), "kind": "book", "author": w.title(2),
             "adds": w.sentence(), "sources": [source]} if host else f"shared-reference-{index % SHARED_HOSTS}",
        ],
        "stories": [{"id": f"{pid}-story", "title": w.title(3), "source": source, "setting": w.text(1),
                     "moments": [{"said": w.text(1), "shows": [f"{pid}-pattern"]},
                                 {"said": w.text(1), "answered": w.sentence(), "shows": [f"{pid}-motivator"]}],
                     "ending": w.sentence(), "situations": [f"{pid}-situation"]}],
        "in_short": [w.sentence(5, 9) for _ in range(3)],
    }
    if index == 0 or index % PLAN_EVERY == PLAN_EVERY // 2:
        data["experiment"] = {
            "title": w.title(3),
            "page": "two-week-experiment" if index == 0 else f"{pid}-plan",
            "summary": w.text(2),
            "steps": [{"id": f"{pid}-step-{k}", "title": w.sentence(4, 8), "cadence": "twice a week",
                       "days": [k, k + 2, k + 7]} for k in (1, 2, 3)],  # working days only
            "reflection": [w.sentence(5, 9), w.sentence(5, 9)],
        }
    return data


def write_playbooks(folder: Path, count: int) -> None:
    """Write `count` synthetic playbooks into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        text = yaml.safe_dump(playbook_data(index), sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{playbook_id(index)}.yaml").write_text(text, encoding="utf-8")


def word_count(value: Any) -> int:
    """The words of every string in `value` (the prose of a playbook, without field names)."""
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        return sum(word_count(v) for v in value.values())
    if isinstance(value, list):
        return sum(word_count(v) for v in value)
    return 0


def site_files() -> list[str]:
    """What a build needs besides the playbooks, as tests/conftest.py copies it, plus what mkdocs.yml watches."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))  # MkDocs' loader knows !ENV
    watched = [str(name) for name in config.get("watch", []) if name not in ("playbooks", "macros")]
    return [*SITE_FILES, *(name for name in watched if name not in SITE_FILES)]


def copy_project(target: Path, count: int) -> Path:
    """The site's sources in `target`, as tests/conftest.py copies them, with `count` playbooks."""
    for name in site_files():
        copy_path(ROOT / name, target / name)
    write_playbooks(target / "playbooks", count)
    # The real home page links to the real playbooks; the synthetic handbook has its own.
    (target / "docs" / "index.md").write_text(HOME_PAGE, encoding="utf-8")
    return target


def generated_sources(project: Path) -> tuple[dict[str, str], float]:
    """Every page and data file of the project's site, by docs-relative path, as the generation step
    makes them for the plugin (read, check, cross-reference, generate), and that step's seconds."""
    start = time.perf_counter()
    settings = read_settings(project / "mkdocs.yml")
    handbook = load_handbook(project / "playbooks", display_root=project)
    sources = site_sources(project, handbook, settings)
    seconds = time.perf_counter() - start
    return {uri: page.markdown for uri, page in sources.pages.items()} | sources.data, seconds


def baseline_project(target: Path, project: Path) -> float:
    """The project without the `handbook` plugin, every page of its generation step written out as
    Markdown into docs/; returns the generation step's seconds."""
    for name in site_files():
        if name != "mkdocs.yml":
            copy_path(project / name, target / name)
    shutil.copytree(project / "playbooks", target / "playbooks")  # mkdocs.yml watches the folder
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    without_plugin, found = PLUGIN_ENTRY.subn("", config)
    if found != 1:
        raise SystemExit("build_scale: could not find the '- handbook' entry of mkdocs.yml's plugins to drop it")
    (target / "mkdocs.yml").write_text(without_plugin, encoding="utf-8")
    files, seconds = generated_sources(project)
    for src_uri, text in files.items():  # the hand-written pages too, their macros rendered
        path = target / "docs" / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return seconds


def copy_path(source: Path, dest: Path) -> None:
    """Copy a file or a folder (without __pycache__) to `dest`, making its parent."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        shutil.copy2(source, dest)


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Run:
    """One process: its wall time and its peak resident memory."""

    seconds: float
    max_rss_kb: int


def run_process(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` in `cwd` (in `env`, else this one with `NO_MKDOCS_2_WARNING`) to completion;
    fail loudly on a non-zero exit."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=output, stderr=subprocess.STDOUT)
        try:
            # wait4 gives this one child's resource usage, unlike getrusage(RUSAGE_CHILDREN).
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # Ctrl-C: do not leave the build running
            process.kill()
            process.wait()
            raise
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            output.seek(0)
            log = output.read().decode(errors="replace")[-4000:]
            raise SystemExit(f"build_scale: {' '.join(command)} failed in {cwd}:\n{log}")
    return Run(seconds, usage.ru_maxrss)  # kilobytes on Linux


def repeat(runs: int, action: Callable[[], Run]) -> list[Run]:
    """`action` run `runs` times."""
    return [action() for _ in range(runs)]


def alternate(runs: int, first: Callable[[], Run], second: Callable[[], Run]) -> tuple[list[Run], list[Run]]:
    """`first` and `second` run `runs` times each, in turn, swapping which goes first every round, so
    that a drift in the machine's speed falls on both alike."""
    ones: list[Run] = []
    twos: list[Run] = []
    for round_ in range(runs):
        if round_ % 2 == 0:
            ones.append(first())
            twos.append(second())
        else:
            twos.append(second())
            ones.append(first())
    return ones, twos


def median_seconds(runs: list[Run]) -> float:
    """The median wall time of `runs`."""
    return statistics.median(r.seconds for r in runs)


def peak_rss_mb(runs: list[Run]) -> float:
    """The highest peak memory of `runs`, in MiB."""
    return max(r.max_rss_kb for r in runs) / KB


@dataclass
class SiteSize:
    """The bytes of a built site: its pages, the whole and the search index."""

    pages: int
    median_page: int
    largest_page: int
    largest_path: str
    total: int
    search_index: int
    page_sizes: dict[str, int] = field(default_factory=dict, repr=False)


def site_size(site: Path) -> SiteSize:
    """Measure the HTML pages, the whole site and the search index under `site`."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = {p.relative_to(site).as_posix(): p.stat().st_size for p in files if p.suffix == ".html"}
    largest = max(pages, key=lambda p: pages[p])
    return SiteSize(
        pages=len(pages),
        median_page=int(statistics.median(pages.values())),
        largest_page=pages[largest],
        largest_path=largest,
        total=sum(p.stat().st_size for p in files),
        search_index=(site / "search" / "search_index.json").stat().st_size,
        page_sizes=pages,
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    """The body of `url`, or None while the server cannot answer it."""
    try:
        with urllib.request.urlopen(url, timeout=BUILD_TIMEOUT) as response:  # noqa: S310 - our own server
            return str(response.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, timeout: float, server: subprocess.Popen[bytes]) -> float:
    """Poll `url` until its page holds `text`; return the seconds that took."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and text in body:
            return time.perf_counter() - start
        if server.poll() is not None:
            raise SystemExit(f"build_scale: mkdocs serve exited with {server.returncode}")
        time.sleep(0.05)
    raise SystemExit(f"build_scale: {url} did not show {text!r} within {timeout:.0f} s")


def measure_preview(project: Path, target: str, title: str, edits: int, dirty: bool) -> list[float]:
    """Seconds from saving playbook `target` (titled `title`) to `mkdocs serve` serving its page with
    the new title."""
    source = project / "playbooks" / f"{target}.yaml"
    original = source.read_text(encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/playbooks/{target}/"
    # `--dirty` is what `make serve` runs; the plugin keeps `strict: true` working with it.
    command = [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    seconds: list[float] = []
    with (project / f"serve-{'dirty' if dirty else 'full'}.log").open("wb") as log:
        # As `make serve` runs it: served at the root, not under the published site's path.
        env = {**ENV, "HANDBOOK_SITE_URL": f"http://127.0.0.1:{port}/"}
        server = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(url, html.escape(title, quote=False), BUILD_TIMEOUT, server)
            for edit in range(edits):
                time.sleep(1.0)  # let the watcher settle after the previous build
                title = f"Preview edit {edit} {'dirty' if dirty else 'full'} {time.time_ns()}"
                source.write_text(re.sub(r"^title: .*$", f"title: {title}", original, count=1, flags=re.MULTILINE),
                                  encoding="utf-8")
                seconds.append(wait_for(url, title, BUILD_TIMEOUT, server))
        finally:
            stop_server(server)
            source.write_text(original, encoding="utf-8")
    return seconds


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop `mkdocs serve` as Ctrl-C does, so that its plugins' `on_shutdown` clean up; kill it if it hangs."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@dataclass
class Result:
    """Every figure measured at one size."""

    count: int
    words: float
    check: list[Run]
    build: list[Run]
    baseline: list[Run]
    generation_seconds: float
    site: SiteSize
    baseline_site: SiteSize
    preview: dict[str, list[float]] = field(default_factory=dict)
    generate: list[Run] = field(default_factory=list)
    zensical: list[Run] = field(default_factory=list)
    api_bytes: int = 0

    @property
    def ratio(self) -> float:
        """Median build time over median baseline time."""
        return median_seconds(self.build) / median_seconds(self.baseline)


def measure(count: int, runs: int, edits: int, modes: Sequence[str], workdir: Path) -> Result:
    """Write a handbook of `count` playbooks under `workdir` and measure it."""
    shutil.rmtree(workdir / f"n{count}", ignore_errors=True)
    project = copy_project(workdir / f"n{count}" / "project", count)
    baseline = workdir / f"n{count}" / "baseline"
    generation_seconds = baseline_project(baseline, project)
    words = statistics.mean(word_count(playbook_data(i)) for i in range(count))
    print(f"N={count}: {count} playbooks of {words:.0f} words on average, in {project.parent}", flush=True)

    check = repeat(runs, lambda: run_process([str(BIN / "handbook"), "check"], project))
    print(f"  handbook check   {_fmt_runs(check)}", flush=True)
    site, baseline_site = project.parent / "site", baseline.parent / "baseline-site"
    # `-q` hides the warnings `--strict` counts, so it would pass a broken site: prove both builds
    # clean once without it (which also warms the file cache), then time the quiet builds.
    for folder, out in ((project, site), (baseline, baseline_site)):
        run_process([str(BIN / "mkdocs"), "build", "--strict", "-d", str(out)], folder)
    mkdocs = [str(BIN / "mkdocs"), "build", "--strict", "-q", "-d"]
    build, base = alternate(runs, lambda: run_process([*mkdocs, str(site)], project),
                            lambda: run_process([*mkdocs, str(baseline_site)], baseline))
    print(f"  mkdocs build     {_fmt_runs(build)}", flush=True)
    print(f"  baseline build   {_fmt_runs(base)}", flush=True)
    result = Result(count, words, check, build, base, generation_seconds, site_size(site),
                    site_size(baseline_site))
    result.api_bytes = (site / "api" / "handbook.json").stat().st_size
    if ZENSICAL.exists():
        # The same handbook on Zensical: the generation step, then a cold build (its cache cleaned).
        result.generate = repeat(runs, lambda: run_process([str(BIN / "handbook"), "generate", ".zensical/docs"],
                                                           project))
        print(f"  handbook generate {_fmt_runs(result.generate)}", flush=True)
        result.zensical = repeat(runs, lambda: run_process(
            [str(ZENSICAL), "build", "--strict", "--clean", "--config-file", "mkdocs.zensical.yml"], project))
        print(f"  zensical build   {_fmt_runs(result.zensical)}", flush=True)
    if modes:
        target, title = playbook_id(count // 2), str(playbook_data(count // 2)["title"])
        for mode in modes:
            result.preview[mode] = measure_preview(project, target, title, edits, dirty=mode == "dirty")
            print(f"  serve, {mode:5} edit to page: {', '.join(f'{s:.2f}' for s in result.preview[mode])} s",
                  flush=True)
    return result


def measure_real_preview(workdir: Path, edits: int) -> tuple[int, list[float]]:
    """The real handbook's playbooks and home page in a project of their own: how many playbooks,
    and the seconds from saving the playbook in the middle of the reading order to `make serve`'s
    preview (`--dirty`) serving its page with the new title."""
    project = workdir / "real" / "project"
    shutil.rmtree(project.parent, ignore_errors=True)
    for name in [*site_files(), "playbooks"]:
        copy_path(ROOT / name, project / name)
    playbooks = [(yaml_load(path.read_text(encoding="utf-8")), path.stem)
                 for path in (project / "playbooks").glob("*.yaml")]
    data, target = sorted(playbooks, key=lambda entry: (entry[0]["order"], entry[1]))[len(playbooks) // 2]
    seconds = measure_preview(project, target, str(data["title"]), edits, dirty=True)
    print(f"Real handbook ({len(playbooks)} playbooks), serve --dirty edit to page: "
          f"{', '.join(f'{s:.2f}' for s in seconds)} s", flush=True)
    return len(playbooks), seconds


def _fmt_runs(runs: list[Run]) -> str:
    return f"{', '.join(f'{r.seconds:.2f}' for r in runs)} s; median {median_seconds(runs):.2f} s"


# --- reporting --------------------------------------------------------------------------------


def machine() -> list[str]:
    """Lines describing the machine and the versions the figures were taken with."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
    ram = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        ram = f"{int(found.group(1)) / KB / KB:.1f} GiB" if found else ram
    versions = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in
                         ("mkdocs", "mkdocs-material", "pydantic", "PyYAML"))
    libyaml = "yes" if getattr(yaml, "__with_libyaml__", False) else "no"
    return [f"Machine: {cpu}, {os.cpu_count()} cores, {ram} RAM, {platform.system()} {platform.release()}",
            f"Python {platform.python_version()}; {versions}; libyaml {libyaml}"]


def table(results: list[Result]) -> list[str]:
    """The figures as a Markdown table, one row per size."""
    header = ("N", "words/pb", "check s", "build s", "baseline s", "ratio", "site_sources s", "build ms/pb",
              "peak MB build", "peak MB base", "pages", "median page KB", "largest page KB",
              "site MB", "search index MB", "serve edit s", "serve --dirty edit s", "handbook generate s",
              "zensical build s", "api/handbook.json KB")
    rows = [header, tuple("---:" for _ in header)]
    for r in results:
        rows.append((
            str(r.count), f"{r.words:.0f}", f"{median_seconds(r.check):.2f}", f"{median_seconds(r.build):.2f}",
            f"{median_seconds(r.baseline):.2f}", f"{r.ratio:.2f}", f"{r.generation_seconds:.2f}",
            f"{median_seconds(r.build) / r.count * 1000:.1f}", f"{peak_rss_mb(r.build):.0f}",
            f"{peak_rss_mb(r.baseline):.0f}", str(r.site.pages), f"{r.site.median_page / KB:.1f}",
            f"{r.site.largest_page / KB:.1f} ({r.site.largest_path})", f"{r.site.total / KB / KB:.1f}",
            f"{r.site.search_index / KB / KB:.2f}", _preview(r, "full"), _preview(r, "dirty"),
            f"{median_seconds(r.generate):.2f}" if r.generate else "-",
            f"{median_seconds(r.zensical):.2f}" if r.zensical else "-", f"{r.api_bytes / KB:.0f}",
        ))
    return ["| " + " | ".join(row) + " |" for row in rows]


def _preview(result: Result, mode: str) -> str:
    times = result.preview.get(mode)
    return f"{statistics.median(times):.2f}" if times else "-"


# The targets of issue 25 item 4, by number of playbooks: a cold `handbook check`, and a save shown by
# `make serve` (the median edit); and, at the largest size, the build and its memory against the
# plain-MkDocs baseline and the cost per playbook against N=100.
CHECK_TARGET = {100: 1.0, 1000: 2.5}
SAVE_TARGET = {100: 2.0, 1000: 10.0}
REAL_SAVE_TARGET = 1.0
BUILD_RATIO_TARGET = 1.10
MEMORY_RATIO_TARGET = 1.2
LINEAR_FACTOR = 1.2  # the cost per playbook at the largest size, at most this times that at N=100


def spread(values: Sequence[float]) -> str:
    """Minimum, median and maximum, as `median s (min to max)`."""
    return f"{statistics.median(values):.2f} s ({min(values):.2f} to {max(values):.2f})"


def targets(results: list[Result]) -> list[str]:
    """Whether each target holds, each with the figures it rests on."""
    by_count = {r.count: r for r in results}
    lines = ["Targets (issue 25 item 4; medians, min to max in brackets):"]
    for count, limit in CHECK_TARGET.items():
        if count in by_count:
            check = [r.seconds for r in by_count[count].check]
            lines.append(f"- N={count}: cold handbook check <= {limit:g} s: {spread(check)}, "
                         f"{_met(statistics.median(check) <= limit)}")
    for count, limit in SAVE_TARGET.items():
        saves = by_count[count].preview.get("dirty") if count in by_count else None
        if saves:
            lines.append(f"- N={count}: a save shows in the preview <= {limit:g} s: {spread(saves)}, "
                         f"{_met(statistics.median(saves) <= limit)}")
    top = results[-1]
    lines.append(f"- N={top.count}: build <= {BUILD_RATIO_TARGET:.2f} x baseline: {median_seconds(top.build):.1f} s "
                 f"against {median_seconds(top.baseline):.1f} s, ratio {top.ratio:.2f}, "
                 f"{_met(top.ratio <= BUILD_RATIO_TARGET)}")
    memory = peak_rss_mb(top.build) / peak_rss_mb(top.baseline)
    lines.append(f"- N={top.count}: peak memory <= {MEMORY_RATIO_TARGET:g} x baseline's: {peak_rss_mb(top.build):.0f} "
                 f"MB against {peak_rss_mb(top.baseline):.0f} MB, x{memory:.2f}, {_met(memory <= MEMORY_RATIO_TARGET)}")
    if 100 in by_count and top.count != 100:
        small = by_count[100]
        for name, cost in (("build", lambda r: median_seconds(r.build)), ("check", lambda r: median_seconds(r.check)),
                           ("site_sources", lambda r: r.generation_seconds)):
            per_small, per_top = cost(small) / 100 * 1000, cost(top) / top.count * 1000
            lines.append(f"- {name} linear from N=100 to N={top.count}: {per_small:.1f} ms per playbook at 100, "
                         f"{per_top:.1f} ms at {top.count} (x{per_top / per_small:.2f}; "
                         f"linear if <= {LINEAR_FACTOR:g}), {_met(per_top <= LINEAR_FACTOR * per_small)}")
    if 10 in by_count and top.count != 10:
        small_site = by_count[10].site
        same = small_site.page_sizes.get(top.site.largest_path, small_site.largest_page)
        lines.append(f"- (for the record) largest page at N={top.count}: {top.site.largest_path}, "
                     f"{top.site.largest_page / KB:.1f} KB, x{top.site.largest_page / same:.2f} its size at N=10")
    return lines


def real_target(real: tuple[int, list[float]] | None) -> list[str]:
    """Whether a save of the real handbook shows in the preview soon enough, by the median edit."""
    if real is None:
        return []
    count, seconds = real
    return [f"- the real handbook ({count} playbooks): a save shows in the preview <= {REAL_SAVE_TARGET:g} s: "
            f"{spread(seconds)}, {_met(statistics.median(seconds) <= REAL_SAVE_TARGET)}"]


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def summary(result: Result) -> str:
    """The one-line summary, printed last."""
    return (f"N={result.count}: check {median_seconds(result.check):.2f} s, "
            f"build {median_seconds(result.build):.1f} s, baseline {median_seconds(result.baseline):.1f} s, "
            f"ratio {result.ratio:.2f}, "
            f"largest page {result.site.largest_page / KB:.0f} KB")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line, checked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated playbook counts (default 10,100,1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement; the median is kept")
    parser.add_argument("--edits", type=int, default=6, help="playbook edits timed under mkdocs serve")
    parser.add_argument("--preview-sizes", default="100,1000",
                        help="sizes at which to time the mkdocs serve preview ('' for none, and not the real one)")
    parser.add_argument("--full-preview", action="store_true",
                        help="time `mkdocs serve` without --dirty too (a full rebuild a save: minutes at N=1000)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="build the projects here and keep them (default: a temporary folder)")
    args = parser.parse_args(argv)
    args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    args.preview_sizes = {int(s) for s in args.preview_sizes.split(",") if s.strip()}
    if not args.sizes or min(args.sizes) < SHARED_HOSTS:
        parser.error(f"every size must be at least {SHARED_HOSTS}, the playbooks that define the shared items")
    if args.runs < 1 or args.edits < 1:
        parser.error("--runs and --edits must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Measure every size, then print the machine, the table, the targets and the summary line."""
    args = parse_args(argv)
    for tool in ("handbook", "mkdocs"):
        if not (BIN / tool).exists():
            raise SystemExit(f"build_scale: no {BIN / tool}; run it with the project's .venv/bin/python")
    modes = ("full", "dirty") if args.full_preview else ("dirty",)
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as temp:
        workdir = args.workdir or Path(temp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = [measure(n, args.runs, args.edits, modes if n in args.preview_sizes else (), workdir)
                   for n in args.sizes]
        real = measure_real_preview(workdir, max(args.edits, 6)) if args.preview_sizes else None
    print()
    print("\n".join(machine()))
    print()
    print("\n".join(table(results)))
    print()
    print("\n".join(targets(results)))
    print("\n".join(real_target(real)))
    print(summary(results[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
