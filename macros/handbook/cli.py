"""The `handbook` command: check, new, ids, schema, generate."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import NoReturn

from handbook.problems import HandbookError, count_line, visible
from handbook.schema.ids import ID_HELP, ID_RE
from handbook.source.characters import refused_character
from handbook.source.files import ignored_files
from handbook.source.yamlsource import read_document
from handbook.writing import replace_file

# The checker (pydantic and the models) is imported by the commands that use it.

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


def run() -> NoReturn:
    """The `handbook` command: `main` without Python's cyclic garbage collector, then an exit that
    leaves what it loaded as it is.

    Each command reads the playbooks once and ends, so the collector would only walk, again and
    again, objects still in use (`load_handbook` holds it back while loading, and letting it run
    again cost one more walk of everything loaded, 0.2 s at 1,000 playbooks); `handbook generate`
    holds 4% more memory without it. A normal exit frees every object one by one: about half a
    second after a check of 1,000 playbooks has printed its answer. Nothing is left to do by then
    but flush what was printed; every file the commands write is closed when written."""
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that stopped reading (`handbook check | head -1`)
        code = 1
    os._exit(code)


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
        description="Write playbooks/<id>.yaml with what a first playbook needs, each field explained "
                    "in a comment; 'handbook check' reports each TODO and placeholder id until it is replaced.")
    new.add_argument("id", help=f"the playbook's id and file name: {ID_HELP}")
    new.add_argument("--title", required=True, help="the playbook's title")
    from handbook.schema.jsonschema import OPTIONAL_PARTS

    new.add_argument("--with", dest="parts", action="append", default=[], choices=OPTIONAL_PARTS,
                     metavar="PART", help="add an optional part to fill in, e.g. experiment or faq; "
                                          f"may be given again (one of: {', '.join(OPTIONAL_PARTS)})")
    ids = commands.add_parser(
        "ids", help="list every item you can reuse by id, by kind, with its title and one line",
        description="List every shared item the playbooks define (situations, motivators, patterns, ...), "
                    "by kind: its id, its title and one line. Use one in your playbook by writing its id "
                    "in the list of its kind. Files with errors are left out.")
    ids.add_argument("word", nargs="?", help="show only the items whose id, title or line holds this word")
    schema = commands.add_parser(
        "schema", help="print the playbook JSON Schema (draft 7) for editors",
        description="Print the JSON Schema (draft 7) that yaml-language-server reads.")
    schema.add_argument("--export", action="store_true",
                        help="print instead the JSON Schema of /api/handbook.json, the handbook as data")
    generate = commands.add_parser(
        "generate", help="write docs/ and every generated page into DIR, for any Markdown engine",
        description="Check the playbooks, then write docs/ (macros rendered), every generated page "
                    "and /api/handbook.json into DIR, which is replaced. Zensical builds from it.")
    generate.add_argument("dir", type=Path, help="the folder to write (replaced)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args.format)
    if args.command == "new":
        return run_new(args.id, args.title, tuple(args.parts))
    if args.command == "generate":
        return run_generate(args.dir)
    if args.command == "ids":
        return run_ids(args.word)
    from handbook.pages.export import export_schema_text  # imported when used: see run_generate
    from handbook.schema.jsonschema import json_schema_text

    sys.stdout.write(export_schema_text() if args.export else json_schema_text())
    return 0


def run_generate(out: Path) -> int:
    """Check the playbooks, then write the sources of the whole site into `out`."""
    if not _playbooks_here():
        return 2
    from handbook.ownfolder import FolderError, checked_target
    from handbook.settings import SettingsError, read_settings

    try:
        target = checked_target(out, Path.cwd())
        settings = read_settings(Path("mkdocs.yml"))
    except (FolderError, SettingsError, OSError) as exc:
        print(f"handbook: error: {visible(str(exc))}", file=sys.stderr)
        return 2
    from handbook.check.loader import load_handbook

    try:
        handbook = load_handbook(PLAYBOOKS)
    except HandbookError as exc:
        return _report(exc, "text")
    # Imported here: the page generator and the export take a quarter of a second to import,
    # which `handbook check`, run on every save and in every pull request, never needs.
    from handbook.generate import site_sources, write_sources

    try:
        count = write_sources(Path.cwd(), site_sources(Path.cwd(), handbook, settings), target)
    except (ValueError, OSError) as exc:
        print(f"handbook: error: {visible(str(exc))}", file=sys.stderr)
        return 1
    print(f"wrote docs/ and {count} generated files into {visible(str(out))}")
    return 0


def run_check(output_format: str) -> int:
    """Check every playbook; print the problems and their count."""
    if not _playbooks_here():
        return 2
    for skipped in ignored_files(PLAYBOOKS):
        print(f"{visible(skipped.as_posix())}: note: not checked: hidden files and editor backups "
              "(names starting with '.' or ending in '~') are skipped", file=sys.stderr)
    from handbook.check.loader import load_handbook

    try:
        handbook = load_handbook(PLAYBOOKS)
    except HandbookError as exc:
        return _report(exc, output_format)
    print(f"{len(handbook.playbooks)} playbooks, {len(handbook.items)} items: no errors")
    return 0


def run_ids(word: str | None) -> int:
    """Print every reusable item, by kind (only those matching `word`, if given)."""
    if not _playbooks_here():
        return 2
    from handbook.check.loader import reusable_items
    from handbook.check.reusable import listing, reusable_groups

    lines = listing(reusable_groups(*reusable_items(PLAYBOOKS)), word)
    if not lines:
        print(f"no item's id, title or line holds {_quoted(word or '')}; try another word, or none")
        return 1
    print("\n".join(lines))
    return 0


def _playbooks_here() -> bool:
    """Whether this is the project root; if not, says so."""
    if not PLAYBOOKS.is_dir():
        print(f"handbook: error: no '{PLAYBOOKS}/' folder here; run it in the project root", file=sys.stderr)
    return PLAYBOOKS.is_dir()


def _report(exc: HandbookError, output_format: str) -> int:
    """Every problem, one a line (or as GitHub annotations), then their count; the exit status."""
    for problem in exc.problems:
        print(problem.github() if output_format == "github" else problem)
    print(count_line(len(exc.problems)))
    return 1


def run_new(playbook_id: str, title: str, parts: tuple[str, ...] = ()) -> int:
    """Write a new playbook file, refusing bad ids, bad titles and existing files; write nothing on error."""
    from handbook.schema.jsonschema import scaffold

    if not ID_RE.match(playbook_id) or len(playbook_id) > 64:
        print(f"handbook: error: {_quoted(playbook_id)} is not a valid id; use {ID_HELP}", file=sys.stderr)
        return 2
    problem = _title_problem(title)
    if problem:
        print(f"handbook: error: --title: {problem}; nothing written", file=sys.stderr)
        return 2
    target = PLAYBOOKS / f"{playbook_id}.yaml"
    if target.exists() or target.is_symlink():
        print(f"handbook: error: {target} exists already; choose another id", file=sys.stderr)
        return 1
    text = scaffold(playbook_id, title.strip(), tuple(dict.fromkeys(parts)))
    _, found = read_document(str(target), text.encode("utf-8"))
    if found:  # the title passed every rule above, so this is the scaffold's own fault
        raise RuntimeError(f"the scaffold does not parse: {found[0]}")
    PLAYBOOKS.mkdir(exist_ok=True)
    replace_file(target, text.encode("utf-8"))
    print(f"wrote {target}: replace each TODO and each 'todo-' id, then run 'handbook check'")
    return 0


def _title_problem(title: str) -> str | None:
    """Why `title` cannot be a playbook's title, or None."""
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        # Bytes that are not UTF-8 reach argv as lone surrogates.
        return "the title is not valid UTF-8 text; type it again in a UTF-8 terminal"
    if not title.strip():
        return "the title must not be empty"
    refused = refused_character(title)
    if refused:
        return refused[1]
    if "\n" in title or "\t" in title:
        return "the title must be one line of text"
    if len(title.strip()) > 300:
        return f"the title is too long: {len(title.strip())} characters; at most 300"
    return None


def _quoted(value: str) -> str:
    return "'" + visible(value.encode("utf-8", "backslashreplace").decode("utf-8")) + "'"
