"""The `handbook` command: check, new, schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loader import load_handbook
from .models import ID_HELP, ID_RE
from .problems import HandbookError, count_line
from .schema import json_schema_text, scaffold

PLAYBOOKS = Path("playbooks")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 clean, 1 problems, 2 usage)."""
    try:
        return _run(argv)
    except (KeyboardInterrupt, BrokenPipeError):
        return 1
    except Exception as exc:
        print(f"handbook: internal error: {type(exc).__name__}: {exc}; please report it with the "
              "playbook that caused it", file=sys.stderr)
        return 1


def _run(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(
        prog="handbook",
        description="Check and scaffold the Influence Handbook's playbooks. Run it in the project root.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check", help="check every playbook under playbooks/ and report every problem",
        description="Check every playbook under playbooks/. Prints each problem as "
                    "path:line:col: error: message, then the count. Exit 1 on any error.")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="'github' prints GitHub Actions annotations for pull requests")
    new = commands.add_parser(
        "new", help="write playbooks/<id>.yaml, ready to fill in",
        description="Write playbooks/<id>.yaml: a playbook that passes 'handbook check' as "
                    "written, each field explained in a comment.")
    new.add_argument("id", help=f"the playbook's id and file name: {ID_HELP}")
    new.add_argument("--title", required=True, help="the playbook's title")
    commands.add_parser(
        "schema", help="print the playbook JSON Schema (draft 7) for editors",
        description="Print the JSON Schema (draft 7) that yaml-language-server reads.")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args.format)
    if args.command == "new":
        return run_new(args.id, args.title, parser)
    sys.stdout.write(json_schema_text())
    return 0


def run_check(output_format: str) -> int:
    """Check every playbook; print the problems and their count."""
    if not PLAYBOOKS.is_dir():
        print(f"handbook: error: no '{PLAYBOOKS}/' folder here; run it in the project root",
              file=sys.stderr)
        return 2
    try:
        handbook = load_handbook(PLAYBOOKS, use_cache=True)
    except HandbookError as exc:
        for problem in exc.problems:
            print(problem.github() if output_format == "github" else problem)
        print(count_line(len(exc.problems)))
        return 1
    print(f"{len(handbook.playbooks)} playbooks, {len(handbook.items)} items: no errors")
    return 0


def run_new(playbook_id: str, title: str, parser: argparse.ArgumentParser) -> int:
    """Write a new playbook file, refusing bad ids and existing files."""
    if not ID_RE.match(playbook_id) or len(playbook_id) > 64:
        parser.error(f"'{playbook_id}' is not a valid id; use {ID_HELP}")
    if not title.strip() or "\n" in title:
        parser.error("--title must be one non-empty line")
    target = PLAYBOOKS / f"{playbook_id}.yaml"
    if target.exists():
        print(f"handbook: error: {target} exists already; choose another id", file=sys.stderr)
        return 1
    PLAYBOOKS.mkdir(exist_ok=True)
    target.write_text(scaffold(playbook_id, title.strip()), encoding="utf-8")
    print(f"wrote {target}: fill in the TODOs, then run 'handbook check'")
    return 0
