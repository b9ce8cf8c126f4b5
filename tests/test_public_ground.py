"""The handbook stands on the public ground of the packages it uses: no code of ours reads, writes,
wraps or replaces a private attribute or method of MkDocs, Material, mkdocs-macros, Jinja, watchdog
or PyYAML, and no method of theirs is replaced on an object or class of theirs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "macros" / "handbook"
OTHERS = ("mkdocs", "material", "mkdocs_macros", "jinja2", "watchdog", "yaml", "markdown")
SOURCES = sorted(PACKAGE.rglob("*.py"))
# Names that start with '_' and are public all the same: the standard library documents `os._exit`
# (an exit without cleanup), which the `handbook` command ends with.
DOCUMENTED = {("os", "_exit")}


def private_reaches(tree: ast.AST) -> list[str]:
    """Each place in `tree` that names a private attribute of something other than self or cls, or
    imports a private name of another package."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            base = node.value
            ours = isinstance(base, ast.Name) and base.id in ("self", "cls")
            documented = isinstance(base, ast.Name) and (base.id, node.attr) in DOCUMENTED
            if not (ours or documented):
                found.append(f"line {node.lineno}: .{node.attr}")
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in OTHERS:
            found += [f"line {node.lineno}: imports {alias.name}" for alias in node.names
                      if alias.name.startswith("_")]
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "getattr")
                and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)):
            name = str(node.args[1].value)
            if name.startswith("_") and not name.startswith("__"):
                found.append(f"line {node.lineno}: {node.func.id}(..., {name!r})")
    return found


def replaced_methods(tree: ast.AST) -> list[str]:
    """Each assignment to an attribute of an object that is not ours (not self), whose value is a
    function: the way a method of another package gets replaced."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Lambda, ast.Call)):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and not (
                        isinstance(target.value, ast.Name) and target.value.id == "self"):
                    value = node.value
                    wrapped = (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                               and value.func.id == "partial")
                    if isinstance(value, ast.Lambda) or wrapped:
                        found.append(f"line {node.lineno}: .{target.attr} = a function")
    return found


@pytest.mark.parametrize("source", SOURCES, ids=[p.name for p in SOURCES])
def test_no_module_reaches_into_another_package(source: Path) -> None:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    assert private_reaches(tree) + replaced_methods(tree) == []


@pytest.mark.parametrize("code", [
    "server.observer._timeout = 0.1",
    "from mkdocs.structure.pages import Page\nPage._set_canonical_url = wrap(Page._set_canonical_url)",
    "previous = getattr(search, '_prev', None)",
    "from yaml.resolver import _private",
    "page.render = partial(render_in_pieces, page)",
    "file.is_modified = lambda: False",
    "from mkdocs import utils\nutils._exit()",
    "import yaml\nyaml.os._exit",
])
def test_the_check_finds_each_way_of_reaching_in(code: str) -> None:
    tree = ast.parse(code)
    assert private_reaches(tree) + replaced_methods(tree) != []


def test_the_check_reads_every_module() -> None:
    assert PACKAGE / "engines" / "mkdocs_plugin.py" in SOURCES and len(SOURCES) > 10
